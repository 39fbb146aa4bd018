#pragma once
// Between kernel_set.cpp and the kernel sources, not part of the API. kernels.cpp and
// linear_kernels.cpp are compiled once per kernel set (engine/models/CMakeLists.txt): for the baseline
// x86-64 target into namespace glassbox::baseline, and with -mavx2 -mfma -mf16c into glassbox::avx2
// (GLASSBOX_KERNEL_SET names the namespace). The functions of kernels.h in namespace glassbox forward to
// the set chosen at start-up from CPUID (kernel_set.cpp).
#include "models/kernels.h"

#define GLASSBOX_DECLARE_KERNEL_SET(ns)                                                                \
  namespace glassbox::ns {                                                                             \
  void linear(const float* x, int T, int ldx, const Linear& w, float* y, int ldy);                     \
  void linearNaive(const float* x, int T, int ldx, const Linear& w, float* y, int ldy);                \
  void linearGelu(const float* x, int T, int ldx, const Linear& w, float* y, int ldy);                 \
  void linearAdd(const float* x, int T, int ldx, const Linear& w, float* y, int ldy);                  \
  void layerNorm(const float* x, int T, int C, const float* weight, const float* bias, float eps,      \
                 float* y);                                                                            \
  void layerNormNaive(const float* x, int T, int C, const float* weight, const float* bias, float eps, \
                      float* y);                                                                       \
  void rmsNorm(const float* x, int T, int C, const float* weight, float eps, float* y);                \
  void rmsNormNaive(const float* x, int T, int C, const float* weight, float eps, float* y);           \
  void geluTanh(float* x, std::size_t n);                                                              \
  void geluTanhNaive(float* x, std::size_t n);                                                         \
  void geluErf(float* x, std::size_t n);                                                               \
  void geluErfNaive(float* x, std::size_t n);                                                          \
  void swiglu(float* gate, const float* up, std::size_t n);                                            \
  void activate(Activation a, float* x, std::size_t n);                                                \
  void activateNaive(Activation a, float* x, std::size_t n);                                           \
  void gatedActivation(Activation a, float* gate, const float* up, std::size_t n);                     \
  void attention(const AttentionArgs& a);                                                              \
  void attentionNaive(const AttentionArgs& a);                                                         \
  void applyRope(float* x, int heads, int D, const float* cosTable, const float* sinTable,             \
                 bool interleaved);                                                                    \
  void ropeTables(int position, const double* invFreq, int pairs, float* cosOut, float* sinOut);       \
  }

GLASSBOX_DECLARE_KERNEL_SET(baseline)
#ifdef GLASSBOX_HAVE_AVX2_SET
GLASSBOX_DECLARE_KERNEL_SET(avx2)
#endif
// Inside a kernel source, calls between kernels stay in the set being compiled.
#ifdef GLASSBOX_KERNEL_SET
GLASSBOX_DECLARE_KERNEL_SET(GLASSBOX_KERNEL_SET)
#endif
