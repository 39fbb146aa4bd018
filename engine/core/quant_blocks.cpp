// Block traits, exact dequantization and the scale check of the block-quantized types (quant_blocks.h).
// Each decoder follows ggml's dequantize_row_* (ggml-quants.c) element for element.
#include "core/quant_blocks.h"

#include <cmath>
#include <cstring>

namespace glassbox {

namespace {

float f16At(const std::uint8_t* p) {
  std::uint16_t h;
  std::memcpy(&h, p, 2);
  return halfToFloat(h);
}

constexpr int kK = 256;  // QK_K: elements of a K-type super-block

void dequantQ8_0(const std::uint8_t* b, float* y) {  // d, qs[32] int8
  const float d = f16At(b);
  for (int j = 0; j < 32; ++j) y[j] = static_cast<float>(static_cast<std::int8_t>(b[2 + j])) * d;
}

void dequantQ4_0(const std::uint8_t* b, float* y) {  // d, qs[16]: low nibbles 0..15, high 16..31
  const float d = f16At(b);
  for (int j = 0; j < 16; ++j) {
    y[j] = static_cast<float>((b[2 + j] & 0x0F) - 8) * d;
    y[j + 16] = static_cast<float>((b[2 + j] >> 4) - 8) * d;
  }
}

void dequantQ4_1(const std::uint8_t* b, float* y) {  // d, m, qs[16]
  const float d = f16At(b), m = f16At(b + 2);
  for (int j = 0; j < 16; ++j) {
    y[j] = static_cast<float>(b[4 + j] & 0x0F) * d + m;
    y[j + 16] = static_cast<float>(b[4 + j] >> 4) * d + m;
  }
}

void dequantQ5_0(const std::uint8_t* b, float* y) {  // d, qh[4] (5th bits), qs[16]
  const float d = f16At(b);
  std::uint32_t qh;
  std::memcpy(&qh, b + 2, 4);
  for (int j = 0; j < 16; ++j) {
    const int h0 = static_cast<int>(((qh >> j) << 4) & 0x10), h1 = static_cast<int>((qh >> (j + 12)) & 0x10);
    y[j] = static_cast<float>(((b[6 + j] & 0x0F) | h0) - 16) * d;
    y[j + 16] = static_cast<float>(((b[6 + j] >> 4) | h1) - 16) * d;
  }
}

void dequantQ5_1(const std::uint8_t* b, float* y) {  // d, m, qh[4], qs[16]
  const float d = f16At(b), m = f16At(b + 2);
  std::uint32_t qh;
  std::memcpy(&qh, b + 4, 4);
  for (int j = 0; j < 16; ++j) {
    const int h0 = static_cast<int>(((qh >> j) << 4) & 0x10), h1 = static_cast<int>((qh >> (j + 12)) & 0x10);
    y[j] = static_cast<float>((b[8 + j] & 0x0F) | h0) * d + m;
    y[j + 16] = static_cast<float>((b[8 + j] >> 4) | h1) * d + m;
  }
}

void dequantQ2_K(const std::uint8_t* b, float* y) {  // scales[16], qs[64], d, dmin
  const std::uint8_t* scales = b;
  const std::uint8_t* q = b + 16;
  const float d = f16At(b + 80), dmin = f16At(b + 82);
  int is = 0;
  for (int n = 0; n < kK; n += 128) {
    for (int shift = 0; shift < 8; shift += 2) {
      for (int half = 0; half < 2; ++half) {
        const std::uint8_t sc = scales[is++];
        const float dl = d * static_cast<float>(sc & 0xF), ml = dmin * static_cast<float>(sc >> 4);
        for (int l = 0; l < 16; ++l) *y++ = dl * static_cast<float>((q[l + 16 * half] >> shift) & 3) - ml;
      }
    }
    q += 32;
  }
}

void dequantQ3_K(const std::uint8_t* b, float* y) {  // hmask[32], qs[64], scales[12], d
  const std::uint8_t* hm = b;
  const std::uint8_t* q = b + 32;
  std::int8_t scales[16];
  unpackQ3KScales(b + 96, scales);
  const float d = f16At(b + 108);
  int is = 0;
  std::uint8_t m = 1;
  for (int n = 0; n < kK; n += 128) {
    for (int shift = 0; shift < 8; shift += 2) {
      for (int half = 0; half < 2; ++half) {
        const float dl = d * static_cast<float>(scales[is++]);
        for (int l = 0; l < 16; ++l) {
          const int k = l + 16 * half;
          *y++ = dl * static_cast<float>(((q[k] >> shift) & 3) - ((hm[k] & m) ? 0 : 4));
        }
      }
      m = static_cast<std::uint8_t>(m << 1);
    }
    q += 32;
  }
}

void dequantQ4_K(const std::uint8_t* b, float* y) {  // d, dmin, scales[12], qs[128]
  const float d = f16At(b), dmin = f16At(b + 2);
  const std::uint8_t* q = b + 16;
  for (int j = 0; j < 8; j += 2) {
    std::uint8_t sc, m;
    scaleMinK4(j, b + 4, sc, m);
    const float d1 = d * static_cast<float>(sc), m1 = dmin * static_cast<float>(m);
    scaleMinK4(j + 1, b + 4, sc, m);
    const float d2 = d * static_cast<float>(sc), m2 = dmin * static_cast<float>(m);
    for (int l = 0; l < 32; ++l) *y++ = d1 * static_cast<float>(q[l] & 0xF) - m1;
    for (int l = 0; l < 32; ++l) *y++ = d2 * static_cast<float>(q[l] >> 4) - m2;
    q += 32;
  }
}

void dequantQ5_K(const std::uint8_t* b, float* y) {  // d, dmin, scales[12], qh[32], qs[128]
  const float d = f16At(b), dmin = f16At(b + 2);
  const std::uint8_t* qh = b + 16;
  const std::uint8_t* ql = b + 48;
  std::uint8_t u1 = 1, u2 = 2;
  for (int j = 0; j < 8; j += 2) {
    std::uint8_t sc, m;
    scaleMinK4(j, b + 4, sc, m);
    const float d1 = d * static_cast<float>(sc), m1 = dmin * static_cast<float>(m);
    scaleMinK4(j + 1, b + 4, sc, m);
    const float d2 = d * static_cast<float>(sc), m2 = dmin * static_cast<float>(m);
    for (int l = 0; l < 32; ++l) *y++ = d1 * static_cast<float>((ql[l] & 0xF) + (qh[l] & u1 ? 16 : 0)) - m1;
    for (int l = 0; l < 32; ++l) *y++ = d2 * static_cast<float>((ql[l] >> 4) + (qh[l] & u2 ? 16 : 0)) - m2;
    ql += 32;
    u1 = static_cast<std::uint8_t>(u1 << 2);
    u2 = static_cast<std::uint8_t>(u2 << 2);
  }
}

void dequantQ6_K(const std::uint8_t* b, float* y) {  // ql[128], qh[64], scales[16] int8, d
  const std::uint8_t* ql = b;
  const std::uint8_t* qh = b + 128;
  const auto* sc = reinterpret_cast<const std::int8_t*>(b + 192);
  const float d = f16At(b + 208);
  for (int n = 0; n < kK; n += 128) {
    for (int l = 0; l < 32; ++l) {
      const int is = l / 16;
      const int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
      const int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
      const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
      const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
      y[l] = d * static_cast<float>(sc[is]) * static_cast<float>(q1);
      y[l + 32] = d * static_cast<float>(sc[is + 2]) * static_cast<float>(q2);
      y[l + 64] = d * static_cast<float>(sc[is + 4]) * static_cast<float>(q3);
      y[l + 96] = d * static_cast<float>(sc[is + 6]) * static_cast<float>(q4);
    }
    y += 128;
    ql += 64;
    qh += 32;
    sc += 8;
  }
}

using BlockDecoder = void (*)(const std::uint8_t*, float*);

BlockDecoder decoderFor(DType t) {
  switch (t) {
    case DType::Q8_0: return dequantQ8_0;
    case DType::Q4_0: return dequantQ4_0;
    case DType::Q4_1: return dequantQ4_1;
    case DType::Q5_0: return dequantQ5_0;
    case DType::Q5_1: return dequantQ5_1;
    case DType::Q2_K: return dequantQ2_K;
    case DType::Q3_K: return dequantQ3_K;
    case DType::Q4_K: return dequantQ4_K;
    case DType::Q5_K: return dequantQ5_K;
    case DType::Q6_K: return dequantQ6_K;
    default: return nullptr;
  }
}

// Byte offsets of the F16 scales inside one block (-1 = none).
struct ScaleOffsets {
  int first = -1, second = -1;
};

ScaleOffsets scaleOffsets(DType t) {
  switch (t) {
    case DType::Q4_1:
    case DType::Q5_1:
    case DType::Q4_K:
    case DType::Q5_K: return {0, 2};
    case DType::Q2_K: return {80, 82};
    case DType::Q3_K: return {108, -1};
    case DType::Q6_K: return {208, -1};
    default: return {0, -1};  // Q8_0, Q4_0, Q5_0: d first
  }
}

bool halfIsFinite(const std::uint8_t* p) {
  std::uint16_t h;
  std::memcpy(&h, p, 2);
  return (h & 0x7C00u) != 0x7C00u;
}

}  // namespace

BlockTraits blockTraits(DType t) {
  switch (t) {
    case DType::F32: return {1, 4};
    case DType::F16:
    case DType::BF16: return {1, 2};
    case DType::Q8_0: return {32, 34};
    case DType::Q4_0: return {32, 18};
    case DType::Q4_1: return {32, 20};
    case DType::Q5_0: return {32, 22};
    case DType::Q5_1: return {32, 24};
    case DType::Q2_K: return {kK, 84};
    case DType::Q3_K: return {kK, 110};
    case DType::Q4_K: return {kK, 144};
    case DType::Q5_K: return {kK, 176};
    case DType::Q6_K: return {kK, 210};
  }
  return {1, 4};
}

bool isBlockQuantized(DType t) { return t != DType::F32 && t != DType::F16 && t != DType::BF16; }

double bitsPerWeight(DType t) {
  const BlockTraits b = blockTraits(t);
  return 8.0 * b.bytes / b.elements;
}

bool isWholeBlocks(DType t, std::int64_t n) { return n >= 0 && n % blockTraits(t).elements == 0; }

std::uint64_t rowBytes(DType t, std::int64_t n) {
  const BlockTraits b = blockTraits(t);
  return static_cast<std::uint64_t>(n / b.elements) * static_cast<std::uint64_t>(b.bytes);
}

void unpackQ3KScales(const std::uint8_t* packed, std::int8_t* scales16) {
  for (int j = 0; j < 16; ++j) {
    const int low = j < 8 ? packed[j] & 0xF : packed[j - 8] >> 4;
    const int high = (packed[8 + j % 4] >> (2 * (j / 4))) & 3;
    scales16[j] = static_cast<std::int8_t>((low | (high << 4)) - 32);
  }
}

void dequantizeRow(DType t, const std::uint8_t* src, float* dst, std::int64_t n) {
  const BlockDecoder decode = decoderFor(t);
  if (!decode) {
    convertToFloat(t, src, dst, static_cast<std::size_t>(n));
    return;
  }
  const BlockTraits b = blockTraits(t);
  for (std::int64_t i = 0; i < n / b.elements; ++i) decode(src + i * b.bytes, dst + i * b.elements);
}

std::int64_t firstNonFiniteBlock(DType t, const std::uint8_t* data, std::uint64_t blocks) {
  const BlockTraits b = blockTraits(t);
  const ScaleOffsets s = scaleOffsets(t);
  for (std::uint64_t i = 0; i < blocks; ++i) {
    const std::uint8_t* block = data + i * static_cast<std::uint64_t>(b.bytes);
    if (!halfIsFinite(block + s.first) || (s.second >= 0 && !halfIsFinite(block + s.second)))
      return static_cast<std::int64_t>(i);
  }
  return -1;
}

}  // namespace glassbox
