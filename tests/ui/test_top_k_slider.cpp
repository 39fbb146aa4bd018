// The top-k slider: its stops, its two-way sync with the spin box, and what it does to the
// next-token view (survivor count against the engine's sampler chain on the same logits).
#include <QSlider>
#include <QSpinBox>
#include <QTest>
#include <gtest/gtest.h>

#include "engine_controller.h"
#include "models/tiny_model.h"
#include "next_token_chart.h"
#include "next_token_view.h"
#include "sampling/sampler_chain.h"
#include "sampling_controls.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

TEST(TopKSlider, StopsAreOffThenEveryKThenFourPercentApart) {
  for (int vocab : {1, 2, 37, 260, 4096, 50257, 152064}) {
    const std::vector<int> stops = topKSliderStops(vocab);
    ASSERT_GE(stops.size(), 2u) << vocab;
    EXPECT_EQ(stops[0], 0) << "position 0 is off";
    EXPECT_EQ(stops[1], 1);
    EXPECT_EQ(stops.back(), vocab) << "the far end keeps the whole vocabulary";
    for (std::size_t i = 2; i < stops.size(); ++i) {
      EXPECT_GT(stops[i], stops[i - 1]) << "every step changes k, vocab " << vocab;
      if (stops[i - 1] < 38) {
        EXPECT_EQ(stops[i], stops[i - 1] + 1) << "small k one by one, vocab " << vocab;
      } else if (i + 1 < stops.size()) {
        EXPECT_LE(stops[i], 1.05 * stops[i - 1] + 1) << vocab;
      }
    }
    for (std::size_t i = 0; i < stops.size(); ++i) EXPECT_EQ(sliderFromTopK(stops[i], stops), static_cast<int>(i)) << vocab;
  }
  // 50,257 tokens fit in about 230 positions, 1..38 each their own.
  const std::vector<int> gpt2 = topKSliderStops(50257);
  EXPECT_LT(gpt2.size(), 260u);
  EXPECT_EQ(gpt2[38], 38);
  EXPECT_EQ(gpt2[39], 40);
  // Between two stops: the nearer in ratio; beyond the vocabulary: the last stop; 0 and below: off.
  const std::vector<int> s = {0, 1, 2, 3, 100, 200};
  EXPECT_EQ(sliderFromTopK(10, s), 3);  // 10 / 3 < 100 / 10
  EXPECT_EQ(sliderFromTopK(20, s), 4);  // 20 / 3 > 100 / 20
  EXPECT_EQ(sliderFromTopK(150, s), 5);
  EXPECT_EQ(sliderFromTopK(120, s), 4);
  EXPECT_EQ(sliderFromTopK(999, s), 5);
  EXPECT_EQ(sliderFromTopK(0, s), 0);
  EXPECT_EQ(sliderFromTopK(-3, s), 0);
}

TEST(TopKSlider, SliderAndSpinBoxFollowEachOther) {
  SamplingControls controls;
  controls.setVocabSize(4096);
  QSlider* slider = controls.topKSlider();
  QSpinBox* spin = controls.topKSpin();
  const std::vector<int>& stops = controls.topKStops();
  EXPECT_EQ(slider->maximum(), static_cast<int>(stops.size()) - 1);
  EXPECT_EQ(stops.back(), 4096);
  EXPECT_FALSE(slider->toolTip().isEmpty());
  EXPECT_EQ(slider->toolTip(), spin->toolTip());

  int changes = 0;
  QObject::connect(&controls, &SamplingControls::changed, &controls, [&](const SamplingSettings&) { ++changes; });
  slider->setValue(sliderFromTopK(40, stops));
  EXPECT_EQ(spin->value(), 40);
  EXPECT_EQ(controls.settings().params.topK, 40);
  EXPECT_EQ(changes, 1);

  spin->setValue(7);
  EXPECT_EQ(slider->value(), sliderFromTopK(7, stops));
  EXPECT_EQ(controls.settings().params.topK, 7);
  // A k between two stops stays what was typed; the handle sits on the nearer stop.
  const int between = stops[static_cast<std::size_t>(slider->maximum() - 1)] + 1;
  ASSERT_LT(between, 4096);
  spin->setValue(between);
  EXPECT_EQ(controls.settings().params.topK, between);
  EXPECT_EQ(slider->value(), sliderFromTopK(between, stops));

  slider->setValue(0);
  EXPECT_EQ(spin->value(), 0);
  EXPECT_EQ(spin->text(), QStringLiteral("off"));
  EXPECT_EQ(controls.settings().params.topK, 0);

  // Settings restored from a session or QSettings move the slider too.
  SamplingSettings restored;
  restored.params.topK = 12;
  controls.setSettings(restored);
  EXPECT_EQ(slider->value(), 12 + 0);  // stops 0, 1, 2, ... : k = 12 is position 12
  EXPECT_EQ(spin->value(), 12);
  // A smaller vocabulary rescales the track and clamps k.
  controls.setVocabSize(10);
  EXPECT_EQ(slider->maximum(), 10);
  EXPECT_EQ(controls.settings().params.topK, 10);
  EXPECT_EQ(slider->value(), 10);
}

TEST(TopKSlider, MovingItChangesTheSurvivorCount) {
  const auto dir = testing::writeTinyGpt2(testing::freshTempDir() / "tiny-gpt2");
  auto window = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*window, QString::fromStdString(dir.string()), "the theme then"))
      << window->lastError().toStdString();
  NextTokenView& view = *window->nextTokenView();
  SamplingControls* controls = view.controls();
  QSlider* slider = controls->topKSlider();
  const std::vector<int>& stops = controls->topKStops();
  const auto a = window->engine()->analysis();
  const int last = a->trace->output().numTokens - 1;
  const std::span<const float> logits = a->trace->lastLogits;
  const int vocab = static_cast<int>(logits.size());
  EXPECT_EQ(stops.back(), window->engine()->model()->model->config().vocabSize)
      << "the track ends at the loaded model's vocabulary (the logits' length)";
  EXPECT_EQ(stops.back(), vocab);

  view.flush();
  EXPECT_EQ(view.chart()->data().survivors, vocab) << "top-k off keeps every token";
  for (int k : {1, 5, 17, 40, 100}) {
    const int position = sliderFromTopK(k, stops);
    const int expectedK = stops[static_cast<std::size_t>(position)];
    slider->setSliderDown(true);  // as a drag does
    slider->setValue(position);
    slider->setSliderDown(false);
    view.flush();
    EXPECT_EQ(controls->topKSpin()->value(), expectedK);
    // Independent count: the engine's chain on the same logits with this k.
    SamplingParams p;
    p.topK = expectedK;
    const std::vector<int> history(a->encoding.ids.begin(), a->encoding.ids.begin() + last + 1);
    const SampleResult r = SamplerChain(p).distribution(logits, history, {false, 256});
    EXPECT_EQ(r.finalCount, std::min(expectedK, vocab));
    EXPECT_EQ(view.chart()->data().survivors, r.finalCount) << "k = " << expectedK;
  }
  slider->setValue(0);
  view.flush();
  EXPECT_EQ(view.chart()->data().survivors, vocab);
  if (!qEnvironmentVariableIsEmpty("GLASSBOX_SCREENSHOT_DIR")) {  // a picture of the controls, for looking at
    slider->setValue(sliderFromTopK(12, stops));
    view.flush();
    QTest::qWait(50);
    window->grab().save(qEnvironmentVariable("GLASSBOX_SCREENSHOT_DIR") + "/next-token-top-k.png");
  }
}

}  // namespace
}  // namespace glassbox
