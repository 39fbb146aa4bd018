#pragma once
// What one forward pass records for the views: typed attention maps and per-stack residual streams.
// Everything reads attention through AttentionMap::at / row (packed or dense storage stays inside).
//
// Shape legend: L = layers of a stack, H = query heads, K = key/value heads, Tq = query tokens,
// Tk = key tokens, T = tokens of a stack, C = d_model, F = MLP hidden size, D = head dim, V = vocabulary.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "formats/model_config.h"

namespace glassbox {

// Which attention a map holds.
enum class AttentionStream {
  Self,         // a decoder-only model's causal self-attention [T][T]
  EncoderSelf,  // an encoder's bidirectional self-attention [Te][Te] (encoder-only or encoder-decoder)
  DecoderSelf,  // the causal self-attention of an encoder-decoder's decoder [Td][Td]
  Cross,        // an encoder-decoder's decoder queries over the encoder's output [Td][Te]
};
const char* attentionStreamName(AttentionStream s);  // "self", "encoder-self", "decoder-self", "cross"

// How a map's values are stored: causal rows packed as a lower triangle (row q holds keys 0..q), or a
// dense [Tq][Tk] matrix per head.
enum class AttentionStorage { PackedCausal, Dense };

struct AttentionMap {
  AttentionStream stream = AttentionStream::Self;
  AttentionStorage storage = AttentionStorage::PackedCausal;
  bool causal = true;     // query q sees keys <= q (and, in a sliding-window layer, > q - window)
  int numLayers = 0;      // L
  int numHeads = 0;       // H
  int numKvHeads = 0;     // K
  int numQueries = 0;     // Tq
  int numKeys = 0;        // Tk
  std::vector<int> windows;             // [L] sliding window of each layer, 0 = none (causal maps only)
  std::vector<std::uint8_t> keyMask;    // [Tk] 0 = a padding key that never gets weight; empty = all keys
  std::vector<float> values;            // post-softmax, in `storage` layout per (layer, head)

  // Probability of query q on key k in (layer, head); 0 for keys the query cannot see.
  float at(int layer, int head, int q, int k) const;
  // The stored keys of query row q: keys 0..rowLength(q)-1 (keys past a causal row are 0 and not stored).
  std::span<const float> row(int layer, int head, int q) const;
  int rowLength(int q) const { return storage == AttentionStorage::PackedCausal ? q + 1 : numKeys; }
  // How many keys query q can give weight to in `layer`: the causal span and window, minus padding.
  int visibleKeys(int layer, int q) const;
  bool keyVisible(int layer, int q, int k) const;

  std::size_t valuesPerHead() const;
  // Allocates values for the given layout (zeros).
  void allocate();
  std::size_t bytes() const { return values.size() * sizeof(float); }  // the probabilities (the masks are small)
};

enum class StackRole { Decoder, Encoder };
const char* stackRoleName(StackRole r);  // "decoder", "encoder"

// Parts of a trace beyond attention and the residual stream, requested by flag because of their size.
enum TracePart : unsigned {
  kTraceMlp = 1u << 0,  // MLP activations per layer (and the gate and up branches of a gated MLP)
  kTraceQkv = 1u << 1,  // queries, keys and values per layer
};

// One stack's residual stream and what feeds it.
struct TraceStack {
  StackRole role = StackRole::Decoder;
  int numTokens = 0;  // T
  int numLayers = 0;  // L
  int dModel = 0;     // C
  std::vector<float> tokenEmbeddings;     // [T][C] token-embedding rows
  std::vector<float> positionEmbeddings;  // [T][C] learned positions; empty for other schemes
  std::vector<float> residual;            // [L+1][T][C]; [0] = block input of layer 0, [l+1] = output of layer l
  std::vector<float> finalHidden;         // [T][C] the stack's output (after its final norm)
  // With kTraceMlp: [L][T][F] the input of the down projection (act(fc x), or act(gate x) * up x);
  // gated MLPs also keep act(gate x) in mlpGate and up x in mlpUp, [L][T][F] each. F = mlpWidth.
  int mlpWidth = 0;
  std::vector<float> mlpActivations, mlpGate, mlpUp;
  // With kTraceMlp: [L][T][C] the residual stream after each layer's attention (and cross-attention)
  // sub-layer, before its MLP: residual[l] -> attentionResidual[l] is what attention added,
  // attentionResidual[l] -> residual[l + 1] what the MLP added.
  std::vector<float> attentionResidual;
  // With kTraceQkv: [L][T][H*D] queries (after RoPE), [L][T][K*D] keys (after RoPE) and values.
  int qWidth = 0, kvWidth = 0;
  std::vector<float> queries, keys, values;

  std::span<const float> residualAt(int layerBoundary, int token) const {
    return {residual.data() + (static_cast<std::size_t>(layerBoundary) * numTokens + token) * dModel,
            static_cast<std::size_t>(dModel)};
  }
  std::span<const float> attentionResidualAt(int layer, int token) const {
    return {attentionResidual.data() + (static_cast<std::size_t>(layer) * numTokens + token) * dModel,
            static_cast<std::size_t>(dModel)};
  }
  std::span<const float> finalHiddenAt(int token) const {
    return {finalHidden.data() + static_cast<std::size_t>(token) * dModel, static_cast<std::size_t>(dModel)};
  }
  std::size_t bytes() const;
};

// Everything one forward pass can record. Off for plain generation. A trace covers a forward that
// starts at position 0. Memory: causal attention is stored as packed lower triangles,
// L*H*T*(T+1)/2 floats (GPT-2 small at 512 tokens: 144 heads * 131,328 * 4 B = 76 MB); bidirectional
// and cross maps are dense, L*H*Tq*Tk floats.
struct Trace {
  unsigned parts = 0;                  // TracePart flags that were recorded
  int vocabSize = 0;                   // V
  std::vector<TraceStack> stacks;      // the encoder first when there is one, then the decoder
  std::vector<AttentionMap> attention; // one map per stream the model has
  // [V] logits of the last position of the output stack (the decoder; for an encoder with an MLM
  // head, empty). Earlier positions' logits are not stored (T*V floats would cost more than the rest
  // of the trace for a 50k vocabulary): Model::logitsFromHidden(finalHiddenAt(t)) gives them.
  std::vector<float> lastLogits;

  const TraceStack* findStack(StackRole role) const;
  const TraceStack& stack(StackRole role) const;  // throws Error when absent
  // The stack whose output the model's head reads: the decoder, or the only stack of an encoder.
  const TraceStack& output() const;
  const AttentionMap* findAttention(AttentionStream stream) const;
  const AttentionMap& attentionMap(AttentionStream stream) const;  // throws Error when absent
  // The self-attention of the output stack (Self, EncoderSelf or DecoderSelf).
  const AttentionMap& selfAttention() const;
  std::size_t bytes() const;
};

}  // namespace glassbox
