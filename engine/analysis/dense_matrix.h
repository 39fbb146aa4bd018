#pragma once
// A plain row-major float matrix, the currency of the analysis functions (no Eigen in the interface,
// so views can hold results as values).
#include <cstddef>
#include <span>
#include <vector>

namespace glassbox {

struct DenseMatrix {
  int rows = 0;
  int cols = 0;
  std::vector<float> values;  // [rows][cols]

  DenseMatrix() = default;
  DenseMatrix(int r, int c, float fill = 0.0f)
      : rows(r), cols(c), values(static_cast<std::size_t>(r) * static_cast<std::size_t>(c), fill) {}

  float& at(int r, int c) { return values[static_cast<std::size_t>(r) * cols + c]; }
  float at(int r, int c) const { return values[static_cast<std::size_t>(r) * cols + c]; }
  std::span<const float> row(int r) const {
    return {values.data() + static_cast<std::size_t>(r) * cols, static_cast<std::size_t>(cols)};
  }
  std::span<float> row(int r) {
    return {values.data() + static_cast<std::size_t>(r) * cols, static_cast<std::size_t>(cols)};
  }
  bool empty() const { return rows == 0 || cols == 0; }
};

// Throws Error naming `what` unless values.size() == rows * cols and both are non-negative.
void checkShape(const DenseMatrix& m, const char* what);

}  // namespace glassbox
