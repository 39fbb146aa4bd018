#include "analysis/pca.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace glassbox {
namespace {

using MatrixXdR = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Flips each row of `axes` [K][C] so that its largest-|value| entry is positive.
void fixSigns(Eigen::MatrixXd& axes) {
  for (Eigen::Index r = 0; r < axes.rows(); ++r) {
    Eigen::Index best = 0;
    axes.row(r).cwiseAbs().maxCoeff(&best);
    if (axes(r, best) < 0.0) axes.row(r) *= -1.0;
  }
}

}  // namespace

PcaResult pca(const DenseMatrix& data, int k) {
  checkShape(data, "pca input");
  if (data.rows < 1 || data.cols < 1) throw Error("pca: the input matrix is empty (hint: select some points)");
  if (k < 1) throw Error("pca: asked for " + std::to_string(k) + " components (hint: k >= 1)");
  const int n = data.rows, c = data.cols;
  k = std::min({k, n, c});

  // X: [N][C] centred, in double for a stable eigen-decomposition.
  MatrixXdR x = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
                    data.values.data(), n, c)
                    .cast<double>();
  const Eigen::RowVectorXd mean = x.colwise().mean();
  x.rowwise() -= mean;
  const double denom = n > 1 ? static_cast<double>(n - 1) : 1.0;

  Eigen::MatrixXd axes(k, c);  // [K][C]
  Eigen::VectorXd eigen(k);
  if (n >= c) {
    const Eigen::MatrixXd cov = (x.transpose() * x) / denom;  // [C][C]
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
    for (int i = 0; i < k; ++i) {  // eigenvalues ascend
      axes.row(i) = solver.eigenvectors().col(c - 1 - i).transpose();
      eigen(i) = solver.eigenvalues()(c - 1 - i);
    }
  } else {
    const Eigen::MatrixXd gram = (x * x.transpose()) / denom;  // [N][N], same non-zero spectrum
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram);
    for (int i = 0; i < k; ++i) {
      const Eigen::VectorXd u = solver.eigenvectors().col(n - 1 - i);
      Eigen::VectorXd v = x.transpose() * u;  // [C]
      const double norm = v.norm();
      if (norm > 0.0) v /= norm;
      axes.row(i) = v.transpose();
      eigen(i) = solver.eigenvalues()(n - 1 - i);
    }
  }
  fixSigns(axes);

  PcaResult result;
  result.mean.assign(mean.data(), mean.data() + c);
  result.axes = DenseMatrix(k, c);
  result.variances.resize(k);
  for (int i = 0; i < k; ++i) {
    result.variances[i] = static_cast<float>(std::max(0.0, eigen(i)));
    for (int j = 0; j < c; ++j) result.axes.at(i, j) = static_cast<float>(axes(i, j));
  }
  result.totalVariance = x.squaredNorm() / denom;
  const Eigen::MatrixXd proj = x * axes.transpose();  // [N][K]
  result.projected = DenseMatrix(n, k);
  for (int r = 0; r < n; ++r)
    for (int i = 0; i < k; ++i) result.projected.at(r, i) = static_cast<float>(proj(r, i));
  return result;
}

}  // namespace glassbox
