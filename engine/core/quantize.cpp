// Our quantizers (quant_blocks.h quantizeRow): floats -> blocks in ggml's layouts. Q8_0 ... Q5_1 round as
// ggml's reference quantizers do; the K types pick each sub-block's scale (and min) from its range and the
// super-block scales from the largest of those, then round every weight with the stored scales, so what
// dequantizes is the nearest representable value.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/quant_blocks.h"

namespace glassbox {

namespace {

void putHalf(std::uint8_t* p, float v) {
  const std::uint16_t h = floatToHalf(v);
  std::memcpy(p, &h, 2);
}

float roundTripHalf(float v) { return halfToFloat(floatToHalf(v)); }

int nearest(float v) { return static_cast<int>(std::lround(v)); }

// The value of largest magnitude in x[0..n) (its sign kept), as ggml's "max" of the symmetric types.
float signedAbsMax(const float* x, int n) {
  float amax = 0, max = 0;
  for (int j = 0; j < n; ++j)
    if (std::fabs(x[j]) > amax) amax = std::fabs(x[j]), max = x[j];
  return max;
}

void quantQ8_0(const float* x, std::uint8_t* b) {
  float amax = 0;
  for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[j]));
  const float d = amax / 127.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
  putHalf(b, d);
  for (int j = 0; j < 32; ++j) b[2 + j] = static_cast<std::uint8_t>(static_cast<std::int8_t>(std::round(x[j] * id)));
}

// Q4_0 / Q5_0: d = max / -2^(bits-1), q = x / d + 2^(bits-1) rounded, clamped to the top level.
void quantSymmetric(const float* x, int bits, float& d, std::uint8_t* q) {
  const float half = static_cast<float>(1 << (bits - 1));
  d = signedAbsMax(x, 32) / -half;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  const int top = (1 << bits) - 1;
  for (int j = 0; j < 32; ++j) q[j] = static_cast<std::uint8_t>(std::min(top, static_cast<int>(x[j] * id + half + 0.5f)));
}

// Q4_1 / Q5_1: d = (max - min) / (2^bits - 1), q = (x - min) / d rounded.
void quantAffine(const float* x, int bits, float& d, float& m, std::uint8_t* q) {
  float lo = x[0], hi = x[0];
  for (int j = 1; j < 32; ++j) lo = std::min(lo, x[j]), hi = std::max(hi, x[j]);
  const int top = (1 << bits) - 1;
  d = (hi - lo) / static_cast<float>(top);
  m = lo;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  for (int j = 0; j < 32; ++j) q[j] = static_cast<std::uint8_t>(std::min(top, static_cast<int>((x[j] - lo) * id + 0.5f)));
}

// Low nibbles hold elements 0..15, high nibbles 16..31; the 5th bits of Q5 go to a 32-bit mask.
void packNibbles(const std::uint8_t* q, std::uint8_t* qs, std::uint8_t* qh) {
  std::uint32_t high = 0;
  for (int j = 0; j < 16; ++j) {
    qs[j] = static_cast<std::uint8_t>((q[j] & 0x0F) | ((q[j + 16] & 0x0F) << 4));
    high |= static_cast<std::uint32_t>((q[j] >> 4) & 1) << j;
    high |= static_cast<std::uint32_t>((q[j + 16] >> 4) & 1) << (j + 16);
  }
  if (qh) std::memcpy(qh, &high, 4);
}

void quantQ4_0(const float* x, std::uint8_t* b) {
  float d;
  std::uint8_t q[32];
  quantSymmetric(x, 4, d, q);
  putHalf(b, d);
  packNibbles(q, b + 2, nullptr);
}

void quantQ5_0(const float* x, std::uint8_t* b) {
  float d;
  std::uint8_t q[32];
  quantSymmetric(x, 5, d, q);
  putHalf(b, d);
  packNibbles(q, b + 6, b + 2);
}

void quantQ4_1(const float* x, std::uint8_t* b) {
  float d, m;
  std::uint8_t q[32];
  quantAffine(x, 4, d, m, q);
  putHalf(b, d);
  putHalf(b + 2, m);
  packNibbles(q, b + 4, nullptr);
}

void quantQ5_1(const float* x, std::uint8_t* b) {
  float d, m;
  std::uint8_t q[32];
  quantAffine(x, 5, d, m, q);
  putHalf(b, d);
  putHalf(b + 2, m);
  packNibbles(q, b + 8, b + 4);
}

// Scale and (non-negative) min of a sub-block for levels 0..top: x ~ scale * q - min.
void rangeOf(const float* x, int n, int top, float& scale, float& min) {
  float lo = 0, hi = 0;  // the range always includes 0, as ggml's K quantizers do
  for (int j = 0; j < n; ++j) lo = std::min(lo, x[j]), hi = std::max(hi, x[j]);
  scale = (hi - lo) / static_cast<float>(top);
  min = -lo;
}

// Super-block scale for 6-bit sub-block values: largest / 63 (stored F16, read back as stored).
float superScale(const float* v, int n, float levels) {
  float mx = 0;
  for (int j = 0; j < n; ++j) mx = std::max(mx, v[j]);
  return roundTripHalf(mx / levels);
}

int level(float v, float inv, int top) { return std::clamp(nearest(v * inv), 0, top); }

// Q4_K / Q5_K: eight 32-element sub-blocks with 6-bit scales and mins; levels 0..top per weight.
void quantQ45K(const float* x, int top, std::uint8_t* b, std::uint8_t* L) {
  float scales[8], mins[8];
  for (int j = 0; j < 8; ++j) rangeOf(x + 32 * j, 32, top, scales[j], mins[j]);
  const float d = superScale(scales, 8, 63.0f), dmin = superScale(mins, 8, 63.0f);
  putHalf(b, d);
  putHalf(b + 2, dmin);
  std::uint8_t* packed = b + 4;
  std::memset(packed, 0, 12);
  for (int j = 0; j < 8; ++j) {
    const int ls = d > 0 ? level(scales[j], 1.0f / d, 63) : 0, lm = dmin > 0 ? level(mins[j], 1.0f / dmin, 63) : 0;
    if (j < 4) {
      packed[j] = static_cast<std::uint8_t>(ls);
      packed[j + 4] = static_cast<std::uint8_t>(lm);
    } else {
      packed[j + 4] = static_cast<std::uint8_t>((ls & 0xF) | ((lm & 0xF) << 4));
      packed[j - 4] = static_cast<std::uint8_t>(packed[j - 4] | ((ls >> 4) << 6));
      packed[j] = static_cast<std::uint8_t>(packed[j] | ((lm >> 4) << 6));
    }
  }
  for (int j = 0; j < 8; ++j) {
    std::uint8_t sc, m;
    scaleMinK4(j, packed, sc, m);
    const float dl = d * sc, ml = dmin * m;
    for (int i = 0; i < 32; ++i) L[32 * j + i] = static_cast<std::uint8_t>(dl > 0 ? level(x[32 * j + i] + ml, 1.0f / dl, top) : 0);
  }
}

void quantQ4_K(const float* x, std::uint8_t* b) {
  std::uint8_t L[256];
  quantQ45K(x, 15, b, L);
  std::uint8_t* q = b + 16;
  for (int j = 0; j < 256; j += 64, q += 32)
    for (int l = 0; l < 32; ++l) q[l] = static_cast<std::uint8_t>(L[j + l] | (L[j + l + 32] << 4));
}

void quantQ5_K(const float* x, std::uint8_t* b) {
  std::uint8_t L[256];
  quantQ45K(x, 31, b, L);
  std::uint8_t* qh = b + 16;
  std::uint8_t* ql = b + 48;
  std::memset(qh, 0, 32);
  std::uint8_t m1 = 1, m2 = 2;
  for (int n = 0; n < 256; n += 64, ql += 32) {
    for (int j = 0; j < 32; ++j) {
      int l1 = L[n + j], l2 = L[n + j + 32];
      if (l1 > 15) l1 -= 16, qh[j] = static_cast<std::uint8_t>(qh[j] | m1);
      if (l2 > 15) l2 -= 16, qh[j] = static_cast<std::uint8_t>(qh[j] | m2);
      ql[j] = static_cast<std::uint8_t>(l1 | (l2 << 4));
    }
    m1 = static_cast<std::uint8_t>(m1 << 2);
    m2 = static_cast<std::uint8_t>(m2 << 2);
  }
}

// Q2_K: sixteen 16-element sub-blocks, 4-bit scales and mins, levels 0..3.
void quantQ2_K(const float* x, std::uint8_t* b) {
  float scales[16], mins[16];
  for (int j = 0; j < 16; ++j) rangeOf(x + 16 * j, 16, 3, scales[j], mins[j]);
  const float d = superScale(scales, 16, 15.0f), dmin = superScale(mins, 16, 15.0f);
  std::uint8_t L[256];
  for (int j = 0; j < 16; ++j) {
    const int ls = d > 0 ? level(scales[j], 1.0f / d, 15) : 0, lm = dmin > 0 ? level(mins[j], 1.0f / dmin, 15) : 0;
    b[j] = static_cast<std::uint8_t>(ls | (lm << 4));
    const float dl = d * ls, ml = dmin * lm;
    for (int i = 0; i < 16; ++i) L[16 * j + i] = static_cast<std::uint8_t>(dl > 0 ? level(x[16 * j + i] + ml, 1.0f / dl, 3) : 0);
  }
  for (int j = 0; j < 256; j += 128)
    for (int l = 0; l < 32; ++l)
      b[16 + j / 4 + l] = static_cast<std::uint8_t>(L[j + l] | (L[j + l + 32] << 2) | (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
  putHalf(b + 80, d);
  putHalf(b + 82, dmin);
}

// Q3_K: sixteen 16-element sub-blocks, signed 6-bit scales, levels -4..3 (stored +4: 2 low bits + a high bit).
void quantQ3_K(const float* x, std::uint8_t* b) {
  float scales[16];
  for (int j = 0; j < 16; ++j) scales[j] = std::fabs(signedAbsMax(x + 16 * j, 16)) / 4.0f;
  const float d = superScale(scales, 16, 31.0f);
  std::uint8_t* packed = b + 96;
  std::memset(packed, 0, 12);
  int L[256];
  for (int j = 0; j < 16; ++j) {
    const int ls = d > 0 ? level(scales[j], 1.0f / d, 31) : 0;
    const int stored = ls + 32;
    if (j < 8) packed[j] = static_cast<std::uint8_t>(stored & 0xF);
    else packed[j - 8] = static_cast<std::uint8_t>(packed[j - 8] | ((stored & 0xF) << 4));
    packed[8 + j % 4] = static_cast<std::uint8_t>(packed[8 + j % 4] | ((stored >> 4) << (2 * (j / 4))));
    const float dl = d * ls;
    for (int i = 0; i < 16; ++i) L[16 * j + i] = dl > 0 ? std::clamp(nearest(x[16 * j + i] / dl), -4, 3) + 4 : 4;
  }
  std::memset(b, 0, 32);  // hmask: element j's high bit at byte j % 32, bit j / 32
  for (int j = 0; j < 256; ++j)
    if (L[j] > 3) b[j % 32] = static_cast<std::uint8_t>(b[j % 32] | (1 << (j / 32))), L[j] -= 4;
  for (int j = 0; j < 256; j += 128)
    for (int l = 0; l < 32; ++l)
      b[32 + j / 4 + l] = static_cast<std::uint8_t>(L[j + l] | (L[j + l + 32] << 2) | (L[j + l + 64] << 4) | (L[j + l + 96] << 6));
  putHalf(b + 108, d);
}

// Q6_K: sixteen 16-element sub-blocks, signed 8-bit scales, levels -32..31 (stored +32: 4 + 2 bits).
void quantQ6_K(const float* x, std::uint8_t* b) {
  float scales[16];
  for (int j = 0; j < 16; ++j) scales[j] = std::fabs(signedAbsMax(x + 16 * j, 16)) / 31.0f;
  const float d = superScale(scales, 16, 127.0f);
  auto* sc = reinterpret_cast<std::int8_t*>(b + 192);
  int L[256];
  for (int j = 0; j < 16; ++j) {
    const int ls = d > 0 ? level(scales[j], 1.0f / d, 127) : 0;
    sc[j] = static_cast<std::int8_t>(ls);
    const float dl = d * ls;
    for (int i = 0; i < 16; ++i) L[16 * j + i] = dl > 0 ? std::clamp(nearest(x[16 * j + i] / dl), -32, 31) + 32 : 32;
  }
  std::uint8_t* ql = b;
  std::uint8_t* qh = b + 128;
  for (int j = 0; j < 256; j += 128, ql += 64, qh += 32) {
    for (int l = 0; l < 32; ++l) {
      ql[l] = static_cast<std::uint8_t>((L[j + l] & 0xF) | ((L[j + l + 64] & 0xF) << 4));
      ql[l + 32] = static_cast<std::uint8_t>((L[j + l + 32] & 0xF) | ((L[j + l + 96] & 0xF) << 4));
      qh[l] = static_cast<std::uint8_t>((L[j + l] >> 4) | ((L[j + l + 32] >> 4) << 2) | ((L[j + l + 64] >> 4) << 4) |
                                        ((L[j + l + 96] >> 4) << 6));
    }
  }
  putHalf(b + 208, d);
}

using BlockEncoder = void (*)(const float*, std::uint8_t*);

BlockEncoder encoderFor(DType t) {
  switch (t) {
    case DType::Q8_0: return quantQ8_0;
    case DType::Q4_0: return quantQ4_0;
    case DType::Q4_1: return quantQ4_1;
    case DType::Q5_0: return quantQ5_0;
    case DType::Q5_1: return quantQ5_1;
    case DType::Q2_K: return quantQ2_K;
    case DType::Q3_K: return quantQ3_K;
    case DType::Q4_K: return quantQ4_K;
    case DType::Q5_K: return quantQ5_K;
    case DType::Q6_K: return quantQ6_K;
    default: return nullptr;
  }
}

}  // namespace

void quantizeRow(DType t, const float* src, std::uint8_t* dst, std::int64_t n) {
  const BlockEncoder encode = encoderFor(t);
  if (!encode) {
    for (std::int64_t i = 0; i < n; ++i) {
      if (t == DType::F32) {
        std::memcpy(dst + 4 * i, src + i, 4);
      } else {
        const std::uint16_t h = t == DType::F16 ? floatToHalf(src[i]) : floatToBfloat16(src[i]);
        std::memcpy(dst + 2 * i, &h, 2);
      }
    }
    return;
  }
  const BlockTraits b = blockTraits(t);
  for (std::int64_t i = 0; i < n / b.elements; ++i) encode(src + i * b.elements, dst + i * b.bytes);
}

}  // namespace glassbox
