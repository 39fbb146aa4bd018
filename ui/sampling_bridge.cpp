#include "sampling_bridge.h"

#include <algorithm>

namespace glassbox {

SampleResult runSamplerChain(std::span<const float> logits, std::span<const int> history, const ChainRun& run) {
  SamplingParams params = run.params;
  if (run.greedy) params.temperature = 0.0f;
  SamplerChain chain(params);
  ReportOptions report;
  report.stageSnapshots = true;
  report.maxReported = std::max(1, run.maxReported);
  if (run.drawSeed) {
    Rng rng(*run.drawSeed);
    return chain.sample(logits, history, rng, report);
  }
  return chain.distribution(logits, history, report);
}

}  // namespace glassbox
