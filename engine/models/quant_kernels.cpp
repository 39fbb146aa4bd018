// Dispatch, portable kernels and the reference for quantized rows (quant_kernels.h).
#include "models/quant_kernels.h"

#include <algorithm>
#include <atomic>
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

}  // namespace

bool simdAvailable() { return detail::avx2Compiled() && cpuHasAvx2(); }
void setPath(Path p) { useSimd = p == Path::Simd && simdAvailable(); }
Path currentPath() { return useSimd ? Path::Simd : Path::Portable; }

void dotRows(DType t, const float* x, const std::uint8_t* rows, std::size_t rowBytes, int in, int o0, int o1, float* y) {
  if (useSimd && detail::avx2DotRows(t, x, rows, rowBytes, in, o0, o1, y)) return;
  for (int o = o0; o < o1; ++o) y[o] = dotDecoded(t, x, rows + static_cast<std::size_t>(o) * rowBytes, in);
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
