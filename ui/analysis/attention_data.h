#pragma once
// The attention of one stream of one prompt, as the analysis views hold it: a trace's AttentionMap
// (shared, never copied, read through its accessor) plus per-head pattern labels. Self-attention maps
// are square (causal for decoders, full for encoders); cross-attention is [decoder tokens][encoder tokens].
// Shape legend: L = layers, H = query heads, K = key/value heads, Tq = query tokens, Tk = key tokens.
#include <QStringList>
#include <memory>
#include <vector>

#include "analysis/attention_analysis.h"
#include "analysis/dense_matrix.h"
#include "models/trace.h"

namespace glassbox {

struct AttentionData {
  AttentionStream stream = AttentionStream::Self;
  int numLayers = 0;   // L
  int numHeads = 0;    // H
  int numKvHeads = 0;  // K (== H without grouped-query attention)
  int numTokens = 0;   // Tq, the rows
  int numKeys = 0;     // Tk, the columns (== Tq for self-attention)
  QStringList tokens;     // [Tq] display text of each query token
  QStringList keyTokens;  // [Tk] display text of each key token (== tokens for self-attention)
  std::shared_ptr<const AttentionMap> map;  // the trace's map (aliasing the trace: no copy)
  std::vector<HeadPattern> patterns;        // [L][H]
  std::vector<HeadEntropy> entropies;       // [L][H]

  bool empty() const { return numTokens == 0 || numLayers == 0 || numHeads == 0 || !map; }
  bool causal() const { return map && map->causal; }
  bool square() const { return numKeys == numTokens; }
  float weight(int layer, int head, int q, int k) const { return map->at(layer, head, q, k); }
  const HeadPattern& pattern(int layer, int head) const { return patterns[layer * numHeads + head]; }
  const HeadEntropy& entropy(int layer, int head) const { return entropies[layer * numHeads + head]; }
  // An AttentionSource for engine/analysis; it keeps the map alive.
  AttentionSource source() const;
};

// Shares one stream of the trace (no copy): its output stack's self-attention by default. tokens: [Tq]
// display strings; keyTokens [Tk] for cross-attention (empty: the same as tokens). Computes the pattern
// labels (cost ~ L*H*Tq*Tk; call it off the UI thread for long prompts). Throws Error when the trace
// has no such stream.
AttentionData attentionDataFromTrace(std::shared_ptr<const Trace> trace, QStringList tokens, int numKvHeads = 0);
// A token label a tokenizer inserts rather than reads from the text: "[CLS]", "[SEP]", "<s>", "</s>",
// "<|endoftext|>" (the views draw these apart from the words).
bool isSpecialTokenLabel(const QString& label);
AttentionData attentionDataFromTrace(std::shared_ptr<const Trace> trace, AttentionStream stream, QStringList tokens,
                                     QStringList keyTokens = {});

// From dense heads[l * H + h], each [Tq][Tk] (tests, synthetic pictures); causal heads must be square.
// Throws Error on a shape mismatch.
AttentionData attentionDataFromDense(const std::vector<DenseMatrix>& heads, int numLayers, int numHeads,
                                     int numKvHeads, QStringList tokens, bool causal = true,
                                     QStringList keyTokens = {});

// Which matrix the head view shows.
enum class AttentionAggregate { Head, LayerMean, LayerMax, Rollout };

// [T][T] for (layer, head) under `aggregate` (head is ignored for the layer aggregates; rollout runs
// through layers 0..layer).
DenseMatrix attentionMatrix(const AttentionData& data, int layer, int head, AttentionAggregate aggregate);

// The stream's name for titles: "Encoder self-attention", "Decoder self-attention", "Cross-attention"
// ("Attention" for a decoder-only model's).
QString attentionStreamTitle(AttentionStream stream);

// A token's text on one line: line breaks shown as ⏎, tabs as →, carriage returns dropped. The builders
// apply it; views draw labels on one line.
QString singleLineToken(QString text);

// Short label for a grid cell: "prev .93", "first .81", "self .77", "unif .95"; empty for mixed.
QString shortPatternLabel(const HeadPattern& p);

}  // namespace glassbox
