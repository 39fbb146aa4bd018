#pragma once
// The GPT-2 architecture for training: forward and backward passes of one sequence, templated on the
// scalar type (float for training, double for the gradient check).
//
// Shape legend: T = tokens in the sequence, C = n_embd, H = n_head, D = C / H, F = n_inner,
// V = vocab_size, P = n_positions, L = n_layer.
//
// All parameters live in one flat array in the order of gpt2Layout(), under the Hugging Face GPT-2 names
// and layouts (Conv1D weights are [in][out], so y = x W + b). The LM head is tied to transformer.wte.
#include <cstdint>
#include <string>
#include <vector>

#include "training/param_layout.h"

namespace glassbox {

struct Gpt2Config {
  int vocabSize = 4096;   // V
  int context = 256;      // P
  int layers = 4;         // L
  int heads = 4;          // H
  int embd = 128;         // C
  int inner = 512;        // F
  double lnEps = 1e-5;
  void validate() const;  // throws Error on impossible shapes
};


std::vector<ParamTensor> gpt2Layout(const Gpt2Config& config);
std::size_t gpt2ParamCount(const Gpt2Config& config);

// GPT-2 initialisation: N(0, 0.02) matrices, c_proj weights scaled by 1/sqrt(2L), zero biases,
// LayerNorm weights 1. Deterministic given the seed.
template <typename T>
std::vector<T> gpt2Init(const Gpt2Config& config, std::uint64_t seed);

// Activations of one sequence, kept for the backward pass. Reused between calls (one per thread).
template <typename T>
struct Gpt2Activations {
  int tokens = 0;
  std::vector<std::vector<T>> residual;        // [L+1][T][C]
  std::vector<std::vector<T>> ln1, ln2;        // [L][T][C]
  std::vector<std::vector<T>> ln1Stats, ln2Stats;  // [L][T][2] mean, 1/std
  std::vector<std::vector<T>> qkv;             // [L][T][3C]
  std::vector<std::vector<T>> att;             // [L][H][T][T] softmax rows (0 above diagonal)
  std::vector<std::vector<T>> attOut;          // [L][T][C] heads concatenated, before c_proj
  std::vector<std::vector<T>> mid;             // [L][T][C] residual after attention
  std::vector<std::vector<T>> fcPre, fcAct;    // [L][T][F] before / after GELU
  std::vector<T> lnf, lnfStats;                // [T][C], [T][2]
  std::vector<T> probs;                        // [T][V] logits, then softmax
  void resize(const Gpt2Config& config, int tokens);
};

// Runs the model on tokens[0..T) at positions 0..T-1. Returns the summed cross-entropy (nats) of the
// targets (a negative target is skipped). With grads != nullptr, adds d(lossScale * sum)/d(param) into
// grads (same layout as params). logits, if given, receives the raw logits [T][V].
template <typename T>
double gpt2ForwardBackward(const Gpt2Config& config, const T* params, const int* tokens, const int* targets,
                           int count, T lossScale, T* grads, Gpt2Activations<T>& acts,
                           std::vector<T>* logits = nullptr);

}  // namespace glassbox
