#pragma once
// The sampling flags of glassbox-cli generate, shared with the glassbox app (which takes them as the
// session's starting values): one parser, one validation, so a flag means the same thing in both.
#include <set>
#include <string>

#include "cli_args.h"
#include "sampling/sampler_chain.h"

namespace glassbox::cli {

// "temperature", "top-k", "top-p", "min-p", "typical-p", "repeat-penalty", "frequency-penalty",
// "presence-penalty", "penalty-last-n", "sampler-order", "seed".
const std::set<std::string>& samplingFlagNames();

// The flags that are given replace the fields of `base`; the others keep base's values. Error (naming
// the flag) on a value that is not a number, out of range, or an invalid combination.
SamplingParams samplingParamsFrom(const CliArgs& args, SamplingParams base);

// glassbox-cli generate's defaults: T 0.8, top-k 40, top-p 0.95, min-p 0.05, seed from the clock.
SamplingParams cliGenerateDefaults();

// --max-new-tokens N within [lo, hi]; `fallback` when absent.
int maxNewTokensFrom(const CliArgs& args, int fallback, int lo = 0, int hi = 100000000);

}  // namespace glassbox::cli
