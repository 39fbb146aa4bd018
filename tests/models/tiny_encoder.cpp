#include "tiny_encoder.h"

#include <cmath>
#include <fstream>

#include "core/json_util.h"
#include "core/rng.h"

namespace glassbox::testing {

namespace {

using Shape = std::vector<std::int64_t>;

struct Writer {
  Rng rng;
  std::vector<TensorToWrite> out;
  // Weights ~ N(0, 0.3^2) / sqrt(fan-in) style scale; norms 1 + N(0, 0.1^2), biases N(0, 0.1^2).
  void add(const std::string& name, Shape shape, double scale, double mean = 0.0) {
    std::size_t n = 1;
    for (auto d : shape) n *= static_cast<std::size_t>(d);
    std::vector<float> v(n);
    for (auto& x : v) x = static_cast<float>(mean + scale * rng.normal());
    out.push_back(f32Tensor(name, std::move(shape), v));
  }
  void dense(const std::string& base, int in, int outDim) {
    add(base + ".weight", {outDim, in}, 0.6 / std::sqrt(static_cast<double>(in)) * 2.0);
    add(base + ".bias", {outDim}, 0.1);
  }
  void norm(const std::string& base, int C) {
    add(base + ".weight", {C}, 0.1, 1.0);
    add(base + ".bias", {C}, 0.1);
  }
};

bool endsWith(const std::string& s, const std::string& t) {
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

Json configOf(const EncoderSpec& s) {
  Json j = Json::object();
  j["architectures"] = Json::array({s.architectureName});
  j["model_type"] = modelTypeOf(s.kind);
  j["vocab_size"] = s.vocab;
  j["pad_token_id"] = s.padTokenId;
  if (s.kind == EncoderKind::DistilBert) {
    j["dim"] = s.dModel;
    j["n_layers"] = s.layers;
    j["n_heads"] = s.heads;
    j["hidden_dim"] = s.hidden;
    j["max_position_embeddings"] = s.positions;
    j["activation"] = "gelu";
  } else {
    j["hidden_size"] = s.dModel;
    j["num_hidden_layers"] = s.layers;
    j["num_attention_heads"] = s.heads;
    j["intermediate_size"] = s.hidden;
    j["max_position_embeddings"] = s.positions + (s.kind == EncoderKind::Roberta ? s.padTokenId + 1 : 0);
    j["type_vocab_size"] = s.types;
    j["layer_norm_eps"] = 1e-12;
    j["hidden_act"] = "gelu";
  }
  j["tie_word_embeddings"] = s.tied;
  if (endsWith(s.architectureName, "Classification")) {
    Json labels = Json::object();
    for (int i = 0; i < s.labels; ++i) labels[std::to_string(i)] = i == 0 ? "O" : (i % 2 ? "B-PER" : "I-PER");
    if (endsWith(s.architectureName, "SequenceClassification"))
      for (int i = 0; i < s.labels; ++i) labels[std::to_string(i)] = "LABEL_" + std::to_string(i);
    j["id2label"] = labels;
  }
  if (!s.extraConfigJson.empty()) j.update(Json::parse(s.extraConfigJson));
  return j;
}

void bertLike(const EncoderSpec& s, Writer& w, const std::string& pre) {
  const int C = s.dModel, F = s.hidden;
  const int rows = s.positions + (s.kind == EncoderKind::Roberta ? s.padTokenId + 1 : 0);
  w.add(pre + "embeddings.word_embeddings.weight", {s.vocab, C}, 0.5);
  w.add(pre + "embeddings.position_embeddings.weight", {rows, C}, 0.5);
  w.add(pre + "embeddings.token_type_embeddings.weight", {s.types, C}, 0.5);
  w.norm(pre + "embeddings.LayerNorm", C);
  for (int l = 0; l < s.layers; ++l) {
    const std::string h = pre + "encoder.layer." + std::to_string(l) + ".";
    w.dense(h + "attention.self.query", C, C);
    w.dense(h + "attention.self.key", C, C);
    w.dense(h + "attention.self.value", C, C);
    w.dense(h + "attention.output.dense", C, C);
    w.norm(h + "attention.output.LayerNorm", C);
    w.dense(h + "intermediate.dense", C, F);
    w.dense(h + "output.dense", F, C);
    w.norm(h + "output.LayerNorm", C);
  }
}

void distil(const EncoderSpec& s, Writer& w) {
  const int C = s.dModel, F = s.hidden;
  const std::string pre = "distilbert.";
  w.add(pre + "embeddings.word_embeddings.weight", {s.vocab, C}, 0.5);
  w.add(pre + "embeddings.position_embeddings.weight", {s.positions, C}, 0.5);
  w.norm(pre + "embeddings.LayerNorm", C);
  for (int l = 0; l < s.layers; ++l) {
    const std::string h = pre + "transformer.layer." + std::to_string(l) + ".";
    for (const char* p : {"q_lin", "k_lin", "v_lin", "out_lin"}) w.dense(h + "attention." + p, C, C);
    w.norm(h + "sa_layer_norm", C);
    w.dense(h + "ffn.lin1", C, F);
    w.dense(h + "ffn.lin2", F, C);
    w.norm(h + "output_layer_norm", C);
  }
}

void heads(const EncoderSpec& s, Writer& w) {
  const int C = s.dModel, V = s.vocab, N = s.labels;
  const std::string& a = s.architectureName;
  const bool mlm = endsWith(a, "ForMaskedLM"), seq = endsWith(a, "ForSequenceClassification");
  if (endsWith(a, "ForTokenClassification")) w.dense("classifier", C, N);
  if (s.kind == EncoderKind::Bert) {
    if (seq || (s.withPooler && !mlm && !endsWith(a, "ForTokenClassification"))) w.dense("bert.pooler.dense", C, C);
    if (seq) w.dense("classifier", C, N);
    if (mlm) {
      w.dense("cls.predictions.transform.dense", C, C);
      w.norm("cls.predictions.transform.LayerNorm", C);
      w.add("cls.predictions.bias", {V}, 0.1);
      if (!s.tied) w.add("cls.predictions.decoder.weight", {V, C}, 0.3);
    }
  } else if (s.kind == EncoderKind::Roberta) {
    if (seq) {
      w.dense("classifier.dense", C, C);
      w.dense("classifier.out_proj", C, N);
    }
    if (mlm) {
      w.dense("lm_head.dense", C, C);
      w.norm("lm_head.layer_norm", C);
      w.add("lm_head.bias", {V}, 0.1);
      if (!s.tied) w.add("lm_head.decoder.weight", {V, C}, 0.3);
    }
  } else {
    if (seq) {
      w.dense("pre_classifier", C, C);
      w.dense("classifier", C, N);
    }
    if (mlm) {
      w.dense("vocab_transform", C, C);
      w.norm("vocab_layer_norm", C);
      w.add("vocab_projector.bias", {V}, 0.1);
      if (!s.tied) w.add("vocab_projector.weight", {V, C}, 0.3);
    }
  }
}

}  // namespace

std::string modelTypeOf(EncoderKind k) {
  switch (k) {
    case EncoderKind::Bert: return "bert";
    case EncoderKind::Roberta: return "roberta";
    case EncoderKind::DistilBert: return "distilbert";
  }
  return "";
}

void writeTinyEncoder(const std::filesystem::path& dir, const EncoderSpec& spec, std::uint64_t seed,
                      const std::function<void(std::vector<TensorToWrite>&)>& edit) {
  std::filesystem::create_directories(dir);
  Writer w{Rng(seed), {}};
  if (spec.kind == EncoderKind::DistilBert) distil(spec, w);
  else bertLike(spec, w, spec.kind == EncoderKind::Bert ? "bert." : "roberta.");
  heads(spec, w);
  if (edit) edit(w.out);
  writeSafetensors((dir / "model.safetensors").string(), w.out);
  std::ofstream(dir / "config.json") << configOf(spec).dump(2);
}

}  // namespace glassbox::testing
