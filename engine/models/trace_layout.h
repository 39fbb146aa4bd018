#pragma once
// Allocating a trace's parts and what they cost, shared by the sessions. Internal to engine/models.
#include <cstddef>

#include "formats/model_config.h"
#include "models/trace.h"

namespace glassbox {

// Resets t for a stack of `layers` layers over `tokens` tokens, with the parts requested.
void prepareStackTrace(TraceStack& t, StackRole role, const ModelConfig& c, int layers, int tokens, unsigned parts,
                       bool learnedPositions);
// Appends a zeroed map: causal streams packed, the others dense [queries][keys].
AttentionMap& addAttentionMap(Trace& trace, AttentionStream stream, const ModelConfig& c, int layers, int queries,
                              int keys);
std::size_t stackTraceBytes(const ModelConfig& c, int layers, int tokens, unsigned parts, bool learnedPositions);
std::size_t attentionMapBytes(const ModelConfig& c, int layers, int queries, int keys, bool causal);

}  // namespace glassbox
