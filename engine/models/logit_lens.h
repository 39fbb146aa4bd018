#pragma once
// The logit lens (nostalgebraist 2020): the residual stream at every layer boundary decoded as if it were
// the last one — the output stack's final norm and head applied to it — so one can see in which layer
// the model's answer forms. For a decoder it reads the next-token prediction at each position; for an
// encoder, the masked-token prediction; for an encoder-decoder, the decoder's.
//
// Shape legend: B = layer boundaries (L + 1), P = positions asked for, V = vocabulary, C = d_model.
#include <atomic>
#include <span>
#include <vector>

#include "models/model.h"

namespace glassbox {

struct LogitLensCell {
  int token = -1;            // the top token at this boundary and position
  float probability = 0.0f;  // its softmax probability
  int target = -1;           // the token compared against (the actual next token, or the final answer)
  float targetProbability = 0.0f;
  int targetRank = -1;       // 0 = the top token
};

struct LogitLens {
  int boundaries = 0;            // B; boundary b is the input of layer b, B - 1 the last layer's output
  std::vector<int> positions;    // [P] which positions of the stack
  std::vector<LogitLensCell> cells;  // [B][P]
  const LogitLensCell& at(int boundary, int i) const { return cells[static_cast<std::size_t>(boundary) * positions.size() + i]; }
  // The first boundary from which the top token stays the final boundary's top token, per position [P].
  std::vector<int> firstSettledBoundary() const;
};

// Logits [V] of one residual-stream row [C] of the output stack: its final norm (when the stack has one),
// then the head as Model::logitsFromHidden applies it. At the last boundary this is the model's output.
std::vector<float> logitsFromResidual(const Model& model, std::span<const float> residual);

// The lens over `positions` of the traced output stack (all positions when empty). targets [P] (or
// empty): the token each position is compared against; -1 or absent compares with the final top token.
// Cost: B * P head products of V x C; cancel is checked between them (throws Cancelled).
LogitLens logitLens(const Model& model, const TraceStack& stack, std::vector<int> positions = {},
                    const std::vector<int>& targets = {}, const std::atomic<bool>* cancel = nullptr);

// The direct effect of one MLP neuron on the vocabulary: neuron `neuron` of `layer` (an index into the
// output stack's MLP hidden state, F) writes its down-projection column w [C] into the residual stream;
// w times the unembedding gives [V] scores, large for the tokens it promotes and negative for those it
// suppresses (Geva et al. 2022). The final norm is left out: it is a per-row scale, not a direction.
std::vector<float> neuronVocabularyEffect(const Model& model, int layer, int neuron);

}  // namespace glassbox
