#pragma once
// Element types of weight files and their conversions to float. F32/F16/BF16 are stored element by
// element; the block-quantized types (ggml's layouts, ggml-common.h) store a row as whole blocks, each
// block a few scales and packed integers: see core/quant_blocks.h for their traits and decoding.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace glassbox {

enum class DType { F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K };

// Bytes per element of F32/F16/BF16; 0 for the block-quantized types (their size is per block).
std::size_t dtypeSize(DType t);
std::string dtypeName(DType t);                         // "F32", "F16", "BF16", "Q8_0", ..., "Q6_K"
std::optional<DType> dtypeFromName(const std::string&);  // safetensors spellings only: F32, F16, BF16

float halfToFloat(std::uint16_t h);
float bfloat16ToFloat(std::uint16_t b);
std::uint16_t floatToHalf(float f);      // round to nearest even
std::uint16_t floatToBfloat16(float f);  // round to nearest even

// Converts n elements of type t at src (any alignment) into dst. For a block-quantized type n must be a
// whole number of blocks (core/quant_blocks.h dequantizes them).
void convertToFloat(DType t, const void* src, float* dst, std::size_t n);

}  // namespace glassbox
