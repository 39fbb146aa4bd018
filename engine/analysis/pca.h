#pragma once
// Principal component analysis of the rows of a matrix (N points in C dimensions).
// Shape legend: N = points, C = input dimensions, K = components kept.
#include "analysis/dense_matrix.h"

namespace glassbox {

struct PcaResult {
  DenseMatrix axes;              // [K][C] unit principal axes, by decreasing variance
  std::vector<float> mean;       // [C] subtracted before projecting
  std::vector<float> variances;  // [K] variance along each axis (eigenvalues of the covariance, /(N-1))
  double totalVariance = 0.0;    // trace of the covariance: variances / total = explained fraction
  DenseMatrix projected;         // [N][K] centred data in axis coordinates
};

// Top-k principal components of centred data. Uses the C x C covariance, or the N x N Gram matrix
// when N < C (same axes, cheaper). Sign convention: each axis has its largest-magnitude loading
// positive, so the picture does not flip between runs or platforms. k is clamped to min(N, C).
// Throws Error on an empty matrix or k < 1.
PcaResult pca(const DenseMatrix& data, int k);

}  // namespace glassbox
