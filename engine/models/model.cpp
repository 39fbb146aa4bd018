// Model's read-only accessors and its output head.
#include <cmath>
#include <string>

#include "core/error.h"
#include "models/kernels.h"
#include "models/model.h"
#include "models/model_weights.h"

namespace glassbox {

namespace {

std::size_t sz(long long a) { return static_cast<std::size_t>(a); }

}  // namespace

Model::Model() = default;
Model::~Model() = default;

std::vector<float> Model::tokenEmbedding(int id) const {
  if (id < 0 || id >= config_.vocabSize)
    throw Error("token id " + std::to_string(id) + " is outside the vocabulary [0, " +
                std::to_string(config_.vocabSize) + ")");
  std::vector<float> row(sz(config_.dModel));
  weights_->tokens.row(id, row.data());
  return row;
}

std::vector<float> Model::positionEmbedding(int position) const {
  const EmbeddingTable& t = weights_->positions;
  if (!t.present()) return {};
  if (position < 0 || position + config_.positionOffset >= t.rows)
    throw Error("position " + std::to_string(position) + " is outside the context [0, " +
                std::to_string(t.rows - config_.positionOffset) + ")");
  std::vector<float> row(sz(config_.dModel));
  t.row(position + config_.positionOffset, row.data());
  return row;
}

bool Model::hasVocabularyHead() const {
  return config_.family != Family::Encoder || config_.encoderHead == EncoderHead::MaskedLm;
}

std::vector<float> Model::logitsFromHidden(std::span<const float> hidden) const {
  const int C = config_.dModel, V = config_.vocabSize;
  if (hidden.size() != sz(C))
    throw Error("logitsFromHidden: a hidden state of " + std::to_string(hidden.size()) + " values, the model has d_model " +
                std::to_string(C) + "; hint: pass one row of the trace's finalHidden");
  if (!hasVocabularyHead())
    throw Error("logitsFromHidden: " + info_.name + " (" + config_.architectureName +
                ") has no vocabulary head; hint: open a ...ForMaskedLM checkpoint");
  std::vector<float> in(hidden.begin(), hidden.end()), logits(sz(V));
  if (config_.family == Family::Encoder) {
    // MLM head: dense + activation + LayerNorm, then the (tied) decoder and its bias.
    const EncoderHeadWeights& h = weights_->head;
    std::vector<float> t(sz(C));
    linear(in.data(), 1, C, h.transform, t.data(), C);
    activate(config_.headActivation, t.data(), t.size());
    layerNorm(t.data(), 1, C, h.transformNorm.weight, h.transformNorm.bias, config_.normEps, in.data());
  } else if (config_.logitScale != 1.0f) {
    for (float& v : in) v *= config_.logitScale;
  }
  linear(in.data(), 1, C, weights_->lmHead, logits.data(), V);
  if (config_.family == Family::Encoder && weights_->head.mlmBias)
    for (int v = 0; v < V; ++v) logits[sz(v)] += weights_->head.mlmBias[v];
  return logits;
}

}  // namespace glassbox
