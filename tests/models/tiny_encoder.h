#pragma once
// Tiny random encoder-only checkpoints (BERT, RoBERTa, DistilBERT) written by the tests as Hugging Face
// folders: config.json + model.safetensors with the family's own tensor names.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "formats/safetensors.h"

namespace glassbox::testing {

enum class EncoderKind { Bert, Roberta, DistilBert };

struct EncoderSpec {
  EncoderKind kind = EncoderKind::Bert;
  std::string architectureName = "BertForMaskedLM";
  int layers = 2, dModel = 32, heads = 4, hidden = 48, vocab = 60, positions = 24, types = 2, labels = 3;
  int padTokenId = 1;          // RoBERTa: positions start at pad + 1
  bool tied = true;            // MLM decoder not written (tied to the word embeddings)
  bool withPooler = true;      // BERT: write bert.pooler (BertModel and sequence classification)
  std::string extraConfigJson; // keys added to / replacing config.json's
};

std::string modelTypeOf(EncoderKind k);  // "bert", "roberta", "distilbert"

void writeTinyEncoder(const std::filesystem::path& dir, const EncoderSpec& spec, std::uint64_t seed,
                      const std::function<void(std::vector<TensorToWrite>&)>& edit = {});

}  // namespace glassbox::testing
