// The whole window: a failed load keeps the previous model, the event loop stays responsive while the
// worker runs, sessions reproduce the state, generation and branching.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <fstream>
#include <gtest/gtest.h>

#include "engine_controller.h"
#include "generation_controller.h"
#include "models/tiny_model.h"
#include "next_token_view.h"
#include "prompt_editor.h"
#include "sampling_controls.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

using testing::freshTempDir;

QString qs(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

TEST(MainWindowTest, NoModelShowsAnEmptyStateNotACrash) {
  auto w = testing::makeWindow();
  w->openModel(qs(freshTempDir() / "does-not-exist"));
  ASSERT_TRUE(testing::waitFor([&] { return !w->engine()->isLoading(); }));
  EXPECT_EQ(w->engine()->model(), nullptr);
  EXPECT_FALSE(w->lastError().isEmpty());
}

TEST(MainWindowTest, CorruptedModelShowsAnErrorAndKeepsThePreviousModel) {
  const auto root = freshTempDir();
  const auto good = testing::writeTinyGpt2(root / "good");
  const auto bad = testing::writeTinyGpt2(root / "bad", {}, 9);
  {  // cut the weights in half
    const auto file = bad / "model.safetensors";
    const auto size = std::filesystem::file_size(file);
    std::filesystem::resize_file(file, size / 2);
  }
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, qs(good), "the theme"));
  const auto before = w->engine()->model();

  w->openModel(qs(bad));
  ASSERT_TRUE(testing::waitFor([&] { return !w->engine()->isLoading(); }));
  EXPECT_EQ(w->engine()->model(), before);
  EXPECT_FALSE(w->lastError().isEmpty());
  EXPECT_NE(w->lastError().indexOf("model.safetensors"), -1) << w->lastError().toStdString();
  ASSERT_NE(w->errorBox(), nullptr);
  EXPECT_TRUE(w->errorBox()->isVisible());

  // The previous model still answers a new prompt.
  w->setPrompt("then the");
  ASSERT_TRUE(testing::waitFor([&] {
    const auto a = w->engine()->analysis();
    return a && a->trace && a->text == "then the";
  }));
  EXPECT_EQ(w->engine()->analysis()->trace->vocabSize, 260);
}

TEST(MainWindowTest, SessionSaveThenOpenReproducesTheState) {
  const auto model = testing::writeTinyGpt2(freshTempDir() / "m");
  QTemporaryDir dir;
  const QString path = dir.filePath("s.glassbox.json");
  SessionData saved;
  {
    auto w = testing::makeWindow();
    ASSERT_TRUE(testing::loadAndAnalyse(*w, qs(model), "the theme"));
    SamplingSettings s = w->nextTokenView()->controls()->settings();
    s.params.temperature = 0.8f;
    s.params.topK = 7;
    s.params.topP = 0.95f;
    s.params.seed = 3;
    s.sample = true;
    w->nextTokenView()->controls()->setSettings(s);
    w->generation()->setMaxNewTokens(4);
    w->generation()->generate();
    ASSERT_TRUE(testing::waitFor([&] { return !w->generation()->isGenerating() && w->generation()->state().steps.size() == 4; }));
    // Branch at step 1 with a token chosen by hand.
    w->generation()->branch(1, 101);
    ASSERT_TRUE(testing::waitFor([&] { return w->generation()->state().branches.size() == 1; }));
    ASSERT_TRUE(w->saveSession(path));
    saved = w->currentSession();
  }
  auto w2 = testing::makeWindow();
  w2->openSession(path);
  ASSERT_TRUE(testing::waitFor([&] {
    const auto a = w2->engine()->analysis();
    return a && a->trace && a->text == "the theme" && !w2->engine()->isAnalysing();
  }));
  const SessionData now = w2->currentSession();
  EXPECT_EQ(now.prompt, saved.prompt);
  EXPECT_EQ(now.modelPath, saved.modelPath);
  EXPECT_FLOAT_EQ(now.sampling.params.temperature, 0.8f);
  EXPECT_EQ(now.sampling.params.topK, 7);
  EXPECT_FLOAT_EQ(now.sampling.params.topP, 0.95f);
  EXPECT_EQ(now.sampling.params.seed, 3u);
  EXPECT_EQ(now.maxNewTokens, 4);
  EXPECT_EQ(now.generation.prompt, saved.generation.prompt);
  ASSERT_EQ(now.generation.steps.size(), saved.generation.steps.size());
  for (std::size_t i = 0; i < now.generation.steps.size(); ++i) {
    EXPECT_EQ(now.generation.steps[i].token, saved.generation.steps[i].token);
    EXPECT_FLOAT_EQ(now.generation.steps[i].probability, saved.generation.steps[i].probability);
  }
  ASSERT_EQ(now.generation.branches.size(), 1u);
  EXPECT_EQ(now.generation.branches[0].fromStep, 1);
  EXPECT_EQ(now.generation.branches[0].steps.size(), saved.generation.branches[0].steps.size());
  EXPECT_EQ(now.generation.steps[1].token, 101);
  EXPECT_TRUE(now.generation.steps[1].chosenByHand);
}

TEST(MainWindowTest, GreedyGenerationMatchesTheChainArgmaxAndSeedsReproduce) {
  const auto model = testing::writeTinyGpt2(freshTempDir() / "m");
  auto run = [&](bool sample, std::uint64_t seed) {
    auto w = testing::makeWindow();
    EXPECT_TRUE(testing::loadAndAnalyse(*w, qs(model), "the"));
    SamplingSettings s = w->nextTokenView()->controls()->settings();
    s.sample = sample;
    s.params.seed = seed;
    w->nextTokenView()->controls()->setSettings(s);
    w->generation()->setMaxNewTokens(6);
    w->generation()->generate();
    EXPECT_TRUE(testing::waitFor([&] { return !w->generation()->isGenerating(); }));
    std::vector<int> tokens;
    const auto& st = w->generation()->state();
    for (std::size_t i = 0; i < st.steps.size(); ++i) {
      tokens.push_back(st.steps[i].token);
      if (!sample && st.steps[i].logits) {  // greedy: the argmax of that step's logits
        const auto& l = *st.steps[i].logits;
        EXPECT_EQ(st.steps[i].token, static_cast<int>(std::max_element(l.begin(), l.end()) - l.begin()));
      }
    }
    return tokens;
  };
  EXPECT_EQ(run(false, 0).size(), 6u);
  const auto a = run(true, 11), b = run(true, 11);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace glassbox
