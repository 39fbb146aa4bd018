#pragma once
// Tiny random T5 folders (config.json + model.safetensors under transformers' T5 names) for the tests.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "formats/safetensors.h"

namespace glassbox::testing {

struct T5Spec {
  std::string architectureName = "T5ForConditionalGeneration";
  std::string modelType = "t5";
  int layers = 2, decoderLayers = 2, dModel = 32, heads = 4, dKv = 8, dFF = 48, vocab = 60;
  int buckets = 8, maxDistance = 12, positions = 64;
  bool gated = false;  // feed_forward_proj "gated-gelu" (else "relu")
  bool tied = true;    // tie_word_embeddings (untied writes lm_head.weight)
  bool writeEmbedAliases = false;  // also store encoder.embed_tokens / decoder.embed_tokens
  float weightScale = 1.0f;        // multiplies the random matrices' standard deviation
  std::string extraConfigJson;     // keys added to / replacing config.json's, as a JSON object
};

// The flan-t5-small shapes (../shared/fixtures/flan-t5-small-tokenizer/config.json).
T5Spec flanT5SmallSpec();

void writeTinyT5(const std::filesystem::path& dir, const T5Spec& spec, std::uint64_t seed,
                 const std::function<void(std::vector<TensorToWrite>&)>& edit = {});

}  // namespace glassbox::testing
