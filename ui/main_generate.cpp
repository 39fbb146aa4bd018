// MainWindow: the command line's part in generation. The sampling flags of glassbox-cli generate set
// the starting values (after the first model is loaded, so they also win over an autosaved session),
// --max-new-tokens the Generate button's length, and --generate N runs N steps once the first prompt
// is analysed (before --export writes the views; an export without it shows 12 steps).
#include <QTimer>

#include "generation_controller.h"
#include "generation_view.h"
#include "main_window.h"
#include "next_token_view.h"
#include "sampling_controls.h"

namespace glassbox {

void MainWindow::applyStartupSampling() {
  if (!startupSamplingPending_) return;
  startupSamplingPending_ = false;
  if (options_.startSampling) {
    SamplingSettings s = next_->controls()->settings();
    const SamplingParams p = options_.startSampling(s.params);
    // Temperature 0 is greedy, which the window calls "sampling off"; the slider keeps its temperature
    // for when sampling is turned back on.
    s.sample = p.temperature > 0.0f;
    const float shown = s.params.temperature;
    s.params = p;
    if (!s.sample) s.params.temperature = shown > 0.0f ? shown : 1.0f;
    next_->controls()->setSettings(s);  // reaches the generation controller through settingsChanged
    gen_->setSettings(next_->controls()->settings());
  }
  if (options_.maxNewTokens > 0) {
    gen_->setMaxNewTokens(options_.maxNewTokens);
    genView_->setMaxNewTokens(options_.maxNewTokens);
  }
}

void MainWindow::startupGeneration() {
  startupGenerationPending_ = false;
  const int steps = options_.generateSteps >= 0 ? options_.generateSteps : 12;
  if (steps == 0 || !gen_->state().steps.empty() || gen_->state().prompt.empty()) {
    if (exportPending_) QTimer::singleShot(0, this, &MainWindow::runExport);
    return;
  }
  gen_->setSettings(next_->controls()->settings());
  gen_->generate(steps);  // its end (runningChanged false) starts a pending export
}

}  // namespace glassbox
