#pragma once
// The BERT architecture (BertForMaskedLM) for training: forward and backward passes of one sequence,
// templated on the scalar (float for training, double for the gradient check).
//
// Shape legend: T = tokens, C = hidden_size, H = heads, D = C / H, F = intermediate_size,
// V = vocab_size, P = max_position_embeddings, L = layers, R = rows that go through the MLM head.
//
// Embeddings (word + learned position + token type 0) then an embedding LayerNorm; post-LayerNorm
// blocks with bidirectional attention scaled by 1/sqrt(D) and a GELU (erf) FFN; the MLM head is dense,
// GELU, LayerNorm, then the decoder tied to the word embeddings plus cls.predictions.bias. Tensor names
// and layouts are transformers' (nn.Linear [out][in]).
#include <cstdint>
#include <vector>

#include "training/param_layout.h"

namespace glassbox {

struct BertConfig {
  int vocabSize = 8192;  // V
  int context = 128;     // P = max_position_embeddings
  int layers = 4;        // L
  int heads = 4;         // H
  int hidden = 128;      // C
  int inner = 512;       // F
  int typeVocab = 1;     // type_vocab_size; every token is type 0
  double lnEps = 1e-12;
  void validate() const;  // throws Error on impossible shapes
};

std::vector<ParamTensor> bertLayout(const BertConfig& config);

// BERT's initialisation: N(0, 0.02) for every matrix and embedding, zero biases, LayerNorm weights 1.
template <typename T>
std::vector<T> bertInit(const BertConfig& config, std::uint64_t seed);

// Activations of one sequence, kept for the backward pass.
template <typename T>
struct BertActivations {
  std::vector<T> embSum, embStats;                  // [T][C], [T][2]
  std::vector<std::vector<T>> in;                   // [L+1][T][C] block inputs; in[L] = last_hidden_state
  std::vector<std::vector<T>> q, k, v, ctx;         // [L][T][C]
  std::vector<std::vector<T>> probs;                // [L][H][T][T]
  std::vector<std::vector<T>> sum1, stats1, h1;     // [L][T][C], [L][T][2], [L][T][C]
  std::vector<std::vector<T>> fcPre, fcAct;         // [L][T][F]
  std::vector<std::vector<T>> sum2, stats2;         // [L][T][C], [L][T][2]
  std::vector<int> rows;                            // R positions through the head
  std::vector<T> headIn, headPre, headAct, headStats, headOut;  // [R][C] ..., [R][2], [R][C]
  std::vector<T> logits;                            // [R][V], then dL/dlogits
};

// Runs the encoder on tokens[0..T) at positions 0..T-1. targets[t] >= 0 marks a position whose token
// the MLM head predicts; returns the summed cross-entropy (nats) of those. With grads, adds
// d(lossScale * sum)/d(param) into grads. logits, if given, receives the head's logits for every
// position [T][V] (the head then runs on all rows); hidden, if given, receives last_hidden_state [T][C].
template <typename T>
double bertForwardBackward(const BertConfig& config, const T* params, const int* tokens, const int* targets,
                           int count, T lossScale, T* grads, BertActivations<T>& acts,
                           std::vector<T>* logits = nullptr, std::vector<T>* hidden = nullptr);

}  // namespace glassbox
