#pragma once
// Element types of weight files and their conversions to float.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace glassbox {

enum class DType { F32, F16, BF16 };

std::size_t dtypeSize(DType t);
std::string dtypeName(DType t);                         // "F32", "F16", "BF16" (safetensors spelling)
std::optional<DType> dtypeFromName(const std::string&);  // nullopt for unknown names

float halfToFloat(std::uint16_t h);
float bfloat16ToFloat(std::uint16_t b);
std::uint16_t floatToHalf(float f);      // round to nearest even
std::uint16_t floatToBfloat16(float f);  // round to nearest even

// Converts n elements of type t at src (any alignment) into dst.
void convertToFloat(DType t, const void* src, float* dst, std::size_t n);

}  // namespace glassbox
