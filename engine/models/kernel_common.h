#pragma once
// Shared by the kernel sources (kernels.cpp, linear_kernels.cpp), not part of the API: Eigen views of
// row-major float buffers and the threshold below which a kernel stays on the calling thread.
#include <Eigen/Core>

namespace glassbox::kernel_detail {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Strided = Eigen::OuterStride<>;
using ConstMatMap = Eigen::Map<const RowMat, Eigen::Unaligned, Strided>;
using MatMap = Eigen::Map<RowMat, Eigen::Unaligned, Strided>;
using ConstRowVec = Eigen::Map<const Eigen::RowVectorXf, Eigen::Unaligned>;
using ConstVec = Eigen::Map<const Eigen::VectorXf, Eigen::Unaligned>;

// Below this many multiply-adds a kernel runs on the calling thread (waking a worker costs more than
// ~250k multiply-adds on a busy machine).
inline constexpr double kParallelFlops = 1 << 18;

}  // namespace glassbox::kernel_detail
