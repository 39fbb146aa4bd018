#pragma once
// The numeric kernels of the forward pass. Each fast kernel (Eigen, threaded) has a naive reference
// beside it with plain loops and double accumulation; tests/models/test_kernels.cpp compares them.
//
// Shape legend: T = rows (tokens), C = channels, H = query heads, K = key/value heads, D = head dim,
// S = positions visible to a query (keys 0..p).
#include <cstddef>
#include <cstdint>

#include "core/dtype.h"
#include "formats/model_config.h"

namespace glassbox {

// A dense projection y = x W (+ b). `inputMajor` says how W is stored:
//   true:  [in][out], GPT-2's Conv1D layout;
//   false: [out][in], PyTorch nn.Linear (Llama).
struct Linear {
  const float* weight = nullptr;
  const float* bias = nullptr;  // [out] or null
  int in = 0;
  int out = 0;
  bool inputMajor = false;
  // F16 or BF16 weights used in place (same layout as `weight`, which is then null): the kernels widen
  // them to float as they read them. Null for F32.
  const std::uint16_t* weight16 = nullptr;
  DType dtype = DType::F32;
  // Block-quantized weights used in place (dtype Q8_0 ... Q6_K, core/quant_blocks.h; weight and weight16
  // null): `out` rows of `rowBytes` bytes, row o holding the `in` weights of output o as whole blocks
  // (ggml's layout, always [out][in]: inputMajor is false). Decode takes dot products on the blocks;
  // prefill dequantizes a tile of rows and runs the GEMM.
  const std::uint8_t* blocks = nullptr;
  std::size_t rowBytes = 0;
};

// x [T][in] with row stride ldx, y [T][out] with row stride ldy (ldy >= out; writes columns 0..out).
// With T = 1, `linear` reads W once front to back with each thread streaming one contiguous block: the
// [in][out] layout by input rows (y += x[i] W[i][:], partial sums per thread), the [out][in] layout by
// output rows (y[o] = x . W[o][:]). Defined in linear_kernels.cpp.
void linear(const float* x, int T, int ldx, const Linear& w, float* y, int ldy);
void linearNaive(const float* x, int T, int ldx, const Linear& w, float* y, int ldy);
// The same product with GPT-2's activation or the residual add folded in (T > 1: applied to each column
// block right after its GEMM, on the thread that computed it). References: linearNaive, then
// geluTanhNaive or an add.
void linearGelu(const float* x, int T, int ldx, const Linear& w, float* y, int ldy);  // y = gelu(x W + b)
void linearAdd(const float* x, int T, int ldx, const Linear& w, float* y, int ldy);   // y += x W + b

// LayerNorm over C per row (biased variance, as torch.nn.LayerNorm): x [T][C] -> y [T][C].
void layerNorm(const float* x, int T, int C, const float* weight, const float* bias, float eps, float* y);
void layerNormNaive(const float* x, int T, int C, const float* weight, const float* bias, float eps, float* y);

// RMSNorm (Llama): y = x / sqrt(mean(x^2) + eps) * weight.
void rmsNorm(const float* x, int T, int C, const float* weight, float eps, float* y);
void rmsNormNaive(const float* x, int T, int C, const float* weight, float eps, float* y);

// In place, n elements: 0.5 x (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3). The fast kernel evaluates the
// same value as x / (1 + exp(-2u)), vectorised, which has no cancellation for negative x; the naive one uses
// std::tanh in double precision.
void geluTanh(float* x, std::size_t n);
void geluTanhNaive(float* x, std::size_t n);
// In place, n elements: 0.5 x (1 + erf(x / sqrt(2))), BERT's "gelu". The fast kernel uses Eigen's
// vectorised erf (a rational approximation, a few ulp); the naive one std::erf in double.
void geluErf(float* x, std::size_t n);
void geluErfNaive(float* x, std::size_t n);
// gate = silu(gate) * up, n elements (SwiGLU).
void swiglu(float* gate, const float* up, std::size_t n);
// In place, n elements, by config activation (geluTanh, geluErf, relu, silu).
void activate(Activation a, float* x, std::size_t n);
void activateNaive(Activation a, float* x, std::size_t n);
// The gated MLP's hidden state: gate = act(gate) * up, n elements (SwiGLU for silu, T5's gated-gelu).
void gatedActivation(Activation a, float* gate, const float* up, std::size_t n);

// Attention of n new queries at positions pos0..pos0+n-1 over S keys/values, one of two masks:
//   causal:        the query at position p sees keys 0..p (S = pos0 + n); with a sliding window W only
//                  max(0, p - W + 1)..p (transformers' Mistral mask: k > p - W);
//   bidirectional: every query sees all numKeys keys (an encoder, or cross-attention to an encoder).
// Either way a key whose keyMask entry is 0 (padding) gets probability 0. Scores are
// scale * q.k (+ relBias of the key's distance k - p, T5's relative position bias), then a softmax.
// Query head h reads key/value head h / (H / K) (grouped-query attention).
struct AttentionArgs {
  const float* q = nullptr;  // [n][ldq], head h at columns h*D..
  int ldq = 0;
  const float* keys = nullptr;    // [S][ldkv], kv head g at columns g*D..
  const float* values = nullptr;  // [S][ldkv]
  int ldkv = 0;
  int n = 0, pos0 = 0, H = 0, K = 0, D = 0;
  bool causal = true;
  int numKeys = 0;  // S when !causal (causal uses pos0 + n)
  int window = 0;   // W, keys visible to a causal query; 0 = all earlier positions
  float scale = 0.0f;  // multiplies q.k; 0 = 1/sqrt(D)
  // Optional additive bias by relative distance: score(h, p, k) += relBias[h * relBiasStride +
  // relBiasCenter + k - p]; the table must cover every k - p this call forms.
  const float* relBias = nullptr;
  std::size_t relBiasStride = 0;
  int relBiasCenter = 0;
  const std::uint8_t* keyMask = nullptr;  // [S], 0 = never attended (padding); null = all keys
  float* out = nullptr;  // [n][H*D]
  // Scratch for the fast kernel: [H][scratchStride] floats, scratchStride >= S.
  float* scratch = nullptr;
  std::size_t scratchStride = 0;
  // Optional: the post-softmax probabilities of each head h at trace + h * traceHeadStride, row p
  // (the query's position) either packed as a lower triangle (tracePackedRows: row p at p(p+1)/2 with
  // keys 0..p) or dense (row p at p * traceKeys with keys 0..traceKeys-1, traceKeys >= S). Masked keys
  // hold 0.
  float* trace = nullptr;
  std::size_t traceHeadStride = 0;
  bool tracePackedRows = true;
  int traceKeys = 0;

  float effectiveScale() const;
  int keyCount() const { return causal ? pos0 + n : numKeys; }  // S
  // Keys the query at position p can see: [first, last].
  int firstKey(int p) const;
  int lastKey(int p) const { return causal ? p : numKeys - 1; }
  float* traceRow(int h, int p) const;
  int traceRowLength(int p) const { return tracePackedRows ? p + 1 : traceKeys; }
};
void attention(const AttentionArgs& a);       // threaded over heads
void attentionNaive(const AttentionArgs& a);  // ignores scratch

// Rotary position embedding in place on `heads` heads of size D at x (row of heads, stride D),
// with cos/sin [D/2] for this position. RotateHalf pairs (i, i + D/2); Interleaved pairs (2i, 2i + 1).
void applyRope(float* x, int heads, int D, const float* cosTable, const float* sinTable, bool interleaved);
// cos/sin of position * invFreq[i] for i < pairs (the scaled frequencies of formats/rope_scaling.h).
void ropeTables(int position, const double* invFreq, int pairs, float* cosOut, float* sinOut);

}  // namespace glassbox
