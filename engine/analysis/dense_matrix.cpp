#include "analysis/dense_matrix.h"

#include <string>

#include "core/error.h"

namespace glassbox {

void checkShape(const DenseMatrix& m, const char* what) {
  if (m.rows < 0 || m.cols < 0 ||
      m.values.size() != static_cast<std::size_t>(m.rows) * static_cast<std::size_t>(m.cols)) {
    throw Error(std::string(what) + ": matrix holds " + std::to_string(m.values.size()) + " values but claims " +
                std::to_string(m.rows) + " x " + std::to_string(m.cols) +
                " (hint: fill values row-major, rows * cols of them)");
  }
}

}  // namespace glassbox
