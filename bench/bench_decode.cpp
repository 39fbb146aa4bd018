// Decode speed with the KV cache: a GPT-2-small-shaped model (124M parameters, random weights written
// here to a temporary safetensors folder) and aidreams260K when ../shared is present. Tokens per second
// of greedy decoding for each thread count, and the ratio between them.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "bench.h"
#include "core/rng.h"
#include "core/thread_pool.h"
#include "formats/safetensors.h"
#include "models/model.h"

namespace glassbox::bench {

namespace {

// Uniform values in [-scale, scale] (weights of a random model: only the speed matters).
TensorToWrite randomTensor(const std::string& name, std::vector<std::int64_t> shape, Rng& rng, float scale,
                           float offset = 0.0f) {
  std::size_t n = 1;
  for (auto d : shape) n *= static_cast<std::size_t>(d);
  std::vector<float> v(n);
  for (auto& x : v) x = offset + scale * static_cast<float>(2.0 * rng.uniform() - 1.0);
  return f32Tensor(name, std::move(shape), v);
}

// GPT-2 small: L=12, C=768, H=12, F=3072, V=50257, P=1024 (124,439,808 parameters).
std::filesystem::path writeGpt2Small(const std::filesystem::path& dir) {
  const std::int64_t C = 768, F = 3072, V = 50257, P = 1024;
  const int L = 12;
  std::filesystem::create_directories(dir);
  Rng rng(1);
  std::vector<TensorToWrite> t;
  t.push_back(randomTensor("wte.weight", {V, C}, rng, 0.1f));
  t.push_back(randomTensor("wpe.weight", {P, C}, rng, 0.01f));
  for (int l = 0; l < L; ++l) {
    const std::string h = "h." + std::to_string(l) + ".";
    t.push_back(randomTensor(h + "ln_1.weight", {C}, rng, 0.1f, 1.0f));
    t.push_back(randomTensor(h + "ln_1.bias", {C}, rng, 0.01f));
    t.push_back(randomTensor(h + "attn.c_attn.weight", {C, 3 * C}, rng, 0.05f));
    t.push_back(randomTensor(h + "attn.c_attn.bias", {3 * C}, rng, 0.01f));
    t.push_back(randomTensor(h + "attn.c_proj.weight", {C, C}, rng, 0.02f));
    t.push_back(randomTensor(h + "attn.c_proj.bias", {C}, rng, 0.01f));
    t.push_back(randomTensor(h + "ln_2.weight", {C}, rng, 0.1f, 1.0f));
    t.push_back(randomTensor(h + "ln_2.bias", {C}, rng, 0.01f));
    t.push_back(randomTensor(h + "mlp.c_fc.weight", {C, F}, rng, 0.05f));
    t.push_back(randomTensor(h + "mlp.c_fc.bias", {F}, rng, 0.01f));
    t.push_back(randomTensor(h + "mlp.c_proj.weight", {F, C}, rng, 0.02f));
    t.push_back(randomTensor(h + "mlp.c_proj.bias", {C}, rng, 0.01f));
  }
  t.push_back(randomTensor("ln_f.weight", {C}, rng, 0.1f, 1.0f));
  t.push_back(randomTensor("ln_f.bias", {C}, rng, 0.01f));
  writeSafetensors((dir / "model.safetensors").string(), t);
  std::ofstream(dir / "config.json")
      << R"({"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "n_embd": 768, "n_layer": 12,)"
      << R"( "n_head": 12, "n_positions": 1024, "vocab_size": 50257, "layer_norm_epsilon": 1e-5})";
  return dir;
}

int argmax(const std::vector<float>& v) { return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin()); }

struct Speed {
  double prefill = 0;     // tokens/s, wall clock
  double decode = 0;      // tokens/s, wall clock
  double decodeCpu = 0;   // tokens per CPU-second of the process (all threads): robust on a busy machine
};

double cpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

// Prefill `promptLength` tokens, then greedy-decode `decodeTokens` one at a time. Runs `rounds` times
// and keeps the fastest of each figure.
Speed measure(const std::shared_ptr<const Model>& model, int promptLength, int decodeTokens, int rounds) {
  std::vector<int> prompt(static_cast<std::size_t>(promptLength));
  for (int i = 0; i < promptLength; ++i) prompt[static_cast<std::size_t>(i)] = (i * 7 + 1) % model->config().vocabSize;
  Speed best;
  InferenceSession session(model, promptLength + decodeTokens);
  for (int r = 0; r < rounds; ++r) {
    session.reset();
    const double t0 = nowSeconds();
    int token = argmax(session.forward(prompt));
    const double t1 = nowSeconds(), c1 = cpuSeconds();
    for (int i = 0; i < decodeTokens; ++i) token = argmax(session.forward(std::span<const int>(&token, 1)));
    const double t2 = nowSeconds(), c2 = cpuSeconds();
    best.prefill = std::max(best.prefill, promptLength / (t1 - t0));
    best.decode = std::max(best.decode, decodeTokens / (t2 - t1));
    best.decodeCpu = std::max(best.decodeCpu, decodeTokens / std::max(c2 - c1, 1e-9));
  }
  return best;
}

void runModel(BenchContext& ctx, const std::string& key, const std::shared_ptr<const Model>& model, int prompt,
              int decode, int rounds) {
  double first = 0;
  for (int threads : ctx.threadCounts) {
    ThreadPool::setGlobalThreads(threads);
    const Speed s = measure(model, prompt, decode, rounds);
    const std::string suffix = "_t" + std::to_string(threads);
    ctx.report(key + "_prefill_tokens_per_s" + suffix, s.prefill, "tokens/s", std::to_string(prompt) + "-token prompt");
    ctx.report(key + "_decode_tokens_per_s" + suffix, s.decode, "tokens/s",
               std::to_string(decode) + " tokens after the prompt, KV cache");
    ctx.report(key + "_decode_tokens_per_cpu_s" + suffix, s.decodeCpu, "tokens/cpu-s", "process CPU time");
    if (first == 0) first = s.decode;
    else ctx.report(key + "_decode_speedup" + suffix, s.decode / first, "x", "vs " + std::to_string(ctx.threadCounts[0]) + " thread(s)");
  }
}

}  // namespace

GLASSBOX_BENCH(decode_gpt2_small, 40) {
  const auto dir = std::filesystem::temp_directory_path() / "glassbox-bench-gpt2-small";
  const double t0 = nowSeconds();
  writeGpt2Small(dir);
  const double t1 = nowSeconds();
  auto model = Model::load(dir.string());
  const double t2 = nowSeconds();
  ctx.report("gpt2_small_parameters", static_cast<double>(model->info().parameterCount), "params");
  ctx.report("gpt2_small_write_s", t1 - t0, "s", "random weights to safetensors");
  ctx.report("gpt2_small_load_s", t2 - t1, "s", "map, validate, NaN scan");
  runModel(ctx, "gpt2_small", model, ctx.quick ? 8 : 32, ctx.quick ? 8 : 64, ctx.quick ? 1 : 2);
  model.reset();
  std::filesystem::remove_all(dir);
}

GLASSBOX_BENCH(decode_aidreams260k, 41) {
  const std::string path = GLASSBOX_SOURCE_DIR "/../shared/fixtures/aidreams260K/aidreams260K.bin";
  if (!std::filesystem::exists(path)) {
    std::printf("  skipped: %s is absent\n", path.c_str());
    return;
  }
  auto model = Model::load(path);
  runModel(ctx, "aidreams260k", model, 8, 120, ctx.quick ? 3 : 20);
}

}  // namespace glassbox::bench
