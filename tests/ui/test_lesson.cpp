// The lesson: both built-in lessons load and match step for step, a bad lesson file is refused with
// a message naming the step and field, every step applies its state to the real window, ending the
// lesson brings back the session from before it, and --lesson N --lang ko --export writes pictures.
#include <QDockWidget>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include "engine_controller.h"
#include "generation_controller.h"
#include "lesson.h"
#include "lesson_dock.h"
#include "models/tiny_model.h"
#include "next_token_view.h"
#include "prompt_editor.h"
#include "sampling_controls.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

QString qs(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

std::string refusal(const char* json) {
  try {
    lessonFromJson(QByteArray(json), "my.json");
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

TEST(LessonFile, BuiltInLessonsMatchStepForStep) {
  const Lesson en = builtInLesson("en"), ko = builtInLesson("ko");
  ASSERT_EQ(en.steps.size(), 16u);
  ASSERT_EQ(ko.steps.size(), en.steps.size());
  for (std::size_t i = 0; i < en.steps.size(); ++i) {
    EXPECT_NE(ko.steps[i].title, en.steps[i].title) << i;
    EXPECT_NE(ko.steps[i].text, en.steps[i].text) << i;
    EXPECT_FALSE(ko.steps[i].tryThis.isEmpty()) << i;
    EXPECT_EQ(ko.steps[i].prompt, en.steps[i].prompt) << i;
    EXPECT_EQ(ko.steps[i].view, en.steps[i].view) << i;
    EXPECT_EQ(ko.steps[i].temperature, en.steps[i].temperature) << i;
  }
  EXPECT_EQ(builtInLesson("de").title, en.title) << "English for a language without a lesson";
}

TEST(LessonFile, BadLessonsAreRefusedWithTheStepAndField) {
  EXPECT_NE(refusal("{").find("my.json: not valid JSON"), std::string::npos);
  EXPECT_NE(refusal("[]").find("JSON object"), std::string::npos);
  EXPECT_NE(refusal(R"({"title": "t", "steps": []})").find("\"steps\" must be a non-empty array"), std::string::npos);
  EXPECT_NE(refusal(R"({"title": "t", "steps": [{"title": "a"}]})").find("step 1: \"text\""), std::string::npos);
  EXPECT_NE(refusal(R"({"title": "t", "steps": [{"title": "a", "text": "b", "sampling": {"temperature": 99}}]})")
                .find("step 1 sampling: \"temperature\" must be a number from 0 to 10"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"title": "t", "steps": [{"title": "a", "text": "b", "sampling": {"sample": 1}}]})").find("\"sample\""),
            std::string::npos);
  EXPECT_TRUE(refusal(R"({"title": "t", "steps": [{"title": "a", "text": "b"}]})").empty());
}

TEST(LessonWindow, EveryStepAppliesItsStateAndTheEndRestoresTheSession) {
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "m");
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, qs(model), "the theme"));
  SamplingSettings mine = w->nextTokenView()->controls()->settings();
  mine.params.temperature = 0.8f;
  mine.params.topK = 7;
  mine.sample = true;
  w->nextTokenView()->controls()->setSettings(mine);
  const SessionData before = w->currentSession();

  const Lesson lesson = builtInLesson("en");
  w->openLesson(lesson);
  ASSERT_TRUE(w->lessonActive());
  QString prompt = before.prompt;
  for (int i = 0; i < static_cast<int>(lesson.steps.size()); ++i) {
    const LessonStep& st = lesson.steps[static_cast<std::size_t>(i)];
    w->goToLessonStep(i);
    EXPECT_EQ(w->lessonStep(), i);
    EXPECT_EQ(w->lessonView()->current(), i);
    EXPECT_TRUE(w->lessonView()->shownText().contains(st.title)) << i;
    if (st.prompt) prompt = *st.prompt;
    ASSERT_TRUE(testing::waitFor([&] {
      const auto a = w->engine()->analysis();
      return a && a->text == prompt.toStdString() && !w->engine()->isAnalysing();
    })) << "step " << i + 1;
    const SessionData now = w->currentSession();
    EXPECT_EQ(w->editor()->prompt(), prompt) << i;
    if (st.temperature) EXPECT_FLOAT_EQ(now.sampling.params.temperature, *st.temperature) << i;
    if (st.topK) EXPECT_EQ(now.sampling.params.topK, *st.topK) << i;
    if (st.topP) EXPECT_FLOAT_EQ(now.sampling.params.topP, *st.topP) << i;
    if (st.sample) EXPECT_EQ(now.sampling.sample, *st.sample) << i;
    if (st.maxNewTokens) EXPECT_EQ(now.maxNewTokens, *st.maxNewTokens) << i;
    if (st.position) EXPECT_EQ(now.selectedPosition, *st.position) << i;
    if (st.attentionLayer) EXPECT_EQ(now.view.attentionLayer, *st.attentionLayer) << i;
    if (st.attentionHead) EXPECT_EQ(now.view.attentionHead, *st.attentionHead) << i;
    if (!st.attentionAggregate.isEmpty()) EXPECT_EQ(now.view.attentionAggregate, st.attentionAggregate) << i;
    if (st.embeddingsMode) EXPECT_EQ(now.view.embeddingsMode, *st.embeddingsMode) << i;
    if (!st.view.isEmpty()) {
      QDockWidget* d = w->dock(st.view);
      ASSERT_NE(d, nullptr) << st.view.toStdString();
      EXPECT_TRUE(d->isVisible()) << i;
      EXPECT_TRUE(now.view.frontDocks.contains(st.view)) << i << " " << now.view.frontDocks.join(',').toStdString();
    }
  }
  w->endLesson();
  EXPECT_FALSE(w->lessonActive());
  ASSERT_TRUE(testing::waitFor([&] {
    const auto a = w->engine()->analysis();
    return a && a->text == "the theme" && !w->engine()->isAnalysing();
  }));
  const SessionData after = w->currentSession();
  EXPECT_EQ(after.prompt, before.prompt);
  EXPECT_FLOAT_EQ(after.sampling.params.temperature, 0.8f);
  EXPECT_EQ(after.sampling.params.topK, 7);
  EXPECT_TRUE(after.sampling.sample);
  EXPECT_EQ(after.maxNewTokens, before.maxNewTokens);
}

TEST(LessonExport, EveryKoreanStepWritesPictures) {
  const QString exe = QStringLiteral(GLASSBOX_BINARY_DIR "/bin/glassbox");
  if (!QFileInfo::exists(exe)) GTEST_SKIP() << "the glassbox executable is not built: " << exe.toStdString();
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "m");
  QTemporaryDir out;
  auto env = QProcessEnvironment::systemEnvironment();
  env.insert("QT_QPA_PLATFORM", "offscreen");
  env.insert("XDG_CONFIG_HOME", out.filePath("config"));
  {
    QProcess list;
    list.setProcessEnvironment(env);
    list.start(exe, {"--list-lessons", "--lang", "ko"});
    ASSERT_TRUE(list.waitForFinished(60000));
    const QStringList lines = QString::fromUtf8(list.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 16);
    EXPECT_TRUE(lines[0].startsWith(QStringLiteral("1. 베이스 모델"))) << lines[0].toStdString();
  }
  const int steps = static_cast<int>(builtInLesson("ko").steps.size());
  for (int n = 1; n <= steps; ++n) {
    const QString dir = out.filePath(QStringLiteral("step%1").arg(n));
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(exe, {"--model", qs(model), "--lesson", QString::number(n), "--lang", "ko", "--window-size", "1280x800",
                  "--export", dir});
    ASSERT_TRUE(p.waitForFinished(120000)) << n;
    ASSERT_EQ(p.exitCode(), 0) << n << p.readAllStandardError().toStdString();
    for (const char* view : {"tokens", "next-token", "attention-head"}) {
      const QImage image(QStringLiteral("%1/%2.png").arg(dir, QLatin1String(view)));
      EXPECT_FALSE(image.isNull()) << n << " " << view;
    }
  }
  QProcess bad;
  bad.setProcessEnvironment(env);
  bad.start(exe, {"--lesson", "99", "--export", out.filePath("bad")});
  ASSERT_TRUE(bad.waitForFinished(60000));
  EXPECT_EQ(bad.exitCode(), 2);
}

}  // namespace
}  // namespace glassbox
