// t-SNE optimisation: gradient descent with momentum and per-coordinate gains (van der Maaten &
// Hinton 2008, section 3.4), early exaggeration, exact or Barnes-Hut gradient.
#include "analysis/tsne.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "analysis/tsne_internal.h"
#include "analysis/tsne_quadtree.h"
#include "core/error.h"
#include "core/rng.h"
#include "core/thread_pool.h"

namespace glassbox {
namespace {

using tsne_detail::SparseAffinities;

void forRows(bool parallel, int n, const std::function<void(std::size_t, std::size_t)>& fn) {
  if (parallel) ThreadPool::global().parallelFor(static_cast<std::size_t>(n), fn);
  else fn(0, static_cast<std::size_t>(n));
}

// Exact gradient of KL(exaggeration * P || Q) into grad [N][2]; returns Z = sum_{i != j} w_ij.
// With `kl`, also writes KL(P || Q) for the un-exaggerated P.
double exactGradient(const DenseMatrix& p, const std::vector<double>& y, double exaggeration, bool parallel,
                     std::vector<double>& grad, double* kl) {
  const int n = p.rows;
  std::vector<double> rowZ(n, 0.0);
  forRows(parallel, n, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      double z = 0.0;
      for (int j = 0; j < n; ++j) {
        if (j == static_cast<int>(i)) continue;
        const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
        z += 1.0 / (1.0 + dx * dx + dy * dy);
      }
      rowZ[i] = z;
    }
  });
  double z = 0.0;
  for (double v : rowZ) z += v;  // serial sum: the same result whatever the thread count
  std::vector<double> rowKl(n, 0.0);
  forRows(parallel, n, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      double gx = 0.0, gy = 0.0, k = 0.0;
      for (int j = 0; j < n; ++j) {
        if (j == static_cast<int>(i)) continue;
        const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
        const double w = 1.0 / (1.0 + dx * dx + dy * dy);
        const double pij = p.at(static_cast<int>(i), j);
        const double f = (exaggeration * pij - w / z) * w;
        gx += f * dx;
        gy += f * dy;
        if (kl && pij > 0.0) k += pij * std::log(pij / (w / z));
      }
      grad[2 * i] = 4.0 * gx;
      grad[2 * i + 1] = 4.0 * gy;
      rowKl[i] = k;
    }
  });
  if (kl) {
    *kl = 0.0;
    for (double v : rowKl) *kl += v;
  }
  return z;
}

// Barnes-Hut gradient: attraction over the sparse P, repulsion from the quadtree.
double barnesHutGradient(const SparseAffinities& p, const std::vector<double>& y, double exaggeration,
                         double theta, bool parallel, std::vector<double>& grad, double* kl) {
  const int n = static_cast<int>(y.size() / 2);
  const tsne_detail::QuadTree tree(y);
  std::vector<double> rowZ(n, 0.0), rep(2 * static_cast<std::size_t>(n), 0.0);
  forRows(parallel, n, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      double f[2] = {0.0, 0.0};
      rowZ[i] = tree.repulsion(static_cast<int>(i), theta, f);
      rep[2 * i] = f[0];
      rep[2 * i + 1] = f[1];
    }
  });
  double z = 0.0;
  for (double v : rowZ) z += v;
  std::vector<double> rowKl(n, 0.0);
  forRows(parallel, n, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i) {
      double ax = 0.0, ay = 0.0, k = 0.0;
      for (int t = p.rowStart[i]; t < p.rowStart[i + 1]; ++t) {
        const int j = p.col[t];
        const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
        const double w = 1.0 / (1.0 + dx * dx + dy * dy);
        const double pij = p.value[t];
        ax += exaggeration * pij * w * dx;
        ay += exaggeration * pij * w * dy;
        if (kl && pij > 0.0) k += pij * std::log(pij / (w / z));
      }
      grad[2 * i] = 4.0 * (ax - rep[2 * i] / z);
      grad[2 * i + 1] = 4.0 * (ay - rep[2 * i + 1] / z);
      rowKl[i] = k;
    }
  });
  if (kl) {
    *kl = 0.0;
    for (double v : rowKl) *kl += v;
  }
  return z;
}

void validate(const DenseMatrix& data, const TsneOptions& o) {
  checkShape(data, "t-SNE input");
  if (data.rows > 0 && data.cols < 1) throw Error("t-SNE: the input points have no dimensions");
  for (float v : data.values)
    if (!std::isfinite(v)) throw Error("t-SNE: the input has a non-finite value (hint: check the vectors)");
  if (o.iterations < 1 || o.iterations > 100000)
    throw Error("t-SNE: iterations " + std::to_string(o.iterations) + " out of range 1..100000");
  if (!(o.perplexity >= 1.0)) throw Error("t-SNE: perplexity must be at least 1");
  if (!(o.theta >= 0.0 && o.theta <= 2.0)) throw Error("t-SNE: theta must be in [0, 2]");
  if (!(o.earlyExaggeration >= 1.0)) throw Error("t-SNE: early exaggeration must be at least 1");
}

DenseMatrix toMatrix(const std::vector<double>& y) {
  DenseMatrix m(static_cast<int>(y.size() / 2), 2);
  for (std::size_t i = 0; i < y.size(); ++i) m.values[i] = static_cast<float>(y[i]);
  return m;
}

}  // namespace

TsneResult tsne(const DenseMatrix& data, const TsneOptions& options, const TsneCallback& callback) {
  validate(data, options);
  const int n = data.rows;
  TsneResult result;
  if (n < 2) {
    result.points = DenseMatrix(n, 2);
    return result;
  }
  const double perplexity = std::max(1.0, std::min(options.perplexity, (n - 1) / 3.0));
  const bool bh = options.method == TsneMethod::BarnesHut ||
                  (options.method == TsneMethod::Auto && n > options.exactUpTo);
  result.barnesHut = bh;
  DenseMatrix dense;
  SparseAffinities sparse;
  if (bh) sparse = tsne_detail::sparseAffinities(data, perplexity);
  else dense = tsne_detail::exactAffinities(data, perplexity);

  Rng rng(options.seed);
  std::vector<double> y(2 * static_cast<std::size_t>(n)), update(y.size(), 0.0), gains(y.size(), 1.0),
      grad(y.size(), 0.0);
  for (auto& v : y) v = 1e-4 * rng.normal();
  const double lr = options.learningRate > 0.0
                        ? options.learningRate
                        : std::max(n / options.earlyExaggeration / 4.0, 50.0);
  const int every = std::max(1, options.reportEvery);

  for (int it = 0; it < options.iterations; ++it) {
    const bool early = it < options.exaggerationIterations;
    const double exaggeration = early ? options.earlyExaggeration : 1.0;
    const double momentum = it < options.momentumSwitchIteration ? options.initialMomentum : options.finalMomentum;
    const bool report = (it + 1) % every == 0 || it + 1 == options.iterations;
    double kl = 0.0;
    double* klOut = report ? &kl : nullptr;
    if (bh) barnesHutGradient(sparse, y, exaggeration, options.theta, options.parallel, grad, klOut);
    else exactGradient(dense, y, exaggeration, options.parallel, grad, klOut);

    double meanX = 0.0, meanY = 0.0;
    for (std::size_t d = 0; d < y.size(); ++d) {
      const bool sameSign = (grad[d] > 0.0) == (update[d] > 0.0);
      gains[d] = std::max(0.01, sameSign ? gains[d] * 0.8 : gains[d] + 0.2);
      update[d] = momentum * update[d] - lr * gains[d] * grad[d];
      y[d] += update[d];
      (d % 2 == 0 ? meanX : meanY) += y[d];
    }
    meanX /= n;
    meanY /= n;
    for (int i = 0; i < n; ++i) {
      y[2 * i] -= meanX;
      y[2 * i + 1] -= meanY;
    }
    result.iterations = it + 1;
    if (report) {
      result.kl = kl;
      if (callback) {
        std::vector<float> frame(y.begin(), y.end());
        if (!callback(it + 1, kl, frame)) {
          result.cancelled = true;
          break;
        }
      }
    }
  }
  result.points = toMatrix(y);
  return result;
}

}  // namespace glassbox
