#pragma once
// Hugging Face folders for the encoder and encoder-decoder trainers: config.json with transformers'
// field names and model.safetensors (F32) with transformers' tensor names, so that a loader only needs
// those names. Tied weights are written once: BERT's MLM decoder is word_embeddings (no
// cls.predictions.decoder.weight), T5's lm_head and embed_tokens are `shared`.
#include <string>
#include <vector>

#include "training/bert_model.h"
#include "training/t5_model.h"

namespace glassbox {

struct SpecialIds {
  int pad = 0, eos = 1, bos = 2, mask = 3, decoderStart = 0;
};

// config.json (BertForMaskedLM) and model.safetensors.
void exportBertFolder(const std::string& folder, const BertConfig& config, const std::vector<float>& params,
                      const SpecialIds& ids);
// config.json (T5ForConditionalGeneration, feed_forward_proj "relu", tie_word_embeddings true) and
// model.safetensors.
void exportT5Folder(const std::string& folder, const T5Config& config, const std::vector<float>& params,
                    const SpecialIds& ids);

// Reads the flat parameter array of `layout` back from folder/model.safetensors (F32), checking names
// and shapes. Throws Error naming the tensor.
std::vector<float> readParamsFromFolder(const std::string& folder, const std::vector<ParamTensor>& layout);

}  // namespace glassbox
