#pragma once
// Between quant_kernels.cpp (dispatch, portable path, reference) and quant_kernels_avx2.cpp (fused SIMD
// kernels); not part of the API.
#include <cstddef>
#include <cstdint>

#include "core/dtype.h"

namespace glassbox::quant::detail {

bool avx2Compiled();
// false when the type has no fused kernel (the caller then decodes blocks to floats first).
bool avx2DotRows(DType t, const float* x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1, float* y);
bool avx2DequantizeRow(DType t, const std::uint8_t* row, int in, float* out);

}  // namespace glassbox::quant::detail
