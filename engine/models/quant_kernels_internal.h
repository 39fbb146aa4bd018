#pragma once
// Between quant_kernels.cpp (dispatch, portable path, reference) and quant_kernels_avx2.cpp (fused SIMD
// kernels); not part of the API.
#include <cstddef>
#include <cstdint>

#include "core/dtype.h"
#include "models/quant_kernels.h"

namespace glassbox::quant::detail {

bool avx2Compiled();
// Integer dot products against activations rounded by quantizeActivations; false when t has none.
bool avx2DotRowsQ8(DType t, const ActivationsQ8& x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0,
                   int o1, float* y);
bool avx2DequantizeRow(DType t, const std::uint8_t* row, int in, float* out);

}  // namespace glassbox::quant::detail
