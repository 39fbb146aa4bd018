// Fast kernels (Eigen, threaded) against their naive references at relative 1e-5, plus hand-computed
// values for the small pieces (RoPE, GELU, SwiGLU).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/dtype.h"

#include "core/rng.h"
#include "formats/rope_scaling.h"
#include "models/kernels.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

std::vector<float> randomVector(std::size_t n, std::uint64_t seed, double scale = 1.0) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(scale * rng.normal());
  return v;
}

// Relative to the largest magnitude of each compared array (sums of signed terms can cancel).
void expectClose(const std::vector<float>& fast, const std::vector<float>& naive, double rel) {
  std::vector<double> ref(naive.begin(), naive.end());
  EXPECT_LT(testing::normwiseRelativeError(fast, ref), rel);
}

void checkLinear(int T, int in, int out, bool inputMajor, bool bias, int padX, int padY) {
  const int ldx = in + padX, ldy = out + padY;
  const auto x = randomVector(static_cast<std::size_t>(T) * ldx, 1);
  const auto w = randomVector(static_cast<std::size_t>(in) * out, 2, 0.1);
  const auto b = randomVector(static_cast<std::size_t>(out), 3);
  Linear lin{w.data(), bias ? b.data() : nullptr, in, out, inputMajor};
  std::vector<float> fast(static_cast<std::size_t>(T) * ldy, -7.0f), naive = fast;
  linear(x.data(), T, ldx, lin, fast.data(), ldy);
  linearNaive(x.data(), T, ldx, lin, naive.data(), ldy);
  expectClose(fast, naive, 1e-5);
  for (int t = 0; t < T; ++t)
    for (int c = out; c < ldy; ++c) EXPECT_EQ(fast[static_cast<std::size_t>(t) * ldy + c], -7.0f) << "padding";
}

TEST(Kernels, LinearFastMatchesNaive) {
  checkLinear(1, 64, 48, false, false, 0, 0);     // decode, nn.Linear layout
  checkLinear(1, 64, 200, true, true, 0, 0);      // decode, Conv1D layout
  checkLinear(7, 96, 300, false, true, 5, 11);    // prefill, strided input and output, threaded
  checkLinear(33, 128, 512, true, true, 0, 3);    // threaded over column blocks
  checkLinear(3, 17, 5, false, true, 1, 2);       // odd sizes
}

// One T = 1 product against the naive kernel, with and without bias: each element within 1e-5 of the sum
// of |x_i W_io| (the scale its rounding error grows with), nothing written past the end. `seed` picks
// x, W and b.
void checkGemv(int in, int out, bool inputMajor, std::uint64_t seed) {
  for (bool bias : {false, true}) {
    const auto x = randomVector(static_cast<std::size_t>(in), seed);
    const auto w = randomVector(static_cast<std::size_t>(in) * out, seed + 1, 0.1);
    const auto b = randomVector(static_cast<std::size_t>(out), seed + 2);
    Linear lin{w.data(), bias ? b.data() : nullptr, in, out, inputMajor};
    std::vector<float> fast(static_cast<std::size_t>(out) + 3, -7.0f), naive = fast;
    linear(x.data(), 1, in, lin, fast.data(), out);
    linearNaive(x.data(), 1, in, lin, naive.data(), out);
    for (int o = 0; o < out; ++o) {
      double scale = bias ? std::fabs(b[o]) : 0.0;
      for (int i = 0; i < in; ++i) {
        const std::size_t at = inputMajor ? static_cast<std::size_t>(i) * out + o : static_cast<std::size_t>(o) * in + i;
        scale += std::fabs(static_cast<double>(x[i]) * w[at]);
      }
      ASSERT_NEAR(fast[o], naive[o], 1e-5 * scale) << in << "x" << out << " output " << o;
    }
    for (int o = out; o < out + 3; ++o) EXPECT_EQ(fast[o], -7.0f) << "past the end";
    if (inputMajor) checkLinear(1, in, out, true, bias, 0, 0);  // normwise, as the other layouts
  }
}

// The T = 1 Conv1D path (row-streaming GEMV): odd sizes below and above the threading threshold.
TEST(Kernels, GemvInputMajorMatchesNaive) {
  const int sizes[][2] = {{1, 1}, {3, 5}, {17, 33}, {129, 515}, {771, 517}, {1023, 2049}};
  for (const auto& s : sizes) checkGemv(s[0], s[1], true, 11);
}

// The T = 1 nn.Linear path (one dot product per output row, threads over row blocks): sizes with row counts
// that are not multiples of 4 and inputs that are not multiples of 8, below and above the threading threshold.
TEST(Kernels, GemvOutputMajorMatchesNaive) {
  const int sizes[][2] = {{1, 1}, {5, 3}, {33, 17}, {515, 129}, {517, 771}, {768, 2053}};
  for (const auto& s : sizes) checkGemv(s[0], s[1], false, 14);
}

// F16/BF16 weights used in place: the naive kernel on the 16-bit storage equals the naive kernel on the
// same weights widened to float (bit for bit: same order, same double sums), and every fast path (T = 1
// both layouts, T > 1 with column blocks wider than the widening block, threaded) is within 1e-5 of it.
void checkHalfLinear(DType dtype, int T, int in, int out, bool inputMajor, bool bias) {
  const auto x = randomVector(static_cast<std::size_t>(T) * in, 31);
  const auto w = randomVector(static_cast<std::size_t>(in) * out, 32, 0.1);
  const auto b = randomVector(static_cast<std::size_t>(out), 33);
  std::vector<std::uint16_t> half(w.size());
  std::vector<float> widened(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    half[i] = dtype == DType::F16 ? floatToHalf(w[i]) : floatToBfloat16(w[i]);
    widened[i] = dtype == DType::F16 ? halfToFloat(half[i]) : bfloat16ToFloat(half[i]);
  }
  Linear lin16{nullptr, bias ? b.data() : nullptr, in, out, inputMajor, half.data(), dtype};
  Linear lin32{widened.data(), bias ? b.data() : nullptr, in, out, inputMajor};
  const std::size_t n = static_cast<std::size_t>(T) * out;
  std::vector<float> fast(n), naive16(n), naive32(n);
  linear(x.data(), T, in, lin16, fast.data(), out);
  linearNaive(x.data(), T, in, lin16, naive16.data(), out);
  linearNaive(x.data(), T, in, lin32, naive32.data(), out);
  const std::string what = dtypeName(dtype) + " T=" + std::to_string(T) + " " + std::to_string(in) + "x" +
                           std::to_string(out) + (inputMajor ? " [in][out]" : " [out][in]");
  ASSERT_EQ(naive16, naive32) << what;
  std::vector<double> ref(naive32.begin(), naive32.end());
  EXPECT_LT(testing::normwiseRelativeError(fast, ref), 1e-5) << what;
}

TEST(Kernels, HalfWeightsMatchNaive) {
  for (DType dtype : {DType::F16, DType::BF16}) {
    for (bool inputMajor : {true, false}) {
      checkHalfLinear(dtype, 1, 5, 3, inputMajor, true);        // scalar tails only
      checkHalfLinear(dtype, 1, 771, 517, inputMajor, false);   // threaded GEMV, odd sizes
      checkHalfLinear(dtype, 1, 256, 2053, inputMajor, true);
      checkHalfLinear(dtype, 3, 17, 9, inputMajor, true);       // small GEMM on the calling thread
      checkHalfLinear(dtype, 9, 130, 1100, inputMajor, true);   // threaded GEMM, blocks > 256 columns
    }
  }
}

TEST(Kernels, HalfWeightsHandComputed) {
  // 1..6 and 0.5 are exact in F16 and BF16: F16 1.0 = 0x3C00, BF16 1.0 = 0x3F80 (the top half of the float).
  const float values[6] = {1, 2, 3, 4, 5, 6};
  std::uint16_t f16[6], bf16[6];
  for (int i = 0; i < 6; ++i) f16[i] = floatToHalf(values[i]), bf16[i] = floatToBfloat16(values[i]);
  ASSERT_EQ(f16[0], 0x3C00);
  ASSERT_EQ(bf16[0], 0x3F80);
  const float x[3] = {1, -1, 2};
  for (const std::uint16_t* w : {f16, bf16}) {
    const DType t = w == f16 ? DType::F16 : DType::BF16;
    float y[3] = {};
    linear(x, 1, 2, Linear{nullptr, nullptr, 2, 3, true, w, t}, y, 3);  // x[0..1] W, W [2][3]
    EXPECT_FLOAT_EQ(y[0], 1 - 4);
    EXPECT_FLOAT_EQ(y[2], 3 - 6);
    const float bias[2] = {0.5f, -0.5f};
    linear(x, 1, 3, Linear{nullptr, bias, 3, 2, false, w, t}, y, 2);  // W x + b, W [2][3]
    EXPECT_FLOAT_EQ(y[0], 1 - 2 + 6 + 0.5f);
    EXPECT_FLOAT_EQ(y[1], 4 - 5 + 12 - 0.5f);
  }
}

// Fast GELU against std::tanh in double precision over the whole useful range, including the tails where
// 1 + tanh(u) cancels: |fast - ref| <= 1e-12 + 1e-5 |ref|, elementwise. (0.5 x (1 + tanh(u)) in float misses
// this by ~8e-8 near x = -5; the x / (1 + exp(-2u)) form stays within ~1e-16 of it.)
TEST(Kernels, GeluFastMatchesNaive) {
  std::vector<float> x = randomVector(50001, 21, 3.0);
  for (int i = -2000; i <= 2000; ++i) x.push_back(static_cast<float>(i) * 0.01f);  // -20..20
  for (float v : {-100.0f, -30.0f, -9.5f, 30.0f, 100.0f, 0.0f}) x.push_back(v);
  std::vector<float> fast = x, naive = x;
  geluTanh(fast.data(), fast.size());
  geluTanhNaive(naive.data(), naive.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    ASSERT_TRUE(std::isfinite(fast[i])) << "x = " << x[i];
    ASSERT_NEAR(fast[i], naive[i], 1e-12 + 1e-5 * std::fabs(naive[i])) << "x = " << x[i];
  }
  // Every length 1..17 from an odd offset: the SIMD tails, and nothing written past n.
  for (std::size_t n = 1; n <= 17; ++n) {
    std::vector<float> tail(x.begin() + 1001, x.begin() + 1001 + n + 8), ref = tail;
    geluTanh(tail.data() + 1, n);
    geluTanhNaive(ref.data() + 1, n);
    EXPECT_EQ(tail[0], ref[0]) << "n = " << n;
    for (std::size_t i = 1; i <= n; ++i) EXPECT_NEAR(tail[i], ref[i], 1e-12 + 1e-5 * std::fabs(ref[i])) << "n = " << n;
    for (std::size_t i = n + 1; i < tail.size(); ++i) EXPECT_EQ(tail[i], x[1001 + i]) << "written past n = " << n;
  }
}

// linearGelu and linearAdd against linearNaive followed by geluTanhNaive or an add: every element of the
// result within 1e-5 (normwise) of the reference, padding columns of y untouched, for F32 and F16 weights.
void checkFusedLinear(int T, int in, int out, bool inputMajor, bool bias, int padX, int padY, bool half) {
  const int ldx = in + padX, ldy = out + padY;
  const auto x = randomVector(static_cast<std::size_t>(T) * ldx, 41);
  auto w = randomVector(static_cast<std::size_t>(in) * out, 42, 0.1);
  const auto b = randomVector(static_cast<std::size_t>(out), 43);
  const auto y0 = randomVector(static_cast<std::size_t>(T) * ldy, 44);  // the residual stream added to
  std::vector<std::uint16_t> w16(half ? w.size() : 0);
  for (std::size_t i = 0; i < w16.size(); ++i) w[i] = halfToFloat(w16[i] = floatToHalf(w[i]));
  Linear lin{half ? nullptr : w.data(), bias ? b.data() : nullptr, in, out, inputMajor,
             half ? w16.data() : nullptr, half ? DType::F16 : DType::F32};
  const Linear lin32{w.data(), bias ? b.data() : nullptr, in, out, inputMajor};
  const std::string what = "T=" + std::to_string(T) + " " + std::to_string(in) + "x" + std::to_string(out) +
                           (inputMajor ? " [in][out]" : " [out][in]") + (half ? " F16" : " F32");
  std::vector<float> fast(y0.size(), -7.0f), naive = fast;
  linearGelu(x.data(), T, ldx, lin, fast.data(), ldy);
  linearNaive(x.data(), T, ldx, lin32, naive.data(), ldy);
  for (int t = 0; t < T; ++t) geluTanhNaive(naive.data() + static_cast<std::size_t>(t) * ldy, static_cast<std::size_t>(out));
  std::vector<double> ref(naive.begin(), naive.end());
  EXPECT_LT(testing::normwiseRelativeError(fast, ref), 1e-5) << "gelu " << what;
  fast = y0;
  linearAdd(x.data(), T, ldx, lin, fast.data(), ldy);
  linearNaive(x.data(), T, ldx, lin32, naive.data(), ldy);
  for (int t = 0; t < T; ++t)
    for (int c = 0; c < ldy; ++c) {
      const std::size_t i = static_cast<std::size_t>(t) * ldy + c;
      ref[i] = c < out ? static_cast<double>(y0[i]) + naive[i] : y0[i];
    }
  EXPECT_LT(testing::normwiseRelativeError(fast, ref), 1e-5) << "add " << what;
  for (int t = 0; t < T; ++t)
    for (int c = out; c < ldy; ++c) EXPECT_EQ(fast[static_cast<std::size_t>(t) * ldy + c], y0[static_cast<std::size_t>(t) * ldy + c]) << "padding";
}

TEST(Kernels, FusedLinearMatchesNaive) {
  for (bool inputMajor : {true, false}) {
    checkFusedLinear(1, 64, 200, inputMajor, true, 0, 0, false);     // decode
    checkFusedLinear(1, 771, 517, inputMajor, true, 3, 0, false);    // decode, threaded GEMV
    checkFusedLinear(3, 17, 5, inputMajor, false, 1, 2, false);      // small GEMM on the calling thread
    checkFusedLinear(128, 128, 512, inputMajor, true, 0, 3, false);  // the default model's MLP, threaded
    checkFusedLinear(128, 512, 128, inputMajor, true, 5, 0, false);
    checkFusedLinear(9, 130, 1100, inputMajor, true, 0, 0, true);    // F16, blocks wider than the widening block
  }
}

TEST(Kernels, LinearHandComputed) {
  const float w[6] = {1, 2, 3, 4, 5, 6};  // [in=2][out=3] Conv1D, or [out=2][in=3] nn.Linear
  const float x[3] = {1, -1, 2};
  float y[3] = {};
  linear(x, 1, 2, Linear{w, nullptr, 2, 3, true}, y, 3);  // x[0..1] W
  EXPECT_FLOAT_EQ(y[0], 1 - 4);
  EXPECT_FLOAT_EQ(y[1], 2 - 5);
  EXPECT_FLOAT_EQ(y[2], 3 - 6);
  const float bias[2] = {0.5f, -0.5f};
  linear(x, 1, 3, Linear{w, bias, 3, 2, false}, y, 2);  // W x + b
  EXPECT_FLOAT_EQ(y[0], 1 - 2 + 6 + 0.5f);
  EXPECT_FLOAT_EQ(y[1], 4 - 5 + 12 - 0.5f);
}

TEST(Kernels, NormsFastMatchNaive) {
  const int T = 5, C = 96;
  const auto x = randomVector(T * C, 4, 3.0);
  const auto w = randomVector(C, 5);
  const auto b = randomVector(C, 6);
  std::vector<float> fast(T * C), naive(T * C);
  layerNorm(x.data(), T, C, w.data(), b.data(), 1e-5f, fast.data());
  layerNormNaive(x.data(), T, C, w.data(), b.data(), 1e-5f, naive.data());
  expectClose(fast, naive, 1e-5);
  rmsNorm(x.data(), T, C, w.data(), 1e-5f, fast.data());
  rmsNormNaive(x.data(), T, C, w.data(), 1e-5f, naive.data());
  expectClose(fast, naive, 1e-5);
}

TEST(Kernels, NormsHandComputed) {
  const float x[4] = {1, 2, 3, 4}, ones[4] = {1, 1, 1, 1}, zeros[4] = {};
  float y[4];
  layerNormNaive(x, 1, 4, ones, zeros, 0.0f, y);  // mean 2.5, variance 1.25
  EXPECT_NEAR(y[0], -1.5 / std::sqrt(1.25), 1e-6);
  EXPECT_NEAR(y[3], 1.5 / std::sqrt(1.25), 1e-6);
  rmsNormNaive(x, 1, 4, ones, 0.0f, y);  // mean square 7.5
  EXPECT_NEAR(y[1], 2 / std::sqrt(7.5), 1e-6);
}

void checkAttention(int n, int pos0, int H, int K, int D, bool trace, int window = 0) {
  const int S = pos0 + n, ldq = H * D + 3, ldkv = K * D;
  const auto q = randomVector(static_cast<std::size_t>(n) * ldq, 7, 2.0);
  const auto keys = randomVector(static_cast<std::size_t>(S) * ldkv, 8, 2.0);
  const auto values = randomVector(static_cast<std::size_t>(S) * ldkv, 9);
  std::vector<float> scratch(static_cast<std::size_t>(H) * S);
  std::vector<float> outFast(static_cast<std::size_t>(n) * H * D), outNaive = outFast;
  const std::size_t tri = static_cast<std::size_t>(S) * (S + 1) / 2;
  std::vector<float> trFast(trace ? H * tri : 0), trNaive = trFast;
  AttentionArgs a;
  a.q = q.data(), a.ldq = ldq, a.keys = keys.data(), a.values = values.data(), a.ldkv = ldkv;
  a.n = n, a.pos0 = pos0, a.H = H, a.K = K, a.D = D, a.window = window;
  a.scratch = scratch.data(), a.scratchStride = static_cast<std::size_t>(S);
  a.traceHeadStride = tri;
  a.out = outFast.data();
  a.trace = trace ? trFast.data() : nullptr;
  attention(a);
  a.out = outNaive.data();
  a.trace = trace ? trNaive.data() : nullptr;
  attentionNaive(a);
  expectClose(outFast, outNaive, 1e-5);
  if (trace) expectClose(trFast, trNaive, 1e-5);
}

TEST(Kernels, AttentionFastMatchesNaive) {
  checkAttention(9, 0, 4, 4, 16, true);   // prefill, multi-head, with trace
  checkAttention(1, 20, 8, 2, 8, false);  // decode with grouped-query attention
  checkAttention(5, 3, 6, 3, 12, false);  // continuation prefill
  checkAttention(12, 0, 4, 1, 32, true);  // multi-query
  checkAttention(40, 100, 8, 2, 32, true);  // large enough to run threaded over heads
  checkAttention(3, 4, 2, 1, 8, true);      // below the blocked kernel's threshold: one row at a time
}

// The blocked kernel (query blocks of 32 against the keys they see together): the default model's prefill
// shape, continuations whose last block is partial, and sliding windows shorter and longer than a block.
TEST(Kernels, AttentionBlockedMatchesNaive) {
  checkAttention(128, 0, 4, 4, 32, true);       // glassbox-kjv: T = 128, D = 32
  checkAttention(70, 50, 8, 2, 16, true);       // continuation, grouped-query, partial last block
  checkAttention(33, 0, 2, 2, 64, false);       // one full block and one row
  checkAttention(100, 0, 4, 2, 8, true, 7);     // window shorter than a block
  checkAttention(90, 20, 4, 4, 16, true, 45);   // window longer than a block, continuation
}

TEST(Kernels, AttentionSingleKeyCopiesValue) {
  // One position: softmax over one key is 1, so the output is the value row of the head's kv group.
  const float q[4] = {1, 2, 3, 4}, k[2] = {5, 6}, v[2] = {-1, 7};  // H=2, K=1, D=2
  float out[4], scratch[2];
  AttentionArgs a;
  a.q = q, a.ldq = 4, a.keys = k, a.values = v, a.ldkv = 2, a.n = 1, a.pos0 = 0, a.H = 2, a.K = 1, a.D = 2;
  a.out = out, a.scratch = scratch, a.scratchStride = 1;
  attention(a);
  EXPECT_FLOAT_EQ(out[0], -1);
  EXPECT_FLOAT_EQ(out[1], 7);
  EXPECT_FLOAT_EQ(out[2], -1);
  EXPECT_FLOAT_EQ(out[3], 7);
}

TEST(Kernels, RopeConventions) {
  float c[2], s[2];
  ModelConfig config;
  config.headDim = 4;
  config.ropeTheta = 100.0f;
  const std::vector<double> freq = ropeInverseFrequencies(config);  // 1 and 100^(-1/2) = 0.1
  ropeTables(3, freq.data(), 2, c, s);
  EXPECT_NEAR(c[0], std::cos(3.0), 1e-6);
  EXPECT_NEAR(s[1], std::sin(0.3), 1e-6);
  float half[4] = {1, 2, 3, 4}, inter[4] = {1, 3, 2, 4};  // same pairs (1,3) and (2,4) in each order
  applyRope(half, 1, 4, c, s, false);
  applyRope(inter, 1, 4, c, s, true);
  EXPECT_FLOAT_EQ(half[0], inter[0]);
  EXPECT_FLOAT_EQ(half[2], inter[1]);
  EXPECT_FLOAT_EQ(half[1], inter[2]);
  EXPECT_FLOAT_EQ(half[3], inter[3]);
  EXPECT_NEAR(half[0], 1 * std::cos(3.0) - 3 * std::sin(3.0), 1e-5);
  EXPECT_NEAR(half[3], 2 * std::sin(0.3) + 4 * std::cos(0.3), 1e-5);
}

TEST(Kernels, ActivationsHandComputed) {
  float g[3] = {0.0f, 1.0f, -2.0f};
  geluTanh(g, 3);
  EXPECT_FLOAT_EQ(g[0], 0.0f);
  EXPECT_NEAR(g[1], 0.8411920, 1e-6);   // 0.5 (1 + tanh(sqrt(2/pi) 1.044715))
  EXPECT_NEAR(g[2], -0.0454023, 1e-6);
  float gn[3] = {0.0f, 1.0f, -2.0f};
  geluTanhNaive(gn, 3);
  EXPECT_FLOAT_EQ(gn[0], 0.0f);
  EXPECT_NEAR(gn[1], 0.8411920, 1e-6);
  EXPECT_NEAR(gn[2], -0.0454023, 1e-6);
  float gate[2] = {1.0f, -1.0f};
  const float up[2] = {2.0f, 3.0f};
  swiglu(gate, up, 2);
  EXPECT_NEAR(gate[0], 2.0 / (1 + std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(gate[1], -3.0 / (1 + std::exp(1.0)), 1e-6);
}

}  // namespace
}  // namespace glassbox
