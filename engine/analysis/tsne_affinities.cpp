// t-SNE input affinities: distances, perplexity calibration, symmetrisation (dense and sparse).
#include "analysis/tsne_internal.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/error.h"
#include "core/thread_pool.h"

namespace glassbox {
namespace {

// Calibrates one row: p_j = exp(-beta d_j) / sum, beta chosen so that the entropy H (nats) equals
// log(perplexity). Distances are shifted by their minimum for numerical range.
void calibrateRow(std::span<const float> d2, double perplexity, std::span<float> out) {
  const double target = std::log(perplexity);
  const std::size_t m = d2.size();
  if (m == 0) return;
  const double dmin = *std::min_element(d2.begin(), d2.end());
  double beta = 1.0, lo = 0.0, hi = std::numeric_limits<double>::infinity();
  std::vector<double> p(m);
  for (int iter = 0; iter < 100; ++iter) {
    double sum = 0.0, weighted = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      p[j] = std::exp(-beta * (d2[j] - dmin));
      sum += p[j];
      weighted += p[j] * (d2[j] - dmin);
    }
    const double entropy = std::log(sum) + beta * weighted / sum;  // H = log Z + beta <d>
    for (std::size_t j = 0; j < m; ++j) p[j] /= sum;
    const double diff = entropy - target;
    if (std::abs(diff) < 1e-5) break;
    if (diff > 0) {  // too flat: sharpen
      lo = beta;
      beta = std::isinf(hi) ? beta * 2.0 : 0.5 * (beta + hi);
    } else {
      hi = beta;
      beta = 0.5 * (beta + lo);
    }
  }
  for (std::size_t j = 0; j < m; ++j) out[j] = static_cast<float>(p[j]);
}

}  // namespace

DenseMatrix conditionalAffinities(const DenseMatrix& distances2, double perplexity) {
  checkShape(distances2, "t-SNE distances");
  if (!(perplexity >= 1.0)) throw Error("t-SNE: perplexity " + std::to_string(perplexity) + " is below 1");
  DenseMatrix p(distances2.rows, distances2.cols);
  ThreadPool::global().parallelFor(static_cast<std::size_t>(distances2.rows), [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i)
      calibrateRow(distances2.row(static_cast<int>(i)), perplexity, p.row(static_cast<int>(i)));
  });
  return p;
}

double perplexityOf(std::span<const float> row) {
  double h = 0.0;
  for (float v : row)
    if (v > 0.0f) h -= v * std::log2(static_cast<double>(v));
  return std::exp2(h);
}

namespace tsne_detail {

DenseMatrix squaredDistances(const DenseMatrix& x) {
  const int n = x.rows, c = x.cols;
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajor> xm(x.values.data(), n, c);
  const Eigen::VectorXf norms = xm.rowwise().squaredNorm();
  DenseMatrix d(n, n);
  Eigen::Map<RowMajor> dm(d.values.data(), n, n);
  dm.noalias() = -2.0f * xm * xm.transpose();
  dm.colwise() += norms;
  dm.rowwise() += norms.transpose();
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) d.at(i, j) = std::max(0.0f, d.at(i, j));
    d.at(i, i) = 0.0f;
  }
  return d;
}

DenseMatrix exactAffinities(const DenseMatrix& x, double perplexity) {
  const int n = x.rows;
  const DenseMatrix d = squaredDistances(x);
  DenseMatrix others(n, n - 1);  // self excluded
  for (int i = 0; i < n; ++i)
    for (int j = 0, o = 0; j < n; ++j)
      if (j != i) others.at(i, o++) = d.at(i, j);
  const DenseMatrix cond = conditionalAffinities(others, perplexity);
  DenseMatrix p(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0, o = 0; j < n; ++j)
      if (j != i) p.at(i, j) = cond.at(i, o++);
  DenseMatrix sym(n, n);
  const float scale = 1.0f / (2.0f * static_cast<float>(n));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) sym.at(i, j) = std::max((p.at(i, j) + p.at(j, i)) * scale, 1e-12f);
  for (int i = 0; i < n; ++i) sym.at(i, i) = 0.0f;
  return sym;
}

// k nearest neighbours by blocks of rows of the distance matrix (Eigen GEMM), [N][K] each.
void nearestNeighbours(const DenseMatrix& x, int k, std::vector<int>& index, DenseMatrix& dist2) {
  const int n = x.rows, c = x.cols;
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const RowMajor> xm(x.values.data(), n, c);
  const Eigen::VectorXf norms = xm.rowwise().squaredNorm();
  index.assign(static_cast<std::size_t>(n) * k, 0);
  dist2 = DenseMatrix(n, k);
  constexpr int kBlock = 256;
  const int blocks = (n + kBlock - 1) / kBlock;
  ThreadPool::global().parallelFor(static_cast<std::size_t>(blocks), [&](std::size_t b, std::size_t e) {
    std::vector<int> order(n);
    for (std::size_t blk = b; blk < e; ++blk) {
      const int r0 = static_cast<int>(blk) * kBlock, rows = std::min(kBlock, n - r0);
      RowMajor d = -2.0f * xm.middleRows(r0, rows) * xm.transpose();  // [rows][N]
      for (int r = 0; r < rows; ++r) {
        const int i = r0 + r;
        for (int j = 0; j < n; ++j) d(r, j) = std::max(0.0f, d(r, j) + norms(i) + norms(j));
        d(r, i) = std::numeric_limits<float>::infinity();
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int bb) {
          return d(r, a) < d(r, bb) || (d(r, a) == d(r, bb) && a < bb);
        });
        for (int t = 0; t < k; ++t) {
          index[static_cast<std::size_t>(i) * k + t] = order[t];
          dist2.at(i, t) = d(r, order[t]);
        }
      }
    }
  });
}

SparseAffinities sparseAffinities(const DenseMatrix& x, double perplexity) {
  const int n = x.rows;
  const int k = std::min(n - 1, static_cast<int>(3.0 * perplexity));
  std::vector<int> index;
  DenseMatrix dist2;
  nearestNeighbours(x, k, index, dist2);
  const DenseMatrix cond = conditionalAffinities(dist2, perplexity);
  // Symmetrise: p_ij = (p_j|i + p_i|j) / 2N over the union of both neighbour lists.
  struct Entry { int row, col; float value; };
  std::vector<Entry> entries;
  entries.reserve(static_cast<std::size_t>(n) * k * 2);
  for (int i = 0; i < n; ++i)
    for (int t = 0; t < k; ++t) {
      const int j = index[static_cast<std::size_t>(i) * k + t];
      entries.push_back({i, j, cond.at(i, t)});
      entries.push_back({j, i, cond.at(i, t)});
    }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.row < b.row || (a.row == b.row && a.col < b.col); });
  SparseAffinities s;
  s.rowStart.assign(n + 1, 0);
  const float scale = 1.0f / (2.0f * static_cast<float>(n));
  for (std::size_t e = 0; e < entries.size();) {
    std::size_t f = e;
    float sum = 0.0f;
    while (f < entries.size() && entries[f].row == entries[e].row && entries[f].col == entries[e].col)
      sum += entries[f++].value;
    s.col.push_back(entries[e].col);
    s.value.push_back(sum * scale);
    s.rowStart[entries[e].row + 1] += 1;
    e = f;
  }
  for (int i = 0; i < n; ++i) s.rowStart[i + 1] += s.rowStart[i];
  return s;
}

}  // namespace tsne_detail
}  // namespace glassbox
