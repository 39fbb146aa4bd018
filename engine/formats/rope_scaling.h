#pragma once
// Rotary-embedding frequencies under config.json's rope_scaling, with the meaning transformers gives
// them (modeling_rope_utils: _compute_{default,linear_scaling,llama3,dynamic_ntk}_rope_parameters).
// Shape legend: D = head dim.
#include <vector>

#include "formats/model_config.h"

namespace glassbox {

// Inverse frequencies [D/2]: radians per position turned by dimension pair i, theta^(-2i/D) before
// scaling. `seqLen` matters only for Dynamic: the sequence length the frequencies are computed for
// (positions 0..seqLen-1; lengths up to the original context give the unscaled frequencies).
std::vector<double> ropeInverseFrequencies(const ModelConfig& c, int seqLen = 0);

// transformers' dynamic update rule (dynamic_rope_update): the length the frequencies are computed for
// after a forward whose highest position is seqLen - 1, given the length they were computed for before
// (initially originalContext). It grows when seqLen passes it, stays when seqLen falls back between the
// original and it, and returns to the original once a forward ends below the original context. Keys
// already in a KV cache keep the rotation they were given.
int dynamicRopeLength(int previousLength, int seqLen, int originalContext);

// "none", "linear", "llama3", "dynamic" (the config.json rope_type names).
const char* ropeScalingName(RopeScalingType t);

}  // namespace glassbox
