#pragma once
// Models the benchmarks write for themselves: random weights, only the speed matters.
#include <filesystem>

namespace glassbox::bench {

// GPT-2 small: L=12, C=768, H=12, F=3072, V=50257, P=1024 (124,439,808 parameters), F32, tied LM head.
// Writes config.json and model.safetensors into `dir` (created) and returns `dir`.
std::filesystem::path writeGpt2Small(const std::filesystem::path& dir);

}  // namespace glassbox::bench
