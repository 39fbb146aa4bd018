// AVX2/FMA kernels for block-quantized rows (quant_kernels.h). Decode: integer dot products of each
// 32-element group against the activations rounded to 8 bits (ActivationsQ8), four rows at a time, each
// row's accumulator its own dependency chain; the group's weights are unpacked to bytes in registers and
// never written out. Q2_K and Q3_K have no kernel here: the caller decodes them to floats first.
// Dequantization (prefill) unpacks to floats with separate multiply and add, so its values are
// bit-identical to core/quant_blocks.cpp.
#include "models/quant_kernels_internal.h"

#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)
#include <immintrin.h>

#include <cstring>
#include <vector>

#include "core/quant_blocks.h"

namespace glassbox::quant::detail {

namespace {

float halfAt(const std::uint8_t* p) {
  std::uint16_t h;
  std::memcpy(&h, p, 2);
  return _cvtsh_ss(h);
}

float horizontalSum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

// 8 signed bytes (the low 8 of v) -> 8 floats.
__m256 i8ToFloat(__m128i v) { return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(v)); }

// Software prefetch of every cache line kPrefetchAhead bytes ahead of the block being read: decode
// streams each row once from memory, and the hardware prefetchers stop at every 4 KB page of the mapping.
constexpr std::size_t kPrefetchAhead = 1024;

struct Prefetcher {
  const char* next = nullptr;
  Prefetcher() = default;
  explicit Prefetcher(const std::uint8_t* start) : next(reinterpret_cast<const char*>(start) + kPrefetchAhead) {}
  void upTo(const std::uint8_t* end) {  // every line below end + kPrefetchAhead
    const char* limit = reinterpret_cast<const char*>(end) + kPrefetchAhead;
    for (; next < limit; next += 64) _mm_prefetch(next, _MM_HINT_T0);
  }
};

// 32 signed bytes -> four vectors of 8 floats (elements 0-7, 8-15, 16-23, 24-31).
void i8x32ToFloat(__m256i q, __m256 out[4]) {
  const __m128i lo = _mm256_castsi256_si128(q), hi = _mm256_extracti128_si256(q, 1);
  out[0] = i8ToFloat(lo);
  out[1] = i8ToFloat(_mm_unpackhi_epi64(lo, lo));
  out[2] = i8ToFloat(hi);
  out[3] = i8ToFloat(_mm_unpackhi_epi64(hi, hi));
}

// 16 packed bytes -> 32 nibbles in element order: low nibbles are elements 0..15, high nibbles 16..31.
__m256i nibbles32(const std::uint8_t* p) {
  const __m128i q = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i mask = _mm_set1_epi8(0x0F);
  return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(q, 4), mask), _mm_and_si128(q, mask));
}

// Bit i of `bits` -> byte i = 0x10 when set (the 5th bit of Q5_0 / Q5_1 element i).
__m256i fifthBits(std::uint32_t bits) {
  const __m256i shuffle = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3,
                                           3, 3, 3, 3, 3, 3);
  const __m256i select = _mm256_set1_epi64x(static_cast<long long>(0x8040201008040201ull));
  const __m256i spread = _mm256_shuffle_epi8(_mm256_set1_epi32(static_cast<int>(bits)), shuffle);
  const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(spread, select), select);
  return _mm256_and_si256(set, _mm256_set1_epi8(0x10));
}

// A 32-element block as 4 x 8 floats: w = q * d + m (m = 0 for the symmetric types), with q the signed
// integers of the block (already offset).
struct Block32 {
  __m256 q[4];
};

Block32 unpackQ8_0(const std::uint8_t* b) {
  Block32 r;
  i8x32ToFloat(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + 2)), r.q);
  return r;
}

Block32 unpackQ4(const std::uint8_t* qs, int offset) {
  Block32 r;
  i8x32ToFloat(_mm256_sub_epi8(nibbles32(qs), _mm256_set1_epi8(static_cast<char>(offset))), r.q);
  return r;
}

Block32 unpackQ5(const std::uint8_t* qh, const std::uint8_t* qs, int offset) {
  std::uint32_t bits;
  std::memcpy(&bits, qh, 4);
  const __m256i q = _mm256_or_si256(nibbles32(qs), fifthBits(bits));
  Block32 r;
  i8x32ToFloat(_mm256_sub_epi8(q, _mm256_set1_epi8(static_cast<char>(offset))), r.q);
  return r;
}

// The block of type t at b as integers with its scale d and offset m (w = q * d + m).
Block32 unpack32(DType t, const std::uint8_t* b, float& d, float& m) {
  d = halfAt(b);
  m = 0.0f;
  switch (t) {
    case DType::Q8_0: return unpackQ8_0(b);
    case DType::Q4_0: return unpackQ4(b + 2, 8);
    case DType::Q4_1: m = halfAt(b + 2); return unpackQ4(b + 4, 0);
    case DType::Q5_0: return unpackQ5(b + 2, b + 6, 16);
    default: m = halfAt(b + 2); return unpackQ5(b + 4, b + 8, 0);  // Q5_1
  }
}


// ---- K types: 256-element super-blocks --------------------------------------------------------------

// Q4_K / Q5_K: sub-block j's integers (32 of them, 0..15 or 0..31) from the chunk's nibbles and high bits.
__m256i subBlockQ45K(const std::uint8_t* ql, const std::uint8_t* qh, int j, bool five) {
  const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ql + 32 * (j / 2)));
  const __m256i mask = _mm256_set1_epi8(0x0F);
  __m256i q = (j & 1) ? _mm256_and_si256(_mm256_srli_epi16(bytes, 4), mask) : _mm256_and_si256(bytes, mask);
  if (five) {
    const __m256i bit = _mm256_set1_epi8(static_cast<char>(1 << j));
    const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qh));
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(high, bit), bit);
    q = _mm256_or_si256(q, _mm256_and_si256(set, _mm256_set1_epi8(0x10)));
  }
  return q;
}

// Calls fn(j, q[4], scale, min) for the 8 sub-blocks of a Q4_K / Q5_K super-block: w = q * scale - min.
template <class Fn>
void forSubBlocksQ45K(const std::uint8_t* b, bool five, Fn&& fn) {
  const float d = halfAt(b), dmin = halfAt(b + 2);
  const std::uint8_t* ql = five ? b + 48 : b + 16;
  for (int j = 0; j < 8; ++j) {
    std::uint8_t sc, mn;
    scaleMinK4(j, b + 4, sc, mn);
    __m256 q[4];
    i8x32ToFloat(subBlockQ45K(ql, b + 16, j, five), q);
    fn(j, q, d * static_cast<float>(sc), dmin * static_cast<float>(mn));
  }
}

// Q6_K: the 32-element group g (0..7) of a super-block as signed integers; group g covers elements
// 32g..32g+31, whose sub-block scales are sc[2g] (first 16) and sc[2g + 1].
__m256i groupQ6K(const std::uint8_t* b, int g) {
  const int chunk = g / 4, part = g % 4;  // 128-element chunk, then which of its four 32-element parts
  const std::uint8_t* ql = b + 64 * chunk + 32 * (part & 1);
  const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ql));
  const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + 128 + 32 * chunk));
  const __m256i mask = _mm256_set1_epi8(0x0F), two = _mm256_set1_epi8(3);
  const __m256i nib = part < 2 ? _mm256_and_si256(low, mask) : _mm256_and_si256(_mm256_srli_epi16(low, 4), mask);
  const __m256i hb = _mm256_and_si256(_mm256_srli_epi16(high, 2 * part), two);
  return _mm256_sub_epi8(_mm256_or_si256(nib, _mm256_slli_epi16(hb, 4)), _mm256_set1_epi8(32));
}

template <class Fn>
void forGroupsQ6K(const std::uint8_t* b, Fn&& fn) {
  const float d = halfAt(b + 208);
  const auto* sc = reinterpret_cast<const std::int8_t*>(b + 192);
  for (int g = 0; g < 8; ++g) {
    __m256 q[4];
    i8x32ToFloat(groupQ6K(b, g), q);
    // Element order inside the chunk: part p of chunk c holds elements 128c + 32p + l; its scales are the
    // chunk's sc[8c + 2p] (l < 16) and sc[8c + 2p + 1].
    const int first = 8 * (g / 4) + 2 * (g % 4);
    fn(g, q, d * static_cast<float>(sc[first]), d * static_cast<float>(sc[first + 1]));
  }
}

constexpr int groupsPerBlock(DType t) { return t == DType::Q4_K || t == DType::Q5_K || t == DType::Q6_K ? 8 : 1; }

// ---- integer dot products: four rows at a time, one 32-element group at a time ----------------------

// Group g of the block at b as 32 8-bit integers with w = q * scale - min: `scale` applies to elements
// 0-15 and `scale2` to 16-31 (they differ only for Q6_K, whose sub-blocks are 16 long). kUnsigned types
// hold 0..31, the others signed values in [-32, 127].
template <DType T>
constexpr bool kUnsigned = T == DType::Q4_1 || T == DType::Q5_1 || T == DType::Q4_K || T == DType::Q5_K;

template <DType T>
__m256i groupInts(const std::uint8_t* b, int g, float& scale, float& scale2, float& min) {
  min = 0.0f;
  if constexpr (T == DType::Q6_K) {
    const float d = halfAt(b + 208);
    const auto* sc = reinterpret_cast<const std::int8_t*>(b + 192);
    const int first = 8 * (g / 4) + 2 * (g % 4);
    scale = d * static_cast<float>(sc[first]);
    scale2 = d * static_cast<float>(sc[first + 1]);
    return groupQ6K(b, g);
  } else if constexpr (T == DType::Q4_K || T == DType::Q5_K) {
    constexpr bool five = T == DType::Q5_K;
    std::uint8_t sc, mn;
    scaleMinK4(g, b + 4, sc, mn);
    scale = scale2 = halfAt(b) * static_cast<float>(sc);
    min = halfAt(b + 2) * static_cast<float>(mn);
    return subBlockQ45K(five ? b + 48 : b + 16, b + 16, g, five);
  } else {
    scale = scale2 = halfAt(b);
    std::uint32_t bits;
    switch (T) {
      case DType::Q8_0: return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + 2));
      case DType::Q4_0: return _mm256_sub_epi8(nibbles32(b + 2), _mm256_set1_epi8(8));
      case DType::Q4_1: min = -halfAt(b + 2); return nibbles32(b + 4);
      case DType::Q5_0:
        std::memcpy(&bits, b + 2, 4);
        return _mm256_sub_epi8(_mm256_or_si256(nibbles32(b + 6), fifthBits(bits)), _mm256_set1_epi8(16));
      default:  // Q5_1
        min = -halfAt(b + 2);
        std::memcpy(&bits, b + 4, 4);
        return _mm256_or_si256(nibbles32(b + 8), fifthBits(bits));
    }
  }
}

// 8 lanes of partial sums of w * x over a group: lane l holds elements 4l..4l+3 (so lanes 0-3 are the
// first 16). maddubs multiplies unsigned by signed bytes: signed weights lend their sign to x.
template <DType T>
__m256i groupDot(__m256i w, __m256i x) {
  const __m256i ones = _mm256_set1_epi16(1);
  if constexpr (kUnsigned<T>) return _mm256_madd_epi16(_mm256_maddubs_epi16(w, x), ones);
  return _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(x, w)), ones);
}

// y[0..NR) = x~ . rows[0..NR) (rows rowBytes apart). Per group and row: the exact integer dot product
// (8 lanes), converted and scaled by scale * d_x into the row's accumulator; the min term uses the
// group's integer sum of x.
template <DType T, int NR>
void dotRowsQ8(const ActivationsQ8& x, const std::uint8_t* rows, std::size_t rowBytes, int blocks, float* y) {
  constexpr int G = groupsPerBlock(T);
  const int blockBytes = blockTraits(T).bytes;
  __m256 acc[NR];
  float corr[NR];
  Prefetcher pf[NR];
  for (int r = 0; r < NR; ++r) acc[r] = _mm256_setzero_ps(), corr[r] = 0.0f, pf[r] = Prefetcher(rows + r * rowBytes);
  for (int b = 0; b < blocks; ++b) {
    for (int r = 0; r < NR; ++r) pf[r].upTo(rows + r * rowBytes + static_cast<std::size_t>(b + 1) * blockBytes);
    for (int g = 0; g < G; ++g) {
      const std::size_t xb = static_cast<std::size_t>(b) * G + g;
      const __m256i xg = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x.q.data() + 32 * xb));
      const float dx = x.d[xb];
      for (int r = 0; r < NR; ++r) {
        float scale, scale2, min;
        const __m256i w = groupInts<T>(rows + r * rowBytes + static_cast<std::size_t>(b) * blockBytes, g, scale, scale2, min);
        const __m256 s = _mm256_cvtepi32_ps(groupDot<T>(w, xg));
        if constexpr (T == DType::Q6_K) {
          const __m128 lo = _mm_set1_ps(scale * dx), hi = _mm_set1_ps(scale2 * dx);
          acc[r] = _mm256_fmadd_ps(s, _mm256_set_m128(hi, lo), acc[r]);
        } else {
          acc[r] = _mm256_fmadd_ps(s, _mm256_set1_ps(scale * dx), acc[r]);
        }
        if constexpr (kUnsigned<T>) corr[r] += min * dx * static_cast<float>(x.sum[xb]);
      }
    }
  }
  for (int r = 0; r < NR; ++r) y[r] = horizontalSum(acc[r]) - corr[r];
}

template <DType T>
void dotRowsQ8Of(const ActivationsQ8& x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1, float* y) {
  const int blocks = in / blockTraits(T).elements;
  int o = o0;
  for (; o + 4 <= o1; o += 4) dotRowsQ8<T, 4>(x, rows + o * rowBytes, rowBytes, blocks, y + o);
  for (; o < o1; ++o) dotRowsQ8<T, 1>(x, rows + o * rowBytes, rowBytes, blocks, y + o);
}

bool fused(DType t) { return t != DType::Q2_K && t != DType::Q3_K && t != DType::F32 && t != DType::F16 && t != DType::BF16; }
bool superBlock(DType t) { return t == DType::Q4_K || t == DType::Q5_K || t == DType::Q6_K; }

}  // namespace

bool avx2Compiled() { return true; }

bool avx2DotRowsQ8(DType t, const ActivationsQ8& x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0,
                   int o1, float* y) {
  switch (t) {
    case DType::Q8_0: dotRowsQ8Of<DType::Q8_0>(x, rows, rowBytes, in, o0, o1, y); break;
    case DType::Q4_0: dotRowsQ8Of<DType::Q4_0>(x, rows, rowBytes, in, o0, o1, y); break;
    case DType::Q4_1: dotRowsQ8Of<DType::Q4_1>(x, rows, rowBytes, in, o0, o1, y); break;
    case DType::Q5_0: dotRowsQ8Of<DType::Q5_0>(x, rows, rowBytes, in, o0, o1, y); break;
    case DType::Q5_1: dotRowsQ8Of<DType::Q5_1>(x, rows, rowBytes, in, o0, o1, y); break;
    case DType::Q4_K: dotRowsQ8Of<DType::Q4_K>(x, rows, rowBytes, in, o0, o1, y); break;
    case DType::Q5_K: dotRowsQ8Of<DType::Q5_K>(x, rows, rowBytes, in, o0, o1, y); break;
    case DType::Q6_K: dotRowsQ8Of<DType::Q6_K>(x, rows, rowBytes, in, o0, o1, y); break;
    default: return false;
  }
  return true;
}

bool avx2DequantizeRow(DType t, const std::uint8_t* row, int in, float* out) {
  if (!fused(t)) return false;
  const BlockTraits bt = blockTraits(t);
  for (int b = 0; b < in / bt.elements; ++b) {
    const std::uint8_t* block = row + static_cast<std::size_t>(b) * bt.bytes;
    float* o = out + static_cast<std::size_t>(b) * bt.elements;
    if (t == DType::Q6_K) {
      forGroupsQ6K(block, [&](int g, const __m256* q, float s0, float s1) {
        for (int k = 0; k < 4; ++k) _mm256_storeu_ps(o + 32 * g + 8 * k, _mm256_mul_ps(_mm256_set1_ps(k < 2 ? s0 : s1), q[k]));
      });
    } else if (superBlock(t)) {
      forSubBlocksQ45K(block, t == DType::Q5_K, [&](int j, const __m256* q, float scale, float min) {
        for (int k = 0; k < 4; ++k)
          _mm256_storeu_ps(o + 32 * j + 8 * k, _mm256_sub_ps(_mm256_mul_ps(_mm256_set1_ps(scale), q[k]), _mm256_set1_ps(min)));
      });
    } else {
      float d, m;
      const Block32 q = unpack32(t, block, d, m);
      const bool affine = t == DType::Q4_1 || t == DType::Q5_1;
      for (int k = 0; k < 4; ++k) {
        const __m256 w = _mm256_mul_ps(q.q[k], _mm256_set1_ps(d));
        _mm256_storeu_ps(o + 8 * k, affine ? _mm256_add_ps(w, _mm256_set1_ps(m)) : w);
      }
    }
  }
  return true;
}

}  // namespace glassbox::quant::detail

#else

namespace glassbox::quant::detail {
bool avx2Compiled() { return false; }
bool avx2DotRowsQ8(DType, const ActivationsQ8&, const std::uint8_t*, std::size_t, int, int, int, float*) { return false; }
bool avx2DequantizeRow(DType, const std::uint8_t*, int, float*) { return false; }
}  // namespace glassbox::quant::detail

#endif
