#include "models/kernels.h"

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/thread_pool.h"
#include "models/kernel_common.h"
#include "models/kernel_set_internal.h"

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define GLASSBOX_KERNELS_AVX2 1
#endif

// Compiled once per kernel set (kernel_set_internal.h): GLASSBOX_KERNEL_SET is baseline or avx2.
namespace glassbox::GLASSBOX_KERNEL_SET {

namespace {

#ifdef GLASSBOX_KERNELS_AVX2
// exp of 8 floats, inputs clamped to [-87, 88] (results stay normal floats): exp(x) = 2^k exp(r) with
// k = round(x / ln 2), r = x - k ln 2 in two parts (Cody-Waite), exp(r) by the degree-7 polynomial of
// Cephes' expf (relative error ~1e-7 on |r| <= ln 2 / 2). Cheaper than Eigen's exp, which also handles
// denormal results; the GELU and the softmax only need the normal range.
inline __m256 exp8(__m256 x) {
  x = _mm256_max_ps(_mm256_min_ps(x, _mm256_set1_ps(88.0f)), _mm256_set1_ps(-87.0f));
  const __m256 k = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(k, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(k, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  p = _mm256_fmadd_ps(_mm256_mul_ps(p, r), r, _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(e));
}

// Lanes 0..n-1 of a mask for maskload/maskstore (n < 8).
inline __m256i tailMask(int n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
#endif

using namespace kernel_detail;

}  // namespace

// linear() and linearNaive() live in linear_kernels.cpp.

void layerNorm(const float* x, int T, int C, const float* weight, const float* bias, float eps, float* y) {
  const Eigen::Map<const Eigen::ArrayXf> w(weight, C), b(bias, C);
  for (int t = 0; t < T; ++t) {
    const Eigen::Map<const Eigen::ArrayXf> row(x + static_cast<std::size_t>(t) * C, C);
    Eigen::Map<Eigen::ArrayXf> outRow(y + static_cast<std::size_t>(t) * C, C);
    const float mean = row.mean();
    const float var = (row - mean).square().mean();
    const float inv = 1.0f / std::sqrt(var + eps);
    outRow = (row - mean) * inv * w + b;
  }
}

void layerNormNaive(const float* x, int T, int C, const float* weight, const float* bias, float eps, float* y) {
  for (int t = 0; t < T; ++t) {
    const float* row = x + static_cast<std::size_t>(t) * C;
    double mean = 0, var = 0;
    for (int c = 0; c < C; ++c) mean += row[c];
    mean /= C;
    for (int c = 0; c < C; ++c) var += (row[c] - mean) * (row[c] - mean);
    var /= C;
    const double inv = 1.0 / std::sqrt(var + eps);
    for (int c = 0; c < C; ++c)
      y[static_cast<std::size_t>(t) * C + c] = static_cast<float>((row[c] - mean) * inv * weight[c] + bias[c]);
  }
}

void rmsNorm(const float* x, int T, int C, const float* weight, float eps, float* y) {
  const Eigen::Map<const Eigen::ArrayXf> w(weight, C);
  for (int t = 0; t < T; ++t) {
    const Eigen::Map<const Eigen::ArrayXf> row(x + static_cast<std::size_t>(t) * C, C);
    Eigen::Map<Eigen::ArrayXf> outRow(y + static_cast<std::size_t>(t) * C, C);
    const float inv = 1.0f / std::sqrt(row.square().mean() + eps);
    outRow = row * inv * w;
  }
}

void rmsNormNaive(const float* x, int T, int C, const float* weight, float eps, float* y) {
  for (int t = 0; t < T; ++t) {
    const float* row = x + static_cast<std::size_t>(t) * C;
    double ss = 0;
    for (int c = 0; c < C; ++c) ss += static_cast<double>(row[c]) * row[c];
    const double inv = 1.0 / std::sqrt(ss / C + eps);
    for (int c = 0; c < C; ++c) y[static_cast<std::size_t>(t) * C + c] = static_cast<float>(row[c] * inv * weight[c]);
  }
}

void geluTanh(float* x, std::size_t n) {
  // 0.5 x (1 + tanh(u)) = x sigmoid(2u) = x / (1 + exp(-2u)); exp(-2u) overflowing to inf gives -0, as the limit.
  constexpr float kTwoSqrt2OverPi = 2.0f * 0.7978845608028654f;
#ifdef GLASSBOX_KERNELS_AVX2
  // -2u = x (a + b x^2); exp clamped at 88 gives |y| < 1e-36 where the limit is -0.
  const __m256 a = _mm256_set1_ps(-kTwoSqrt2OverPi), b = _mm256_set1_ps(-kTwoSqrt2OverPi * 0.044715f);
  const __m256 one = _mm256_set1_ps(1.0f);
  auto gelu8 = [&](__m256 v) {
    const __m256 e = exp8(_mm256_mul_ps(v, _mm256_fmadd_ps(b, _mm256_mul_ps(v, v), a)));
    return _mm256_div_ps(v, _mm256_add_ps(one, e));
  };
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, gelu8(_mm256_loadu_ps(x + i)));
  if (i < n) {
    const __m256i mask = tailMask(static_cast<int>(n - i));
    _mm256_maskstore_ps(x + i, mask, gelu8(_mm256_maskload_ps(x + i, mask)));
  }
#else
  Eigen::Map<Eigen::ArrayXf> v(x, static_cast<Eigen::Index>(n));  // one vectorised pass
  v = v / (1.0f + (-kTwoSqrt2OverPi * (v + 0.044715f * v.cube())).exp());
#endif
}

void geluTanhNaive(float* x, std::size_t n) {
  const double k = std::sqrt(2.0 / 3.14159265358979323846);
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x[i];
    x[i] = static_cast<float>(0.5 * v * (1.0 + std::tanh(k * (v + 0.044715 * v * v * v))));
  }
}

void geluErf(float* x, std::size_t n) {
  Eigen::Map<Eigen::ArrayXf> v(x, static_cast<Eigen::Index>(n));
  v = 0.5f * v * (1.0f + (v * 0.70710678118654752f).erf());
}

void geluErfNaive(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x[i];
    x[i] = static_cast<float>(0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0))));
  }
}

namespace {

void reluInPlace(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = std::max(x[i], 0.0f);
}

void siluInPlace(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = x[i] / (1.0f + std::exp(-x[i]));
}

}  // namespace

void activate(Activation a, float* x, std::size_t n) {
  switch (a) {
    case Activation::GeluTanh: geluTanh(x, n); return;
    case Activation::GeluErf: geluErf(x, n); return;
    case Activation::Relu: reluInPlace(x, n); return;
    case Activation::Silu: siluInPlace(x, n); return;
  }
}

void activateNaive(Activation a, float* x, std::size_t n) {
  switch (a) {
    case Activation::GeluTanh: geluTanhNaive(x, n); return;
    case Activation::GeluErf: geluErfNaive(x, n); return;
    case Activation::Relu: reluInPlace(x, n); return;
    case Activation::Silu:
      for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(x[i] / (1.0 + std::exp(-static_cast<double>(x[i]))));
      return;
  }
}

void gatedActivation(Activation a, float* gate, const float* up, std::size_t n) {
  if (a == Activation::Silu) {
    swiglu(gate, up, n);
    return;
  }
  GLASSBOX_KERNEL_SET::activate(a, gate, n);  // qualified: ADL also finds glassbox::activate
  for (std::size_t i = 0; i < n; ++i) gate[i] *= up[i];
}

void swiglu(float* gate, const float* up, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const float g = gate[i];
    gate[i] = g / (1.0f + std::exp(-g)) * up[i];
  }
}

// AttentionArgs' members live in kernel_set.cpp (one definition for every kernel set).

namespace {

// Writes one query row's probabilities over keys lo..hi (sc[0] is key lo) into the trace, 0 elsewhere.
void writeTraceRow(const AttentionArgs& a, int h, int p, int lo, int hi, const float* sc) {
  if (!a.trace) return;
  float* row = a.traceRow(h, p);
  const int len = a.traceRowLength(p);
  std::fill(row, row + lo, 0.0f);
  std::copy(sc, sc + (hi + 1 - lo), row + lo);
  std::fill(row + hi + 1, row + len, 0.0f);
}

// Adds the relative-position bias of query position p to scores sc[0..] of keys lo..hi.
void addRelativeBias(const AttentionArgs& a, int h, int p, int lo, int hi, float* sc) {
  if (!a.relBias) return;
  const float* b = a.relBias + static_cast<std::size_t>(h) * a.relBiasStride + (a.relBiasCenter + lo - p);
  for (int j = 0; j <= hi - lo; ++j) sc[j] += b[j];
}

// Softmax in place over sc[0..len) of already-scaled scores, keys whose keyMask (mask[0..len)) is 0
// getting 0. A row with every key masked becomes all 0.
void maskedSoftmax(float* sc, int len, const std::uint8_t* mask) {
  float m = -INFINITY;
  for (int j = 0; j < len; ++j)
    if (mask[j]) m = std::max(m, sc[j]);
  if (m == -INFINITY) {
    std::fill(sc, sc + len, 0.0f);
    return;
  }
  float total = 0.0f;
  for (int j = 0; j < len; ++j) total += (sc[j] = mask[j] ? std::exp(sc[j] - m) : 0.0f);
  const float inv = 1.0f / total;
  for (int j = 0; j < len; ++j) sc[j] *= inv;
}

// In place over one row of scores: softmax of scale * sc[lo..hi], 0 elsewhere in sc[0..width).
void softmaxRow(float* sc, int width, int lo, int hi, float scale) {
  Eigen::Map<Eigen::ArrayXf> s(sc + lo, hi + 1 - lo);
#ifdef GLASSBOX_KERNELS_AVX2
  const __m256 m = _mm256_set1_ps(s.maxCoeff()), k = _mm256_set1_ps(scale);
  __m256 sum = _mm256_setzero_ps();
  const int len = hi + 1 - lo;
  float* row = sc + lo;
  int j = 0;
  for (; j + 8 <= len; j += 8) {
    const __m256 e = exp8(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(row + j), m), k));
    _mm256_storeu_ps(row + j, e);
    sum = _mm256_add_ps(sum, e);
  }
  if (j < len) {
    const __m256i mask = tailMask(len - j);
    const __m256 e = _mm256_and_ps(exp8(_mm256_mul_ps(_mm256_sub_ps(_mm256_maskload_ps(row + j, mask), m), k)),
                                   _mm256_castsi256_ps(mask));
    _mm256_maskstore_ps(row + j, mask, e);
    sum = _mm256_add_ps(sum, e);
  }
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  float total = 0.0f;
  for (float v : lanes) total += v;
  s *= 1.0f / total;
#else
  s = ((s - s.maxCoeff()) * scale).exp();
  s *= 1.0f / s.sum();
#endif
  std::fill(sc, sc + lo, 0.0f);
  std::fill(sc + hi + 1, sc + width, 0.0f);
}

// Scores of keys lo..hi in sc[lo..hi] (unscaled q.k) -> probabilities, applying the scale, the
// relative bias and the key mask; sc[0..width) outside lo..hi becomes 0.
void probabilities(const AttentionArgs& a, int h, int p, int kb, float* sc, int width, int lo, int hi) {
  if (!a.relBias && !a.keyMask) {
    softmaxRow(sc, width, lo, hi, a.effectiveScale());
    return;
  }
  const float scale = a.effectiveScale();
  for (int j = lo; j <= hi; ++j) sc[j] *= scale;
  addRelativeBias(a, h, p, kb + lo, kb + hi, sc + lo);
  if (a.keyMask) {
    maskedSoftmax(sc + lo, hi + 1 - lo, a.keyMask + kb + lo);
    std::fill(sc, sc + lo, 0.0f);
    std::fill(sc + hi + 1, sc + width, 0.0f);
  } else {
    softmaxRow(sc, width, lo, hi, 1.0f);
  }
}

// One query row of one head: scores -> softmax -> weighted values. sc has room for S floats.
void attendRow(const AttentionArgs& a, int h, int i, float* sc) {
  const int g = h / (a.H / a.K);
  const int p = a.pos0 + i, k0 = a.firstKey(p), k1 = a.lastKey(p), S = k1 + 1 - k0;
  const std::size_t first = static_cast<std::size_t>(k0) * a.ldkv + static_cast<std::size_t>(g) * a.D;
  ConstMatMap keys(a.keys + first, S, a.D, Strided(a.ldkv));  // [S][D], keys k0..k1
  ConstMatMap values(a.values + first, S, a.D, Strided(a.ldkv));
  const ConstVec q(a.q + static_cast<std::size_t>(i) * a.ldq + static_cast<std::size_t>(h) * a.D, a.D);
  Eigen::Map<Eigen::VectorXf> s(sc, S);
  s.noalias() = keys * q;
  probabilities(a, h, p, k0, sc, S, 0, S - 1);
  Eigen::Map<Eigen::RowVectorXf> o(a.out + static_cast<std::size_t>(i) * a.H * a.D + static_cast<std::size_t>(h) * a.D,
                                   a.D);
  o.noalias() = s.transpose() * values;
  writeTraceRow(a, h, p, k0, k1, sc);
}

constexpr int kQueryBlock = 32;  // queries per block of the blocked kernel (rows of its score matrix)

// Queries i0..i1-1 of head h as two small GEMMs: scores [R][W] = q [R][D] . keys [W][D]^T over the keys
// kb..ke the block's queries see together (W = ke - kb + 1), a masked softmax per row, then out [R][D] =
// probabilities [R][W] . values [W][D]. Masked entries are 0, so the block's upper triangle costs a few
// wasted multiply-adds instead of one matrix-vector product per query. sc holds R x W floats.
void attendBlock(const AttentionArgs& a, int h, int i0, int i1, float* sc) {
  const int g = h / (a.H / a.K), R = i1 - i0;
  const int kb = a.firstKey(a.pos0 + i0), ke = a.lastKey(a.pos0 + i1 - 1), W = ke - kb + 1;
  const std::size_t first = static_cast<std::size_t>(kb) * a.ldkv + static_cast<std::size_t>(g) * a.D;
  ConstMatMap keys(a.keys + first, W, a.D, Strided(a.ldkv));  // [W][D]
  ConstMatMap values(a.values + first, W, a.D, Strided(a.ldkv));
  ConstMatMap q(a.q + static_cast<std::size_t>(i0) * a.ldq + static_cast<std::size_t>(h) * a.D, R, a.D,
                Strided(a.ldq));
  MatMap s(sc, R, W, Strided(W));
  s.noalias() = q * keys.transpose();  // unscaled: probabilities() applies the scale
  for (int r = 0; r < R; ++r) {
    const int p = a.pos0 + i0 + r;
    float* row = sc + static_cast<std::size_t>(r) * W;
    probabilities(a, h, p, kb, row, W, a.firstKey(p) - kb, a.lastKey(p) - kb);
    if (a.trace) {
      float* dst = a.traceRow(h, p);
      std::fill(dst, dst + kb, 0.0f);
      std::copy(row, row + (a.lastKey(p) + 1 - kb), dst + kb);
      std::fill(dst + a.lastKey(p) + 1, dst + a.traceRowLength(p), 0.0f);
    }
  }
  const std::size_t ldo = static_cast<std::size_t>(a.H) * a.D;
  MatMap o(a.out + static_cast<std::size_t>(i0) * ldo + static_cast<std::size_t>(h) * a.D, R, a.D,
           Strided(static_cast<Eigen::Index>(ldo)));
  o.noalias() = s * values;
}

// All queries of head h: one row at a time for a few queries (decode), else by blocks of kQueryBlock.
void attendHead(const AttentionArgs& a, int h) {
  if (a.n < 4) {
    float* sc = a.scratch + static_cast<std::size_t>(h) * a.scratchStride;
    for (int i = 0; i < a.n; ++i) attendRow(a, h, i, sc);
    return;
  }
  thread_local std::vector<float> block;  // [kQueryBlock][S], grows with the context
  const std::size_t need = static_cast<std::size_t>(kQueryBlock) * a.keyCount();
  if (block.size() < need) block.resize(need);
  for (int i0 = 0; i0 < a.n; i0 += kQueryBlock) attendBlock(a, h, i0, std::min(a.n, i0 + kQueryBlock), block.data());
}

}  // namespace

void attention(const AttentionArgs& a) {
  auto heads = [&a](std::size_t b, std::size_t e) {  // one captured pointer: no allocation
    for (std::size_t h = b; h < e; ++h) attendHead(a, static_cast<int>(h));
  };
  // Multiply-adds of scores and weighted values over all heads and queries (keys per query: the
  // average causal span, or the window when it is shorter, or all keys).
  const double span = a.causal ? a.pos0 + 0.5 * (a.n + 1) : a.numKeys;
  const double work = 2.0 * a.H * a.D * a.n * (a.causal && a.window > 0 ? std::min<double>(a.window, span) : span);
  if (work < kParallelFlops) heads(0, static_cast<std::size_t>(a.H));
  else ThreadPool::global().parallelFor(static_cast<std::size_t>(a.H), heads);
}

void attentionNaive(const AttentionArgs& a) {
  const double scale = a.scale != 0.0f ? a.scale : 1.0 / std::sqrt(static_cast<double>(a.D));
  const int S = a.keyCount();
  for (int h = 0; h < a.H; ++h) {
    const int g = h / (a.H / a.K);
    for (int i = 0; i < a.n; ++i) {
      const int p = a.pos0 + i;
      const float* q = a.q + static_cast<std::size_t>(i) * a.ldq + static_cast<std::size_t>(h) * a.D;
      std::vector<double> s(static_cast<std::size_t>(S), 0.0);  // invisible keys keep probability 0
      std::vector<bool> visible(static_cast<std::size_t>(S), false);
      double m = -INFINITY, sum = 0;
      for (int k = 0; k < S; ++k) {
        const bool causalOk = !a.causal || (k <= p && (a.window <= 0 || k > p - a.window));
        if (!causalOk || (a.keyMask && !a.keyMask[k])) continue;
        visible[k] = true;
        const float* key = a.keys + static_cast<std::size_t>(k) * a.ldkv + static_cast<std::size_t>(g) * a.D;
        double dot = 0;
        for (int d = 0; d < a.D; ++d) dot += static_cast<double>(q[d]) * key[d];
        s[k] = dot * scale;
        if (a.relBias) s[k] += a.relBias[static_cast<std::size_t>(h) * a.relBiasStride + (a.relBiasCenter + k - p)];
        m = std::max(m, s[k]);
      }
      for (int k = 0; k < S; ++k) sum += visible[k] ? (s[k] = std::exp(s[k] - m)) : 0.0;
      for (int k = 0; k < S; ++k) s[k] = visible[k] ? s[k] / sum : 0.0;
      float* o = a.out + static_cast<std::size_t>(i) * a.H * a.D + static_cast<std::size_t>(h) * a.D;
      for (int d = 0; d < a.D; ++d) {
        double acc = 0;
        for (int k = 0; k < S; ++k)
          if (visible[k]) acc += s[k] * a.values[static_cast<std::size_t>(k) * a.ldkv + static_cast<std::size_t>(g) * a.D + d];
        o[d] = static_cast<float>(acc);
      }
      if (a.trace) {
        float* row = a.traceRow(h, p);
        const int len = a.traceRowLength(p);
        for (int k = 0; k < len; ++k) row[k] = k < S ? static_cast<float>(s[k]) : 0.0f;
      }
    }
  }
}

void applyRope(float* x, int heads, int D, const float* cosTable, const float* sinTable, bool interleaved) {
  const int half = D / 2;
  for (int h = 0; h < heads; ++h) {
    float* v = x + static_cast<std::size_t>(h) * D;
    for (int i = 0; i < half; ++i) {
      const int a = interleaved ? 2 * i : i;
      const int b = interleaved ? 2 * i + 1 : i + half;
      const float x0 = v[a], x1 = v[b];
      v[a] = x0 * cosTable[i] - x1 * sinTable[i];
      v[b] = x0 * sinTable[i] + x1 * cosTable[i];
    }
  }
}

void ropeTables(int position, const double* invFreq, int pairs, float* cosOut, float* sinOut) {
  for (int i = 0; i < pairs; ++i) {
    const double angle = position * invFreq[i];
    cosOut[i] = static_cast<float>(std::cos(angle));
    sinOut[i] = static_cast<float>(std::sin(angle));
  }
}

}  // namespace glassbox::GLASSBOX_KERNEL_SET
