#pragma once
// Internal pieces of t-SNE shared between its source files.
#include <vector>

#include "analysis/tsne.h"

namespace glassbox::tsne_detail {

// Symmetric joint affinities P in compressed rows: row i's entries are col[rowStart[i]..rowStart[i+1]).
struct SparseAffinities {
  std::vector<int> rowStart;  // [N+1]
  std::vector<int> col;
  std::vector<float> value;   // p_ij, summing to 1 over all entries
};

DenseMatrix squaredDistances(const DenseMatrix& x);                // [N][N]
DenseMatrix exactAffinities(const DenseMatrix& x, double perplexity);  // [N][N] joint P, zero diagonal
SparseAffinities sparseAffinities(const DenseMatrix& x, double perplexity);

}  // namespace glassbox::tsne_detail
