#include "training/blocks.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

namespace glassbox::blocks {
namespace {

template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using MapM = Eigen::Map<Mat<T>>;
template <typename T>
using CMapM = Eigen::Map<const Mat<T>>;
template <typename T>
using CMapS = Eigen::Map<const Mat<T>, 0, Eigen::OuterStride<>>;
template <typename T>
using MapS = Eigen::Map<Mat<T>, 0, Eigen::OuterStride<>>;

}  // namespace

template <typename T>
void linear(const T* x, const T* w, const T* b, T* y, int n, int in, int out) {
  MapM<T> ym(y, n, out);
  ym.noalias() = CMapM<T>(x, n, in) * CMapM<T>(w, out, in).transpose();
  if (b != nullptr)
    for (int t = 0; t < n; ++t)
      for (int o = 0; o < out; ++o) ym(t, o) += b[o];
}

template <typename T>
void linearBackward(const T* x, const T* w, const T* dy, T* dx, T* dw, T* db, int n, int in, int out) {
  CMapM<T> dym(dy, n, out);
  MapM<T>(dw, out, in).noalias() += dym.transpose() * CMapM<T>(x, n, in);
  if (db != nullptr)
    for (int t = 0; t < n; ++t)
      for (int o = 0; o < out; ++o) db[o] += dym(t, o);
  if (dx != nullptr) MapM<T>(dx, n, in).noalias() = dym * CMapM<T>(w, out, in);
}

template <typename T>
void layerNorm(const T* x, const T* w, const T* b, T* y, T* stats, int rows, int C, double eps) {
  for (int t = 0; t < rows; ++t) {
    const T* xr = x + static_cast<std::size_t>(t) * C;
    T mean = 0, var = 0;
    for (int c = 0; c < C; ++c) mean += xr[c];
    mean /= T(C);
    for (int c = 0; c < C; ++c) var += (xr[c] - mean) * (xr[c] - mean);
    var /= T(C);
    const T rstd = T(1) / std::sqrt(var + T(eps));
    T* yr = y + static_cast<std::size_t>(t) * C;
    for (int c = 0; c < C; ++c) yr[c] = (xr[c] - mean) * rstd * w[c] + b[c];
    stats[2 * t] = mean;
    stats[2 * t + 1] = rstd;
  }
}

template <typename T>
void layerNormBackward(const T* x, const T* w, const T* stats, const T* dy, T* dx, T* dw, T* db, int rows, int C) {
  for (int t = 0; t < rows; ++t) {
    const T* xr = x + static_cast<std::size_t>(t) * C;
    const T* dyr = dy + static_cast<std::size_t>(t) * C;
    const T mean = stats[2 * t], rstd = stats[2 * t + 1];
    T meanDyw = 0, meanDywX = 0;
    for (int c = 0; c < C; ++c) {
      const T xhat = (xr[c] - mean) * rstd;
      const T dyw = dyr[c] * w[c];
      meanDyw += dyw;
      meanDywX += dyw * xhat;
      dw[c] += dyr[c] * xhat;
      db[c] += dyr[c];
    }
    meanDyw /= T(C);
    meanDywX /= T(C);
    T* dxr = dx + static_cast<std::size_t>(t) * C;
    for (int c = 0; c < C; ++c) dxr[c] += rstd * (dyr[c] * w[c] - meanDyw - (xr[c] - mean) * rstd * meanDywX);
  }
}

template <typename T>
void rmsNorm(const T* x, const T* w, T* y, T* rstd, int rows, int C, double eps) {
  for (int t = 0; t < rows; ++t) {
    const T* xr = x + static_cast<std::size_t>(t) * C;
    T ms = 0;
    for (int c = 0; c < C; ++c) ms += xr[c] * xr[c];
    const T r = T(1) / std::sqrt(ms / T(C) + T(eps));
    T* yr = y + static_cast<std::size_t>(t) * C;
    for (int c = 0; c < C; ++c) yr[c] = xr[c] * r * w[c];
    rstd[t] = r;
  }
}

// y_c = x_c r w_c with r = (mean x^2 + eps)^-1/2, so dr/dx_c = -r^3 x_c / C.
template <typename T>
void rmsNormBackward(const T* x, const T* w, const T* rstd, const T* dy, T* dx, T* dw, int rows, int C) {
  for (int t = 0; t < rows; ++t) {
    const T* xr = x + static_cast<std::size_t>(t) * C;
    const T* dyr = dy + static_cast<std::size_t>(t) * C;
    const T r = rstd[t];
    T dot = 0;
    for (int c = 0; c < C; ++c) {
      dot += dyr[c] * w[c] * xr[c];
      dw[c] += dyr[c] * xr[c] * r;
    }
    T* dxr = dx + static_cast<std::size_t>(t) * C;
    const T k = r * r * r * dot / T(C);
    for (int c = 0; c < C; ++c) dxr[c] += r * dyr[c] * w[c] - k * xr[c];
  }
}

template <typename T>
T geluErf(T x) {
  return T(0.5) * x * (T(1) + std::erf(x * T(0.7071067811865476)));
}

template <typename T>
T geluErfGrad(T x) {
  return T(0.5) * (T(1) + std::erf(x * T(0.7071067811865476))) + x * std::exp(T(-0.5) * x * x) * T(0.3989422804014327);
}

template <typename T>
void attention(const AttentionShape& s, const T* q, const T* k, const T* v, const T* bias, int Q, int K, T* probs,
               T* out) {
  const int D = s.headDim, W = s.heads * D;
  const T scale = T(s.scale);
  for (int h = 0; h < s.heads; ++h) {
    MapM<T> p(probs + static_cast<std::size_t>(h) * Q * K, Q, K);
    p.noalias() = CMapS<T>(q + h * D, Q, D, Eigen::OuterStride<>(W)) *
                  CMapS<T>(k + h * D, K, D, Eigen::OuterStride<>(W)).transpose();
    const T* bh = bias == nullptr ? nullptr : bias + static_cast<std::size_t>(h) * Q * K;
    for (int i = 0; i < Q; ++i) {
      const int visible = s.causal ? std::min(K, i + 1) : K;
      T mx = -std::numeric_limits<T>::infinity();
      for (int j = 0; j < visible; ++j) {
        p(i, j) = p(i, j) * scale + (bh ? bh[static_cast<std::size_t>(i) * K + j] : T(0));
        mx = std::max(mx, p(i, j));
      }
      T sum = 0;
      for (int j = 0; j < visible; ++j) sum += p(i, j) = std::exp(p(i, j) - mx);
      for (int j = 0; j < visible; ++j) p(i, j) /= sum;
      for (int j = visible; j < K; ++j) p(i, j) = 0;
    }
    MapS<T>(out + h * D, Q, D, Eigen::OuterStride<>(W)).noalias() =
        p * CMapS<T>(v + h * D, K, D, Eigen::OuterStride<>(W));
  }
}

template <typename T>
void attentionBackward(const AttentionShape& s, const T* q, const T* k, const T* v, const T* probs, const T* dOut,
                       int Q, int K, T* dq, T* dk, T* dv, T* dBias) {
  const int D = s.headDim, W = s.heads * D;
  const T scale = T(s.scale);
  Mat<T> ds(Q, K);
  for (int h = 0; h < s.heads; ++h) {
    CMapM<T> p(probs + static_cast<std::size_t>(h) * Q * K, Q, K);
    CMapS<T> dO(dOut + h * D, Q, D, Eigen::OuterStride<>(W));
    ds.noalias() = dO * CMapS<T>(v + h * D, K, D, Eigen::OuterStride<>(W)).transpose();
    MapS<T>(dv + h * D, K, D, Eigen::OuterStride<>(W)).noalias() = p.transpose() * dO;
    for (int i = 0; i < Q; ++i) {
      T dot = 0;
      for (int j = 0; j < K; ++j) dot += p(i, j) * ds(i, j);
      for (int j = 0; j < K; ++j) ds(i, j) = p(i, j) * (ds(i, j) - dot);  // d(score), 0 where hidden
    }
    if (dBias != nullptr) MapM<T>(dBias + static_cast<std::size_t>(h) * Q * K, Q, K) += ds;
    ds *= scale;
    MapS<T>(dq + h * D, Q, D, Eigen::OuterStride<>(W)).noalias() = ds * CMapS<T>(k + h * D, K, D, Eigen::OuterStride<>(W));
    MapS<T>(dk + h * D, K, D, Eigen::OuterStride<>(W)).noalias() =
        ds.transpose() * CMapS<T>(q + h * D, Q, D, Eigen::OuterStride<>(W));
  }
}

int relativePositionBucket(int relative, bool bidirectional, int numBuckets, int maxDistance) {
  int bucket = 0;
  int n = numBuckets;
  if (bidirectional) {
    n /= 2;
    if (relative > 0) bucket += n;
    relative = std::abs(relative);
  } else {
    relative = -std::min(relative, 0);
  }
  const int maxExact = n / 2;
  if (relative < maxExact) return bucket + relative;
  // float32 like torch: log(float(rel) / max_exact) / log(max_distance / max_exact) * (n - max_exact)
  const float ratio = static_cast<float>(relative) / static_cast<float>(maxExact);
  const float denom = static_cast<float>(std::log(static_cast<double>(maxDistance) / maxExact));
  const float scaled = std::log(ratio) / denom * static_cast<float>(n - maxExact);
  const int large = std::min(maxExact + static_cast<int>(scaled), n - 1);
  return bucket + large;
}

template <typename T>
void relativePositionBias(const T* table, int heads, int Q, int K, bool bidirectional, int numBuckets,
                          int maxDistance, T* bias) {
  for (int i = 0; i < Q; ++i)
    for (int j = 0; j < K; ++j) {
      const int b = relativePositionBucket(j - i, bidirectional, numBuckets, maxDistance);
      for (int h = 0; h < heads; ++h)
        bias[(static_cast<std::size_t>(h) * Q + i) * K + j] = table[static_cast<std::size_t>(b) * heads + h];
    }
}

template <typename T>
void relativePositionBiasBackward(const T* dBias, int heads, int Q, int K, bool bidirectional, int numBuckets,
                                  int maxDistance, T* dTable) {
  for (int i = 0; i < Q; ++i)
    for (int j = 0; j < K; ++j) {
      const int b = relativePositionBucket(j - i, bidirectional, numBuckets, maxDistance);
      for (int h = 0; h < heads; ++h)
        dTable[static_cast<std::size_t>(b) * heads + h] += dBias[(static_cast<std::size_t>(h) * Q + i) * K + j];
    }
}

template <typename T>
double softmaxCrossEntropy(T* logits, const int* targets, int rows, int V, T lossScale) {
  double total = 0;
  for (int t = 0; t < rows; ++t) {
    T* row = logits + static_cast<std::size_t>(t) * V;
    const int target = targets[t];
    if (target < 0 || target >= V) {
      std::fill(row, row + V, T(0));
      continue;
    }
    T mx = row[0];
    for (int v = 1; v < V; ++v) mx = std::max(mx, row[v]);
    T sum = 0;
    for (int v = 0; v < V; ++v) sum += std::exp(row[v] - mx);
    total += static_cast<double>(std::log(sum) + mx - row[target]);
    const T inv = lossScale / sum;
    for (int v = 0; v < V; ++v) row[v] = std::exp(row[v] - mx) * inv;
    row[target] -= lossScale;
  }
  return total;
}

#define GLASSBOX_BLOCKS(T)                                                                                     \
  template void linear<T>(const T*, const T*, const T*, T*, int, int, int);                                   \
  template void linearBackward<T>(const T*, const T*, const T*, T*, T*, T*, int, int, int);                   \
  template void layerNorm<T>(const T*, const T*, const T*, T*, T*, int, int, double);                         \
  template void layerNormBackward<T>(const T*, const T*, const T*, const T*, T*, T*, T*, int, int);           \
  template void rmsNorm<T>(const T*, const T*, T*, T*, int, int, double);                                     \
  template void rmsNormBackward<T>(const T*, const T*, const T*, const T*, T*, T*, int, int);                 \
  template T geluErf<T>(T);                                                                                   \
  template T geluErfGrad<T>(T);                                                                               \
  template void attention<T>(const AttentionShape&, const T*, const T*, const T*, const T*, int, int, T*, T*); \
  template void attentionBackward<T>(const AttentionShape&, const T*, const T*, const T*, const T*, const T*,  \
                                     int, int, T*, T*, T*, T*);                                               \
  template void relativePositionBias<T>(const T*, int, int, int, bool, int, int, T*);                         \
  template void relativePositionBiasBackward<T>(const T*, int, int, int, bool, int, int, T*);                 \
  template double softmaxCrossEntropy<T>(T*, const int*, int, int, T);

GLASSBOX_BLOCKS(float)
GLASSBOX_BLOCKS(double)
#undef GLASSBOX_BLOCKS

}  // namespace glassbox::blocks
