#pragma once
// Cosine similarity: nearest neighbours of a vector among the rows of a matrix, and all-pairs matrices.
// Shape legend: N = rows, C = dimensions.
#include <span>
#include <vector>

#include "analysis/dense_matrix.h"

namespace glassbox {

struct Neighbour {
  int index = 0;            // row of the matrix
  float similarity = 0.0f;  // cosine in [-1, 1]; 0 when either vector is all zeros
};

// The n rows most cosine-similar to `query` [C], best first, ties broken by the lower index.
// `exclude` (e.g. the query's own row) is skipped when >= 0. Throws Error when sizes disagree.
std::vector<Neighbour> cosineNearest(std::span<const float> query, const DenseMatrix& rows, int n,
                                     int exclude = -1);

// [N][N] cosine similarity between every pair of rows.
DenseMatrix cosineSimilarityMatrix(const DenseMatrix& rows);

}  // namespace glassbox
