#include "tiny_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <unistd.h>

#include "core/json_util.h"
#include "core/rng.h"
#include "formats/safetensors.h"
#include "models/model.h"

namespace glassbox::testing {

namespace {

// Random tensor values: weights ~ N(0, 0.3^2) scaled by 1/sqrt(fan-in)-ish, norms ~ 1 + N(0, 0.1^2).
struct Filler {
  Rng rng;
  std::vector<float> normal(std::size_t n, double scale, double mean = 0.0) {
    std::vector<float> v(n);
    for (auto& x : v) x = static_cast<float>(mean + scale * rng.normal());
    return v;
  }
};

TensorToWrite tensor(const std::string& name, std::vector<std::int64_t> shape, const std::vector<float>& values,
                     DType dtype) {
  TensorToWrite t;
  t.name = name;
  t.dtype = dtype;
  t.shape = std::move(shape);
  if (dtype == DType::F32) {
    t.data.resize(values.size() * 4);
    std::memcpy(t.data.data(), values.data(), t.data.size());
    return t;
  }
  t.data.resize(values.size() * 2);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint16_t h = dtype == DType::F16 ? floatToHalf(values[i]) : floatToBfloat16(values[i]);
    std::memcpy(t.data.data() + 2 * i, &h, 2);
  }
  return t;
}

Json configJson(const TinySpec& s) {
  Json j = Json::object();
  j["architectures"] = Json::array({s.architectureName});
  j["model_type"] = s.modelType;
  j["vocab_size"] = s.vocab;
  if (s.arch == TinyArch::Gpt2) {
    j["n_embd"] = s.dModel;
    j["n_layer"] = s.layers;
    j["n_head"] = s.heads;
    j["n_positions"] = s.context;
    j["n_inner"] = s.hidden;
    j["layer_norm_epsilon"] = 1e-5;
    return j;
  }
  j["hidden_size"] = s.dModel;
  j["num_hidden_layers"] = s.layers;
  j["num_attention_heads"] = s.heads;
  j["num_key_value_heads"] = s.kvHeads;
  j["intermediate_size"] = s.hidden;
  j["max_position_embeddings"] = s.context;
  j["rms_norm_eps"] = 1e-5;
  j["rope_theta"] = s.ropeTheta;
  j["tie_word_embeddings"] = s.tied;
  j["attention_bias"] = s.qkvBias;
  return j;
}

void gpt2Tensors(const TinySpec& s, Filler& f, std::vector<TensorToWrite>& out) {
  const std::int64_t C = s.dModel, F = s.hidden;
  const std::string pre = s.transformerPrefix ? "transformer." : "";
  const double ws = 0.5 / std::sqrt(static_cast<double>(C));
  auto add = [&](const std::string& n, std::vector<std::int64_t> shape, double scale, double mean = 0.0) {
    std::size_t count = 1;
    for (auto d : shape) count *= static_cast<std::size_t>(d);
    out.push_back(tensor(n, shape, f.normal(count, scale, mean), s.dtype));
  };
  add(pre + "wte.weight", {s.vocab, C}, 0.5);
  add(pre + "wpe.weight", {s.context, C}, 0.3);
  for (int l = 0; l < s.layers; ++l) {
    const std::string h = pre + "h." + std::to_string(l) + ".";
    add(h + "ln_1.weight", {C}, 0.1, 1.0);
    add(h + "ln_1.bias", {C}, 0.1);
    add(h + "attn.c_attn.weight", {C, 3 * C}, 3 * ws);
    add(h + "attn.c_attn.bias", {3 * C}, 0.1);
    add(h + "attn.c_proj.weight", {C, C}, ws);
    add(h + "attn.c_proj.bias", {C}, 0.1);
    add(h + "ln_2.weight", {C}, 0.1, 1.0);
    add(h + "ln_2.bias", {C}, 0.1);
    add(h + "mlp.c_fc.weight", {C, F}, ws);
    add(h + "mlp.c_fc.bias", {F}, 0.1);
    add(h + "mlp.c_proj.weight", {F, C}, ws);
    add(h + "mlp.c_proj.bias", {C}, 0.1);
  }
  add(pre + "ln_f.weight", {C}, 0.1, 1.0);
  add(pre + "ln_f.bias", {C}, 0.1);
}

void llamaTensors(const TinySpec& s, Filler& f, std::vector<TensorToWrite>& out) {
  const std::int64_t C = s.dModel, F = s.hidden, D = s.dModel / s.heads;
  const std::int64_t HD = s.heads * D, KD = s.kvHeads * D;
  const double ws = 1.5 / std::sqrt(static_cast<double>(C));
  auto add = [&](const std::string& n, std::vector<std::int64_t> shape, double scale, double mean = 0.0) {
    std::size_t count = 1;
    for (auto d : shape) count *= static_cast<std::size_t>(d);
    out.push_back(tensor(n, shape, f.normal(count, scale, mean), s.dtype));
  };
  add("model.embed_tokens.weight", {s.vocab, C}, 1.0);
  for (int l = 0; l < s.layers; ++l) {
    const std::string p = "model.layers." + std::to_string(l) + ".";
    add(p + "input_layernorm.weight", {C}, 0.1, 1.0);
    add(p + "self_attn.q_proj.weight", {HD, C}, ws);
    add(p + "self_attn.k_proj.weight", {KD, C}, ws);
    add(p + "self_attn.v_proj.weight", {KD, C}, ws);
    if (s.qkvBias) {
      add(p + "self_attn.q_proj.bias", {HD}, 0.2);
      add(p + "self_attn.k_proj.bias", {KD}, 0.2);
      add(p + "self_attn.v_proj.bias", {KD}, 0.2);
    }
    add(p + "self_attn.o_proj.weight", {C, HD}, ws);
    add(p + "post_attention_layernorm.weight", {C}, 0.1, 1.0);
    add(p + "mlp.gate_proj.weight", {F, C}, ws);
    add(p + "mlp.up_proj.weight", {F, C}, ws);
    add(p + "mlp.down_proj.weight", {C, F}, ws);
  }
  add("model.norm.weight", {C}, 0.1, 1.0);
  if (!s.tied) add("lm_head.weight", {s.vocab, C}, ws);
}

}  // namespace

namespace {

// The process's own folder under the temp dir (the process id keeps concurrent runs apart), removed
// when the test program exits.
struct ProcessTempRoot {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("glassbox-models-tests-" + std::to_string(::getpid()));
  ~ProcessTempRoot() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};
ProcessTempRoot gTempRoot;

}  // namespace

std::filesystem::path freshTempDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = gTempRoot.path / (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void writeTinyHfModel(const std::filesystem::path& dir, const TinySpec& spec, std::uint64_t seed,
                      const std::function<void(std::vector<TensorToWrite>&)>& edit) {
  std::filesystem::create_directories(dir);
  Filler f{Rng(seed)};
  std::vector<TensorToWrite> tensors;
  if (spec.arch == TinyArch::Gpt2) gpt2Tensors(spec, f, tensors);
  else llamaTensors(spec, f, tensors);
  if (edit) edit(tensors);
  writeSafetensors((dir / "model.safetensors").string(), tensors);
  Json config = configJson(spec);
  if (!spec.extraConfigJson.empty()) config.update(parseJson(spec.extraConfigJson, "TinySpec::extraConfigJson"));
  std::ofstream(dir / "config.json") << config.dump(2);
}

void writeTinyLlama2c(const std::filesystem::path& file, const TinySpec& s, std::uint64_t seed) {
  Filler f{Rng(seed)};
  const int C = s.dModel, F = s.hidden, L = s.layers, D = s.dModel / s.heads;
  const double ws = 1.5 / std::sqrt(static_cast<double>(C));
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  const std::int32_t header[7] = {C, F, L, s.heads, s.kvHeads, s.tied ? s.vocab : -s.vocab, s.context};
  out.write(reinterpret_cast<const char*>(header), sizeof header);
  auto put = [&](std::size_t n, double scale, double mean = 0.0) {
    const std::vector<float> v = f.normal(n, scale, mean);
    out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * 4));
  };
  const std::size_t Ls = static_cast<std::size_t>(L), HD = static_cast<std::size_t>(s.heads) * D,
                    KD = static_cast<std::size_t>(s.kvHeads) * D;
  put(static_cast<std::size_t>(s.vocab) * C, 1.0);  // token_embedding [V][C]
  put(Ls * C, 0.1, 1.0);                            // rms_att [L][C]
  put(Ls * HD * C, ws);                             // wq [L][H*D][C]
  put(Ls * KD * C, ws);                             // wk
  put(Ls * KD * C, ws);                             // wv
  put(Ls * C * HD, ws);                             // wo [L][C][H*D]
  put(Ls * C, 0.1, 1.0);                            // rms_ffn
  put(Ls * F * C, ws);                              // w1 [L][F][C]
  put(Ls * C * F, ws);                              // w2 [L][C][F]
  put(Ls * F * C, ws);                              // w3 [L][F][C]
  put(static_cast<std::size_t>(C), 0.1, 1.0);       // rms_final
  put(static_cast<std::size_t>(s.context) * D, 1.0);  // freq_cis real + imag [P][D/2] each
  if (!s.tied) put(static_cast<std::size_t>(s.vocab) * C, ws);
}

TinySpec mistralSpec(int window) {
  TinySpec s;
  s.architectureName = "MistralForCausalLM";
  s.modelType = "mistral";
  s.heads = 4;
  s.kvHeads = 2;
  s.tied = false;
  s.extraConfigJson = R"({"sliding_window": )" + std::to_string(window) + "}";
  return s;
}

std::vector<float> forwardInChunks(const std::shared_ptr<const Model>& model, const std::vector<int>& ids,
                                   const std::vector<int>& lengths) {
  InferenceSession session(model);
  std::vector<float> out;
  std::size_t at = 0;
  for (int len : lengths) {
    const auto& l = session.forward(std::span<const int>(ids.data() + at, static_cast<std::size_t>(len)), {.allLogits = true});
    out.insert(out.end(), l.begin(), l.end());
    at += static_cast<std::size_t>(len);
  }
  EXPECT_EQ(at, ids.size()) << "the chunk lengths do not add up to the prompt";
  EXPECT_EQ(session.tokens(), ids);
  return out;
}

std::vector<float> decodeOneByOne(const std::shared_ptr<const Model>& model, const std::vector<int>& ids) {
  return forwardInChunks(model, ids, std::vector<int>(ids.size(), 1));
}

std::vector<int> randomTokens(int count, int vocab, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<int> ids(static_cast<std::size_t>(count));
  for (auto& id : ids) id = static_cast<int>(rng.below(static_cast<std::uint64_t>(vocab)));
  return ids;
}

double maxRelativeError(const std::vector<float>& a, const std::vector<double>& b, double floor) {
  EXPECT_EQ(a.size(), b.size());
  double worst = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    worst = std::max(worst, std::abs(a[i] - b[i]) / std::max(std::abs(b[i]), floor));
  return worst;
}

double normwiseRelativeError(const std::vector<float>& a, const std::vector<double>& b) {
  EXPECT_EQ(a.size(), b.size());
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    diff = std::max(diff, std::abs(a[i] - b[i]));
    scale = std::max(scale, std::abs(b[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

double maxRelativeError(const std::vector<float>& a, const std::vector<float>& b, double floor) {
  return maxRelativeError(a, std::vector<double>(b.begin(), b.end()), floor);
}

}  // namespace glassbox::testing
