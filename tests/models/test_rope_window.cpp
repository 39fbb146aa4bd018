// Sliding-window attention and scaled rotary embeddings in the session: the windowed kernel against its
// naive reference and a hand-made case, cached decode against one prefill, the trace's rows, and the
// dynamic-NTK update rule of transformers across forwards. (The logits themselves are checked against
// the NumPy reference in test_forward_reference.cpp.)
#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.h"
#include "models/kernels.h"
#include "models/model.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

using testing::TinySpec;
using testing::mistralSpec;

std::vector<float> randomValues(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(rng.uniform() * 4.0 - 2.0);
  return v;
}

// Fast windowed attention equals the naive one, including the trace's zeros before the window.
void checkWindowedAttention(int n, int pos0, int window, int H, int K, int D) {
  const int S = pos0 + n, ld = K * D;
  const auto q = randomValues(static_cast<std::size_t>(n) * H * D, 1);
  const auto keys = randomValues(static_cast<std::size_t>(S) * ld, 2);
  const auto values = randomValues(static_cast<std::size_t>(S) * ld, 3);
  std::vector<float> scratch(static_cast<std::size_t>(H) * S), outFast(static_cast<std::size_t>(n) * H * D);
  std::vector<float> outNaive = outFast;
  const std::size_t tri = static_cast<std::size_t>(S) * (S + 1) / 2;
  std::vector<float> trFast(H * tri, -1.0f), trNaive(H * tri, -1.0f);
  AttentionArgs a;
  a.q = q.data(), a.ldq = H * D, a.keys = keys.data(), a.values = values.data(), a.ldkv = ld;
  a.n = n, a.pos0 = pos0, a.H = H, a.K = K, a.D = D, a.window = window;
  a.scratch = scratch.data(), a.scratchStride = static_cast<std::size_t>(S), a.traceHeadStride = tri;
  a.out = outFast.data(), a.trace = trFast.data();
  attention(a);
  a.out = outNaive.data(), a.trace = trNaive.data();
  attentionNaive(a);
  EXPECT_LT(testing::maxRelativeError(outFast, outNaive, 1.0), 1e-5);  // |out| <= 2
  for (int h = 0; h < H; ++h)
    for (int p = pos0; p < S; ++p) {
      const float* row = trFast.data() + h * tri + static_cast<std::size_t>(p) * (p + 1) / 2;
      double sum = 0;
      for (int k = 0; k <= p; ++k) {
        if (k <= p - window) EXPECT_EQ(row[k], 0.0f) << "head " << h << " query " << p << " key " << k;
        else EXPECT_GT(row[k], 0.0f);
        sum += row[k];
        EXPECT_NEAR(row[k], trNaive[h * tri + static_cast<std::size_t>(p) * (p + 1) / 2 + k], 1e-6);
      }
      EXPECT_NEAR(sum, 1.0, 1e-5);
    }
}

TEST(SlidingWindowKernel, FastMatchesNaive) {
  checkWindowedAttention(12, 0, 4, 4, 2, 8);     // prefill longer than the window
  checkWindowedAttention(1, 30, 5, 4, 4, 8);     // one decoded token far past the window
  checkWindowedAttention(6, 9, 3, 2, 1, 16);     // continuation
  checkWindowedAttention(40, 60, 16, 8, 2, 32);  // threaded over heads
  checkWindowedAttention(7, 0, 1, 2, 2, 4);      // window 1: each query sees only itself
}

TEST(SlidingWindowKernel, WindowOfTwoByHand) {
  // D = 1, one head, keys 1, 2, 3 and values 10, 20, 30; the query at position 2 with window 2 sees keys
  // 1 and 2 only: softmax(q*2, q*3) with q = ln 2 gives weights 1/3, 2/3 -> 20/3 + 60/3 = 26.667.
  const float q[3] = {0.0f, 0.0f, std::log(2.0f)}, k[3] = {1, 2, 3}, v[3] = {10, 20, 30};
  float out[3], scratch[3];
  AttentionArgs a;
  a.q = q, a.ldq = 1, a.keys = k, a.values = v, a.ldkv = 1, a.n = 3, a.pos0 = 0, a.H = 1, a.K = 1, a.D = 1;
  a.window = 2, a.out = out, a.scratch = scratch, a.scratchStride = 3;
  attention(a);
  EXPECT_FLOAT_EQ(out[0], 10.0f);
  EXPECT_FLOAT_EQ(out[1], 15.0f);  // q = 0: keys 0 and 1 weigh the same
  EXPECT_NEAR(out[2], 80.0 / 3.0, 1e-4);
}

std::shared_ptr<const Model> loadTiny(const TinySpec& spec, std::uint64_t seed = 31) {
  const auto dir = testing::freshTempDir() / "m";
  testing::writeTinyHfModel(dir, spec, seed);
  return Model::load(dir.string());
}


TEST(SlidingWindowSession, CachedDecodeMatchesOnePrefill) {
  auto m = loadTiny(mistralSpec(5));
  ASSERT_EQ(m->config().attentionWindow(0), 5);
  const int T = 24, V = m->config().vocabSize;
  const auto ids = testing::randomTokens(T, V, 6);
  InferenceSession whole(m);
  const std::vector<float> all = whole.forward(ids, {.allLogits = true});
  EXPECT_LT(testing::maxRelativeError(testing::decodeOneByOne(m, ids), all, 1.0), 1e-5);
  // 3 + 1 + 9 + 11 tokens: chunks shorter and longer than the window
  EXPECT_LT(testing::maxRelativeError(testing::forwardInChunks(m, ids, {3, 1, 9, 11}), all, 1.0), 1e-5);

  // Without the window the model computes something else (the test would notice a window ignored).
  TinySpec full = mistralSpec(5);
  full.extraConfigJson = R"({"sliding_window": null})";
  auto unwindowed = loadTiny(full);
  InferenceSession other(unwindowed);
  EXPECT_GT(testing::maxRelativeError(other.forward(ids, {.allLogits = true}), all, 1.0), 1e-3);
}

TEST(SlidingWindowSession, TraceIsZeroOutsideTheWindowAndRowsSumToOne) {
  TinySpec s;
  s.architectureName = "Qwen2ForCausalLM";
  s.modelType = "qwen2";
  s.layers = 3;
  s.qkvBias = true;
  s.extraConfigJson = R"({"use_sliding_window": true, "sliding_window": 4, "max_window_layers": 1})";
  auto m = loadTiny(s);
  const ModelConfig& c = m->config();
  ASSERT_EQ(c.attentionWindow(0), 0);
  ASSERT_EQ(c.attentionWindow(1), 4);
  ASSERT_EQ(c.attentionWindow(2), 4);
  const int T = 15;
  InferenceSession session(m);
  Trace trace;
  session.forward(testing::randomTokens(T, c.vocabSize, 7), {.trace = &trace});
  for (int l = 0; l < c.numLayers; ++l)
    for (int h = 0; h < c.numHeads; ++h)
      for (int q = 0; q < T; ++q) {
        double sum = 0;
        for (int k = 0; k < T; ++k) {
          const float p = trace.selfAttention().at(l, h, q, k);
          const bool visible = k <= q && (l == 0 || k > q - 4);
          if (!visible) EXPECT_EQ(p, 0.0f) << "layer " << l << " head " << h << " query " << q << " key " << k;
          else EXPECT_GT(p, 0.0f);
          sum += p;
        }
        EXPECT_NEAR(sum, 1.0, 1e-5) << "layer " << l << " head " << h << " query " << q;
      }
}

// Dynamic NTK scaling, max_position_embeddings 16, factor 4: the session runs up to 64 positions.
TinySpec dynamicSpec() {
  TinySpec s;
  s.context = 16;
  s.extraConfigJson = R"({"rope_scaling": {"rope_type": "dynamic", "factor": 4.0}})";
  return s;
}

TEST(DynamicRopeSession, WithinTheOriginalContextDecodeMatchesPrefill) {
  auto m = loadTiny(dynamicSpec());
  EXPECT_EQ(m->config().contextLength, 64);
  const int T = 16, V = m->config().vocabSize;
  const auto ids = testing::randomTokens(T, V, 8);
  InferenceSession whole(m);
  const std::vector<float> all = whole.forward(ids, {.allLogits = true});
  // float32 GEMV (decode) against GEMM (prefill) rounding over 16 positions: ~1e-5 of the logits.
  EXPECT_LT(testing::maxRelativeError(testing::decodeOneByOne(m, ids), all, 1.0), 3e-5);
}

// transformers keeps the frequencies of the longest forward so far until a forward ends below the
// original context. Positions 0..24 of one 40-token prefill (causal: they see only tokens 0..24) show
// what a 25-token forward computes while the 40-token frequencies are kept.
TEST(DynamicRopeSession, FrequenciesFollowTransformersUpdateRule) {
  auto m = loadTiny(dynamicSpec());
  const int V = m->config().vocabSize;
  const auto ids = testing::randomTokens(40, V, 9);
  auto prefix = [&](int n) { return std::span<const int>(ids.data(), static_cast<std::size_t>(n)); };
  auto row = [V](const std::vector<float>& all, int t) {
    return std::vector<float>(all.begin() + static_cast<std::ptrdiff_t>(t) * V,
                              all.begin() + static_cast<std::ptrdiff_t>(t + 1) * V);
  };
  InferenceSession reference(m);
  const std::vector<float> at40 = reference.forward(prefix(40), {.allLogits = true});
  InferenceSession fresh25(m);
  const std::vector<float> at25 = fresh25.forward(prefix(25));
  InferenceSession fresh12(m);
  const std::vector<float> at12 = fresh12.forward(prefix(12));
  ASSERT_GT(testing::maxRelativeError(row(at40, 24), at25, 1.0), 1e-4) << "the scaling should matter here";

  InferenceSession session(m);
  session.forward(prefix(40));
  session.reset();
  // 25 positions: between the original 16 and the 40 computed before, so the frequencies of 40 stay.
  EXPECT_LT(testing::maxRelativeError(session.forward(prefix(25)), row(at40, 24), 1.0), 1e-5);
  session.reset();
  // 12 positions, below the original context: back to the unscaled frequencies.
  EXPECT_LT(testing::maxRelativeError(session.forward(prefix(12)), at12, 1.0), 1e-5);
  session.reset();
  // Now 25 positions grow the frequencies to those of 25.
  EXPECT_LT(testing::maxRelativeError(session.forward(prefix(25)), at25, 1.0), 1e-5);
}

}  // namespace
}  // namespace glassbox
