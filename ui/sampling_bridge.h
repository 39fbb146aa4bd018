#pragma once
// The UI's one entry into the engine's sampler chain: re-applies the chain to cached logits. Cheap
// enough (a few ms at V = 50k) to run on the UI thread on every slider move.
#include <cstdint>
#include <optional>
#include <span>

#include "sampling/sampler_chain.h"

namespace glassbox {

struct ChainRun {
  SamplingParams params;
  bool greedy = false;            // sampling off: argmax, the chain only reports
  int maxReported = 64;           // candidates reported per stage (>= the bars drawn)
  std::optional<std::uint64_t> drawSeed;  // set: also draw a token with this seed
};

// logits: [V]; history: the tokens before this step (for the repetition penalty).
SampleResult runSamplerChain(std::span<const float> logits, std::span<const int> history, const ChainRun& run);

}  // namespace glassbox
