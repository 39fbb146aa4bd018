#pragma once
// One stack of transformer blocks (a decoder-only model's, an encoder's, or an encoder-decoder's
// decoder), run from the config's features: norm kind and placement, fused or separate q/k/v, rotary
// or learned or relative positions, causal or bidirectional attention, cross-attention, plain or gated
// MLP. Every session drives one or two of these. Internal to engine/models.
//
// Buffers only grow, so decoding one token at a time allocates nothing once the first decode step has
// run (the KV cache grows by doubling, at most log2(P) times).
//
// Shape legend: n = new tokens of this forward, C = d_model, H = query heads, K = key/value heads,
// D = head dim, F = MLP hidden size, S = cached positions, Te = encoder tokens (cross-attention keys).
#include <cstdint>
#include <span>
#include <vector>

#include "models/model.h"
#include "models/model_weights.h"

namespace glassbox {

// Where one layer writes its part of a trace (all null: no trace).
struct LayerTraceTargets {
  TraceStack* stack = nullptr;
  AttentionMap* self = nullptr;
  AttentionMap* cross = nullptr;
  unsigned parts = 0;  // TracePart flags
};

class StackRunner {
 public:
  StackRunner(const Model& model, StackRole role, int maxContext);

  const ModelConfig& config() const { return config_; }
  StackRole role() const { return role_; }
  int numLayers() const { return static_cast<int>(weights_.layers.size()); }
  bool causal() const { return role_ == StackRole::Decoder; }
  int cacheCapacity() const { return cacheCapacity_; }

  // Buffers for n new rows and a cache of `positions` positions.
  void reserve(int n, int positions);
  // x [n][C] = token embeddings of `tokens` (+ learned positions + token types, then the embedding
  // norm). positionRows [n]: the learned table's row per token (empty: pos0 + i + positionOffset).
  // typeIds [n] or empty. Rotary tables for positions pos0.. . Writes the trace's embeddings when given.
  void embed(std::span<const int> tokens, std::span<const int> typeIds, std::span<const int> positionRows, int pos0,
             TraceStack* trace);
  // Block `layer` over the n rows of x at positions pos0.. (keys/values appended to the cache).
  void runLayer(int layer, int n, int pos0, const LayerTraceTargets& trace);
  // The stack's output for rows first..first+count-1: its final norm (a copy when it has none) into xn.
  void finalNorm(int first, int count);

  // Bidirectional stacks: the padding mask of the current input's keys [S]; empty = all real.
  void setKeyMask(std::span<const std::uint8_t> mask) { keyMask_.assign(mask.begin(), mask.end()); }
  // Cross-attention keys and values of every layer from the encoder's output [Te][C], with the
  // encoder's padding mask [Te] (empty = all real). Computed once per input.
  void setCrossSource(const float* encoderOut, int Te, std::span<const std::uint8_t> encoderMask);
  int crossLength() const { return crossLength_; }

  float* x() { return x_.data(); }
  const float* x() const { return x_.data(); }
  const float* xn() const { return xn_.data(); }

 private:
  void updateRope(int seqLen);
  void updateRelativeBias(int span);
  void attentionSublayer(int layer, int n, int pos0, const LayerTraceTargets& trace);
  void crossSublayer(int layer, int n, int pos0, const LayerTraceTargets& trace);
  void ffnSublayer(int layer, int n, const LayerTraceTargets& trace);
  void norm(const NormWeights& w, const float* in, int n, float* out) const;

  const Model& model_;
  const ModelConfig& config_;
  const StackWeights& weights_;
  StackRole role_;
  int maxContext_ = 0;

  int rows_ = 0;                        // capacity in new tokens of the per-forward buffers
  std::vector<float> x_;                // [n][C] residual stream
  std::vector<float> xn_;               // [n][C] normed input of a sub-block / the stack's output
  std::vector<float> qkv_;              // [n][H*D + 2*K*D] q | k | v
  std::vector<float> att_;              // [n][H*D] attention output before the output projection
  std::vector<float> hidden_, up_;      // [n][F] MLP hidden (up: a gated MLP's second branch)
  std::vector<float> row_;              // [C] embedding scratch
  std::vector<float> ropeCos_, ropeSin_;  // [n][D/2]
  std::vector<double> ropeInvFreq_;       // [D/2] rotary frequencies in use (scaled per config.json)
  int ropeLength_ = 0;                    // dynamic scaling: sequence length ropeInvFreq was computed for
  std::vector<float> relBias_;          // [H][2*relSpan-1] bias by distance k - p, centre relSpan - 1
  int relSpan_ = 0;
  int cacheCapacity_ = 0;               // positions allocated in the caches
  std::vector<std::vector<float>> keys_, values_;  // [L][S][K*D]
  std::vector<float> scores_;           // [H][max(S, Te)] attention scratch
  std::vector<std::uint8_t> keyMask_;   // [S] bidirectional padding mask
  int crossLength_ = 0;                 // Te
  std::vector<std::vector<float>> crossKeys_, crossValues_;  // [L][Te][K*D]
  std::vector<std::uint8_t> crossMask_;  // [Te]
};

// T5's relative-position bucket (transformers' T5Attention._relative_position_bucket) of the distance
// relative = key position - query position: bidirectional splits the buckets between negative and
// positive distances; the causal form maps every key at or after the query to bucket 0. Half of a
// side's buckets are exact distances 0..maxExact-1, the rest logarithmic up to maxDistance, computed in
// float32 as transformers does so the bucket edges agree.
int relativePositionBucket(int relative, bool bidirectional, int numBuckets, int maxDistance);

}  // namespace glassbox
