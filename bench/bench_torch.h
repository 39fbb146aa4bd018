#pragma once
// The optional PyTorch reference (bench/torch_gpt2.py) on the GPT-2 folder the engine benchmark wrote.
#include <filesystem>

#include "bench.h"

namespace glassbox::bench {

// Runs PyTorch's CPU forward of `modelDir` for each of ctx.threadCounts and reports torch_decode_tok_s,
// torch_prefill_tok_s_128 and the engine's figures over them (decode_ratio_vs_torch, prefill_ratio_vs_torch),
// reading the engine's from ctx.results (decode_tokens_per_s_tN, prefill_tokens_per_s_128_tN). When
// `/usr/bin/python3 -c "import torch"` fails, prints that the part is skipped and why, and reports nothing.
void compareWithTorch(BenchContext& ctx, const std::filesystem::path& modelDir);

}  // namespace glassbox::bench
