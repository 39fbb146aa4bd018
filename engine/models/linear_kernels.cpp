// The dense projections of kernels.h: y = x W (+ b) for F32 weights, for F16/BF16 weights used in place
// from the mapped file and widened to float on the fly (F16C for F16, a 16-bit shift for BF16), and for
// block-quantized weights (dot products on the blocks for T = 1, quant_kernels.h; a dequantized tile of
// rows then the GEMM for T > 1).
//
// T = 1 (decode) reads every weight once and is bound by memory bandwidth, so each thread streams one
// contiguous block of W: [in][out] weights are split by input rows (partial sums added at the end),
// [out][in] weights by output rows (one dot product per row). T > 1 (prefill) is compute bound and goes
// through Eigen's GEMM over column blocks; F16/BF16 blocks are widened into a per-thread buffer first.
//
// Shape legend: T = rows (tokens), in/out = the projection's input/output widths.
#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <vector>

#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
#include <immintrin.h>
#define GLASSBOX_LINEAR_AVX2 1
#endif

#include "core/dtype.h"
#include "core/thread_pool.h"
#include "models/kernel_common.h"
#include "models/kernel_set_internal.h"
#include "models/kernels.h"
#include "models/quant_kernels.h"

// Compiled once per kernel set (kernel_set_internal.h): GLASSBOX_KERNEL_SET is baseline or avx2.
namespace glassbox::GLASSBOX_KERNEL_SET {

namespace {

using namespace kernel_detail;

constexpr int kColumnBlock = 16;  // output columns per parallel work item, multiple of the SIMD width

// ---- element access: F32, F16 and BF16 weights -------------------------------------------------------

struct F16 {};
struct BF16 {};

inline float widen(const std::uint16_t* p, std::size_t i, F16) { return halfToFloat(p[i]); }
inline float widen(const std::uint16_t* p, std::size_t i, BF16) { return bfloat16ToFloat(p[i]); }

// A typed view of the weight storage: at(i) is element i as float, load8(i) elements i..i+7.
template <class Tag>
struct HalfWeights {
  const std::uint16_t* p;
  float at(std::size_t i) const { return widen(p, i, Tag{}); }
  const char* bytes(std::size_t i) const { return reinterpret_cast<const char*>(p + i); }
  static constexpr std::size_t kSize = 2;
#ifdef GLASSBOX_LINEAR_AVX2
  __m256 load8(std::size_t i) const {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    if constexpr (std::is_same_v<Tag, F16>) return _mm256_cvtph_ps(h);
    else return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
  }
#endif
};

struct FloatWeights {
  const float* p;
  float at(std::size_t i) const { return p[i]; }
  const char* bytes(std::size_t i) const { return reinterpret_cast<const char*>(p + i); }
  static constexpr std::size_t kSize = 4;
#ifdef GLASSBOX_LINEAR_AVX2
  __m256 load8(std::size_t i) const { return _mm256_loadu_ps(p + i); }
#endif
};

// Calls fn(view) with the typed view of w's storage.
template <class Fn>
void withWeights(const Linear& w, Fn&& fn) {
  if (w.dtype == DType::F16 && w.weight16) fn(HalfWeights<F16>{w.weight16});
  else if (w.dtype == DType::BF16 && w.weight16) fn(HalfWeights<BF16>{w.weight16});
  else fn(FloatWeights{w.weight});
}

// ---- T = 1, [in][out] layout: stream input rows ------------------------------------------------------

// acc[t0:t0+len] += sum over i in [i0, i1) of x[i] W[i][t0:t0+len], four rows per pass.
template <class W>
void axpyRows(const float* x, const W& w, std::size_t stride, int i0, int i1, int t0, int len, float* acc) {
  int i = i0;
  for (; i + 4 <= i1; i += 4) {
    const std::size_t r = static_cast<std::size_t>(i) * stride + t0;
    int j = 0;
#ifdef GLASSBOX_LINEAR_AVX2
    const __m256 x0 = _mm256_set1_ps(x[i]), x1 = _mm256_set1_ps(x[i + 1]);
    const __m256 x2 = _mm256_set1_ps(x[i + 2]), x3 = _mm256_set1_ps(x[i + 3]);
    const bool prefetch = i + 8 <= i1;  // the next four rows, one line each per line read (see dotRows)
    for (; j + 8 <= len; j += 8) {
      if (prefetch && (j * W::kSize) % 64 == 0)
        for (std::size_t k = 4; k < 8; ++k) _mm_prefetch(w.bytes(r + k * stride + j), _MM_HINT_T0);
      __m256 a = _mm256_loadu_ps(acc + t0 + j);
      a = _mm256_fmadd_ps(x0, w.load8(r + j), a);
      a = _mm256_fmadd_ps(x1, w.load8(r + stride + j), a);
      a = _mm256_fmadd_ps(x2, w.load8(r + 2 * stride + j), a);
      a = _mm256_fmadd_ps(x3, w.load8(r + 3 * stride + j), a);
      _mm256_storeu_ps(acc + t0 + j, a);
    }
#endif
    for (; j < len; ++j)
      acc[t0 + j] += x[i] * w.at(r + j) + x[i + 1] * w.at(r + stride + j) + x[i + 2] * w.at(r + 2 * stride + j) +
                     x[i + 3] * w.at(r + 3 * stride + j);
  }
  for (; i < i1; ++i) {
    const std::size_t r = static_cast<std::size_t>(i) * stride + t0;
    for (int j = 0; j < len; ++j) acc[t0 + j] += x[i] * w.at(r + j);
  }
}

// acc[0:out] = (bias or 0) + x[i0:i1] W[i0:i1][:] for x [in], W [in][out]: reads the contiguous block of
// rows i0..i1 front to back, over column tiles of acc that stay in L1.
void gemvRows(const float* x, const Linear& w, const float* bias, int i0, int i1, float* acc) {
  constexpr int kTile = 4096;  // columns: 16 KB of acc in L1; GPT-2 rows (<= 4C) in one tile, read straight through
  if (bias) std::copy(bias, bias + w.out, acc);
  else std::fill(acc, acc + w.out, 0.0f);
  withWeights(w, [&](const auto& view) {
    for (int t0 = 0; t0 < w.out; t0 += kTile)
      axpyRows(x, view, static_cast<std::size_t>(w.out), i0, i1, t0, std::min(kTile, w.out - t0), acc);
  });
}

// Thread count for a T = 1 product: one per ~64 rows of work, all of the pool above kParallelFlops.
int gemvThreads(const Linear& w, int rows) {
  if (static_cast<double>(w.in) * w.out < kParallelFlops) return 1;
  return std::min(ThreadPool::global().threadCount(), std::max(1, rows / 64));
}

// y [out] = x [in] W [in][out] (+ b). Threads take contiguous blocks of input rows (each streams one block
// of W); thread 0 accumulates into y, the others into per-thread partial sums added at the end.
void gemvInputMajor(const float* x, const Linear& w, float* y) {
  const int threads = gemvThreads(w, w.in);
  if (threads < 2) {
    gemvRows(x, w, w.bias, 0, w.in, y);
    return;
  }
  thread_local std::vector<float> partial;  // [threads - 1][out], grows once per shape
  const std::size_t need = static_cast<std::size_t>(threads - 1) * w.out;
  if (partial.size() < need) partial.resize(need);
  const struct {
    const float* x;
    const Linear* w;
    float* y;
    float* partial;
    int threads;
  } job{x, &w, y, partial.data(), threads};
  ThreadPool::global().parallelFor(static_cast<std::size_t>(threads), [&job](std::size_t b, std::size_t e) {
    for (std::size_t k = b; k < e; ++k) {
      const int i0 = static_cast<int>(static_cast<long long>(job.w->in) * k / job.threads);
      const int i1 = static_cast<int>(static_cast<long long>(job.w->in) * (k + 1) / job.threads);
      float* acc = k == 0 ? job.y : job.partial + (k - 1) * static_cast<std::size_t>(job.w->out);
      gemvRows(job.x, *job.w, k == 0 ? job.w->bias : nullptr, i0, i1, acc);
    }
  });
  Eigen::Map<Eigen::ArrayXf> out(y, w.out);
  for (int k = 1; k < threads; ++k)
    out += Eigen::Map<const Eigen::ArrayXf>(partial.data() + static_cast<std::size_t>(k - 1) * w.out, w.out);
}

// ---- T = 1, [out][in] layout: one dot product per output row -----------------------------------------

#ifdef GLASSBOX_LINEAR_AVX2
float horizontalSum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}
#endif

// y[o] = (b[o]) + x . W[o][:] for o in [o0, o1), four rows per pass over x (which stays in L1).
template <class W>
void dotRows(const float* x, const W& w, int in, const float* bias, int o0, int o1, float* y) {
  const std::size_t n = static_cast<std::size_t>(in);
  int o = o0;
#ifdef GLASSBOX_LINEAR_AVX2
  for (; o + 4 <= o1; o += 4) {
    const std::size_t r = static_cast<std::size_t>(o) * n;
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    // The next four rows (4n elements) are prefetched while these are read, 32 elements per step: the
    // hardware prefetchers stop at 4 KB page boundaries, which a mapped file has every 4 KB.
    const bool prefetch = o + 8 <= o1;
    const char* ahead = prefetch ? w.bytes(r + 4 * n) : nullptr;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      if (prefetch)
        for (std::size_t b = 0; b < 32 * W::kSize; b += 64) _mm_prefetch(ahead + 4 * i * W::kSize + b, _MM_HINT_T0);
      const __m256 xv = _mm256_loadu_ps(x + i);
      a0 = _mm256_fmadd_ps(xv, w.load8(r + i), a0);
      a1 = _mm256_fmadd_ps(xv, w.load8(r + n + i), a1);
      a2 = _mm256_fmadd_ps(xv, w.load8(r + 2 * n + i), a2);
      a3 = _mm256_fmadd_ps(xv, w.load8(r + 3 * n + i), a3);
    }
    float s[4] = {horizontalSum(a0), horizontalSum(a1), horizontalSum(a2), horizontalSum(a3)};
    for (; i < n; ++i)
      for (int k = 0; k < 4; ++k) s[k] += x[i] * w.at(r + k * n + i);
    for (int k = 0; k < 4; ++k) y[o + k] = s[k] + (bias ? bias[o + k] : 0.0f);
  }
#endif
  for (; o < o1; ++o) {
    const std::size_t r = static_cast<std::size_t>(o) * n;
    float s = 0.0f;
    for (std::size_t i = 0; i < n; ++i) s += x[i] * w.at(r + i);
    y[o] = s + (bias ? bias[o] : 0.0f);
  }
}

// y [out] = x [in] W[out][in]^T (+ b). Threads take contiguous blocks of output rows (multiples of 4).
void gemvOutputMajor(const float* x, const Linear& w, float* y) {
  const int threads = gemvThreads(w, w.out);
  const struct {
    const float* x;
    const Linear* w;
    float* y;
    int threads;
  } job{x, &w, y, threads};
  auto rows = [&job](std::size_t b, std::size_t e) {
    const int quads = (job.w->out + 3) / 4;
    const int o0 = std::min(job.w->out, static_cast<int>(static_cast<long long>(quads) * b / job.threads) * 4);
    const int o1 = std::min(job.w->out, static_cast<int>(static_cast<long long>(quads) * e / job.threads) * 4);
    withWeights(*job.w, [&](const auto& view) { dotRows(job.x, view, job.w->in, job.w->bias, o0, o1, job.y); });
  };
  if (threads < 2) rows(0, 1);
  else ThreadPool::global().parallelFor(static_cast<std::size_t>(threads), rows);
}

// ---- T = 1, block-quantized rows: one dot product on the blocks per output row ------------------------

// y [out] = x [in] W[out][in]^T (+ b) with W block-quantized. Threads take contiguous blocks of rows.
void gemvQuantized(const float* x, const Linear& w, float* y) {
  const int threads = gemvThreads(w, w.out);
  const struct {
    const float* x;
    const Linear* w;
    float* y;
    int threads;
  } job{x, &w, y, threads};
  auto rows = [&job](std::size_t b, std::size_t e) {
    const Linear& l = *job.w;
    const int o0 = static_cast<int>(static_cast<long long>(l.out) * static_cast<long long>(b) / job.threads);
    const int o1 = static_cast<int>(static_cast<long long>(l.out) * static_cast<long long>(e) / job.threads);
    quant::dotRows(l.dtype, job.x, l.blocks, l.rowBytes, l.in, o0, o1, job.y);
    if (l.bias)
      for (int o = o0; o < o1; ++o) job.y[o] += l.bias[o];
  };
  if (threads < 2) rows(0, 1);
  else ThreadPool::global().parallelFor(static_cast<std::size_t>(threads), rows);
}

// ---- T > 1: Eigen GEMM over column blocks ------------------------------------------------------------

// The F32 weights of output columns c0..c0+nc: in place for F32, else widened into `buffer` (laid out as
// the stored matrix restricted to those columns: [in][nc] or [nc][in]).
const float* columnBlock(const Linear& w, int c0, int nc, std::vector<float>& buffer, int& stride) {
  if (w.blocks) {  // quantized rows c0..c0+nc dequantized: [nc][in]
    const std::size_t count = static_cast<std::size_t>(w.in) * nc;
    if (buffer.size() < count) buffer.resize(count);
    stride = w.in;
    quant::dequantizeRows(w.dtype, w.blocks, w.rowBytes, w.in, c0, nc, buffer.data());
    return buffer.data();
  }
  if (!w.weight16 || w.dtype == DType::F32) {
    stride = w.inputMajor ? w.out : w.in;
    return w.inputMajor ? w.weight + c0 : w.weight + static_cast<std::size_t>(c0) * w.in;
  }
  const std::size_t count = static_cast<std::size_t>(w.in) * nc;
  if (buffer.size() < count) buffer.resize(count);
  stride = w.inputMajor ? nc : w.in;
  withWeights(w, [&](const auto& view) {
    if (w.inputMajor) {
      for (int i = 0; i < w.in; ++i)
        for (int c = 0; c < nc; ++c)
          buffer[static_cast<std::size_t>(i) * nc + c] = view.at(static_cast<std::size_t>(i) * w.out + c0 + c);
    } else {
      const std::size_t first = static_cast<std::size_t>(c0) * w.in;
      for (std::size_t k = 0; k < count; ++k) buffer[k] = view.at(first + k);
    }
  });
  return buffer.data();
}

// What a T > 1 product does with x W + b on its way into y.
enum class Epilogue {
  Store,       // y = x W + b
  Gelu,        // y = gelu_tanh(x W + b), applied to each column block while it is in cache
  Accumulate,  // y += x W + b
};

// y[:, c0:c0+nc] = x W[:, c0:c0+nc] (+ b), then the epilogue. x [T][in], y [T][out]. F16/BF16 weights go
// by blocks of kWidenColumns (quantized ones by kDequantColumns rows) so that the widened copy stays small.
void linearColumns(const float* x, int T, int ldx, const Linear& w, float* y, int ldy, int c0, int nc,
                   Epilogue epilogue) {
  constexpr int kWidenColumns = 256, kDequantColumns = 128;
  const int tile = w.blocks ? kDequantColumns : kWidenColumns;
  if ((w.blocks || (w.weight16 && w.dtype != DType::F32)) && nc > tile) {
    for (int c = c0; c < c0 + nc; c += tile) linearColumns(x, T, ldx, w, y, ldy, c, std::min(tile, c0 + nc - c), epilogue);
    return;
  }
  thread_local std::vector<float> widened;  // F16/BF16 or dequantized block as F32 [in][<= tile] / [<= tile][in]
  int stride = 0;
  const float* block = columnBlock(w, c0, nc, widened, stride);
  ConstMatMap X(x, T, w.in, Strided(ldx));
  MatMap Y(y, T, w.out, Strided(ldy));
  auto out = Y.middleCols(c0, nc);
  // The bias goes in first (added to y, or in place of the zeros a plain product would write), so the
  // GEMM always accumulates: one pass over y fewer.
  bool add = epilogue == Epilogue::Accumulate;
  if (w.bias) {
    if (add) out.rowwise() += ConstRowVec(w.bias + c0, nc);
    else out.rowwise() = ConstRowVec(w.bias + c0, nc);
    add = true;
  }
  if (w.inputMajor) {
    ConstMatMap W(block, w.in, nc, Strided(stride));  // [in][nc]
    if (add) out.noalias() += X * W;
    else out.noalias() = X * W;
  } else {
    ConstMatMap W(block, nc, w.in, Strided(stride));  // [nc][in]
    if (add) out.noalias() += X * W.transpose();
    else out.noalias() = X * W.transpose();
  }
  if (epilogue == Epilogue::Gelu)
    for (int t = 0; t < T; ++t) geluTanh(y + static_cast<std::size_t>(t) * ldy + c0, static_cast<std::size_t>(nc));
}

// The T > 1 product with its epilogue, over column blocks of the global pool above kParallelFlops.
void linearRows(const float* x, int T, int ldx, const Linear& w, float* y, int ldy, Epilogue epilogue) {
  const double flops = static_cast<double>(T) * w.in * w.out;
  const int blocks = (w.out + kColumnBlock - 1) / kColumnBlock;
  if (flops < kParallelFlops || blocks < 2) {
    linearColumns(x, T, ldx, w, y, ldy, 0, w.out, epilogue);
    return;
  }
  // One captured pointer keeps the std::function in its small buffer: no allocation per call.
  const struct {
    const float* x;
    int T, ldx;
    const Linear* w;
    float* y;
    int ldy;
    Epilogue epilogue;
  } job{x, T, ldx, &w, y, ldy, epilogue};
  ThreadPool::global().parallelFor(static_cast<std::size_t>(blocks), [&job](std::size_t b, std::size_t e) {
    const int c0 = static_cast<int>(b) * kColumnBlock;
    const int c1 = std::min(job.w->out, static_cast<int>(e) * kColumnBlock);
    linearColumns(job.x, job.T, job.ldx, *job.w, job.y, job.ldy, c0, c1 - c0, job.epilogue);
  });
}

}  // namespace

void linear(const float* x, int T, int ldx, const Linear& w, float* y, int ldy) {
  if (T == 1) {
    if (w.blocks) gemvQuantized(x, w, y);
    else if (w.inputMajor) gemvInputMajor(x, w, y);
    else gemvOutputMajor(x, w, y);
    return;
  }
  linearRows(x, T, ldx, w, y, ldy, Epilogue::Store);
}

void linearGelu(const float* x, int T, int ldx, const Linear& w, float* y, int ldy) {
  if (T > 1) {
    linearRows(x, T, ldx, w, y, ldy, Epilogue::Gelu);
    return;
  }
  GLASSBOX_KERNEL_SET::linear(x, 1, ldx, w, y, ldy);  // qualified: ADL also finds glassbox::linear
  geluTanh(y, static_cast<std::size_t>(w.out));
}

void linearAdd(const float* x, int T, int ldx, const Linear& w, float* y, int ldy) {
  if (T > 1) {
    linearRows(x, T, ldx, w, y, ldy, Epilogue::Accumulate);
    return;
  }
  thread_local std::vector<float> row;  // [out], grows once per width
  if (row.size() < static_cast<std::size_t>(w.out)) row.resize(static_cast<std::size_t>(w.out));
  GLASSBOX_KERNEL_SET::linear(x, 1, ldx, w, row.data(), w.out);
  for (int o = 0; o < w.out; ++o) y[o] += row[o];
}

void linearNaive(const float* x, int T, int ldx, const Linear& w, float* y, int ldy) {
  if (w.blocks) {  // exact dequantization, then double accumulation; decode (T = 1) rounds x as linear does
    for (int t = 0; t < T; ++t) {
      float* yt = y + static_cast<std::size_t>(t) * ldy;
      const float* xt = x + static_cast<std::size_t>(t) * ldx;
      if (T == 1) quant::dotRowsQ8Naive(w.dtype, xt, w.blocks, w.rowBytes, w.in, 0, w.out, yt);
      else quant::dotRowsNaive(w.dtype, xt, w.blocks, w.rowBytes, w.in, 0, w.out, yt);
      if (w.bias)
        for (int o = 0; o < w.out; ++o) yt[o] = static_cast<float>(static_cast<double>(yt[o]) + w.bias[o]);
    }
    return;
  }
  withWeights(w, [&](const auto& view) {
    for (int t = 0; t < T; ++t) {
      for (int o = 0; o < w.out; ++o) {
        double acc = w.bias ? w.bias[o] : 0.0;
        for (int i = 0; i < w.in; ++i) {
          const float wv = w.inputMajor ? view.at(static_cast<std::size_t>(i) * w.out + o)
                                        : view.at(static_cast<std::size_t>(o) * w.in + i);
          acc += static_cast<double>(x[static_cast<std::size_t>(t) * ldx + i]) * wv;
        }
        y[static_cast<std::size_t>(t) * ldy + o] = static_cast<float>(acc);
      }
    }
  });
}

}  // namespace glassbox::GLASSBOX_KERNEL_SET
