#pragma once
// The weights of a loaded model, ready for the kernels, in slots that every architecture fills
// (engine/models/<architecture>.cpp plans which tensor goes where). F32 tensors aligned in the mapped
// file are used in place; so are F16/BF16 matmul weights (Linear::weight16, widened to float inside the
// kernels: 2 bytes per weight in RAM and per decoded token) and F16/BF16 embedding tables (rows widened
// by EmbeddingTable::row), and block-quantized matmul weights and tables (GGUF: Linear::blocks,
// EmbeddingTable::blocks, dequantized row by row). Other F16/BF16 tensors (norms, biases) and misaligned F32 ones were converted
// at load into `owned`. Immutable after load; any number of sessions read it concurrently.
//
// Shape legend: C = d_model, H = query heads, K = key/value heads, D = head dim, F = MLP hidden size,
// V = vocabulary, P = maximum positions, L = layers, B = relative-position buckets, N = labels.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/dtype.h"
#include "core/quant_blocks.h"
#include "core/quant_blocks.h"

#include "formats/tensor_source.h"
#include "models/kernels.h"

namespace glassbox {

struct NormWeights {
  const float* weight = nullptr;  // [C]
  const float* bias = nullptr;    // [C] LayerNorm only (null for RMS norms)
  bool present() const { return weight != nullptr; }
};

// A table read one row at a time: token, position and token-type embeddings.
struct EmbeddingTable {
  const float* f32 = nullptr;          // [rows][cols] F32, or null when kept 16-bit:
  const std::uint16_t* half = nullptr; // [rows][cols] F16/BF16 in the mapping
  const std::uint8_t* blocks = nullptr;  // block-quantized rows of rowBytes bytes in the mapping (GGUF)
  std::size_t rowBytes = 0;
  DType dtype = DType::F32;
  int rows = 0, cols = 0;
  bool present() const { return f32 != nullptr || half != nullptr || blocks != nullptr; }
  // Row `r` as floats: out [cols]. The caller checks 0 <= r < rows.
  void row(int r, float* out) const {
    const std::size_t first = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols);
    if (f32) std::copy(f32 + first, f32 + first + cols, out);
    else if (blocks) dequantizeRow(dtype, blocks + static_cast<std::size_t>(r) * rowBytes, out, cols);
    else convertToFloat(dtype, half + first, out, static_cast<std::size_t>(cols));
  }
};

struct AttentionWeights {
  Linear qkv;         // GPT-2: one Conv1D [C][3C] (+ bias [3C]) producing q | k | v; else unused
  Linear q, k, v;     // [H*D][C], [K*D][C], [K*D][C] (nn.Linear layout), biases optional
  Linear o;           // [C][H*D] output projection, bias optional
};

struct FfnWeights {
  Linear up;    // plain: the first projection (GPT-2 c_fc, BERT intermediate); gated: the up branch
  Linear gate;  // gated only: the branch that goes through the activation
  Linear down;  // back to C (GPT-2 mlp.c_proj, Llama down_proj, BERT output.dense, T5 wo)
};

// One block. With NormPlacement::Pre a norm comes before its sub-layer; with Post it comes after the
// residual add (BERT's attention.output.LayerNorm, output.LayerNorm).
struct LayerWeights {
  NormWeights attnNorm;
  AttentionWeights self;
  NormWeights crossNorm;   // encoder-decoder decoder blocks only
  AttentionWeights cross;
  NormWeights ffnNorm;
  FfnWeights ffn;
};

struct StackWeights {
  std::vector<LayerWeights> layers;  // [L]
  NormWeights embeddingNorm;         // after the embeddings (BERT family)
  NormWeights finalNorm;             // after the last block (pre-norm stacks)
  const float* relativeBias = nullptr;  // [B][H] relative-position bias of the stack (T5: block 0's)
};

// Encoder heads (EncoderHead in model_config.h).
struct EncoderHeadWeights {
  Linear transform;       // MLM: dense [C][C] + bias, then headActivation and transformNorm
  NormWeights transformNorm;
  const float* mlmBias = nullptr;  // [V] added to the MLM decoder's logits
  Linear pooler;          // [C][C] + bias: BERT's pooler, RoBERTa's classifier.dense, DistilBERT's pre_classifier
  Linear classifier;      // [N][C] + bias
};

class ModelWeights {
 public:
  EmbeddingTable tokens;      // [V][C]
  EmbeddingTable positions;   // [P + offset][C] learned positions
  EmbeddingTable tokenTypes;  // [types][C]
  StackWeights decoder;       // decoder-only models and the decoder of an encoder-decoder
  StackWeights encoder;       // encoder-only models and the encoder of an encoder-decoder
  Linear lmHead;              // [V][C] nn.Linear layout (tied: the token embedding); also the MLM decoder
  EncoderHeadWeights head;

  std::unique_ptr<TensorSource> source;          // keeps the mappings alive
  std::vector<std::unique_ptr<float[]>> owned;   // converted tensors
  std::uint64_t ownedBytes = 0;

  const StackWeights& stack(bool encoderStack) const { return encoderStack ? encoder : decoder; }
};

}  // namespace glassbox
