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
#include "bench_models.h"
#include "core/rng.h"
#include "core/thread_pool.h"
#include "formats/safetensors.h"
#include "models/model.h"

namespace glassbox::bench {

namespace {

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
