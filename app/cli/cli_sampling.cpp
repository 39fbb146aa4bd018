#include "cli_sampling.h"

#include <chrono>

namespace glassbox::cli {

const std::set<std::string>& samplingFlagNames() {
  static const std::set<std::string> names{"temperature",       "top-k",          "top-p",         "min-p",
                                           "typical-p",         "repeat-penalty", "frequency-penalty",
                                           "presence-penalty",  "penalty-last-n", "sampler-order", "seed"};
  return names;
}

SamplingParams samplingParamsFrom(const CliArgs& args, SamplingParams p) {
  p.temperature = static_cast<float>(args.getDouble("temperature", p.temperature));
  p.topK = static_cast<int>(args.getInt("top-k", p.topK, 0, 1 << 30));
  p.topP = static_cast<float>(args.getDouble("top-p", p.topP));
  p.minP = static_cast<float>(args.getDouble("min-p", p.minP));
  p.typicalP = static_cast<float>(args.getDouble("typical-p", p.typicalP));
  p.repeatPenalty = static_cast<float>(args.getDouble("repeat-penalty", p.repeatPenalty));
  p.frequencyPenalty = static_cast<float>(args.getDouble("frequency-penalty", p.frequencyPenalty));
  p.presencePenalty = static_cast<float>(args.getDouble("presence-penalty", p.presencePenalty));
  p.penaltyLastN = static_cast<int>(args.getInt("penalty-last-n", p.penaltyLastN, -1, 1 << 30));
  if (auto order = args.get("sampler-order")) p.order = parseSamplerOrder(*order);
  if (args.has("seed")) p.seed = static_cast<std::uint64_t>(args.getInt("seed", 0, 0, 0x7FFFFFFFFFFFFFFFll));
  validateSamplingParams(p);
  return p;
}

SamplingParams cliGenerateDefaults() {
  SamplingParams p;
  p.temperature = 0.8f;
  p.topK = 40;
  p.topP = 0.95f;
  p.minP = 0.05f;
  p.seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) & 0xFFFFFFFFull;
  return p;
}

int maxNewTokensFrom(const CliArgs& args, int fallback, int lo, int hi) {
  return static_cast<int>(args.getInt("max-new-tokens", fallback, lo, hi));
}

}  // namespace glassbox::cli
