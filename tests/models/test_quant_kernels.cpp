// Block-quantized weights: ggml's layouts pinned by hand-built blocks (exact values), our quantizers
// round-trip within their step, and the fast kernels (integer SIMD and portable) against the naive
// dequantize-then-multiply reference (on the same rounded activations) at relative 1e-5 on random blocks
// of every type.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "core/dtype.h"
#include "core/quant_blocks.h"
#include "core/rng.h"
#include "models/kernels.h"
#include "models/quant_kernels.h"

namespace glassbox {
namespace {

const DType kTypes[] = {DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1,
                        DType::Q2_K, DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K};

void putHalf(std::uint8_t* p, float v) {
  const std::uint16_t h = floatToHalf(v);
  std::memcpy(p, &h, 2);
}

std::vector<float> decode(DType t, const std::vector<std::uint8_t>& block) {
  std::vector<float> out(static_cast<std::size_t>(blockTraits(t).elements));
  dequantizeRow(t, block.data(), out.data(), blockTraits(t).elements);
  return out;
}

TEST(QuantBlocks, Traits) {
  EXPECT_EQ(blockTraits(DType::Q8_0).bytes, 34);
  EXPECT_EQ(blockTraits(DType::Q4_K).bytes, 144);
  EXPECT_EQ(blockTraits(DType::Q6_K).bytes, 210);
  EXPECT_DOUBLE_EQ(bitsPerWeight(DType::Q4_0), 4.5);
  EXPECT_DOUBLE_EQ(bitsPerWeight(DType::Q6_K), 6.5625);
  EXPECT_DOUBLE_EQ(bitsPerWeight(DType::F16), 16.0);
  EXPECT_EQ(rowBytes(DType::Q5_K, 512), 352u);
  EXPECT_FALSE(isWholeBlocks(DType::Q4_K, 100));
  EXPECT_EQ(dtypeName(DType::Q5_1), "Q5_1");
}

// Values of hand-packed blocks, computed from ggml's definitions (ggml-common.h / dequantize_row_*).
TEST(QuantBlocks, HandBuiltBlocksDecodeAsGgmlDefines) {
  std::vector<std::uint8_t> q8(34, 0);
  putHalf(q8.data(), 0.5f);
  q8[2 + 5] = static_cast<std::uint8_t>(-3);
  EXPECT_EQ(decode(DType::Q8_0, q8)[5], -1.5f);

  std::vector<std::uint8_t> q4(18, 0x88);  // every nibble 8 -> 0
  putHalf(q4.data(), 2.0f);
  q4[2 + 1] = 0x1F;  // element 1 = (15 - 8) * 2, element 17 = (1 - 8) * 2
  auto v = decode(DType::Q4_0, q4);
  EXPECT_EQ(v[1], 14.0f);
  EXPECT_EQ(v[17], -14.0f);
  EXPECT_EQ(v[0], 0.0f);

  std::vector<std::uint8_t> q41(20, 0);
  putHalf(q41.data(), 0.25f), putHalf(q41.data() + 2, -1.0f);
  q41[4 + 2] = 0x40;  // element 18 = 4 * 0.25 - 1
  EXPECT_EQ(decode(DType::Q4_1, q41)[18], 0.0f);
  EXPECT_EQ(decode(DType::Q4_1, q41)[2], -1.0f);

  std::vector<std::uint8_t> q5(22, 0);
  putHalf(q5.data(), 1.0f);
  const std::uint32_t qh = 1u << 17;  // 5th bit of element 17
  std::memcpy(q5.data() + 2, &qh, 4);
  q5[6 + 1] = 0x30;  // element 17 low nibble 3 -> (3 | 16) - 16 = 3; element 1: 0 - 16
  v = decode(DType::Q5_0, q5);
  EXPECT_EQ(v[17], 3.0f);
  EXPECT_EQ(v[1], -16.0f);

  std::vector<std::uint8_t> q4k(144, 0);
  putHalf(q4k.data(), 1.0f), putHalf(q4k.data() + 2, 0.5f);
  std::uint8_t* sc = q4k.data() + 4;
  sc[0] = 3, sc[4] = 2;        // sub-block 0: scale 3, min 2
  sc[9] = 0x21, sc[1] = 0x40, sc[5] = 0x80;  // sub-block 5: scale 1 | 1 << 4 = 17, min 2 | 2 << 4 = 34
  q4k[16 + 0] = 5;             // element 0 = 3 * 5 - 0.5 * 2
  q4k[16 + 64] = 0x30;         // element 160 (chunk 2, high nibble) = 17 * 3 - 0.5 * 34
  v = decode(DType::Q4_K, q4k);
  EXPECT_EQ(v[0], 14.0f);
  EXPECT_EQ(v[160], 34.0f);

  std::vector<std::uint8_t> q6k(210, 0);
  putHalf(q6k.data() + 208, 1.0f);
  auto* s6 = reinterpret_cast<std::int8_t*>(q6k.data() + 192);
  s6[0] = 2, s6[4] = -3;
  q6k[0] = 0x75, q6k[128] = 0x21;  // element 0: 5 | 1 << 4 = 21 - 32; element 64: 7 | 2 << 4 = 39 - 32
  v = decode(DType::Q6_K, q6k);
  EXPECT_EQ(v[0], -22.0f);
  EXPECT_EQ(v[64], -21.0f);

  std::vector<std::uint8_t> q3k(110, 0);
  putHalf(q3k.data() + 108, 1.0f);
  q3k[96 + 0] = 0x5, q3k[96 + 8] = 0x2;  // scale 0 = (5 | 2 << 4) - 32 = 5
  q3k[32 + 0] = 0x3;                     // element 0: low bits 3, high bit clear -> 3 - 4
  q3k[0] = 0x2;                          // element 32's high bit (bit 1 of hmask[0]) set; its low bits 0
  v = decode(DType::Q3_K, q3k);
  EXPECT_EQ(v[0], -5.0f);
  std::int8_t scales[16];
  unpackQ3KScales(q3k.data() + 96, scales);
  EXPECT_EQ(v[32], static_cast<float>(scales[2]) * 0.0f);

  std::vector<std::uint8_t> q2k(84, 0);
  putHalf(q2k.data() + 80, 0.5f), putHalf(q2k.data() + 82, 1.0f);
  q2k[0] = 0x24;       // sub-block 0: scale 4, min 2
  q2k[16 + 0] = 0x0B;  // element 0: 3 (bits 0-1), element 32: 2 (bits 2-3)
  v = decode(DType::Q2_K, q2k);
  EXPECT_EQ(v[0], 0.5f * 4 * 3 - 1.0f * 2);
}

std::vector<float> randomRow(std::size_t n, std::uint64_t seed, double scale = 1.0) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(scale * rng.normal());
  return v;
}

TEST(QuantBlocks, QuantizersRoundTripWithinTheirStep) {
  const int n = 512;
  const auto x = randomRow(n, 11);
  double previous = 1e9;
  // Error falls as bits grow (Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, Q8_0) and every block is valid.
  for (DType t : {DType::Q2_K, DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K, DType::Q8_0}) {
    std::vector<std::uint8_t> q(rowBytes(t, n));
    quantizeRow(t, x.data(), q.data(), n);
    EXPECT_EQ(firstNonFiniteBlock(t, q.data(), q.size() / blockTraits(t).bytes), -1);
    std::vector<float> y(n);
    dequantizeRow(t, q.data(), y.data(), n);
    double err = 0;
    for (int i = 0; i < n; ++i) err += (y[i] - x[i]) * (y[i] - x[i]);
    err = std::sqrt(err / n);
    EXPECT_LT(err, previous) << dtypeName(t);
    EXPECT_LT(err, 0.5) << dtypeName(t);
    previous = err;
  }
  for (DType t : {DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1}) {
    std::vector<std::uint8_t> q(rowBytes(t, n));
    quantizeRow(t, x.data(), q.data(), n);
    std::vector<float> y(n);
    dequantizeRow(t, q.data(), y.data(), n);
    for (int b = 0; b < n / 32; ++b) {
      float lo = 0, hi = 0;
      for (int j = 0; j < 32; ++j) lo = std::min(lo, x[32 * b + j]), hi = std::max(hi, x[32 * b + j]);
      const int levels = t == DType::Q4_0 || t == DType::Q4_1 ? 15 : 31;
      const float step = (hi - lo) / static_cast<float>(levels) * 1.01f + 1e-3f;
      for (int j = 0; j < 32; ++j) EXPECT_LE(std::fabs(y[32 * b + j] - x[32 * b + j]), step) << dtypeName(t) << " element " << 32 * b + j;
    }
  }
}

TEST(QuantBlocks, NonFiniteScalesAreFound) {
  for (DType t : kTypes) {
    std::vector<std::uint8_t> q(rowBytes(t, 512));
    const auto x = randomRow(512, 3);
    quantizeRow(t, x.data(), q.data(), 512);
    const std::uint64_t blocks = q.size() / blockTraits(t).bytes;
    ASSERT_EQ(firstNonFiniteBlock(t, q.data(), blocks), -1) << dtypeName(t);
    // The last block's first F16 scale (d, or Q2_K's d at byte 80 ...) set to NaN.
    const int at = t == DType::Q2_K ? 80 : t == DType::Q3_K ? 108 : t == DType::Q6_K ? 208 : 0;
    const std::uint16_t nan = 0x7E00;
    std::memcpy(q.data() + (blocks - 1) * blockTraits(t).bytes + at, &nan, 2);
    EXPECT_EQ(firstNonFiniteBlock(t, q.data(), blocks), static_cast<std::int64_t>(blocks - 1)) << dtypeName(t);
  }
}

// `rows` rows of random blocks: random bytes everywhere (every quant value occurs), then finite random
// F16 scales written over the scale fields.
std::vector<std::uint8_t> randomBlocks(DType t, int rows, int in, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::uint8_t> q(rowBytes(t, in) * static_cast<std::size_t>(rows));
  for (auto& b : q) b = static_cast<std::uint8_t>(rng.below(256));
  const BlockTraits bt = blockTraits(t);
  for (std::size_t off = 0; off < q.size(); off += static_cast<std::size_t>(bt.bytes)) {
    auto scale = [&](int at) { putHalf(q.data() + off + at, static_cast<float>(0.02 * (rng.uniform() - 0.3))); };
    switch (t) {
      case DType::Q2_K: scale(80), scale(82); break;
      case DType::Q3_K: scale(108); break;
      case DType::Q6_K: scale(208); break;
      case DType::Q4_1:
      case DType::Q5_1:
      case DType::Q4_K:
      case DType::Q5_K: scale(0), scale(2); break;
      default: scale(0);
    }
  }
  return q;
}

// Every output within 1e-5 of sum_i |x_i w_i|, the scale its rounding error grows with.
void expectDotsClose(DType t, const std::vector<float>& x, const std::vector<std::uint8_t>& q, int rows, int in,
                     const std::vector<float>& fast, const std::vector<float>& naive) {
  std::vector<float> w(static_cast<std::size_t>(in));
  for (int o = 0; o < rows; ++o) {
    dequantizeRow(t, q.data() + o * rowBytes(t, in), w.data(), in);
    double scale = 1e-30;
    for (int i = 0; i < in; ++i) scale += std::fabs(static_cast<double>(x[i]) * w[i]);
    ASSERT_NEAR(fast[o], naive[o], 1e-5 * scale) << dtypeName(t) << " row " << o;
  }
}

TEST(QuantKernels, DotRowsMatchNaiveOnRandomBlocksOfEveryType) {
  for (quant::Path path : {quant::Path::Simd, quant::Path::Portable}) {
    quant::setPath(path);
    for (DType t : kTypes) {
      const int in = blockTraits(t).elements == 256 ? 768 : 96;  // 3 blocks / super-blocks
      const int rows = 7;                                         // odd: no row grouping assumed
      const auto q = randomBlocks(t, rows, in, 17);
      const auto x = randomRow(static_cast<std::size_t>(in), 23);
      std::vector<float> fast(rows + 2, -7.0f), naive(rows + 2, -7.0f);
      quant::dotRows(t, x.data(), q.data(), rowBytes(t, in), in, 0, rows, fast.data());
      quant::dotRowsQ8Naive(t, x.data(), q.data(), rowBytes(t, in), in, 0, rows, naive.data());
      expectDotsClose(t, x, q, rows, in, fast, naive);
      EXPECT_EQ(fast[rows], -7.0f) << "wrote past the end";
      quant::dotRows(t, x.data(), q.data(), rowBytes(t, in), in, 3, 5, fast.data());  // a sub-range
      EXPECT_NEAR(fast[4], naive[4], 1e-4f * (std::fabs(naive[4]) + 1));
    }
  }
  quant::setPath(quant::Path::Simd);
}

// The rounding of activations for decode: a hand-made block, an all-zero block, NaN and infinity.
TEST(QuantKernels, ActivationsRoundToEightBitBlocks) {
  std::vector<float> x(96, 0.0f);
  x[0] = 2.54f, x[1] = -1.27f, x[2] = 0.01f, x[3] = 0.015f, x[31] = -2.54f;  // block 0: d = 0.02
  x[64] = std::nanf(""), x[65] = 1.0f;                                        // block 2: NaN is 0
  quant::ActivationsQ8 q;
  quant::quantizeActivations(x.data(), 96, q);
  ASSERT_EQ(q.q.size(), 96u);
  EXPECT_FLOAT_EQ(q.d[0], 0.02f);
  EXPECT_EQ(q.q[0], 127);
  EXPECT_EQ(q.q[1], -64);  // -63.5 rounds to even
  EXPECT_EQ(q.q[2], 0);    // 0.5 rounds to even
  EXPECT_EQ(q.q[3], 1);    // 0.75
  EXPECT_EQ(q.q[31], -127);
  EXPECT_EQ(q.sum[0], 127 - 64 + 1 - 127);
  EXPECT_EQ(q.d[1], 0.0f);  // all zero: no division by zero
  EXPECT_EQ(q.q[40], 0);
  EXPECT_EQ(q.q[64], 0);
  EXPECT_EQ(q.q[65], 127);
  x[70] = INFINITY;  // an infinite block gives zeros instead of NaN
  quant::quantizeActivations(x.data(), 96, q);
  EXPECT_EQ(q.d[2], 0.0f);
  EXPECT_EQ(q.q[65], 0);
}

// Rounding x costs at most half a step per element: |x~ . w - x . w| <= sum_b d_b / 2 * sum_{i in b} |w_i|.
TEST(QuantKernels, RoundedActivationsStayWithinHalfAStepOfTheFloatDot) {
  for (DType t : kTypes) {
    if (!quant::integerDot(t)) continue;
    const int in = blockTraits(t).elements == 256 ? 512 : 128, rows = 5;
    const auto q = randomBlocks(t, rows, in, 3);
    const auto x = randomRow(static_cast<std::size_t>(in), 9);
    std::vector<float> rounded(rows), exact(rows), w(static_cast<std::size_t>(in));
    quant::dotRows(t, x.data(), q.data(), rowBytes(t, in), in, 0, rows, rounded.data());
    quant::dotRowsNaive(t, x.data(), q.data(), rowBytes(t, in), in, 0, rows, exact.data());
    quant::ActivationsQ8 xq;
    quant::quantizeActivations(x.data(), in, xq);
    for (int o = 0; o < rows; ++o) {
      dequantizeRow(t, q.data() + o * rowBytes(t, in), w.data(), in);
      double bound = 1e-6;
      for (int i = 0; i < in; ++i) bound += 0.5 * xq.d[static_cast<std::size_t>(i / 32)] * std::fabs(w[i]);
      EXPECT_LE(std::fabs(double(rounded[o]) - exact[o]), bound) << dtypeName(t) << " row " << o;
      EXPECT_NE(rounded[o], exact[o]) << dtypeName(t) << ": the activations were not rounded";
    }
  }
}

TEST(QuantKernels, DequantizedTilesAreBitIdentical) {
  for (quant::Path path : {quant::Path::Simd, quant::Path::Portable}) {
    quant::setPath(path);
    for (DType t : kTypes) {
      const int in = blockTraits(t).elements == 256 ? 512 : 64, rows = 3;
      const auto q = randomBlocks(t, rows + 2, in, 5);
      std::vector<float> tile(static_cast<std::size_t>(rows) * in), ref(static_cast<std::size_t>(in));
      quant::dequantizeRows(t, q.data(), rowBytes(t, in), in, 2, rows, tile.data());
      for (int r = 0; r < rows; ++r) {
        dequantizeRow(t, q.data() + (2 + r) * rowBytes(t, in), ref.data(), in);
        for (int i = 0; i < in; ++i) ASSERT_EQ(tile[static_cast<std::size_t>(r) * in + i], ref[i]) << dtypeName(t) << " " << r << "," << i;
      }
    }
  }
  quant::setPath(quant::Path::Simd);
}

// Linear with quantized weights: decode (threaded above the threshold) and prefill against the naive
// kernel, with the fused epilogues.
TEST(QuantKernels, LinearWithQuantizedWeights) {
  for (DType t : {DType::Q8_0, DType::Q4_0, DType::Q4_K, DType::Q6_K, DType::Q3_K}) {
    const int in = 512, out = 600;
    const auto q = randomBlocks(t, out, in, 31);
    const auto bias = randomRow(static_cast<std::size_t>(out), 37, 0.1);
    Linear lin;
    lin.in = in, lin.out = out, lin.dtype = t, lin.blocks = q.data(), lin.rowBytes = rowBytes(t, in), lin.bias = bias.data();
    for (int T : {1, 5}) {
      const auto x = randomRow(static_cast<std::size_t>(T) * in, 41);
      std::vector<float> fast(static_cast<std::size_t>(T) * out), naive(fast.size());
      linear(x.data(), T, in, lin, fast.data(), out);
      linearNaive(x.data(), T, in, lin, naive.data(), out);
      double maxAbs = 0, maxErr = 0;
      for (std::size_t k = 0; k < fast.size(); ++k) maxAbs = std::max(maxAbs, std::fabs(double(naive[k]))), maxErr = std::max(maxErr, std::fabs(double(fast[k]) - naive[k]));
      EXPECT_LT(maxErr, 1e-5 * maxAbs + 1e-7) << dtypeName(t) << " T=" << T;
      std::vector<float> added(fast.size(), 1.0f);
      linearAdd(x.data(), T, in, lin, added.data(), out);
      for (std::size_t k = 0; k < fast.size(); k += 97) EXPECT_NEAR(added[k], 1.0f + naive[k], 1e-4 * (maxAbs + 1)) << dtypeName(t);
      std::vector<float> gelu(fast.size());
      linearGelu(x.data(), T, in, lin, gelu.data(), out);
      geluTanhNaive(naive.data(), naive.size());
      for (std::size_t k = 0; k < fast.size(); k += 89) EXPECT_NEAR(gelu[k], naive[k], 1e-4 * (maxAbs + 1)) << dtypeName(t);
    }
  }
}

}  // namespace
}  // namespace glassbox
