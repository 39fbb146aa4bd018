#include "embeddings_projection.h"

#include <algorithm>
#include <exception>

#include "embeddings_data.h"

namespace glassbox {
namespace {

// [N][K] -> [N][2]: the first two columns (a single point or a 1-dimensional space gives K < 2;
// the missing coordinate is 0).
DenseMatrix firstTwo(const DenseMatrix& m) {
  DenseMatrix out(m.rows, 2);
  for (int i = 0; i < m.rows; ++i)
    for (int k = 0; k < std::min(2, m.cols); ++k) out.at(i, k) = m.at(i, k);
  return out;
}

std::array<double, 2> explained(const PcaResult& r) {
  const double total = r.totalVariance > 0 ? r.totalVariance : 1.0;
  return {r.variances.empty() ? 0.0 : r.variances[0] / total, r.variances.size() > 1 ? r.variances[1] / total : 0.0};
}

}  // namespace

EmbeddingsProjection projectEmbeddings(const EmbeddingsData& data, const StopRequested& stop) {
  EmbeddingsProjection out;
  if (data.empty()) return out;
  try {
    for (const PcaResult& r : perLayerPca(data.layers, 2, stop)) {
      out.perLayer.push_back(firstTwo(r.projected));
      out.perLayerExplained.push_back(explained(r));
    }
    if (data.layers.size() > 1 && !(stop && stop())) {
      LayerPaths paths = sharedLayerPca(data.layers, 2, stop);
      for (const DenseMatrix& m : paths.points) out.shared.push_back(firstTwo(m));
      out.sharedExplained = explained(paths.fit);
    }
  } catch (const std::exception& e) {
    out = EmbeddingsProjection();
    out.error = e.what();
  }
  return out;
}

}  // namespace glassbox
