#pragma once
// Adapter from a trace's AttentionMap to an AttentionSource. Header-only so that the analysis library
// does not link the models library. The source refers to `map`, which must outlive it and stay
// unchanged while it is used.
#include "analysis/attention_analysis.h"
#include "models/trace.h"

namespace glassbox {

inline AttentionSource attentionFromMap(const AttentionMap& map) {
  AttentionSource s;
  s.numLayers = map.numLayers;
  s.numHeads = map.numHeads;
  s.numKvHeads = map.numKvHeads > 0 ? map.numKvHeads : map.numHeads;
  s.numTokens = map.numQueries;
  s.numKeys = map.numKeys;
  s.causal = map.causal;
  s.windows = map.windows;
  s.keyMask = map.keyMask;
  s.weight = [&map](int l, int h, int q, int k) { return map.at(l, h, q, k); };
  return s;
}

// The self-attention of the trace's output stack.
inline AttentionSource attentionFromTrace(const Trace& trace) { return attentionFromMap(trace.selfAttention()); }

}  // namespace glassbox
