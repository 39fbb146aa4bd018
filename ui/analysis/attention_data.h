#pragma once
// The attention of one prompt, as the analysis views hold it: every layer's and head's causal
// [T][T] probabilities (packed lower triangles, shared, never copied) plus per-head pattern labels.
// Shape legend: L = layers, H = query heads, K = key/value heads, T = tokens.
#include <QStringList>
#include <memory>
#include <vector>

#include "analysis/attention_analysis.h"
#include "analysis/dense_matrix.h"

namespace glassbox {

struct Trace;

struct AttentionData {
  int numLayers = 0;   // L
  int numHeads = 0;    // H
  int numKvHeads = 0;  // K (== H without grouped-query attention)
  int numTokens = 0;   // T
  QStringList tokens;  // [T] display text of each token
  std::shared_ptr<const std::vector<float>> packed;  // [L][H][T*(T+1)/2]; row q holds keys 0..q
  std::vector<HeadPattern> patterns;                  // [L][H]
  std::vector<HeadEntropy> entropies;                 // [L][H]

  bool empty() const { return numTokens == 0 || numLayers == 0 || numHeads == 0 || !packed; }
  float weight(int layer, int head, int q, int k) const {
    if (k > q) return 0.0f;
    const std::size_t tri = static_cast<std::size_t>(numTokens) * (numTokens + 1) / 2;
    return (*packed)[(static_cast<std::size_t>(layer) * numHeads + head) * tri +
                     static_cast<std::size_t>(q) * (q + 1) / 2 + k];
  }
  const HeadPattern& pattern(int layer, int head) const { return patterns[layer * numHeads + head]; }
  const HeadEntropy& entropy(int layer, int head) const { return entropies[layer * numHeads + head]; }
  // An AttentionSource for engine/analysis; it keeps the packed data alive.
  AttentionSource source() const;
};

// Shares the trace's attention (no copy). tokens: [T] display strings. numKvHeads 0 = numHeads.
// Computes the pattern labels (cost ~ L*H*T^2; call it off the UI thread for long prompts).
AttentionData attentionDataFromTrace(std::shared_ptr<const Trace> trace, QStringList tokens, int numKvHeads = 0);

// From dense heads[l * H + h], each [T][T] (tests, synthetic pictures). Throws Error on a shape mismatch.
AttentionData attentionDataFromDense(const std::vector<DenseMatrix>& heads, int numLayers, int numHeads,
                                     int numKvHeads, QStringList tokens);

// Which matrix the head view shows.
enum class AttentionAggregate { Head, LayerMean, LayerMax, Rollout };

// [T][T] for (layer, head) under `aggregate` (head is ignored for the layer aggregates; rollout runs
// through layers 0..layer).
DenseMatrix attentionMatrix(const AttentionData& data, int layer, int head, AttentionAggregate aggregate);

// A token's text on one line: line breaks shown as ⏎, tabs as →, carriage returns dropped. The builders
// apply it; views draw labels on one line.
QString singleLineToken(QString text);

// Short label for a grid cell: "prev .93", "first .81", "self .77", "unif .95"; empty for mixed.
QString shortPatternLabel(const HeadPattern& p);

}  // namespace glassbox
