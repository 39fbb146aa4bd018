#include "analysis/layer_paths.h"

#include <algorithm>
#include <limits>
#include <string>

#include "core/error.h"

namespace glassbox {

DenseMatrix LayerPaths::path(int point) const {
  const int k = points.empty() ? 0 : points.front().cols;
  DenseMatrix p(boundaries(), k);
  for (int b = 0; b < boundaries(); ++b)
    for (int c = 0; c < k; ++c) p.at(b, c) = points[static_cast<std::size_t>(b)].at(point, c);
  return p;
}

LayerPaths sharedLayerPca(const std::vector<DenseMatrix>& layers, int k, const StopRequested& stop) {
  if (layers.empty()) throw Error("layer paths: no layers given (hint: trace a prompt first)");
  const int n = layers.front().rows, c = layers.front().cols;
  for (std::size_t b = 0; b < layers.size(); ++b) {
    checkShape(layers[b], "layer paths input");
    if (layers[b].rows != n || layers[b].cols != c)
      throw Error("layer paths: layer " + std::to_string(b) + " is [" + std::to_string(layers[b].rows) + "][" +
                  std::to_string(layers[b].cols) + "] but layer 0 is [" + std::to_string(n) + "][" +
                  std::to_string(c) + "] (hint: every layer must hold the same points)");
  }
  const long long rows = static_cast<long long>(n) * static_cast<long long>(layers.size());
  if (rows > std::numeric_limits<int>::max())
    throw Error("layer paths: " + std::to_string(rows) + " stacked rows are too many (hint: fewer points)");

  DenseMatrix stacked(static_cast<int>(rows), c);  // [B*N][C], boundary-major
  for (std::size_t b = 0; b < layers.size(); ++b)
    std::copy(layers[b].values.begin(), layers[b].values.end(),
              stacked.values.begin() + static_cast<std::ptrdiff_t>(b * layers[b].values.size()));
  LayerPaths out;
  if (stop && stop()) return out;
  out.fit = pca(stacked, k);
  const int kept = out.fit.projected.cols;
  out.points.assign(layers.size(), DenseMatrix(n, kept));
  for (std::size_t b = 0; b < layers.size(); ++b)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < kept; ++j) out.points[b].at(i, j) = out.fit.projected.at(static_cast<int>(b) * n + i, j);
  out.fit.projected = DenseMatrix();
  return out;
}

std::vector<PcaResult> perLayerPca(const std::vector<DenseMatrix>& layers, int k, const StopRequested& stop) {
  std::vector<PcaResult> out;
  out.reserve(layers.size());
  for (const DenseMatrix& m : layers) {
    if (stop && stop()) break;
    out.push_back(pca(m, k));
  }
  return out;
}

}  // namespace glassbox
