// The encoder forward against the machine's GEMM, measured in the same run:
//   encoder_gemm_ratio_<T>: a BERT-base-shaped encoder's FLOP/s over T tokens (EncoderSession::encode,
//   embeddings to last hidden state) over Eigen's GEMM FLOP/s on the same per-layer matmul shapes;
//   encoder_gemm_ratio: the lower of T = 128 and 512. Goal >= 0.7 (issue 13).
//
// Shape legend: T = tokens, C = hidden size, F = intermediate size, V = vocabulary, L = layers.
#include <Eigen/Core>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench.h"
#include "core/rng.h"
#include "core/thread_pool.h"
#include "formats/safetensors.h"
#include "models/model.h"
#include "models/session.h"

namespace glassbox::bench {

namespace {

// BERT base: L=12, C=768, H=12, F=3072, V=30522, P=512, 2 token types (BertModel, random weights).
std::filesystem::path writeBertBase(const std::filesystem::path& dir, int layers) {
  const int C = 768, F = 3072, V = 30522, P = 512;
  std::filesystem::create_directories(dir);
  Rng rng(3);
  std::vector<TensorToWrite> t;
  auto add = [&](const std::string& name, std::vector<std::int64_t> shape, float scale, float offset = 0.0f) {
    std::size_t n = 1;
    for (auto d : shape) n *= static_cast<std::size_t>(d);
    std::vector<float> v(n);
    for (auto& x : v) x = offset + scale * static_cast<float>(2.0 * rng.uniform() - 1.0);
    t.push_back(f32Tensor(name, std::move(shape), v));
  };
  auto dense = [&](const std::string& base, int in, int out) {
    add(base + ".weight", {out, in}, 0.05f);
    add(base + ".bias", {out}, 0.01f);
  };
  auto norm = [&](const std::string& base) {
    add(base + ".weight", {C}, 0.1f, 1.0f);
    add(base + ".bias", {C}, 0.01f);
  };
  add("embeddings.word_embeddings.weight", {V, C}, 0.1f);
  add("embeddings.position_embeddings.weight", {P, C}, 0.01f);
  add("embeddings.token_type_embeddings.weight", {2, C}, 0.01f);
  norm("embeddings.LayerNorm");
  for (int l = 0; l < layers; ++l) {
    const std::string h = "encoder.layer." + std::to_string(l) + ".";
    for (const char* p : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"})
      dense(h + p, C, C);
    norm(h + "attention.output.LayerNorm");
    dense(h + "intermediate.dense", C, F);
    dense(h + "output.dense", F, C);
    norm(h + "output.LayerNorm");
  }
  writeSafetensors((dir / "model.safetensors").string(), t);
  std::ofstream(dir / "config.json") << R"({"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 768,
    "num_hidden_layers": )" << layers << R"(, "num_attention_heads": 12, "intermediate_size": 3072, "vocab_size": 30522,
    "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu"})";
  return dir;
}

// Matmul FLOPs of one encode of T tokens: per layer q, k, v, o ([T x C].[C x C]), the MLP ([T x C].[C x F],
// [T x F].[F x C]) and attention's two [T x T x C] products.
double encoderFlops(const ModelConfig& c, int T) {
  const double C = c.dModel, F = c.hiddenDim;
  return c.numLayers * (2.0 * T * (4 * C * C + 2 * C * F) + 4.0 * T * double(T) * C);
}

double encodeSeconds(const std::shared_ptr<const Model>& model, int T, int rounds) {
  EncoderInput in;
  for (int i = 0; i < T; ++i) in.ids.push_back((i * 131 + 7) % model->config().vocabSize);
  EncoderSession session(model);
  session.encode(in);  // warm: buffers allocated
  double best = 1e30;
  for (int r = 0; r < rounds; ++r) {
    const double t0 = nowSeconds();
    session.encode(in);
    best = std::min(best, nowSeconds() - t0);
  }
  return best;
}

// Eigen's FLOP/s on the same shapes (attention's products left out: they are the small part), with the
// output columns split over the global pool as the engine does.
double eigenEncoderGemmFlopsPerS(const ModelConfig& c, int T, int rounds) {
  const Eigen::Index C = c.dModel, F = c.hiddenDim;
  const std::vector<std::pair<Eigen::Index, Eigen::Index>> shapes = {{C, C}, {C, C}, {C, C}, {C, C}, {C, F}, {F, C}};
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
    for (std::size_t s = 0; s < shapes.size(); ++s)
      ThreadPool::global().parallelFor(static_cast<std::size_t>(B[s].cols()), [&](std::size_t j0, std::size_t j1) {
        const auto n = static_cast<Eigen::Index>(j1 - j0), j = static_cast<Eigen::Index>(j0);
        Y[s].middleCols(j, n).noalias() = A[s] * B[s].middleCols(j, n);
      });
    best = std::min(best, nowSeconds() - t0);
  }
  return flops / best;
}

}  // namespace

GLASSBOX_BENCH(encoder_bert_base, 32) {
  const auto dir = std::filesystem::temp_directory_path() / "glassbox-bench-bert-base";
  const int layers = ctx.quick ? 2 : 12;
  writeBertBase(dir, layers);
  const auto model = Model::load(dir.string());
  const std::vector<int> lengths = ctx.quick ? std::vector<int>{32} : std::vector<int>{128, 512};
  for (int threads : ctx.threadCounts) {
    ThreadPool::setGlobalThreads(threads);
    std::printf("  -- %d thread(s)\n", threads);
    double worst = 1e30;
    for (int T : lengths) {
      const int rounds = ctx.quick ? 1 : (T <= 128 ? 4 : 2);
      const double s = encodeSeconds(model, T, rounds);
      // Per layer: Eigen on one layer's shapes, times the layer count.
      const double eigen = eigenEncoderGemmFlopsPerS(model->config(), T, rounds + 1);
      const double flops = encoderFlops(model->config(), T) / s;
      const std::string t = "_" + std::to_string(T);
      reportBoth(ctx, threads, "encoder_tokens_per_s" + t, T / s, "tokens/s", "BERT-base-shaped, " + std::to_string(layers) + " layers");
      reportBoth(ctx, threads, "encoder_gflop_s" + t, flops / 1e9, "GFLOP/s", "matmuls + attention products");
      reportBoth(ctx, threads, "encoder_gemm_ratio" + t, flops / eigen, "x", "goal >= 0.7");
      worst = std::min(worst, flops / eigen);
    }
    reportBoth(ctx, threads, "encoder_gemm_ratio", worst, "x", "the lower of the lengths above; goal >= 0.7");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace glassbox::bench
