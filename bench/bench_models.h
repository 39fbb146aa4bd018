#pragma once
// Models the benchmarks write for themselves: random weights, only the speed matters.
#include <filesystem>

#include "core/dtype.h"

namespace glassbox::bench {

// GPT-2 small: L=12, C=768, H=12, F=3072, V=50257, P=1024 (124,439,808 parameters), tied LM head, every
// tensor stored as `dtype` (F32, F16 or BF16; the same random values, rounded). Writes config.json and
// model.safetensors into `dir` (created) and returns `dir`.
std::filesystem::path writeGpt2Small(const std::filesystem::path& dir, DType dtype = DType::F32);

// The same GPT-2 small shape as a GGUF file (llama.cpp's tensor names, tied head), matmul weights and the
// token embedding quantized by our own quantizer to `dtype` (Q8_0, Q4_0, Q4_K, ...); norms, biases and
// positions F32. Random weights (seeded). Returns `file`.
std::filesystem::path writeGpt2SmallGguf(const std::filesystem::path& file, DType dtype);

}  // namespace glassbox::bench
