#pragma once
// A GGUF model file as the engine's model plan sees it: the configuration read from the `<arch>.*` and
// `tokenizer.ggml.*` metadata, and the tensors renamed from llama.cpp's names (token_embd, blk.N.attn_q,
// blk.N.ffn_gate, output_norm, output, ...) to the Hugging Face names of the same architecture, so one
// weight plan runs both. Architectures: llama (llama2.c conversions and TinyStories included), mistral,
// qwen2, gpt2; t5 and bert (and everything else) are refused by name.
//
// llama.cpp's converter permutes Llama q/k rows back to Meta's interleaved order, so GGUF llama/mistral use
// RopeStyle::Interleaved; qwen2 keeps Hugging Face's rotate-half order. GPT-2's Conv1D weights are stored
// transposed ([out][in]) under their Hugging Face names.
#include <map>
#include <memory>
#include <string>

#include "formats/gguf.h"
#include "formats/model_config.h"
#include "formats/tensor_source.h"

namespace glassbox {

struct GgufModel {
  std::shared_ptr<const GgufFile> file;
  ModelConfig config;
  std::unique_ptr<TensorSource> tensors;  // Hugging Face names, row-major shapes, types as stored
  std::map<std::string, std::string> storedNames;  // Hugging Face name -> name in the file
};

// Error naming the file and the key (or tensor) for anything missing, out of range or unsupported.
ModelConfig ggufModelConfig(const GgufFile& file);
GgufModel openGgufModel(const std::string& path);

}  // namespace glassbox
