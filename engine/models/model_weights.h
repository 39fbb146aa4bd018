#pragma once
// The weights of a loaded model, ready for the kernels. F32 tensors aligned in the mapped file are used in
// place; so are F16/BF16 matmul weights (Linear::weight16, widened to float inside the kernels: 2 bytes
// per weight in RAM and per decoded token), block-quantized matmul weights (Linear::blocks) and the
// F16/BF16/quantized token embedding (rows widened or dequantized by tokenRow).
// Other F16/BF16 tensors (norms, biases, learned positions) and misaligned F32 ones were converted at
// load into `owned`. Immutable after load; any number of sessions read it concurrently.
//
// Shape legend: C = d_model, H = query heads, K = key/value heads, D = head dim, F = MLP hidden size,
// V = vocabulary, P = maximum positions, L = layers.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/dtype.h"
#include "core/quant_blocks.h"

#include "formats/tensor_source.h"
#include "models/kernels.h"

namespace glassbox {

struct LayerWeights {
  const float* attnNormWeight = nullptr;  // [C] ln_1 / input_layernorm
  const float* attnNormBias = nullptr;    // [C] GPT-2 only
  // GPT-2: one fused Conv1D [C][3C] (+ bias [3C]) in `qkv`. Llama: q [H*D][C], k [K*D][C], v [K*D][C].
  Linear qkv;
  Linear q, k, v;
  Linear attnOut;                        // GPT-2 c_proj [C][C] (+bias); Llama o_proj [C][H*D]
  const float* mlpNormWeight = nullptr;  // [C] ln_2 / post_attention_layernorm
  const float* mlpNormBias = nullptr;    // [C] GPT-2 only
  Linear fc, proj;                       // GPT-2 c_fc [C][F] (+bias), c_proj [F][C] (+bias)
  Linear gate, up, down;                 // Llama [F][C], [F][C], [C][F]
};

class ModelWeights {
 public:
  const float* tokenEmbedding = nullptr;     // [V][C] F32, or null when kept 16-bit:
  const std::uint16_t* tokenEmbedding16 = nullptr;  // [V][C] F16/BF16 in the mapping
  DType tokenEmbeddingDtype = DType::F32;
  // Block-quantized token embedding in the mapping (GGUF): V rows of tokenEmbeddingRowBytes bytes.
  const std::uint8_t* tokenEmbeddingBlocks = nullptr;
  std::size_t tokenEmbeddingRowBytes = 0;
  const float* positionEmbedding = nullptr;  // [P][C], GPT-2 only
  std::vector<LayerWeights> layers;          // [L]
  const float* finalNormWeight = nullptr;    // [C]
  const float* finalNormBias = nullptr;      // [C] GPT-2 only
  Linear lmHead;                             // [V][C] nn.Linear layout (tied: the token embedding)

  std::unique_ptr<TensorSource> source;          // keeps the mappings alive
  std::vector<std::unique_ptr<float[]>> owned;   // converted tensors
  std::uint64_t ownedBytes = 0;

  // Row `id` of the token embedding as floats: out [C]. The caller checks 0 <= id < V.
  void tokenRow(int id, int C, float* out) const {
    const std::size_t first = static_cast<std::size_t>(id) * static_cast<std::size_t>(C);
    if (tokenEmbedding) std::copy(tokenEmbedding + first, tokenEmbedding + first + C, out);
    else if (tokenEmbeddingBlocks)
      dequantizeRow(tokenEmbeddingDtype, tokenEmbeddingBlocks + static_cast<std::size_t>(id) * tokenEmbeddingRowBytes, out, C);
    else convertToFloat(tokenEmbeddingDtype, tokenEmbedding16 + first, out, static_cast<std::size_t>(C));
  }
};

}  // namespace glassbox
