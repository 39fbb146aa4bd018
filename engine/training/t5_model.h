#pragma once
// The T5 architecture (T5ForConditionalGeneration, original T5: ReLU FFN, tied embeddings) for
// training: forward and backward passes of one (encoder input, decoder input) pair, templated on the
// scalar (float for training, double for the gradient check).
//
// Shape legend: S = encoder tokens, M = decoder tokens, C = d_model, H = num_heads, D = d_kv,
// I = H * D (inner attention width), F = d_ff, V = vocab_size, B = relative_attention_num_buckets.
//
// Pre-norm blocks with RMS norm (T5LayerNorm: no mean, no bias); attention scores are q.k without the
// 1/sqrt(D) scale plus a relative position bias computed in block 0 of each stack and shared by the
// stack (bidirectional buckets in the encoder, causal in the decoder; cross-attention has none). The
// decoder's output is scaled by C^-1/2 before the LM head tied to `shared`. Tensor names are
// transformers' (nn.Linear [out][in], no biases).
#include <cstdint>
#include <vector>

#include "training/param_layout.h"

namespace glassbox {

struct T5Config {
  int vocabSize = 8192;  // V
  int dModel = 128;      // C
  int dKv = 32;          // D
  int dFF = 384;         // F
  int encoderLayers = 3;  // num_layers
  int decoderLayers = 2;  // num_decoder_layers
  int heads = 4;          // H
  int buckets = 32;       // relative_attention_num_buckets
  int maxDistance = 128;  // relative_attention_max_distance
  double eps = 1e-6;      // layer_norm_epsilon
  void validate() const;  // throws Error on impossible shapes
};

std::vector<ParamTensor> t5Layout(const T5Config& config);

// transformers' T5 initialisation (factor 1): shared N(0, 1); q N(0, (C D)^-1/2); k, v N(0, C^-1/2);
// o N(0, (H D)^-1/2); relative_attention_bias N(0, C^-1/2); wi N(0, C^-1/2); wo N(0, F^-1/2); norms 1.
template <typename T>
std::vector<T> t5Init(const T5Config& config, std::uint64_t seed);

// Runs the encoder on input[0..S) and the decoder on decoderInput[0..M); targets[m] is the token the
// decoder should predict at position m (negative = not counted). Returns the summed cross-entropy in
// nats; with grads, adds d(lossScale * sum)/d(param). logits, if given, receives the decoder's logits
// [M][V]; encoderHidden, if given, the encoder's output after its final norm [S][C].
template <typename T>
double t5ForwardBackward(const T5Config& config, const T* params, const int* input, int S, const int* decoderInput,
                         const int* targets, int M, T lossScale, T* grads, std::vector<T>* logits = nullptr,
                         std::vector<T>* encoderHidden = nullptr);

}  // namespace glassbox
