// T5 on flan-t5-small shapes (C=512, H=6, D=64, F=1024 gated-gelu, 8 + 8 layers, V=32128, untied head,
// random F32 weights):
//   t5_encode_tokens_per_s_16   encoding a 16-token input;
//   t5_decode_tokens_per_s      KV-cached decoder steps over the encoded input;
//   t5_decode_bandwidth_ratio   decoder weight bytes read per step (self q/k/v/o, cross q/o (cross keys
//                               and values are cached), the gated FFN and the LM head) x steps/s, over
//                               the STREAM bandwidth measured in the same run; goal >= 0.7;
//   t5_encode16_greedy24_s      encode 16 tokens + 24 greedy decoder steps, inside the process.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "bench.h"
#include "bench_bandwidth.h"
#include "core/rng.h"
#include "core/thread_pool.h"
#include "formats/safetensors.h"
#include "models/model.h"
#include "models/session.h"

namespace glassbox::bench {

namespace {

constexpr std::int64_t kC = 512, kHD = 384, kF = 1024, kV = 32128;
constexpr int kLayers = 8, kHeads = 6, kBuckets = 32;

TensorToWrite randomMatrix(const std::string& name, std::vector<std::int64_t> shape, Rng& rng, float scale,
                           float offset = 0.0f) {
  std::size_t n = 1;
  for (auto d : shape) n *= static_cast<std::size_t>(d);
  std::vector<float> v(n);
  for (auto& x : v) x = offset + scale * static_cast<float>(2.0 * rng.uniform() - 1.0);
  return f32Tensor(name, std::move(shape), v);
}

void addStack(std::vector<TensorToWrite>& t, Rng& rng, const std::string& stack, bool decoder) {
  for (int l = 0; l < kLayers; ++l) {
    const std::string b = stack + ".block." + std::to_string(l) + ".layer.";
    auto attention = [&](const std::string& p) {
      for (const char* m : {".q", ".k", ".v"}) t.push_back(randomMatrix(p + m + ".weight", {kHD, kC}, rng, 0.05f));
      t.push_back(randomMatrix(p + ".o.weight", {kC, kHD}, rng, 0.05f));
    };
    t.push_back(randomMatrix(b + "0.layer_norm.weight", {kC}, rng, 0.1f, 1.0f));
    attention(b + "0.SelfAttention");
    if (l == 0) t.push_back(randomMatrix(b + "0.SelfAttention.relative_attention_bias.weight", {kBuckets, kHeads}, rng, 0.5f));
    if (decoder) {
      t.push_back(randomMatrix(b + "1.layer_norm.weight", {kC}, rng, 0.1f, 1.0f));
      attention(b + "1.EncDecAttention");
    }
    const std::string f = b + (decoder ? "2" : "1");
    t.push_back(randomMatrix(f + ".layer_norm.weight", {kC}, rng, 0.1f, 1.0f));
    t.push_back(randomMatrix(f + ".DenseReluDense.wi_0.weight", {kF, kC}, rng, 0.05f));
    t.push_back(randomMatrix(f + ".DenseReluDense.wi_1.weight", {kF, kC}, rng, 0.05f));
    t.push_back(randomMatrix(f + ".DenseReluDense.wo.weight", {kC, kF}, rng, 0.05f));
  }
  t.push_back(randomMatrix(stack + ".final_layer_norm.weight", {kC}, rng, 0.1f, 1.0f));
}

void writeFlanT5Small(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  Rng rng(5);
  std::vector<TensorToWrite> t;
  t.push_back(randomMatrix("shared.weight", {kV, kC}, rng, 1.0f));
  addStack(t, rng, "encoder", false);
  addStack(t, rng, "decoder", true);
  t.push_back(randomMatrix("lm_head.weight", {kV, kC}, rng, 0.05f));
  writeSafetensors((dir / "model.safetensors").string(), t);
  std::ofstream(dir / "config.json")
      << R"({"architectures": ["T5ForConditionalGeneration"], "model_type": "t5", "d_model": 512, "d_kv": 64,)"
      << R"( "d_ff": 1024, "num_layers": 8, "num_decoder_layers": 8, "num_heads": 6, "vocab_size": 32128,)"
      << R"( "relative_attention_num_buckets": 32, "relative_attention_max_distance": 128,)"
      << R"( "feed_forward_proj": "gated-gelu", "tie_word_embeddings": false, "decoder_start_token_id": 0,)"
      << R"( "eos_token_id": 1, "pad_token_id": 0})";
}

double decoderBytesPerStep() {
  const double perLayer = 4.0 * kC * kHD + 2.0 * kC * kHD + 3.0 * kC * kF;
  return 4.0 * (kLayers * perLayer + static_cast<double>(kV) * kC);
}

int argmax(const std::vector<float>& v) { return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin()); }

// Encode 16 tokens, then `steps` greedy steps (EOS ignored so every run does the same work). Returns
// {encode seconds, decode seconds}.
std::pair<double, double> runOnce(const std::shared_ptr<const Model>& model, int steps) {
  Seq2SeqSession session(model);
  EncoderInput in;
  for (int i = 0; i < 16; ++i) in.ids.push_back(100 + 37 * i);
  const double t0 = nowSeconds();
  session.encode(in);
  const double t1 = nowSeconds();
  int token = session.decoderStartToken();
  for (int s = 0; s < steps; ++s) token = argmax(session.forward(std::span<const int>(&token, 1)));
  return {t1 - t0, nowSeconds() - t1};
}

}  // namespace

GLASSBOX_BENCH(t5_flan_small, 35) {
  const auto dir = std::filesystem::temp_directory_path() / "glassbox-bench-flan-t5-small";
  writeFlanT5Small(dir);
  const auto model = Model::load(dir.string());
  const std::size_t n = ctx.quick ? (std::size_t{8} << 20) : (std::size_t{32} << 20);
  const int rounds = ctx.quick ? 1 : 3, steps = 24;
  for (int threads : ctx.threadCounts) {
    ThreadPool::setGlobalThreads(threads);
    std::printf("  -- %d thread(s)\n", threads);
    const Bandwidth before = measureBandwidth(n, 2);
    runOnce(model, 2);  // warm
    double encode = 1e30, decode = 1e30, total = 1e30;
    for (int r = 0; r < rounds; ++r) {
      const auto [e, d] = runOnce(model, steps);
      encode = std::min(encode, e);
      decode = std::min(decode, d);
      total = std::min(total, e + d);
    }
    const Bandwidth bw = bestBandwidth(before, measureBandwidth(n, 2));
    const double tps = steps / decode;
    reportBoth(ctx, threads, "t5_encode_tokens_per_s_16", 16 / encode, "tokens/s", "flan-t5-small shapes, 16-token input");
    reportBoth(ctx, threads, "t5_decode_tokens_per_s", tps, "tokens/s", "KV-cached decoder steps, cross K/V cached");
    reportBoth(ctx, threads, "t5_decode_bandwidth_ratio", tps * decoderBytesPerStep() / bw.best(), "x",
               std::to_string(decoderBytesPerStep() / 1e6).substr(0, 6) + " MB per step over max(copy, triad); goal >= 0.7");
    reportBoth(ctx, threads, "t5_encode16_greedy24_s", total, "s", "in-process, model loaded");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace glassbox::bench
