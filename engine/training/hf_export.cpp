#include "training/hf_export.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "formats/safetensors.h"

namespace glassbox {
namespace {

void writeConfig(const std::string& folder, const nlohmann::ordered_json& cfg) {
  std::filesystem::create_directories(folder);
  const std::string path = folder + "/config.json";
  std::ofstream out(path, std::ios::binary);
  out << cfg.dump(2) << "\n";
  if (!out) failFile(path, "could not write config.json");
}

void writeWeights(const std::string& folder, const std::vector<ParamTensor>& layout, const std::vector<float>& params) {
  if (params.size() != paramCount(layout)) throw Error("export: parameter count does not match the layout");
  std::vector<TensorToWrite> tensors;
  for (const auto& t : layout) {
    std::vector<float> values(params.begin() + static_cast<std::ptrdiff_t>(t.offset),
                              params.begin() + static_cast<std::ptrdiff_t>(t.offset + t.size));
    tensors.push_back(f32Tensor(t.name, t.shape, values));
  }
  writeSafetensors(folder + "/model.safetensors", tensors, {{"format", "pt"}});
}

}  // namespace

void exportBertFolder(const std::string& folder, const BertConfig& c, const std::vector<float>& params,
                      const SpecialIds& ids) {
  const nlohmann::ordered_json cfg = {{"architectures", {"BertForMaskedLM"}},
                                      {"model_type", "bert"},
                                      {"vocab_size", c.vocabSize},
                                      {"hidden_size", c.hidden},
                                      {"num_hidden_layers", c.layers},
                                      {"num_attention_heads", c.heads},
                                      {"intermediate_size", c.inner},
                                      {"hidden_act", "gelu"},
                                      {"hidden_dropout_prob", 0.0},
                                      {"attention_probs_dropout_prob", 0.0},
                                      {"max_position_embeddings", c.context},
                                      {"type_vocab_size", c.typeVocab},
                                      {"initializer_range", 0.02},
                                      {"layer_norm_eps", c.lnEps},
                                      {"pad_token_id", ids.pad},
                                      {"position_embedding_type", "absolute"},
                                      {"tie_word_embeddings", true},
                                      {"use_cache", true},
                                      {"torch_dtype", "float32"}};
  writeConfig(folder, cfg);
  writeWeights(folder, bertLayout(c), params);
}

void exportT5Folder(const std::string& folder, const T5Config& c, const std::vector<float>& params,
                    const SpecialIds& ids) {
  const nlohmann::ordered_json cfg = {{"architectures", {"T5ForConditionalGeneration"}},
                                      {"model_type", "t5"},
                                      {"vocab_size", c.vocabSize},
                                      {"d_model", c.dModel},
                                      {"d_kv", c.dKv},
                                      {"d_ff", c.dFF},
                                      {"num_layers", c.encoderLayers},
                                      {"num_decoder_layers", c.decoderLayers},
                                      {"num_heads", c.heads},
                                      {"relative_attention_num_buckets", c.buckets},
                                      {"relative_attention_max_distance", c.maxDistance},
                                      {"dropout_rate", 0.0},
                                      {"layer_norm_epsilon", c.eps},
                                      {"initializer_factor", 1.0},
                                      {"feed_forward_proj", "relu"},
                                      {"is_encoder_decoder", true},
                                      {"tie_word_embeddings", true},
                                      {"use_cache", true},
                                      {"pad_token_id", ids.pad},
                                      {"eos_token_id", ids.eos},
                                      {"decoder_start_token_id", ids.decoderStart},
                                      {"torch_dtype", "float32"}};
  writeConfig(folder, cfg);
  writeWeights(folder, t5Layout(c), params);
}

std::vector<float> readParamsFromFolder(const std::string& folder, const std::vector<ParamTensor>& layout) {
  const auto source = openSafetensorsFolder(folder);
  std::vector<float> params(paramCount(layout));
  for (const auto& t : layout) {
    const TensorRef& ref = source->require(t.name, t.shape);
    if (ref.dtype != DType::F32) failFile(folder, "tensor " + t.name + " is not F32 (the trainer writes F32)");
    std::memcpy(params.data() + t.offset, ref.data, t.size * sizeof(float));
  }
  return params;
}

}  // namespace glassbox
