#pragma once
// Kernels on whole rows of block-quantized weights (core/quant_blocks.h), used by linear_kernels.cpp:
// dot products of float activations with quantized rows (decode, T = 1) and dequantization of a tile of
// rows for the prefill GEMM. Each type has a fused AVX2/FMA path (selected at run time when the CPU has
// AVX2, FMA and F16C) or a portable path that decodes each block to floats first; dotRowsNaive is the
// reference (the exact dequantization, then a double-precision dot product). Stateless; any thread.
//
// Shape legend: in = elements of a row (whole blocks), rows [out][rowBytes].
#include <cstddef>
#include <cstdint>

#include "core/dtype.h"

namespace glassbox::quant {

// y[o] = x [in] . dequantized row o, for o in [o0, o1). `rows` points at row 0.
void dotRows(DType t, const float* x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1, float* y);
void dotRowsNaive(DType t, const float* x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1,
                  float* y);

// out [n][in] = rows r0 .. r0+n-1 dequantized (bit-identical to dequantizeRow).
void dequantizeRows(DType t, const std::uint8_t* rows, std::size_t rowBytes, int in, int r0, int n, float* out);

// Which implementation dotRows / dequantizeRows use: the fused SIMD kernels when the CPU has them, or the
// portable ones (tests compare both against the reference).
enum class Path { Simd, Portable };
bool simdAvailable();
void setPath(Path p);  // Simd falls back to Portable without AVX2
Path currentPath();

}  // namespace glassbox::quant
