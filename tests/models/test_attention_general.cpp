// The general attention kernel (bidirectional, padding masks, relative-position bias, unscaled scores,
// keys from another sequence) against its naive twin at 1e-5, the properties the masks promise, the new
// activations against theirs, and T5's relative-position buckets against values computed by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/rng.h"
#include "models/kernels.h"
#include "models/stack_runner.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

std::vector<float> randomVector(std::size_t n, std::uint64_t seed, double scale = 1.0) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(scale * rng.normal());
  return v;
}

struct Case {
  int n = 8, pos0 = 0, S = 8, H = 4, K = 2, D = 16;
  bool causal = false;
  float scale = 0.0f;
  bool relBias = false;
  bool mask = false;
};

// Runs the fast and the naive kernel on random data with a dense trace [H][n+pos0][S]; checks they agree
// and that masked keys get 0 and every row with a visible key sums to 1.
void check(const Case& c) {
  const int ldq = c.H * c.D + 5, ldkv = c.K * c.D, rows = c.pos0 + c.n;
  const auto q = randomVector(static_cast<std::size_t>(c.n) * ldq, 11, 2.0);
  const auto keys = randomVector(static_cast<std::size_t>(c.S) * ldkv, 12, 2.0);
  const auto values = randomVector(static_cast<std::size_t>(c.S) * ldkv, 13);
  const int span = std::max(rows, c.S);
  const auto bias = randomVector(static_cast<std::size_t>(c.H) * (2 * span - 1), 14, 1.5);
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(c.S), 1);
  if (c.mask) {
    for (int k = 0; k < c.S; ++k) mask[static_cast<std::size_t>(k)] = (k % 3 != 1);
  }
  std::vector<float> scratch(static_cast<std::size_t>(c.H) * c.S);
  std::vector<float> outFast(static_cast<std::size_t>(c.n) * c.H * c.D), outNaive = outFast;
  const std::size_t perHead = static_cast<std::size_t>(rows) * c.S;
  std::vector<float> trFast(static_cast<std::size_t>(c.H) * perHead, -1.0f), trNaive = trFast;
  AttentionArgs a;
  a.q = q.data(), a.ldq = ldq, a.keys = keys.data(), a.values = values.data(), a.ldkv = ldkv;
  a.n = c.n, a.pos0 = c.pos0, a.H = c.H, a.K = c.K, a.D = c.D;
  a.causal = c.causal, a.numKeys = c.S, a.scale = c.scale;
  if (c.relBias) a.relBias = bias.data(), a.relBiasStride = static_cast<std::size_t>(2 * span - 1), a.relBiasCenter = span - 1;
  if (c.mask) a.keyMask = mask.data();
  a.scratch = scratch.data(), a.scratchStride = static_cast<std::size_t>(c.S);
  a.traceHeadStride = perHead, a.tracePackedRows = false, a.traceKeys = c.S;
  a.out = outFast.data(), a.trace = trFast.data();
  attention(a);
  a.out = outNaive.data(), a.trace = trNaive.data();
  attentionNaive(a);
  EXPECT_LT(testing::maxRelativeError(outFast, outNaive, 1.0), 1e-5);
  for (int h = 0; h < c.H; ++h)
    for (int p = c.pos0; p < rows; ++p) {
      double sum = 0;
      for (int k = 0; k < c.S; ++k) {
        const std::size_t at = static_cast<std::size_t>(h) * perHead + static_cast<std::size_t>(p) * c.S + k;
        const bool visible = mask[static_cast<std::size_t>(k)] && (!c.causal || k <= p);
        if (!visible) {
          EXPECT_EQ(trFast[at], 0.0f) << "head " << h << " query " << p << " key " << k;
        }
        EXPECT_NEAR(trFast[at], trNaive[at], 1e-5 * std::max(1.0f, std::abs(trNaive[at])));
        sum += trFast[at];
      }
      EXPECT_NEAR(sum, 1.0, 1e-5) << "head " << h << " query " << p;
    }
}

TEST(AttentionGeneral, BidirectionalMatchesNaive) {
  check({.n = 9, .S = 9});                             // an encoder prefill, below and above the block size
  check({.n = 70, .S = 70, .H = 2, .K = 2, .D = 32});  // blocked, partial last block
  check({.n = 2, .S = 2});                             // one row at a time
}

TEST(AttentionGeneral, PaddingMaskGivesZeroAndRenormalises) {
  check({.n = 12, .S = 12, .mask = true});
  check({.n = 40, .S = 40, .H = 4, .K = 4, .D = 8, .mask = true});
  check({.n = 3, .S = 3, .mask = true});
}

TEST(AttentionGeneral, RelativeBiasAndUnscaledScoresMatchNaive) {
  check({.n = 10, .S = 10, .scale = 1.0f, .relBias = true});                    // T5 encoder
  check({.n = 37, .S = 37, .H = 2, .K = 2, .D = 8, .scale = 1.0f, .relBias = true, .mask = true});
  check({.n = 20, .pos0 = 0, .S = 20, .causal = true, .scale = 1.0f, .relBias = true});  // T5 decoder prefill
  check({.n = 1, .pos0 = 19, .S = 20, .causal = true, .scale = 1.0f, .relBias = true});  // T5 decoder step
  check({.n = 5, .pos0 = 7, .S = 12, .causal = true, .relBias = true});
}

TEST(AttentionGeneral, CrossAttentionOverAnotherSequence) {
  check({.n = 6, .pos0 = 0, .S = 11, .scale = 1.0f});           // decoder prefill over 11 encoder tokens
  check({.n = 1, .pos0 = 5, .S = 11, .scale = 1.0f, .mask = true});  // one decoder step, padded encoder
  check({.n = 50, .pos0 = 0, .S = 9, .H = 4, .K = 1, .D = 16, .mask = true});  // blocked, multi-query
}

TEST(AttentionGeneral, ScaleMultipliesTheScores) {
  // A scale s on q.k equals scale 1 on s*q: the same probabilities.
  const int D = 8, S = 5;
  auto q = randomVector(D, 1), keys = randomVector(static_cast<std::size_t>(S) * D, 2), values = randomVector(static_cast<std::size_t>(S) * D, 3);
  std::vector<float> out1(D), out2(D), sc(S);
  AttentionArgs a;
  a.q = q.data(), a.ldq = D, a.keys = keys.data(), a.values = values.data(), a.ldkv = D;
  a.n = 1, a.H = 1, a.K = 1, a.D = D, a.causal = false, a.numKeys = S, a.scale = 0.37f;
  a.scratch = sc.data(), a.scratchStride = S, a.out = out1.data();
  attention(a);
  for (float& v : q) v *= 0.37f;
  a.scale = 1.0f, a.out = out2.data();
  attention(a);
  for (int d = 0; d < D; ++d) EXPECT_NEAR(out1[d], out2[d], 1e-5);
}

TEST(AttentionGeneral, ActivationsMatchNaive) {
  for (Activation act : {Activation::GeluTanh, Activation::GeluErf, Activation::Relu, Activation::Silu}) {
    for (std::size_t n : {1u, 7u, 8u, 33u, 1000u}) {
      auto fast = randomVector(n, 20 + n, 4.0), naive = fast;
      activate(act, fast.data(), n);
      activateNaive(act, naive.data(), n);
      // GELU (erf) computes 1 + erf(x / sqrt 2) in float, as torch's own kernel does; for x < -2 that sum
      // cancels, so outputs below 0.1 in magnitude are compared absolutely (1e-6), the rest relatively.
      const double floor = act == Activation::GeluErf ? 0.1 : 1e-3;
      EXPECT_LT(testing::maxRelativeError(fast, naive, floor), 1e-5) << activationName(act) << " n " << n;
    }
  }
  float x[3] = {1.0f, -1.0f, 0.0f};
  geluErfNaive(x, 3);  // 0.5 x (1 + erf(x / sqrt 2))
  EXPECT_NEAR(x[0], 0.8413447, 1e-6);
  EXPECT_NEAR(x[1], -0.1586553, 1e-6);
  EXPECT_EQ(x[2], 0.0f);
  auto gate = randomVector(16, 3), up = randomVector(16, 4), ref = gate;
  gatedActivation(Activation::GeluTanh, gate.data(), up.data(), 16);
  geluTanhNaive(ref.data(), 16);
  for (int i = 0; i < 16; ++i) EXPECT_NEAR(gate[i], ref[i] * up[i], 1e-5);
}

// transformers' T5Attention._relative_position_bucket, worked by hand (relative = key - query).
TEST(RelativePositionBucket, BidirectionalHandComputed) {
  // 32 buckets: 16 per side, 8 exact, then log-spaced to 128: 8 + floor(ln(d/8) / ln(16) * 8).
  EXPECT_EQ(relativePositionBucket(0, true, 32, 128), 0);
  EXPECT_EQ(relativePositionBucket(-3, true, 32, 128), 3);
  EXPECT_EQ(relativePositionBucket(3, true, 32, 128), 19);
  EXPECT_EQ(relativePositionBucket(-7, true, 32, 128), 7);
  EXPECT_EQ(relativePositionBucket(-8, true, 32, 128), 8);
  EXPECT_EQ(relativePositionBucket(-20, true, 32, 128), 10);   // ln 2.5 / ln 16 * 8 = 2.64
  EXPECT_EQ(relativePositionBucket(20, true, 32, 128), 26);
  EXPECT_EQ(relativePositionBucket(-127, true, 32, 128), 15);  // 7.98
  EXPECT_EQ(relativePositionBucket(-200, true, 32, 128), 15);  // past max_distance: the last bucket
  EXPECT_EQ(relativePositionBucket(500, true, 32, 128), 31);
}

TEST(RelativePositionBucket, CausalHandComputed) {
  // Keys at or after the query: bucket 0; 16 exact, then 16 + floor(ln(d/16) / ln(8) * 16).
  EXPECT_EQ(relativePositionBucket(5, false, 32, 128), 0);
  EXPECT_EQ(relativePositionBucket(0, false, 32, 128), 0);
  EXPECT_EQ(relativePositionBucket(-5, false, 32, 128), 5);
  EXPECT_EQ(relativePositionBucket(-16, false, 32, 128), 16);
  EXPECT_EQ(relativePositionBucket(-50, false, 32, 128), 24);   // ln 3.125 / ln 8 * 16 = 8.77
  EXPECT_EQ(relativePositionBucket(-127, false, 32, 128), 31);  // 15.94
  EXPECT_EQ(relativePositionBucket(-128, false, 32, 128), 31);  // 16 -> capped at 31
  EXPECT_EQ(relativePositionBucket(-1000, false, 32, 128), 31);
}

}  // namespace
}  // namespace glassbox
