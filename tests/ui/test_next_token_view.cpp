// The next-token view driven through its real controls, checked against the engine's sampler chain.
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <gtest/gtest.h>

#include <cmath>

#include "engine_controller.h"
#include "models/model.h"
#include "models/tiny_model.h"
#include "next_token_chart.h"
#include "next_token_view.h"
#include "sampling/sampler_chain.h"
#include "tokens_view.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

using testing::freshTempDir;

class NextTokenViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::writeTinyGpt2(freshTempDir() / "tiny-gpt2");
    window_ = testing::makeWindow();
    ASSERT_TRUE(testing::loadAndAnalyse(*window_, QString::fromStdString(dir_.string()), "the theme then")) << window_->lastError().toStdString();
  }
  NextTokenView& view() { return *window_->nextTokenView(); }

  // What the chain says for the shown position: final probabilities of the top tokens of the untouched softmax.
  std::vector<double> chainSays(const SamplingParams& params, int n) {
    const auto a = window_->engine()->analysis();
    const int last = a->trace->output().numTokens - 1;
    SamplerChain chain(params);
    const std::vector<int> history(a->encoding.ids.begin(), a->encoding.ids.begin() + last + 1);
    const SampleResult r = chain.distribution(a->trace->lastLogits, history, {false, 256});
    std::vector<double> p;
    for (int i = 0; i < n; ++i) p.push_back(r.originalFinalProbability[static_cast<std::size_t>(i)]);
    return p;
  }

  std::filesystem::path dir_;
  std::unique_ptr<MainWindow> window_;
};

TEST_F(NextTokenViewTest, TemperatureSliderDrawsWhatTheChainSays) {
  view().flush();
  const std::vector<double> before = view().chart()->adjustedHeights();
  const int n = static_cast<int>(before.size());
  ASSERT_EQ(n, view().controls()->settings().topN);

  for (int position : {150, 300, 520, 900}) {
    QSlider* slider = view().controls()->temperatureSlider();
    slider->setSliderDown(true);  // a drag in progress
    slider->setValue(position);
    slider->setSliderDown(false);
    const double t = temperatureFromSlider(position);
    EXPECT_FLOAT_EQ(view().controls()->settings().params.temperature, static_cast<float>(t));
    SamplingParams p;
    p.temperature = static_cast<float>(t);
    const std::vector<double> expected = chainSays(p, n);
    // The coalescing timer fires (no model run is involved); on a loaded machine it may take a while.
    EXPECT_TRUE(QTest::qWaitFor([&] {
      const auto h = view().chart()->adjustedHeights();
      return !h.empty() && std::abs(h[0] - expected[0]) < 1e-6;
    }, 3000));
    const std::vector<double> drawn = view().chart()->adjustedHeights();
    ASSERT_EQ(drawn.size(), expected.size());
    for (int i = 0; i < n; ++i) EXPECT_NEAR(drawn[static_cast<std::size_t>(i)], expected[static_cast<std::size_t>(i)], 1e-6) << "T=" << t << " bar " << i;
    // The ghost bars stay the untouched softmax.
    const std::vector<double> ghost = view().chart()->originalHeights();
    SamplingParams one;
    const std::vector<double> untouched = chainSays(one, n);
    for (int i = 0; i < n; ++i) EXPECT_NEAR(ghost[static_cast<std::size_t>(i)], untouched[static_cast<std::size_t>(i)], 1e-6);
  }
  // Low temperature sharpens: the top bar grows compared with T = 1.
  view().controls()->temperatureSlider()->setValue(100);
  view().flush();
  EXPECT_GT(view().chart()->adjustedHeights()[0], before[0]);
}

TEST_F(NextTokenViewTest, TopKOneLeavesOneBar) {
  view().controls()->topKSpin()->setValue(1);
  view().flush();
  const auto drawn = view().chart()->adjustedHeights();
  const long nonZero = std::count_if(drawn.begin(), drawn.end(), [](double v) { return v > 0; });
  EXPECT_EQ(nonZero, 1);
  EXPECT_NEAR(drawn[0], 1.0, 1e-6);
  const auto& bars = view().chart()->data().bars;
  for (std::size_t i = 1; i < bars.size(); ++i) EXPECT_EQ(bars[i].removedBy, QStringLiteral("top-k")) << i;
  EXPECT_EQ(view().chart()->data().survivors, 1);
}

TEST_F(NextTokenViewTest, ClickingAnEarlierTokenShowsItsPrediction) {
  const auto a = window_->engine()->analysis();
  ASSERT_GE(a->trace->output().numTokens, 3);
  window_->tokensView()->tokenClicked(1);  // as a click on the second chip does
  // The trace keeps only the last position's logits; the worker computes these and the view follows.
  QTRY_COMPARE_WITH_TIMEOUT(view().source().actualId, a->encoding.ids[2], 5000);
  view().flush();
  // Independently: a fresh forward of the first two tokens gives the logits after the second.
  InferenceSession session(a->model);
  const std::vector<float> logits = session.forward(std::span<const int>(a->encoding.ids.data(), 2));
  const auto shown = view().source().logits;
  ASSERT_EQ(shown.size(), logits.size());
  for (std::size_t i = 0; i < logits.size(); ++i)
    ASSERT_NEAR(shown[i], logits[i], 1e-5 * std::max(1.0f, std::abs(logits[i]))) << i;
  SamplerChain chain{SamplingParams{}};
  const SampleResult r = chain.distribution(logits, std::vector<int>{a->encoding.ids[0], a->encoding.ids[1]}, {false, 256});
  EXPECT_EQ(view().chart()->data().bars[0].id, r.original[0].id);
  EXPECT_EQ(view().chart()->data().actualId, a->encoding.ids[2]);
}

}  // namespace
}  // namespace glassbox
