#pragma once
// Aggregates and pattern scores over attention matrices: causal self-attention (zero above the
// diagonal), bidirectional self-attention (full squares) and cross-attention (rectangles).
// Shape legend: L = layers, H = query heads, K = key/value heads, Tq = queries, Tk = keys.
// Every head matrix is [Tq][Tk], row q = query, column k = key.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "analysis/dense_matrix.h"

namespace glassbox {

// Where attention weights come from: a callable weight(layer, head, q, k), so that a trace's
// AttentionMap, a dense test matrix or a view's cache can all be analysed without copying.
struct AttentionSource {
  int numLayers = 0;   // L
  int numHeads = 0;    // H
  int numKvHeads = 0;  // K (== H without grouped-query attention; 0 means H)
  int numTokens = 0;   // Tq, the queries (== Tk for self-attention)
  int numKeys = 0;     // Tk; 0 means numTokens
  bool causal = true;  // query q sees keys <= q (and inside windows[layer] when set)
  std::vector<int> windows;            // [L] sliding windows of a causal source, 0 = none; empty = none
  std::vector<std::uint8_t> keyMask;   // [Tk] 0 = a padding key; empty = every key is real
  std::function<float(int layer, int head, int q, int k)> weight;

  int keys() const { return numKeys > 0 ? numKeys : numTokens; }
  bool square() const { return keys() == numTokens; }
  // Keys query q can give weight to in `layer` (the denominator of normalised entropy).
  int visibleKeys(int layer, int q) const;
  std::vector<int> visibleKeyCounts(int layer) const;  // [Tq]
};

// A source over dense per-head matrices heads[l * H + h], each [Tq][Tk]. The source keeps a copy.
// causal: the matrices are causal self-attention (square, zero above the diagonal).
AttentionSource attentionFromDense(std::vector<DenseMatrix> heads, int numLayers, int numHeads, int numKvHeads = 0,
                                   bool causal = true);

DenseMatrix headAttention(const AttentionSource& s, int layer, int head);  // [Tq][Tk]
// Mean over the layer's heads: rows still sum to 1.
DenseMatrix meanOverHeads(const AttentionSource& s, int layer);
// Element-wise max over the layer's heads: shows where any head looks; rows do not sum to 1.
DenseMatrix maxOverHeads(const AttentionSource& s, int layer);
// Attention rollout (Abnar & Zuidema 2020) through layers 0..lastLayer: each layer's head mean plus the
// identity for the residual stream, A' = 0.5 A + 0.5 I, rows renormalised, multiplied upwards
// R = A'_last ... A'_0. Row q says how much each input token flows into position q. Rows sum to 1.
// Self-attention only (Error for a rectangular cross-attention source).
DenseMatrix attentionRollout(const AttentionSource& s, int lastLayer);

struct HeadEntropy {
  double meanNats = 0.0;        // mean over rows of -sum_k a log a
  double meanNormalised = 0.0;  // mean over rows with >= 2 visible keys of H_q / log(visible_q), in [0, 1]
};
// visible [Tq]: the keys each row can give weight to (AttentionSource::visibleKeyCounts).
HeadEntropy attentionEntropy(const DenseMatrix& head, std::span<const int> visible);
// A causal square head: row q sees q + 1 keys.
HeadEntropy attentionEntropy(const DenseMatrix& head);

enum class HeadPatternKind { PreviousToken, FirstToken, Self, Uniform, Mixed };
const char* headPatternName(HeadPatternKind kind);  // "previous-token", "first-token", "self", "uniform", "mixed"

struct HeadPattern {
  HeadPatternKind kind = HeadPatternKind::Mixed;
  double score = 0.0;  // the measured score of `kind` (for Mixed: the best score that fell short)
  // Each in [0, 1], means over rows q >= 1: weight on k = q - 1, on k = 0, on k = q, and the
  // normalised entropy (1 = exactly uniform over the visible keys).
  double previousToken = 0.0, firstToken = 0.0, self = 0.0, uniform = 0.0;
};

struct HeadPatternThresholds {
  double positional = 0.5;  // previous-token, first-token, self: more than half the weight on one key
  double uniform = 0.9;     // normalised entropy
};

// Scores the head and picks the best positional pattern above its threshold, else uniform above its
// threshold, else mixed. Needs T >= 2 (a 1-token head is labelled mixed with score 0). visible as for
// attentionEntropy (empty: causal).
HeadPattern classifyHead(const DenseMatrix& head, const HeadPatternThresholds& thresholds = {},
                         std::span<const int> visible = {});

// Which key/value head query head h reads with grouped-query attention (H / K query heads per KV head).
int kvHeadOf(int head, int numHeads, int numKvHeads);

}  // namespace glassbox
