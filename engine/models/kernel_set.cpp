// Run-time choice of the kernel set (kernel_set.h) and the functions of kernels.h forwarding to it.
// Compiled for the baseline target: nothing here may use AVX.
#include "models/kernel_set.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "models/kernel_set_internal.h"
#include "models/quant_kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace glassbox {

bool cpuHasAvx2Fma16c() {
#if defined(__x86_64__) || defined(__i386__)
  // F16C is CPUID leaf 1, ECX bit 29; older compilers do not name it in __builtin_cpu_supports.
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  const bool f16c = __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & (1u << 29)) != 0;
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && f16c;
#else
  return false;
#endif
}

bool baselineKernelsForced() {
  const char* forced = std::getenv("GLASSBOX_KERNELS");
  return forced != nullptr && std::strcmp(forced, "baseline") == 0;
}

namespace {

bool avx2SetCompiled() {
#ifdef GLASSBOX_HAVE_AVX2_SET
  return true;
#else
  return false;
#endif
}

KernelSet initialSet() {
  if (baselineKernelsForced()) return KernelSet::Baseline;
  return kernelSetAvailable(KernelSet::Avx2) ? KernelSet::Avx2 : KernelSet::Baseline;
}

std::atomic<KernelSet>& current() {
  static std::atomic<KernelSet> set{initialSet()};
  return set;
}

bool useAvx2() {
#ifdef GLASSBOX_HAVE_AVX2_SET
  return current().load(std::memory_order_relaxed) == KernelSet::Avx2;
#else
  return false;
#endif
}

}  // namespace

bool kernelSetAvailable(KernelSet set) {
  return set == KernelSet::Baseline || (avx2SetCompiled() && cpuHasAvx2Fma16c());
}

KernelSet activeKernelSet() { return current().load(); }

bool setKernelSet(KernelSet set) {
  if (!kernelSetAvailable(set)) return false;
  current().store(set);
  quant::setPath(set == KernelSet::Avx2 ? quant::Path::Simd : quant::Path::Portable);
  return true;
}

const char* kernelSetName(KernelSet set) { return set == KernelSet::Avx2 ? "avx2" : "baseline"; }

std::string kernelSetDescription() {
  const KernelSet set = activeKernelSet();
  std::string s = kernelSetName(set);
#ifdef GLASSBOX_NATIVE_BUILD
  s += set == KernelSet::Avx2 ? " (AVX2+FMA+F16C" : " (-march=native";
  s += ", built for this machine)";
#else
  s += set == KernelSet::Avx2 ? " (AVX2+FMA+F16C, selected at run time" : " (x86-64 SSE2";
  if (set == KernelSet::Baseline && kernelSetAvailable(KernelSet::Avx2)) s += ", forced by GLASSBOX_KERNELS";
  else if (set == KernelSet::Baseline && !avx2SetCompiled()) s += ", no AVX2 set in this build";
  else if (set == KernelSet::Baseline) s += ", CPU lacks avx2/fma/f16c";
  s += ")";
#endif
  s += quant::currentPath() == quant::Path::Simd ? "; GGUF blocks: simd" : "; GGUF blocks: portable";
  return s;
}

// ---- AttentionArgs: one definition for every set -----------------------------------------------------

float AttentionArgs::effectiveScale() const {
  return scale != 0.0f ? scale : 1.0f / std::sqrt(static_cast<float>(D));
}

int AttentionArgs::firstKey(int p) const { return causal && window > 0 ? std::max(0, p - window + 1) : 0; }

float* AttentionArgs::traceRow(int h, int p) const {
  const std::size_t row = tracePackedRows ? static_cast<std::size_t>(p) * (p + 1) / 2
                                          : static_cast<std::size_t>(p) * static_cast<std::size_t>(traceKeys);
  return trace + static_cast<std::size_t>(h) * traceHeadStride + row;
}

// ---- kernels.h: forward to the active set (one relaxed load and a branch per call) --------------------

#ifdef GLASSBOX_HAVE_AVX2_SET
#define GLASSBOX_DISPATCH(fn, ...) \
  if (useAvx2()) return avx2::fn(__VA_ARGS__); \
  return baseline::fn(__VA_ARGS__)
#else
#define GLASSBOX_DISPATCH(fn, ...) return baseline::fn(__VA_ARGS__)
#endif

void linear(const float* x, int T, int ldx, const Linear& w, float* y, int ldy) { GLASSBOX_DISPATCH(linear, x, T, ldx, w, y, ldy); }
void linearNaive(const float* x, int T, int ldx, const Linear& w, float* y, int ldy) { baseline::linearNaive(x, T, ldx, w, y, ldy); }
void linearGelu(const float* x, int T, int ldx, const Linear& w, float* y, int ldy) { GLASSBOX_DISPATCH(linearGelu, x, T, ldx, w, y, ldy); }
void linearAdd(const float* x, int T, int ldx, const Linear& w, float* y, int ldy) { GLASSBOX_DISPATCH(linearAdd, x, T, ldx, w, y, ldy); }
void layerNorm(const float* x, int T, int C, const float* weight, const float* bias, float eps, float* y) {
  GLASSBOX_DISPATCH(layerNorm, x, T, C, weight, bias, eps, y);
}
void layerNormNaive(const float* x, int T, int C, const float* weight, const float* bias, float eps, float* y) {
  baseline::layerNormNaive(x, T, C, weight, bias, eps, y);
}
void rmsNorm(const float* x, int T, int C, const float* weight, float eps, float* y) { GLASSBOX_DISPATCH(rmsNorm, x, T, C, weight, eps, y); }
void rmsNormNaive(const float* x, int T, int C, const float* weight, float eps, float* y) { baseline::rmsNormNaive(x, T, C, weight, eps, y); }
void geluTanh(float* x, std::size_t n) { GLASSBOX_DISPATCH(geluTanh, x, n); }
void geluTanhNaive(float* x, std::size_t n) { baseline::geluTanhNaive(x, n); }
void geluErf(float* x, std::size_t n) { GLASSBOX_DISPATCH(geluErf, x, n); }
void geluErfNaive(float* x, std::size_t n) { baseline::geluErfNaive(x, n); }
void swiglu(float* gate, const float* up, std::size_t n) { GLASSBOX_DISPATCH(swiglu, gate, up, n); }
void activate(Activation a, float* x, std::size_t n) { GLASSBOX_DISPATCH(activate, a, x, n); }
void activateNaive(Activation a, float* x, std::size_t n) { baseline::activateNaive(a, x, n); }
void gatedActivation(Activation a, float* gate, const float* up, std::size_t n) { GLASSBOX_DISPATCH(gatedActivation, a, gate, up, n); }
void attention(const AttentionArgs& a) { GLASSBOX_DISPATCH(attention, a); }
void attentionNaive(const AttentionArgs& a) { baseline::attentionNaive(a); }
void applyRope(float* x, int heads, int D, const float* cosTable, const float* sinTable, bool interleaved) {
  GLASSBOX_DISPATCH(applyRope, x, heads, D, cosTable, sinTable, interleaved);
}
void ropeTables(int position, const double* invFreq, int pairs, float* cosOut, float* sinOut) {
  GLASSBOX_DISPATCH(ropeTables, position, invFreq, pairs, cosOut, sinOut);
}

}  // namespace glassbox
