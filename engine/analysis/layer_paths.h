#pragma once
// How each point moves through the layers: the states of N points at B layer boundaries (a token's
// residual stream after each layer) placed in one low-dimensional space, so that a point's path from
// boundary 0 to B-1 can be drawn as a polyline and compared with the other points' paths.
// Shape legend: B = layer boundaries, N = points, C = dimensions, K = components kept.
#include <functional>
#include <vector>

#include "analysis/dense_matrix.h"
#include "analysis/pca.h"

namespace glassbox {

struct LayerPaths {
  // One PCA fitted on all B*N rows stacked (boundary-major). Its `projected` is left empty: the same
  // coordinates are in `points`.
  PcaResult fit;
  std::vector<DenseMatrix> points;  // [B] -> [N][K]: point i at boundary b is points[b].row(i)

  int boundaries() const { return static_cast<int>(points.size()); }
  DenseMatrix path(int point) const;  // [B][K], the path of one point
};

// Returns true when the caller lost interest (newer data arrived); the work stops early and the result
// is incomplete.
using StopRequested = std::function<bool()>;

// One PCA over the rows of every layer together, so positions at different boundaries share axes and
// a path across layers means something. (Per-layer PCA would centre each layer on its own: a shift
// that moves every token alike would vanish.) All matrices must have the same shape [N][C].
// Throws Error on an empty list, a shape mismatch or more than 2^31 stacked rows.
LayerPaths sharedLayerPca(const std::vector<DenseMatrix>& layers, int k, const StopRequested& stop = {});

// Each layer projected on its own PCA: [B] results, axes differ between layers (positions are only
// comparable within a layer). Stops early (fewer results) when `stop` says so.
std::vector<PcaResult> perLayerPca(const std::vector<DenseMatrix>& layers, int k, const StopRequested& stop = {});

}  // namespace glassbox
