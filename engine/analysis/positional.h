#pragma once
// Position encodings for the positions view. Shape legend: P = positions, C = channels, D = head dim.
#include <vector>

#include "analysis/dense_matrix.h"
#include "formats/model_config.h"

namespace glassbox {

// Sinusoidal encoding of "Attention Is All You Need" (Vaswani et al. 2017, section 3.5), [P][C]:
// PE(p, 2i) = sin(p / 10000^(2i/C)), PE(p, 2i+1) = cos(p / 10000^(2i/C)). Throws Error for sizes < 1
// or absurdly large ones.
DenseMatrix sinusoidalEncoding(int positions, int channels);

// Rotary embedding angular frequencies, one per dimension pair i = 0..D/2-1: theta^(-2i/D) radians
// per position (Su et al. 2021). Pair i turns by position * frequency[i].
std::vector<double> ropeFrequencies(int headDim, double theta = 10000.0);

// The frequencies a Llama-family model rotates by, with its config.json rope_scaling applied (linear,
// llama3; dynamic scaling as within its original context, where it leaves them unscaled). Throws Error
// for a model without rotary embeddings or an out-of-range head size.
std::vector<double> ropeFrequencies(const ModelConfig& config);

}  // namespace glassbox
