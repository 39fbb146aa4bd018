#pragma once
// Block-quantized weights as ggml stores them (ggml-common.h block_q8_0 ... block_q6_K): a row of n
// elements is n / elements() blocks of bytes() bytes each, every block a few F16 scales and packed
// integers. These are the per-type traits, the exact reference dequantization (ggml-quants.c
// dequantize_row_*), our own quantizers (valid blocks in ggml's layout, for tests and benchmarks) and the
// scale check a loader runs before trusting a block.
//
// Shape legend: n = elements of one row (a whole number of blocks).
#include <cstddef>
#include <cstdint>

#include "core/dtype.h"

namespace glassbox {

struct BlockTraits {
  int elements = 1;  // weights per block (1 for F32/F16/BF16, 32 for Q*_0/Q*_1, 256 for the K types)
  int bytes = 4;     // bytes per block
};

BlockTraits blockTraits(DType t);
bool isBlockQuantized(DType t);  // Q8_0 ... Q6_K
// 8 * bytes / elements: 32 for F32, 8.5 for Q8_0, 4.5 for Q4_0 and Q4_K.
double bitsPerWeight(DType t);
// Bytes of n elements of type t; n must be a whole number of blocks (the caller checks, see isWholeBlocks).
std::uint64_t rowBytes(DType t, std::int64_t n);
bool isWholeBlocks(DType t, std::int64_t n);

// Exact dequantization of one row, src [rowBytes(t, n)] -> dst [n] floats, with ggml's arithmetic (the
// same float operations in the same order, so values match ggml bit for bit). Also F32/F16/BF16.
void dequantizeRow(DType t, const std::uint8_t* src, float* dst, std::int64_t n);

// Our quantizer: src [n] floats -> dst [rowBytes(t, n)] in ggml's block layout. Q8_0 ... Q5_1 follow ggml's
// reference rounding (quantize_row_*_ref); the K types use a plain min/max search per sub-block, which
// yields valid blocks (not ggml's error-minimising search). F32/F16/BF16 store the values.
void quantizeRow(DType t, const float* src, std::uint8_t* dst, std::int64_t n);

// Index of the first of `blocks` consecutive blocks whose F16 scales (d, and m/dmin where present) are NaN
// or infinite; -1 when all are finite. Block-quantized types only.
std::int64_t firstNonFiniteBlock(DType t, const std::uint8_t* data, std::uint64_t blocks);

// Q4_K / Q5_K: the 6-bit scale and min of sub-block j (0..7) from the 12 packed bytes (ggml's
// get_scale_min_k4).
inline void scaleMinK4(int j, const std::uint8_t* q, std::uint8_t& d, std::uint8_t& m) {
  if (j < 4) {
    d = q[j] & 63;
    m = q[j + 4] & 63;
  } else {
    d = static_cast<std::uint8_t>((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
    m = static_cast<std::uint8_t>((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
  }
}

// Q3_K: the 16 signed 6-bit scales (-32..31) from its 12 packed bytes.
void unpackQ3KScales(const std::uint8_t* packed, std::int8_t* scales16);

}  // namespace glassbox
