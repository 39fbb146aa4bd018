#pragma once
// Which compiled kernels the forward pass runs. The baseline build targets any x86-64 CPU (SSE2); the
// dense kernels (kernels.h) are also compiled with AVX2/FMA/F16C, as are the fused GGUF kernels
// (quant_kernels.h), and the AVX2 set is chosen at start-up when CPUID reports avx2, fma and f16c.
// GLASSBOX_KERNELS=baseline in the environment forces the baseline set (a slow virtual machine, a bug
// report). With GLASSBOX_NATIVE=ON the baseline set itself is built for the build machine's CPU.
//
// Thread safety: setKernelSet is for tests and start-up only; do not call it while a forward pass runs.
#include <string>

namespace glassbox {

enum class KernelSet { Baseline, Avx2 };

// Whether this CPU runs the set and the binary holds it (Baseline: always).
bool kernelSetAvailable(KernelSet set);
KernelSet activeKernelSet();
// Selects the set for the dense and the GGUF kernels; false (nothing changes) when it is not available.
bool setKernelSet(KernelSet set);
// "baseline", "avx2".
const char* kernelSetName(KernelSet set);
// One line for `glassbox-cli info` and the Model view, e.g.
// "avx2 (AVX2+FMA+F16C, selected at run time; CPU: avx2 fma f16c)".
std::string kernelSetDescription();
// CPUID says avx2, fma and f16c (always false off x86).
bool cpuHasAvx2Fma16c();
// GLASSBOX_KERNELS=baseline is set in the environment.
bool baselineKernelsForced();

}  // namespace glassbox
