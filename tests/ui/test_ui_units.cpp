// Pieces of the app that need no model: slider mapping, text helpers, session files.
#include <QFile>
#include <QTemporaryDir>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

#include "core/error.h"
#include "generation_view.h"
#include "sampling_controls.h"
#include "session_io.h"
#include "token_text.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {
namespace {

TEST(TemperatureSlider, EndsAndKnotsAreExact) {
  EXPECT_EQ(temperatureFromSlider(0), 0.0);
  EXPECT_EQ(temperatureFromSlider(kTemperatureSteps), 3.0);
  EXPECT_DOUBLE_EQ(temperatureFromSlider(sliderFromTemperature(1.0)), 1.0);
  // Fine steps near 0 and 1: one slider step moves T by at most 0.003 there, and more above 1.2.
  EXPECT_LE(temperatureFromSlider(1) - temperatureFromSlider(0), 0.0011);
  const int one = sliderFromTemperature(1.0);
  EXPECT_LE(temperatureFromSlider(one + 1) - temperatureFromSlider(one), 0.0021);
  EXPECT_GT(temperatureFromSlider(kTemperatureSteps) - temperatureFromSlider(kTemperatureSteps - 1), 0.004);
}

TEST(TemperatureSlider, RoundTripsEveryPosition) {
  for (int p = 0; p <= kTemperatureSteps; ++p) {
    const double t = temperatureFromSlider(p);
    EXPECT_NEAR(temperatureFromSlider(sliderFromTemperature(t)), t, 0.005) << p;
    if (p > 0) {
      EXPECT_GE(t, temperatureFromSlider(p - 1)) << "monotonic at " << p;
    }
  }
}

TEST(TokenText, WhitespaceIsVisible) {
  EXPECT_EQ(visibleTokenText(" the"), QString::fromUtf8("·the"));
  EXPECT_EQ(visibleTokenText("\n"), QString::fromUtf8("⏎"));
  EXPECT_EQ(visibleTokenText("\tx"), QString::fromUtf8("→x"));
  EXPECT_EQ(visibleTokenText("\xE2"), QStringLiteral("\\xE2"));  // half a character, as hex
}

TEST(TokenText, ByteOffsetsMapToUtf16) {
  const std::string s = "a\xC3\xA9" "b\xF0\x9F\x99\x82" "c";  // a é b 🙂 c
  const auto idx = utf16IndexOfBytes(s);
  ASSERT_EQ(idx.size(), s.size() + 1);
  EXPECT_EQ(idx[0], 0);
  EXPECT_EQ(idx[1], 1);   // é
  EXPECT_EQ(idx[2], 1);   // its second byte
  EXPECT_EQ(idx[3], 2);   // b
  EXPECT_EQ(idx[4], 3);   // 🙂 starts a surrogate pair
  EXPECT_EQ(idx[8], 5);   // c
  EXPECT_EQ(idx[9], 6);
  EXPECT_EQ(QString::fromStdString(s).size(), 6);
}

TEST(ProbabilityColor, LikelyIsGreenUnlikelyIsRed) {
  EXPECT_LT(probabilityColor(0.0001f).hueF(), 0.05f);
  EXPECT_GT(probabilityColor(0.99f).hueF(), 0.3f);
}

TEST(SessionFile, RoundTripsEveryField) {
  SessionData s;
  s.prompt = QString::fromUtf8("Naïve\n\tprompt");
  s.modelPath = "/models/x";
  s.tokenizerPath = "/models/x/tokenizer.json";
  s.sampling.params.temperature = 0.7f;
  s.sampling.params.topK = 5;
  s.sampling.params.topP = 0.9f;
  s.sampling.params.minP = 0.05f;
  s.sampling.params.repeatPenalty = 1.3f;
  s.sampling.params.seed = 42;
  s.sampling.sample = false;
  s.sampling.topN = 12;
  s.sampling.logScale = true;
  s.maxNewTokens = 17;
  s.selectedPosition = 3;
  s.generation.prompt = {1, 2, 3};
  s.generation.steps = {{4, 0.5f, false, nullptr}, {5, 0.25f, true, nullptr}};
  s.generation.branches = {{1, {{6, 0.125f, false, nullptr}}}};
  const SessionData r = sessionFromJson(sessionToJson(s), "test");
  EXPECT_EQ(r.prompt, s.prompt);
  EXPECT_EQ(r.modelPath, s.modelPath);
  EXPECT_EQ(r.tokenizerPath, s.tokenizerPath);
  EXPECT_FLOAT_EQ(r.sampling.params.temperature, 0.7f);
  EXPECT_EQ(r.sampling.params.topK, 5);
  EXPECT_FLOAT_EQ(r.sampling.params.topP, 0.9f);
  EXPECT_FLOAT_EQ(r.sampling.params.minP, 0.05f);
  EXPECT_FLOAT_EQ(r.sampling.params.repeatPenalty, 1.3f);
  EXPECT_EQ(r.sampling.params.seed, 42u);
  EXPECT_FALSE(r.sampling.sample);
  EXPECT_EQ(r.sampling.topN, 12);
  EXPECT_TRUE(r.sampling.logScale);
  EXPECT_EQ(r.maxNewTokens, 17);
  EXPECT_EQ(r.selectedPosition, 3);
  EXPECT_EQ(r.generation.prompt, s.generation.prompt);
  ASSERT_EQ(r.generation.steps.size(), 2u);
  EXPECT_EQ(r.generation.steps[1].token, 5);
  EXPECT_TRUE(r.generation.steps[1].chosenByHand);
  ASSERT_EQ(r.generation.branches.size(), 1u);
  EXPECT_EQ(r.generation.branches[0].fromStep, 1);
  EXPECT_EQ(r.generation.branches[0].steps[0].token, 6);
}

TEST(SessionFile, CorruptedFileIsReportedAndLeftUntouched) {
  QTemporaryDir dir;
  const QString path = dir.filePath("broken.glassbox.json");
  const QByteArray garbage = "{\"glassbox_session\": 1, \"prompt\": \"abc\", \"generation\": {\"steps\": [";
  {
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(garbage);
  }
  try {
    loadSessionFile(path);
    FAIL() << "a truncated session must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("broken.glassbox.json"), std::string::npos) << e.what();
  }
  QFile f(path);
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  EXPECT_EQ(f.readAll(), garbage);
  EXPECT_THROW(sessionFromJson("[1, 2]", "x"), Error);  // valid JSON, not a session
}

TEST(SessionFile, SaveIsAtomicAndReadable) {
  QTemporaryDir dir;
  const QString path = dir.filePath("sub/s.glassbox.json");
  SessionData s;
  s.prompt = "hello";
  EXPECT_TRUE(saveSessionFile(path, s).isEmpty());
  EXPECT_EQ(loadSessionFile(path).prompt, "hello");
}

TEST(FindTokenizerPath, FollowsTheSameRulesForCliAndApp) {
  namespace fs = std::filesystem;
  QTemporaryDir tmp;
  const fs::path root(tmp.path().toStdString());
  const auto touch = [](const fs::path& p) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "x";
  };
  // A Hugging Face folder, or its model.safetensors / config.json inside it.
  touch(root / "hf" / "tokenizer.json");
  touch(root / "hf" / "model.safetensors");
  touch(root / "hf" / "config.json");
  const std::string json = (root / "hf" / "tokenizer.json").string();
  EXPECT_EQ(findTokenizerPath((root / "hf").string()), json);
  EXPECT_EQ(findTokenizerPath((root / "hf" / "model.safetensors").string()), json);
  EXPECT_EQ(findTokenizerPath((root / "hf" / "config.json").string()), json);
  // llama2.c: tokenizer.bin beside the checkpoint wins over tok*.bin; else the first tok*.bin.
  touch(root / "l1" / "stories.bin");
  touch(root / "l1" / "tok512.bin");
  EXPECT_EQ(findTokenizerPath((root / "l1" / "stories.bin").string()), (root / "l1" / "tok512.bin").string());
  touch(root / "l1" / "tokenizer.bin");
  EXPECT_EQ(findTokenizerPath((root / "l1" / "stories.bin").string()), (root / "l1" / "tokenizer.bin").string());
  // Nothing there: an Error naming the path and the hint.
  fs::create_directories(root / "empty");
  touch(root / "lonely" / "model.bin");
  for (const fs::path& p : {root / "empty", root / "lonely" / "model.bin"}) {
    try {
      findTokenizerPath(p.string());
      ADD_FAILURE() << "no error for " << p;
    } catch (const Error& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find(p.string()), std::string::npos) << m;
      EXPECT_NE(m.find("--tokenizer"), std::string::npos) << m;
    }
  }
}

}  // namespace
}  // namespace glassbox
