// The app generates through the engine's Generator, the loop glassbox-cli generate runs: on the real
// aidreams260K model (../shared/fixtures/aidreams260K) the same prompt, settings and seed give the
// same tokens, sampled and greedy, whether the window steps, streams, branches and comes back, or
// the glassbox binary runs --generate N --export. Also: --export writes a JSON beside every PNG, and
// the sampling flags are checked by glassbox-cli's own parser (bad values exit with status 2).
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include "engine_controller.h"
#include "generation_controller.h"
#include "models/tiny_model.h"
#include "next_token_view.h"
#include "sampling_controls.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

const QString kAidreams = QStringLiteral(GLASSBOX_SHARED_DIR "/fixtures/aidreams260K/aidreams260K.bin");
const QString kApp = QStringLiteral(GLASSBOX_BINARY_DIR "/bin/glassbox");
const QString kCli = QStringLiteral(GLASSBOX_BINARY_DIR "/bin/glassbox-cli");
const QString kPrompt = QStringLiteral("I was flying");

// The flags of one setting, for both programs.
struct Setting {
  const char* name;
  QStringList flags;
};
void PrintTo(const Setting& s, std::ostream* os) { *os << s.name; }
const Setting kSampled{"sampled", {"--temperature", "1", "--top-k", "40", "--top-p", "0.9", "--min-p", "0", "--seed", "42"}};
const Setting kGreedy{"greedy", {"--temperature", "0", "--top-k", "0", "--top-p", "1", "--min-p", "0", "--seed", "5"}};

struct ProcessRun {
  int exitCode = -1;
  QByteArray out, err;
};

ProcessRun runProcess(const QString& exe, const QStringList& args, const QString& configDir) {
  QProcess p;
  auto env = QProcessEnvironment::systemEnvironment();
  env.insert("QT_QPA_PLATFORM", "offscreen");
  env.insert("XDG_CONFIG_HOME", configDir);
  p.setProcessEnvironment(env);
  p.start(exe, args);
  ProcessRun r;
  if (!p.waitForFinished(180000)) return r;
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

std::vector<int> ids(const QJsonArray& a, const char* field) {
  std::vector<int> out;
  for (const auto& v : a) out.push_back(field ? v.toObject().value(QLatin1String(field)).toInt(-1) : v.toInt(-1));
  return out;
}

// glassbox-cli generate --json: the prompt's ids and steps[].token.
std::pair<std::vector<int>, std::vector<int>> cliTokens(const Setting& s, int n, const QString& configDir) {
  const ProcessRun r = runProcess(kCli, QStringList{"generate", "--model", kAidreams, "--prompt", kPrompt, "--max-new-tokens",
                                             QString::number(n), "--json"} + s.flags, configDir);
  EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
  const QJsonObject o = QJsonDocument::fromJson(r.out).object();
  return {ids(o.value("prompt_tokens").toArray(), nullptr), ids(o.value("steps").toArray(), "token")};
}

SamplingSettings settingsOf(const Setting& s, SamplingSettings base) {
  base.params.temperature = s.flags[1].toFloat();
  base.params.topK = s.flags[3].toInt();
  base.params.topP = s.flags[5].toFloat();
  base.params.minP = s.flags[7].toFloat();
  base.params.seed = s.flags[9].toULongLong();
  base.params.repeatPenalty = 1.0f;
  base.sample = base.params.temperature > 0;
  if (!base.sample) base.params.temperature = 1.0f;  // sampling off is greedy whatever the slider says
  return base;
}

std::vector<int> shownTokens(const MainWindow& w) {
  std::vector<int> out;
  for (const auto& s : w.generation()->state().steps) out.push_back(s.token);
  return out;
}

bool idle(const MainWindow& w) { return !w.generation()->isGenerating() && !w.generation()->isBusy(); }

class GenerationAgreement : public ::testing::TestWithParam<Setting> {
 protected:
  void SetUp() override {
    if (!QFileInfo::exists(kAidreams)) GTEST_SKIP() << "the aidreams260K fixture is absent: " << kAidreams.toStdString();
    if (!QFileInfo::exists(kCli)) GTEST_SKIP() << "glassbox-cli is not built: " << kCli.toStdString();
  }
  QTemporaryDir dir_;
};

// In the window: Generate (streamed), then Step by Step, then a branch and back, all equal the CLI.
TEST_P(GenerationAgreement, WindowStepsStreamsAndBranchesLikeTheCli) {
  const Setting& setting = GetParam();
  const auto [cliPrompt, cli] = cliTokens(setting, 20, dir_.path());
  const auto [cliPrompt25, cli25] = cliTokens(setting, 25, dir_.path());
  ASSERT_FALSE(cli.empty());

  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, kAidreams, kPrompt));
  w->nextTokenView()->controls()->setSettings(settingsOf(setting, w->nextTokenView()->controls()->settings()));
  EXPECT_EQ(w->generation()->state().prompt, cliPrompt) << "the prompt as the CLI encodes it";

  w->generation()->generate(20);
  ASSERT_TRUE(testing::waitFor([&] { return idle(*w); }, 60000));
  EXPECT_EQ(shownTokens(*w), cli) << setting.name << ": Generate";

  w->generation()->reset();
  for (std::size_t i = 0; i < cli.size(); ++i) {
    w->generation()->step();
    ASSERT_TRUE(testing::waitFor([&] { return idle(*w) && w->generation()->state().steps.size() == i + 1; }, 20000)) << i;
  }
  EXPECT_EQ(shownTokens(*w), cli) << setting.name << ": Step";

  // A token chosen by hand at step 3, then back to the drawn branch and 5 more steps: the draws
  // depend only on the seed and the position, and the cache follows the switched sequence.
  const int other = cli[3] == 100 ? 101 : 100;
  w->generation()->branch(3, other);
  ASSERT_TRUE(testing::waitFor([&] { return idle(*w); }));
  ASSERT_EQ(w->generation()->state().steps.size(), 4u);
  EXPECT_EQ(w->generation()->state().steps[3].token, other);
  EXPECT_TRUE(w->generation()->state().steps[3].chosenByHand);
  w->generation()->step();
  ASSERT_TRUE(testing::waitFor([&] { return idle(*w) && w->generation()->state().steps.size() == 5; }));
  w->generation()->switchToBranch(0);
  ASSERT_TRUE(testing::waitFor([&] { return idle(*w); }));
  EXPECT_EQ(shownTokens(*w), cli);
  if (cli.size() == 20u) {
    w->generation()->generate(5);
    ASSERT_TRUE(testing::waitFor([&] { return idle(*w); }, 60000));
    EXPECT_EQ(shownTokens(*w), cli25) << setting.name << ": after a branch and back";
  }
}

// The glassbox binary with the CLI's flags, --generate 20 --export: generation.json's steps[].token.
TEST_P(GenerationAgreement, GenerateFlagThenExportWritesTheCliTokens) {
  if (!QFileInfo::exists(kApp)) GTEST_SKIP() << "glassbox is not built: " << kApp.toStdString();
  const Setting& setting = GetParam();
  const auto [cliPrompt, cli] = cliTokens(setting, 20, dir_.path());
  const QString out = dir_.filePath("views");
  const ProcessRun r = runProcess(kApp, QStringList{"--model", kAidreams, "--prompt", kPrompt, "--generate", "20", "--export", out,
                                             "--window-size", "1280x800"} + setting.flags, dir_.filePath("config"));
  ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
  QFile f(QDir(out).filePath("generation.json"));
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  EXPECT_EQ(ids(o.value("prompt_tokens").toArray(), nullptr), cliPrompt);
  const QJsonArray steps = o.value("steps").toArray();
  EXPECT_EQ(ids(steps, "token"), cli) << setting.name;
  ASSERT_FALSE(steps.isEmpty());
  EXPECT_TRUE(steps[0].toObject().value("piece").isString());
  EXPECT_GT(steps[0].toObject().value("probability").toDouble(), 0.0);
}

INSTANTIATE_TEST_SUITE_P(Settings, GenerationAgreement, ::testing::Values(kSampled, kGreedy),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ExportJson, EveryPngHasItsJsonBeside) {
  if (!QFileInfo::exists(kApp)) GTEST_SKIP() << "glassbox is not built: " << kApp.toStdString();
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "json-export");
  QTemporaryDir dir;
  const QString out = dir.filePath("views");
  const ProcessRun r = runProcess(kApp, {"--model", QString::fromStdString(model.string()), "--prompt", "the theme then", "--generate", "3",
                                  "--export", out}, dir.filePath("config"));
  ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
  const QStringList pngs = QDir(out).entryList({"*.png"});
  EXPECT_GE(pngs.size(), 8);
  for (const QString& png : pngs) {
    if (png == QLatin1String("lesson-window.png")) continue;
    const QString json = QDir(out).filePath(QFileInfo(png).completeBaseName() + ".json");
    QFile f(json);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << json.toStdString();
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &e);
    EXPECT_EQ(e.error, QJsonParseError::NoError) << json.toStdString();
    EXPECT_FALSE(doc.isNull()) << json.toStdString();
  }
  QFile g(QDir(out).filePath("generation.json"));
  ASSERT_TRUE(g.open(QIODevice::ReadOnly));
  EXPECT_EQ(QJsonDocument::fromJson(g.readAll()).object().value("steps").toArray().size(), 3) << "--generate 3";
}

// Bad sampling values stop the app before a window opens, with the CLI's message and status 2.
TEST(GuiSamplingFlags, BadValuesExitWithStatusTwo) {
  if (!QFileInfo::exists(kApp)) GTEST_SKIP() << "glassbox is not built: " << kApp.toStdString();
  QTemporaryDir dir;
  const std::vector<std::pair<QStringList, const char*>> cases{
      {{"--temperature", "warm"}, "--temperature"},  {{"--top-k", "-3"}, "--top-k"},
      {{"--top-p", "1.5"}, "top"},                    {{"--seed", "x"}, "--seed"},
      {{"--max-new-tokens", "0"}, "--max-new-tokens"}, {{"--generate", "-1"}, "--generate"},
      {{"--sampler-order", "top-k,bogus"}, "bogus"},
  };
  for (const auto& [args, word] : cases) {
    const ProcessRun r = runProcess(kApp, args, dir.path());
    EXPECT_EQ(r.exitCode, 2) << args.join(' ').toStdString();
    EXPECT_NE(r.err.indexOf(word), -1) << args.join(' ').toStdString() << ": " << r.err.toStdString();
  }
}

}  // namespace
}  // namespace glassbox
