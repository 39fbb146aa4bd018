#pragma once
// The 2D pictures of an EmbeddingsData, computed on the view's worker thread: every layer on its own
// PCA and, when there is more than one layer, every layer in one shared PCA, where a token's states
// at successive layers form its path. Shape legend: B = layer boundaries, N = points.
#include <array>
#include <string>
#include <vector>

#include "analysis/dense_matrix.h"
#include "analysis/layer_paths.h"

namespace glassbox {

struct EmbeddingsData;

struct EmbeddingsProjection {
  std::vector<DenseMatrix> perLayer;                     // [B] -> [N][2], each on its own PCA
  std::vector<std::array<double, 2>> perLayerExplained;  // [B] variance fraction on PC1, PC2
  std::vector<DenseMatrix> shared;                       // [B] -> [N][2] in one PCA; empty when B == 1
  std::array<double, 2> sharedExplained{};
  std::string error;                                     // set when the projection failed

  bool hasPaths() const { return !shared.empty(); }
};

// Every picture the embeddings view can show without t-SNE. Stops early (returning an incomplete
// result, which the caller drops) when `stop` says the data is stale. Never throws: errors go to
// `error`.
EmbeddingsProjection projectEmbeddings(const EmbeddingsData& data, const StopRequested& stop = {});

}  // namespace glassbox
