// Random-weight models for the benchmarks (see bench_models.h).
#include "bench_models.h"

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "core/rng.h"
#include "formats/gguf_writer.h"
#include "formats/safetensors.h"

namespace glassbox::bench {

namespace {

// Uniform values in [-scale, scale] (weights of a random model: only the speed matters), stored as dtype.
TensorToWrite randomTensor(const std::string& name, std::vector<std::int64_t> shape, Rng& rng, DType dtype,
                           float scale, float offset = 0.0f) {
  std::size_t n = 1;
  for (auto d : shape) n *= static_cast<std::size_t>(d);
  std::vector<float> v(n);
  for (auto& x : v) x = offset + scale * static_cast<float>(2.0 * rng.uniform() - 1.0);
  if (dtype == DType::F32) return f32Tensor(name, std::move(shape), v);
  TensorToWrite t{name, dtype, std::move(shape), std::vector<std::uint8_t>(n * 2)};
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint16_t h = dtype == DType::F16 ? floatToHalf(v[i]) : floatToBfloat16(v[i]);
    std::memcpy(t.data.data() + 2 * i, &h, 2);
  }
  return t;
}

}  // namespace

// GPT-2 small: L=12, C=768, H=12, F=3072, V=50257, P=1024 (124,439,808 parameters).
std::filesystem::path writeGpt2Small(const std::filesystem::path& dir, DType dtype) {
  const std::int64_t C = 768, F = 3072, V = 50257, P = 1024;
  const int L = 12;
  std::filesystem::create_directories(dir);
  Rng rng(1);
  std::vector<TensorToWrite> t;
  t.push_back(randomTensor("wte.weight", {V, C}, rng, dtype, 0.1f));
  t.push_back(randomTensor("wpe.weight", {P, C}, rng, dtype, 0.01f));
  for (int l = 0; l < L; ++l) {
    const std::string h = "h." + std::to_string(l) + ".";
    t.push_back(randomTensor(h + "ln_1.weight", {C}, rng, dtype, 0.1f, 1.0f));
    t.push_back(randomTensor(h + "ln_1.bias", {C}, rng, dtype, 0.01f));
    t.push_back(randomTensor(h + "attn.c_attn.weight", {C, 3 * C}, rng, dtype, 0.05f));
    t.push_back(randomTensor(h + "attn.c_attn.bias", {3 * C}, rng, dtype, 0.01f));
    t.push_back(randomTensor(h + "attn.c_proj.weight", {C, C}, rng, dtype, 0.02f));
    t.push_back(randomTensor(h + "attn.c_proj.bias", {C}, rng, dtype, 0.01f));
    t.push_back(randomTensor(h + "ln_2.weight", {C}, rng, dtype, 0.1f, 1.0f));
    t.push_back(randomTensor(h + "ln_2.bias", {C}, rng, dtype, 0.01f));
    t.push_back(randomTensor(h + "mlp.c_fc.weight", {C, F}, rng, dtype, 0.05f));
    t.push_back(randomTensor(h + "mlp.c_fc.bias", {F}, rng, dtype, 0.01f));
    t.push_back(randomTensor(h + "mlp.c_proj.weight", {F, C}, rng, dtype, 0.02f));
    t.push_back(randomTensor(h + "mlp.c_proj.bias", {C}, rng, dtype, 0.01f));
  }
  t.push_back(randomTensor("ln_f.weight", {C}, rng, dtype, 0.1f, 1.0f));
  t.push_back(randomTensor("ln_f.bias", {C}, rng, dtype, 0.01f));
  writeSafetensors((dir / "model.safetensors").string(), t);
  std::ofstream(dir / "config.json")
      << R"({"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 768, "n_layer": 12,)"
      << R"( "n_head": 12, "n_positions": 1024, "vocab_size": 50257, "layer_norm_epsilon": 1e-5})";
  return dir;
}

std::filesystem::path writeGpt2SmallGguf(const std::filesystem::path& file, DType dtype) {
  const std::int64_t C = 768, F = 3072, V = 50257, P = 1024;
  const int L = 12;
  Rng rng(1);
  auto values = [&](std::size_t n, float scale, float offset = 0.0f) {
    std::vector<float> v(n);
    for (auto& x : v) x = offset + scale * static_cast<float>(2.0 * rng.uniform() - 1.0);
    return v;
  };
  GgufWriter w;
  w.addString("general.architecture", "gpt2");
  w.addUInt32("gpt2.block_count", L);
  w.addUInt32("gpt2.embedding_length", C);
  w.addUInt32("gpt2.feed_forward_length", F);
  w.addUInt32("gpt2.attention.head_count", 12);
  w.addUInt32("gpt2.context_length", P);
  w.addFloat32("gpt2.attention.layer_norm_epsilon", 1e-5f);
  auto matrix = [&](const std::string& name, std::int64_t rows, std::int64_t cols, float scale) {
    w.addTensorFrom(name, dtype, {rows, cols}, values(static_cast<std::size_t>(rows * cols), scale));
  };
  auto vector = [&](const std::string& name, std::int64_t n, float scale, float offset = 0.0f) {
    w.addTensorFrom(name, DType::F32, {n}, values(static_cast<std::size_t>(n), scale, offset));
  };
  matrix("token_embd.weight", V, C, 0.1f);
  w.addTensorFrom("position_embd.weight", DType::F32, {P, C}, values(static_cast<std::size_t>(P * C), 0.01f));
  for (int l = 0; l < L; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    vector(b + "attn_norm.weight", C, 0.1f, 1.0f);
    vector(b + "attn_norm.bias", C, 0.01f);
    matrix(b + "attn_qkv.weight", 3 * C, C, 0.05f);  // [out][in]
    vector(b + "attn_qkv.bias", 3 * C, 0.01f);
    matrix(b + "attn_output.weight", C, C, 0.02f);
    vector(b + "attn_output.bias", C, 0.01f);
    vector(b + "ffn_norm.weight", C, 0.1f, 1.0f);
    vector(b + "ffn_norm.bias", C, 0.01f);
    matrix(b + "ffn_up.weight", F, C, 0.05f);
    vector(b + "ffn_up.bias", F, 0.01f);
    matrix(b + "ffn_down.weight", C, F, 0.02f);
    vector(b + "ffn_down.bias", C, 0.01f);
  }
  vector("output_norm.weight", C, 0.1f, 1.0f);
  vector("output_norm.bias", C, 0.01f);
  w.write(file.string());
  return file;
}

}  // namespace glassbox::bench
