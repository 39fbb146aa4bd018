#include "analysis/similarity.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace glassbox {

std::vector<Neighbour> cosineNearest(std::span<const float> query, const DenseMatrix& rows, int n, int exclude) {
  checkShape(rows, "nearest-neighbour rows");
  if (query.size() != static_cast<std::size_t>(rows.cols))
    throw Error("nearest neighbours: the query has " + std::to_string(query.size()) + " dimensions, the rows " +
                std::to_string(rows.cols));
  double qNorm = 0.0;
  for (float v : query) qNorm += static_cast<double>(v) * v;
  qNorm = std::sqrt(qNorm);
  std::vector<Neighbour> all;
  all.reserve(rows.rows);
  for (int r = 0; r < rows.rows; ++r) {
    if (r == exclude) continue;
    double dot = 0.0, norm = 0.0;
    const auto row = rows.row(r);
    for (int c = 0; c < rows.cols; ++c) {
      dot += static_cast<double>(row[c]) * query[c];
      norm += static_cast<double>(row[c]) * row[c];
    }
    const double denom = qNorm * std::sqrt(norm);
    all.push_back({r, denom > 0.0 ? static_cast<float>(dot / denom) : 0.0f});
  }
  const std::size_t keep = std::min<std::size_t>(all.size(), static_cast<std::size_t>(std::max(0, n)));
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    [](const Neighbour& a, const Neighbour& b) {
                      return a.similarity > b.similarity || (a.similarity == b.similarity && a.index < b.index);
                    });
  all.resize(keep);
  return all;
}

DenseMatrix cosineSimilarityMatrix(const DenseMatrix& rows) {
  checkShape(rows, "cosine-similarity rows");
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  RowMajor x = Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
                   rows.values.data(), rows.rows, rows.cols)
                   .cast<double>();
  for (int r = 0; r < rows.rows; ++r) {
    const double norm = x.row(r).norm();
    if (norm > 0.0) x.row(r) /= norm;
  }
  const RowMajor s = x * x.transpose();
  DenseMatrix out(rows.rows, rows.rows);
  for (int i = 0; i < rows.rows; ++i)
    for (int j = 0; j < rows.rows; ++j) out.at(i, j) = static_cast<float>(s(i, j));
  return out;
}

}  // namespace glassbox
