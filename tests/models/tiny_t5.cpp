#include "tiny_t5.h"

#include <cmath>
#include <fstream>

#include "core/json_util.h"
#include "core/rng.h"

namespace glassbox::testing {

namespace {

struct T5Filler {
  Rng rng;
  std::vector<TensorToWrite> tensors;
  void add(const std::string& name, std::vector<std::int64_t> shape, double scale, double mean = 0.0) {
    std::size_t n = 1;
    for (auto d : shape) n *= static_cast<std::size_t>(d);
    std::vector<float> v(n);
    for (auto& x : v) x = static_cast<float>(mean + scale * rng.normal());
    tensors.push_back(f32Tensor(name, std::move(shape), v));
  }
};

void addStack(T5Filler& f, const T5Spec& s, const std::string& stack, int layers, bool decoder) {
  const std::int64_t C = s.dModel, HD = std::int64_t{s.heads} * s.dKv, F = s.dFF;
  const double w = s.weightScale / std::sqrt(static_cast<double>(C));
  auto attention = [&](const std::string& p) {
    for (const char* m : {".q", ".k", ".v"}) f.add(p + m + ".weight", {HD, C}, w);
    f.add(p + ".o.weight", {C, HD}, s.weightScale / std::sqrt(static_cast<double>(HD)));
  };
  for (int l = 0; l < layers; ++l) {
    const std::string b = stack + ".block." + std::to_string(l) + ".layer.";
    f.add(b + "0.layer_norm.weight", {C}, 0.1, 1.0);
    attention(b + "0.SelfAttention");
    if (l == 0) f.add(b + "0.SelfAttention.relative_attention_bias.weight", {s.buckets, s.heads}, 0.5);
    if (decoder) {
      f.add(b + "1.layer_norm.weight", {C}, 0.1, 1.0);
      attention(b + "1.EncDecAttention");
    }
    const std::string ffn = b + (decoder ? "2" : "1");
    f.add(ffn + ".layer_norm.weight", {C}, 0.1, 1.0);
    if (s.gated) {
      f.add(ffn + ".DenseReluDense.wi_0.weight", {F, C}, w);
      f.add(ffn + ".DenseReluDense.wi_1.weight", {F, C}, w);
    } else {
      f.add(ffn + ".DenseReluDense.wi.weight", {F, C}, w);
    }
    f.add(ffn + ".DenseReluDense.wo.weight", {C, F}, s.weightScale / std::sqrt(static_cast<double>(F)));
  }
  f.add(stack + ".final_layer_norm.weight", {C}, 0.1, 1.0);
}

}  // namespace

T5Spec flanT5SmallSpec() {
  T5Spec s;
  s.layers = s.decoderLayers = 8;
  s.dModel = 512;
  s.heads = 6;
  s.dKv = 64;
  s.dFF = 1024;
  s.vocab = 32128;
  s.buckets = 32;
  s.maxDistance = 128;
  s.positions = 512;
  s.gated = true;
  s.tied = false;
  return s;
}

void writeTinyT5(const std::filesystem::path& dir, const T5Spec& s, std::uint64_t seed,
                 const std::function<void(std::vector<TensorToWrite>&)>& edit) {
  std::filesystem::create_directories(dir);
  Json cfg = {{"architectures", {s.architectureName}},
              {"model_type", s.modelType},
              {"d_model", s.dModel},
              {"d_kv", s.dKv},
              {"d_ff", s.dFF},
              {"num_layers", s.layers},
              {"num_decoder_layers", s.decoderLayers},
              {"num_heads", s.heads},
              {"vocab_size", s.vocab},
              {"n_positions", s.positions},
              {"relative_attention_num_buckets", s.buckets},
              {"relative_attention_max_distance", s.maxDistance},
              {"layer_norm_epsilon", 1e-6},
              {"feed_forward_proj", s.gated ? "gated-gelu" : "relu"},
              {"tie_word_embeddings", s.tied},
              {"is_encoder_decoder", true},
              {"pad_token_id", 0},
              {"eos_token_id", 1},
              {"decoder_start_token_id", 0}};
  if (!s.extraConfigJson.empty()) {
    const Json extra = parseJson(s.extraConfigJson, "extraConfigJson");  // kept alive for items()
    for (const auto& [k, v] : extra.items()) cfg[k] = v;
  }
  std::ofstream(dir / "config.json") << cfg.dump(2);
  T5Filler f{Rng(seed), {}};
  f.add("shared.weight", {s.vocab, s.dModel}, 1.0);
  if (s.writeEmbedAliases) {
    f.tensors.push_back(f.tensors.back());
    f.tensors.back().name = "encoder.embed_tokens.weight";
    f.tensors.push_back(f.tensors.back());
    f.tensors.back().name = "decoder.embed_tokens.weight";
  }
  addStack(f, s, "encoder", s.layers, false);
  const bool decoder = s.architectureName != "T5EncoderModel" && s.architectureName != "MT5EncoderModel";
  if (decoder) addStack(f, s, "decoder", s.decoderLayers, true);
  if (decoder && !s.tied) f.add("lm_head.weight", {s.vocab, s.dModel}, s.weightScale / std::sqrt(static_cast<double>(s.dModel)));
  if (edit) edit(f.tensors);
  writeSafetensors((dir / "model.safetensors").string(), f.tensors);
}

}  // namespace glassbox::testing
