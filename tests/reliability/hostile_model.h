#pragma once
// A tiny random GPT-2 (Hugging Face folder: config.json + model.safetensors, written by
// tests/models/tiny_model) and a minimal byte-level BPE tokenizer.json, so the reliability tests need
// no downloaded model. Folders come from testing::freshTempDir().
// Shape legend: C = d_model, F = MLP hidden, V = vocabulary, P = context length, L = layers.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "formats/safetensors.h"
#include "models/tiny_model.h"

namespace glassbox::reliability {

struct TinyGpt2 {
  int layers = 2, dModel = 16, heads = 2, hidden = 32, vocab = 258, context = 64;
};

// Writes config.json (bos and eos: 256) and model.safetensors with random weights into `dir`
// (Conv1D layout, "transformer." names); `edit` may change the tensors first.
void writeGpt2(const std::filesystem::path& dir, const TinyGpt2& spec, std::uint64_t seed,
               const std::function<void(std::vector<TensorToWrite>&)>& edit = {});

// Byte-level BPE over the 256 byte symbols (ids 0..255 in GPT-2's byte-to-unicode order), plus
// "<|endoftext|>" (256) and "<|pad|>" (257) as special added tokens; no merges. Returns the path.
std::string writeByteTokenizer(const std::filesystem::path& dir);

}  // namespace glassbox::reliability
