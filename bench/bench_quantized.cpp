// Quantized decode and prefill: the GPT-2-small-shaped random model written as GGUF with our own
// quantizer in Q8_0, Q4_0 and Q4_K, loaded like any model file. For each type and thread count:
//   decode_tok_s_<type>            greedy-free decode after a 16-token prompt (KV cache), best of rounds;
//   decode_bandwidth_ratio_<type>  quantized weight bytes read per token (every matmul and the tied LM
//                                  head, as stored) x tokens/s, over max(STREAM copy, triad) measured in
//                                  the same run with the same threads;
//   prefill_tok_s_128_<type>       a 128-token prompt from position 0.
// Types are spelled lower-case in the keys (q8_0, q4_0, q4_k).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "bench.h"
#include "bench_bandwidth.h"
#include "bench_models.h"
#include "core/thread_pool.h"
#include "models/model.h"
#include "models/model_weights.h"

namespace glassbox::bench {

namespace {

// Bytes of weights one decoded token reads: every projection and the LM head, as stored.
double weightBytesRead(const Model& m) {
  auto bytes = [](const Linear& l) {
    if (l.blocks) return static_cast<double>(l.rowBytes) * l.out;
    return static_cast<double>(l.in) * l.out * (l.weight16 ? 2.0 : 4.0);
  };
  const ModelWeights& w = m.weights();
  double total = bytes(w.lmHead);
  for (const LayerWeights& L : w.decoder.layers)
    for (const Linear* l : {&L.self.qkv, &L.self.q, &L.self.k, &L.self.v, &L.self.o, &L.ffn.gate, &L.ffn.up, &L.ffn.down})
      if (l->in > 0 && l->out > 0) total += bytes(*l);
  return total;
}

std::vector<int> prompt(int n, int vocab) {
  std::vector<int> p(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) p[static_cast<std::size_t>(i)] = (i * 7919 + 13) % vocab;
  return p;
}

double decodeTokS(const std::shared_ptr<const Model>& model, int tokens, int rounds) {
  const int V = model->config().vocabSize;
  InferenceSession session(model, 16 + tokens);
  double best = 0;
  for (int r = 0; r < rounds; ++r) {
    session.reset();
    session.forward(prompt(16, V));
    const double t0 = nowSeconds();
    for (int i = 0; i < tokens; ++i) {
      const int token = (i * 31 + 5) % V;
      session.forward(std::span<const int>(&token, 1));
    }
    best = std::max(best, tokens / (nowSeconds() - t0));
  }
  return best;
}

double prefillTokS(const std::shared_ptr<const Model>& model, int T, int rounds) {
  InferenceSession session(model, T);
  const auto p = prompt(T, model->config().vocabSize);
  double best = 0;
  for (int r = 0; r < rounds; ++r) {
    session.reset();
    const double t0 = nowSeconds();
    session.forward(p);
    best = std::max(best, T / (nowSeconds() - t0));
  }
  return best;
}

// VmRSS of this process in MB (0 where /proc is absent).
double rssMb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return 0;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

GLASSBOX_BENCH(decode_quantized, 35) {
  const std::size_t n = ctx.quick ? (std::size_t{8} << 20) : (std::size_t{32} << 20);
  const int reps = ctx.quick ? 2 : 4, tokens = ctx.quick ? 4 : 48, rounds = ctx.quick ? 1 : 3;
  for (DType t : {DType::Q8_0, DType::Q4_0, DType::Q4_K}) {
    const std::string name = lower(dtypeName(t));
    const auto file = std::filesystem::temp_directory_path() / ("glassbox-bench-gpt2-small-" + name + ".gguf");
    const double w0 = nowSeconds();
    writeGpt2SmallGguf(file, t);
    const double rss0 = rssMb(), w1 = nowSeconds();
    auto model = Model::load(file.string());
    ctx.report("gguf_write_s_" + name, w1 - w0, "s", "random GPT-2 small quantized by our quantizer");
    ctx.report("gguf_load_s_" + name, nowSeconds() - w1, "s", "map, validate, scale scan");
    ctx.report("weights_copied_mb_" + name, static_cast<double>(model->weights().ownedBytes) / (1 << 20), "MB",
               "converted at load (norms, biases, positions); the quantized weights stay in the mapping");
    ctx.report("rss_mb_" + name, rssMb() - rss0, "MB", "VmRSS delta after load (mapped pages touched by the scan)");
    const double bytes = weightBytesRead(*model);
    for (int threads : ctx.threadCounts) {
      ThreadPool::setGlobalThreads(threads);
      const Bandwidth before = measureBandwidth(n, reps);
      const double tps = decodeTokS(model, tokens, rounds);
      const double prefill = prefillTokS(model, 128, ctx.quick ? 1 : 3);
      const Bandwidth bw = bestBandwidth(before, measureBandwidth(n, reps));
      reportBoth(ctx, threads, "decode_tok_s_" + name, tps, "tokens/s", "16-token prompt, then KV-cached decode");
      reportBoth(ctx, threads, "decode_weight_gb_s_" + name, tps * bytes / 1e9, "GB/s",
                 std::to_string(bytes / 1e6).substr(0, 6) + " MB of quantized weights per token");
      reportBoth(ctx, threads, "decode_bandwidth_ratio_" + name, tps * bytes / bw.best(), "x",
                 "over max(STREAM copy, triad), same threads");
      reportBoth(ctx, threads, "prefill_tok_s_128_" + name, prefill, "tokens/s", "128-token prompt from position 0");
    }
    model.reset();
    std::filesystem::remove(file);
  }
}

}  // namespace glassbox::bench
