#pragma once
// Kernels on whole rows of block-quantized weights (core/quant_blocks.h), used by linear_kernels.cpp:
// dot products of float activations with quantized rows (decode, T = 1) and dequantization of a tile of
// rows for the prefill GEMM. Each type has an AVX2/FMA path (selected at run time when the CPU has
// AVX2, FMA and F16C) or a portable path that decodes each block to floats first; dotRowsNaive is the
// float reference (the exact dequantization, then a double-precision dot product) and dotRowsQ8Naive the
// same on the rounded activations. Stateless; any thread.
//
// Shape legend: in = elements of a row (whole blocks), rows [out][rowBytes].
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/dtype.h"

namespace glassbox::quant {

// Activations rounded to 8-bit blocks of 32 for the integer dot products of decode: per block b,
// d[b] = max|x| / 127 and q = round-to-nearest-even(x / d) clamped to [-127, 127] (NaN -> 0), so that
// x~ = q * d. The same rounding is used by every path and by the reference.
struct ActivationsQ8 {
  std::vector<std::int8_t> q;  // [in]
  std::vector<float> d;        // [in / 32]
  std::vector<int> sum;        // [in / 32] sum of q in the block (the min term of the affine types)
};
void quantizeActivations(const float* x, int in, ActivationsQ8& out);  // in: a multiple of 32

// y[o] = x [in] . dequantized row o, for o in [o0, o1). `rows` points at row 0. For the types with an
// integer kernel (integerDot(t): the 32-element and K types but Q2_K / Q3_K) x is first rounded with
// quantizeActivations, as llama.cpp does for decode, and y[o] = x~ . row o; dotRowsQ8Naive is that
// reference, dotRowsNaive the exact float one.
bool integerDot(DType t);
void dotRows(DType t, const float* x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1, float* y);
void dotRowsNaive(DType t, const float* x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1,
                  float* y);
void dotRowsQ8Naive(DType t, const float* x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1,
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
