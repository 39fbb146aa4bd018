#pragma once
// Adapter from the engine's Trace (packed lower triangles) to an AttentionSource. Header-only so that
// the analysis library does not link the models library. The source refers to `trace`, which must
// outlive it and stay unchanged while it is used.
#include "analysis/attention_analysis.h"
#include "models/model.h"

namespace glassbox {

inline AttentionSource attentionFromTrace(const Trace& trace, int numKvHeads = 0) {
  AttentionSource s;
  s.numLayers = trace.numLayers;
  s.numHeads = trace.numHeads;
  s.numKvHeads = numKvHeads > 0 ? numKvHeads : trace.numHeads;
  s.numTokens = trace.numTokens;
  s.weight = [&trace](int l, int h, int q, int k) { return trace.attention(l, h, q, k); };
  return s;
}

}  // namespace glassbox
