// The engine against the machine's own limits, all measured in the same run:
//   - STREAM-style memory bandwidth (copy, triad, read) over arrays 4x the last-level cache;
//   - decode_bandwidth_ratio: weight bytes read per decoded token x tokens/s, over that bandwidth;
//   - prefill_gemm_ratio: prefill FLOP/s over Eigen's GEMM FLOP/s on the same matmul shapes;
//   - trace_overhead: prefill with the full trace over prefill without;
//   - load_s, rss_mb: Model::load of the GPT-2-small-shaped file, page cache warm (just written).
// Every figure is reported per thread count (_t1, _t2); the headline key without suffix is the last
// thread count of the run (2 by default: this machine's cores).
//
// Shape legend: T = tokens, C = channels, F = MLP hidden size, V = vocabulary, L = layers.
#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench.h"
#include "bench_bandwidth.h"
#include "bench_models.h"
#include "bench_torch.h"
#include "core/thread_pool.h"
#include "models/model.h"
#include "models/model_weights.h"

namespace glassbox::bench {

namespace {


// ---- memory bandwidth -------------------------------------------------------------------------------

}  // namespace

// n floats per array; the best of `reps` runs of each kernel, split over the global pool's threads.
Bandwidth measureBandwidth(std::size_t n, int reps) {
  std::vector<float> a(n), b(n), c(n);
  auto& pool = ThreadPool::global();
  // First touch on the threads that will use the pages.
  pool.parallelFor(n, [&](std::size_t i0, std::size_t i1) {
    for (std::size_t i = i0; i < i1; ++i) a[i] = 1.0f, b[i] = 2.0f, c[i] = 0.0f;
  });
  const double bytes = static_cast<double>(n) * sizeof(float);
  std::atomic<double> sink{0.0};
  Bandwidth bw;
  for (int r = 0; r < reps; ++r) {
    double t0 = nowSeconds();
    pool.parallelFor(n, [&](std::size_t i0, std::size_t i1) { std::copy(a.begin() + i0, a.begin() + i1, c.begin() + i0); });
    bw.copy = std::max(bw.copy, 2 * bytes / (nowSeconds() - t0));
    t0 = nowSeconds();
    pool.parallelFor(n, [&](std::size_t i0, std::size_t i1) {
      for (std::size_t i = i0; i < i1; ++i) a[i] = b[i] + 3.0f * c[i];
    });
    bw.triad = std::max(bw.triad, 3 * bytes / (nowSeconds() - t0));
    t0 = nowSeconds();
    pool.parallelFor(n, [&](std::size_t i0, std::size_t i1) {
      const float s = Eigen::Map<const Eigen::ArrayXf>(a.data() + i0, static_cast<Eigen::Index>(i1 - i0)).sum();
      sink.fetch_add(s);  // one add per chunk keeps the sum alive
    });
    bw.read = std::max(bw.read, bytes / (nowSeconds() - t0));
  }
  if (sink.load() == 0.0) std::printf("  (unexpected zero sum)\n");
  return bw;
}

namespace {

// ---- model shapes -----------------------------------------------------------------------------------

// Multiply-adds of the matmuls of one token through all layers (what 2*params*T counts), excluding the
// LM head. GPT-2: C*3C + C*C + 2*C*F per layer; Llama: q, k, v, o and gate/up/down.
double matmulParams(const ModelConfig& c) {
  const double C = c.dModel, F = c.hiddenDim, qd = double(c.numHeads) * c.headDim, kd = double(c.numKvHeads) * c.headDim;
  const double attn = C * qd + 2 * C * kd + qd * C;
  const double mlp = (c.gatedFfn ? 3 : 2) * C * F;
  return c.numLayers * (attn + mlp);
}

// Bytes read from weights per decoded token: all matmul weights + the LM head [V][C], at 4 bytes per
// weight (F32) or 2 (F16/BF16, used in place by the kernels).
double weightBytesPerToken(const ModelConfig& c, double bytesPerWeight = 4.0) {
  return bytesPerWeight * (matmulParams(c) + double(c.vocabSize) * c.dModel);
}

// FLOPs of a prefill of T tokens from position 0: the matmuls, the LM head of the last token only
// (ForwardOptions::allLogits off) and causal attention (QK^T and AV over T(T+1)/2 pairs per head).
double prefillFlops(const ModelConfig& c, int T) {
  const double qd = double(c.numHeads) * c.headDim;
  return 2.0 * matmulParams(c) * T + 2.0 * c.vocabSize * c.dModel + 2.0 * c.numLayers * qd * T * (T + 1.0);
}

std::vector<int> promptOf(const Model& m, int n) {
  std::vector<int> p(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) p[static_cast<std::size_t>(i)] = (i * 7919 + 13) % m.config().vocabSize;
  return p;
}

// ---- engine timings ---------------------------------------------------------------------------------

// Decoded tokens/s with the KV cache after a 16-token prompt, best of `rounds`.
double decodeTokensPerS(const std::shared_ptr<const Model>& model, int tokens, int rounds) {
  const auto prompt = promptOf(*model, 16);
  InferenceSession session(model, 16 + tokens);
  double best = 0;
  for (int r = 0; r < rounds; ++r) {
    session.reset();
    session.forward(prompt);
    const double t0 = nowSeconds();
    for (int i = 0; i < tokens; ++i) {
      const int token = (i * 31 + 5) % model->config().vocabSize;
      session.forward(std::span<const int>(&token, 1));
    }
    best = std::max(best, tokens / (nowSeconds() - t0));
  }
  return best;
}

// Seconds of the fastest of `rounds` prefills of T tokens (with `trace` when non-null).
double prefillSeconds(const std::shared_ptr<const Model>& model, int T, int rounds, Trace* trace = nullptr) {
  const auto prompt = promptOf(*model, T);
  InferenceSession session(model, T);
  ForwardOptions options;
  options.trace = trace;
  double best = 1e30;
  for (int r = 0; r < rounds; ++r) {
    session.reset();
    const double t0 = nowSeconds();
    session.forward(prompt, options);
    best = std::min(best, nowSeconds() - t0);
  }
  return best;
}

// Eigen's GEMM FLOP/s on the per-layer matmul shapes of a prefill of T tokens: [T x C].[C x 3C],
// [T x C].[C x C], [T x C].[C x F], [T x F].[F x C] (GPT-2 layout). With more than one thread the output
// columns are split over the global pool, each part one plain Eigen product (Eigen here has no OpenMP).
double eigenGemmFlopsPerS(const ModelConfig& c, int T, int rounds) {
  const Eigen::Index C = c.dModel, F = c.hiddenDim;
  const std::vector<std::pair<Eigen::Index, Eigen::Index>> shapes = {{C, 3 * C}, {C, C}, {C, F}, {F, C}};
  std::vector<Eigen::MatrixXf> A, B, Y;
  double flops = 0;
  for (auto [in, out] : shapes) {
    A.push_back(Eigen::MatrixXf::Random(T, in));
    B.push_back(Eigen::MatrixXf::Random(in, out));
    Y.push_back(Eigen::MatrixXf::Zero(T, out));
    flops += 2.0 * T * double(in) * double(out);
  }
  double best = 1e30;
  for (int r = 0; r < rounds; ++r) {
    const double t0 = nowSeconds();
    for (std::size_t s = 0; s < shapes.size(); ++s) {
      ThreadPool::global().parallelFor(static_cast<std::size_t>(B[s].cols()), [&](std::size_t j0, std::size_t j1) {
        const auto n = static_cast<Eigen::Index>(j1 - j0), j = static_cast<Eigen::Index>(j0);
        Y[s].middleCols(j, n).noalias() = A[s] * B[s].middleCols(j, n);
      });
    }
    best = std::min(best, nowSeconds() - t0);
  }
  return flops / best;
}

// ---- resident memory --------------------------------------------------------------------------------

// A field of /proc/self/status in MB ("VmRSS", "RssAnon", "RssFile"); 0 where absent (not Linux).
double procStatusMb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atof(line.c_str() + field.size() + 1) / 1024.0;
  }
  return 0;
}

// ---- the benchmark sections -------------------------------------------------------------------------

}  // namespace

Bandwidth bestBandwidth(const Bandwidth& a, const Bandwidth& b) {
  return {std::max(a.copy, b.copy), std::max(a.triad, b.triad), std::max(a.read, b.read)};
}

namespace {

void reportBandwidth(BenchContext& ctx, int threads, const Bandwidth& bw, std::size_t n, int reps) {
  const std::string note = std::to_string(n * 4 >> 20) + " MiB arrays, best of 2x" + std::to_string(reps);
  reportBoth(ctx, threads, "stream_copy_gb_s", bw.copy / 1e9, "GB/s", note);
  reportBoth(ctx, threads, "stream_triad_gb_s", bw.triad / 1e9, "GB/s", note);
  reportBoth(ctx, threads, "stream_read_gb_s", bw.read / 1e9, "GB/s", "sum of one array (read only)");
}

// tps: decoded tokens/s of `model`; bw: the machine's bandwidth with the same threads.
void reportDecode(BenchContext& ctx, int threads, const std::string& prefix, const std::shared_ptr<const Model>& model,
                  double tps, const Bandwidth& bw) {
  const double bytes = weightBytesPerToken(model->config());
  const double achieved = tps * bytes;
  reportBoth(ctx, threads, prefix + "decode_tokens_per_s", tps, "tokens/s", "16-token prompt, then KV-cached decode");
  reportBoth(ctx, threads, prefix + "decode_weight_gb_s", achieved / 1e9, "GB/s",
             std::to_string(bytes / 1e6).substr(0, 6) + " MB of matmul + LM-head weights per token");
  reportBoth(ctx, threads, prefix + "decode_bandwidth_ratio", achieved / bw.best(), "x",
             "over max(STREAM copy, triad), same threads; goal >= 0.7");
  reportBoth(ctx, threads, prefix + "decode_bandwidth_ratio_vs_read", achieved / bw.read, "x",
             "over read-only bandwidth (stricter)");
}

void benchPrefill(BenchContext& ctx, int threads, const std::string& prefix, const std::shared_ptr<const Model>& model,
                  const std::vector<int>& lengths) {
  double worst = 1e30;
  for (int T : lengths) {
    const int rounds = ctx.quick ? 1 : (T <= 128 ? 4 : 2);
    const double s = prefillSeconds(model, T, rounds);
    const double flops = prefillFlops(model->config(), T) / s;
    const double eigen = eigenGemmFlopsPerS(model->config(), T, rounds + 1);
    const std::string t = "_" + std::to_string(T);
    reportBoth(ctx, threads, prefix + "prefill_tokens_per_s" + t, T / s, "tokens/s", "from position 0");
    reportBoth(ctx, threads, prefix + "prefill_gflop_s" + t, flops / 1e9, "GFLOP/s", "2*params*T + attention + last LM head");
    reportBoth(ctx, threads, prefix + "eigen_gemm_gflop_s" + t, eigen / 1e9, "GFLOP/s", "Eigen::MatrixXf, the 4 layer shapes");
    reportBoth(ctx, threads, prefix + "prefill_gemm_ratio" + t, flops / eigen, "x", "goal >= 0.7");
    worst = std::min(worst, flops / eigen);
  }
  reportBoth(ctx, threads, prefix + "prefill_gemm_ratio", worst, "x", "the lower of the lengths above");
}

void benchTrace(BenchContext& ctx, int threads, const std::shared_ptr<const Model>& model) {
  const int T = 128, rounds = ctx.quick ? 1 : 4;
  Trace trace;
  prefillSeconds(model, T, 1, &trace);  // warm: the trace's buffers are allocated once
  const double off = prefillSeconds(model, T, rounds);
  const double on = prefillSeconds(model, T, rounds, &trace);
  reportBoth(ctx, threads, "prefill_trace_s_128", on, "s", std::to_string(trace.bytes() >> 20) + " MiB trace");
  reportBoth(ctx, threads, "trace_overhead", on / off, "x", "128 tokens, trace on / off; goal <= 1.3");
}

// Loads the model, reporting time and the resident-memory delta split into anonymous (copied) and
// file-backed (mapped) pages, under keys ending in `tag` ("" for F32, "_f16"). Returns the model.
std::shared_ptr<const Model> benchLoad(BenchContext& ctx, int threads, const std::filesystem::path& dir,
                                       const std::string& tag = "") {
  const double rss0 = procStatusMb("VmRSS"), anon0 = procStatusMb("RssAnon"), file0 = procStatusMb("RssFile");
  const double t0 = nowSeconds();
  auto model = Model::load(dir.string());
  const double t1 = nowSeconds();
  const double owned = static_cast<double>(model->weights().ownedBytes) / (1 << 20);
  const std::string what = "GPT-2 small " + dtypeName(model->info().dtype);
  reportBoth(ctx, threads, "load_s" + tag, t1 - t0, "s", what + ", page cache warm (file just written)");
  reportBoth(ctx, threads, "rss_mb" + tag, procStatusMb("VmRSS") - rss0, "MB", what + ", VmRSS delta after load");
  reportBoth(ctx, threads, "rss_anon_mb" + tag, procStatusMb("RssAnon") - anon0, "MB", "anonymous (copied/allocated)");
  reportBoth(ctx, threads, "rss_file_mb" + tag, procStatusMb("RssFile") - file0, "MB", "file-backed (mapped weights)");
  reportBoth(ctx, threads, "weights_copied_mb" + tag, owned, "MB", owned == 0 ? "weights mapped, not copied" : "converted at load");
  return model;
}

// The F16 model against the same bandwidth, counting 2 bytes per weight, and its speed over F32's.
void reportDecodeF16(BenchContext& ctx, int threads, const std::shared_ptr<const Model>& model, double tps,
                     double tpsF32, const Bandwidth& bw) {
  const double bytes = weightBytesPerToken(model->config(), 2.0);
  reportBoth(ctx, threads, "decode_tok_s_f16", tps, "tokens/s", "F16 weights used in place, widened in the kernels");
  reportBoth(ctx, threads, "decode_weight_gb_s_f16", tps * bytes / 1e9, "GB/s",
             std::to_string(bytes / 1e6).substr(0, 6) + " MB of F16 weights per token");
  reportBoth(ctx, threads, "decode_bandwidth_ratio_f16", tps * bytes / bw.best(), "x",
             "over max(STREAM copy, triad), same threads");
  reportBoth(ctx, threads, "decode_speedup_f16", tps / tpsF32, "x", "F16 decode tokens/s over F32, same run");
}

}  // namespace

GLASSBOX_BENCH(engine_limits, 30) {
  const auto dir = std::filesystem::temp_directory_path() / "glassbox-bench-engine-gpt2-small";
  const auto dir16 = std::filesystem::temp_directory_path() / "glassbox-bench-engine-gpt2-small-f16";
  writeGpt2Small(dir);
  writeGpt2Small(dir16, DType::F16);
  const std::string kjv = GLASSBOX_SOURCE_DIR "/assets/models/glassbox-kjv";
  std::shared_ptr<const Model> small;
  if (std::filesystem::exists(kjv + "/model.safetensors")) small = Model::load(kjv);
  // 32M floats = 128 MiB per array, 4x a 32 MiB L3 (STREAM's rule); --quick: 32 MiB.
  const std::size_t n = ctx.quick ? (std::size_t{8} << 20) : (std::size_t{32} << 20);
  const int reps = ctx.quick ? 2 : 4, decodeTokens = ctx.quick ? 4 : 32, decodeRounds = ctx.quick ? 1 : 3;
  for (int threads : ctx.threadCounts) {
    ThreadPool::setGlobalThreads(threads);
    std::printf("  -- %d thread(s)\n", threads);
    const Bandwidth before = measureBandwidth(n, reps);
    auto model = benchLoad(ctx, threads, dir);
    auto model16 = benchLoad(ctx, threads, dir16, "_f16");
    const double tps = decodeTokensPerS(model, decodeTokens, decodeRounds);
    const double tps16 = decodeTokensPerS(model16, decodeTokens, decodeRounds);
    const double smallTps = small ? decodeTokensPerS(small, 256 - 16, decodeRounds) : 0.0;
    const Bandwidth bw = bestBandwidth(before, measureBandwidth(n, reps));
    reportBandwidth(ctx, threads, bw, n, reps);
    reportDecode(ctx, threads, "", model, tps, bw);
    reportDecodeF16(ctx, threads, model16, tps16, tps, bw);
    model16.reset();
    benchPrefill(ctx, threads, "", model, ctx.quick ? std::vector<int>{32} : std::vector<int>{128, 512});
    benchTrace(ctx, threads, model);
    if (small) {  // the default model fits in cache: its bandwidth ratio is not bounded by memory
      reportDecode(ctx, threads, "default_", small, smallTps, bw);
      benchPrefill(ctx, threads, "default_", small, {128});
    }
  }
  compareWithTorch(ctx, dir);  // the same F32 file; skipped with the reason when torch is absent
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(dir16);
}

}  // namespace glassbox::bench
