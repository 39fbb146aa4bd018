// Dispatch, portable kernels and the reference for quantized rows (quant_kernels.h).
#include "models/quant_kernels.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include "core/quant_blocks.h"
#include "models/kernel_set.h"
#include "models/quant_kernels_internal.h"

namespace glassbox::quant {

namespace {

bool cpuHasAvx2() { return cpuHasAvx2Fma16c(); }  // models/kernel_set.h

std::atomic<bool> useSimd{detail::avx2Compiled() && cpuHasAvx2() && !baselineKernelsForced()};

// Portable: decode each block to floats (the exact decoder), then a float dot product with four partial
// sums.
float dotDecoded(DType t, const float* x, const std::uint8_t* row, int in) {
  const BlockTraits bt = blockTraits(t);
  float w[256];
  float s[4] = {0, 0, 0, 0};
  for (int b = 0; b < in / bt.elements; ++b) {
    dequantizeRow(t, row + static_cast<std::size_t>(b) * bt.bytes, w, bt.elements);
    const float* xb = x + static_cast<std::size_t>(b) * bt.elements;
    for (int j = 0; j < bt.elements; j += 4)
      for (int k = 0; k < 4; ++k) s[k] += xb[j + k] * w[j + k];
  }
  return (s[0] + s[1]) + (s[2] + s[3]);
}

// x~ = the rounded activations as floats.
void dequantizeActivations(const ActivationsQ8& xq, int in, float* out) {
  for (int i = 0; i < in; ++i) out[i] = static_cast<float>(xq.q[static_cast<std::size_t>(i)]) * xq.d[static_cast<std::size_t>(i / 32)];
}

}  // namespace

bool integerDot(DType t) {
  switch (t) {
    case DType::Q8_0: case DType::Q4_0: case DType::Q4_1: case DType::Q5_0: case DType::Q5_1:
    case DType::Q4_K: case DType::Q5_K: case DType::Q6_K: return true;
    default: return false;
  }
}

void quantizeActivations(const float* x, int in, ActivationsQ8& out) {
  const auto n = static_cast<std::size_t>(in), blocks = n / 32;
  out.q.resize(n), out.d.resize(blocks), out.sum.resize(blocks);
  for (std::size_t b = 0; b < blocks; ++b) {
    float amax = 0.0f;
    for (std::size_t j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[32 * b + j]));  // NaN is skipped
    const float d = std::isfinite(amax) ? amax / 127.0f : 0.0f;
    const float id = d > 0.0f ? 1.0f / d : 0.0f;
    int sum = 0;
    for (std::size_t j = 0; j < 32; ++j) {
      const float v = x[32 * b + j] * id;
      const float r = std::isnan(v) ? 0.0f : std::clamp(std::nearbyint(v), -127.0f, 127.0f);
      out.q[32 * b + j] = static_cast<std::int8_t>(r);
      sum += static_cast<int>(r);
    }
    out.d[b] = d, out.sum[b] = sum;
  }
}

bool simdAvailable() { return detail::avx2Compiled() && cpuHasAvx2(); }
void setPath(Path p) { useSimd = p == Path::Simd && simdAvailable(); }
Path currentPath() { return useSimd ? Path::Simd : Path::Portable; }

void dotRows(DType t, const float* x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1, float* y) {
  if (integerDot(t)) {
    thread_local ActivationsQ8 xq;  // grows once per width
    quantizeActivations(x, in, xq);
    if (useSimd && detail::avx2DotRowsQ8(t, xq, rows, rowBytes, in, o0, o1, y)) return;
    thread_local std::vector<float> xr;
    xr.resize(static_cast<std::size_t>(in));
    dequantizeActivations(xq, in, xr.data());
    for (int o = o0; o < o1; ++o) y[o] = dotDecoded(t, xr.data(), rows + static_cast<std::size_t>(o) * rowBytes, in);
    return;
  }
  for (int o = o0; o < o1; ++o) y[o] = dotDecoded(t, x, rows + static_cast<std::size_t>(o) * rowBytes, in);
}

void dotRowsQ8Naive(DType t, const float* x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1,
                    float* y) {
  if (!integerDot(t)) {
    dotRowsNaive(t, x, rows, rowBytes, in, o0, o1, y);
    return;
  }
  ActivationsQ8 xq;
  quantizeActivations(x, in, xq);
  std::vector<float> xr(static_cast<std::size_t>(in));
  dequantizeActivations(xq, in, xr.data());
  dotRowsNaive(t, xr.data(), rows, rowBytes, in, o0, o1, y);
}

void dotRowsNaive(DType t, const float* x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1, float* y) {
  std::vector<float> w(static_cast<std::size_t>(in));
  for (int o = o0; o < o1; ++o) {
    dequantizeRow(t, rows + static_cast<std::size_t>(o) * rowBytes, w.data(), in);
    double acc = 0;
    for (int i = 0; i < in; ++i) acc += static_cast<double>(x[i]) * w[static_cast<std::size_t>(i)];
    y[o] = static_cast<float>(acc);
  }
}

void dequantizeRows(DType t, const std::uint8_t* rows, std::size_t rowBytes, int in, int r0, int n, float* out) {
  for (int r = 0; r < n; ++r) {
    const std::uint8_t* row = rows + static_cast<std::size_t>(r0 + r) * rowBytes;
    float* dst = out + static_cast<std::size_t>(r) * in;
    if (!(useSimd && detail::avx2DequantizeRow(t, row, in, dst))) dequantizeRow(t, row, dst, in);
  }
}

}  // namespace glassbox::quant
