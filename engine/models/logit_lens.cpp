#include "models/logit_lens.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "models/kernels.h"
#include "models/model_weights.h"

namespace glassbox {

namespace {

std::size_t sz(long long a) { return static_cast<std::size_t>(a); }

const StackWeights& outputStack(const Model& m) {
  return m.weights().stack(m.family() == Family::Encoder);
}

// Softmax probability of every token is not needed: the top token's, the target's, and the target's rank.
LogitLensCell cellOf(const std::vector<float>& logits, int target) {
  LogitLensCell c;
  const auto top = std::max_element(logits.begin(), logits.end());
  c.token = static_cast<int>(top - logits.begin());
  double sum = 0.0;
  for (float v : logits) sum += std::exp(static_cast<double>(v) - *top);
  c.probability = static_cast<float>(1.0 / sum);
  c.target = target >= 0 ? target : c.token;
  const float t = logits[sz(c.target)];
  c.targetProbability = static_cast<float>(std::exp(static_cast<double>(t) - *top) / sum);
  c.targetRank = static_cast<int>(std::count_if(logits.begin(), logits.end(), [t](float v) { return v > t; }));
  return c;
}

}  // namespace

std::vector<float> logitsFromResidual(const Model& model, std::span<const float> residual) {
  const ModelConfig& c = model.config();
  if (residual.size() != sz(c.dModel))
    throw Error("logit lens: a residual row of " + std::to_string(residual.size()) + " values, the model has d_model " +
                std::to_string(c.dModel));
  const NormWeights& norm = outputStack(model).finalNorm;
  if (!norm.present()) return model.logitsFromHidden(residual);
  std::vector<float> normed(sz(c.dModel));
  if (c.normKind == NormKind::LayerNorm) layerNorm(residual.data(), 1, c.dModel, norm.weight, norm.bias, c.normEps, normed.data());
  else rmsNorm(residual.data(), 1, c.dModel, norm.weight, c.normEps, normed.data());
  return model.logitsFromHidden(normed);
}

std::vector<int> LogitLens::firstSettledBoundary() const {
  std::vector<int> first(positions.size(), boundaries - 1);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const int answer = at(boundaries - 1, static_cast<int>(i)).token;
    for (int b = boundaries - 1; b >= 0 && at(b, static_cast<int>(i)).token == answer; --b) first[i] = b;
  }
  return first;
}

LogitLens logitLens(const Model& model, const TraceStack& stack, std::vector<int> positions,
                    const std::vector<int>& targets, const std::atomic<bool>* cancel) {
  if (!model.hasVocabularyHead())
    throw Error("logit lens: " + model.info().name + " has no vocabulary head to decode the residual stream with");
  if (stack.residual.size() != sz(stack.numLayers + 1) * sz(stack.numTokens) * sz(stack.dModel))
    throw Error("logit lens: the trace has no residual stream of this stack");
  if (positions.empty())
    for (int t = 0; t < stack.numTokens; ++t) positions.push_back(t);
  for (int p : positions)
    if (p < 0 || p >= stack.numTokens)
      throw Error("logit lens: position " + std::to_string(p) + " is outside the trace [0, " + std::to_string(stack.numTokens) + ")");
  if (!targets.empty() && targets.size() != positions.size())
    throw Error("logit lens: " + std::to_string(targets.size()) + " targets for " + std::to_string(positions.size()) + " positions");
  LogitLens lens;
  lens.boundaries = stack.numLayers + 1;
  lens.positions = positions;
  lens.cells.resize(sz(lens.boundaries) * positions.size());
  for (int b = 0; b < lens.boundaries; ++b)
    for (std::size_t i = 0; i < positions.size(); ++i) {
      if (cancel && cancel->load()) throw Cancelled();
      const int target = targets.empty() ? -1 : targets[i];
      if (target >= model.config().vocabSize) throw Error("logit lens: target token " + std::to_string(target) + " is outside the vocabulary");
      lens.cells[sz(b) * positions.size() + i] = cellOf(logitsFromResidual(model, stack.residualAt(b, positions[i])), target);
    }
  // Without targets every cell is compared with the final boundary's answer at its position.
  if (targets.empty())
    for (int b = 0; b < lens.boundaries; ++b)
      for (std::size_t i = 0; i < positions.size(); ++i) {
        LogitLensCell& c = lens.cells[sz(b) * positions.size() + i];
        const int answer = lens.at(lens.boundaries - 1, static_cast<int>(i)).token;
        if (c.target != answer) {
          const auto logits = logitsFromResidual(model, stack.residualAt(b, positions[i]));
          c = cellOf(logits, answer);
        }
      }
  return lens;
}

std::vector<float> neuronVocabularyEffect(const Model& model, int layer, int neuron) {
  const ModelConfig& c = model.config();
  const StackWeights& stack = outputStack(model);
  if (layer < 0 || static_cast<std::size_t>(layer) >= stack.layers.size())
    throw Error("neuron effect: layer " + std::to_string(layer) + " is outside 0.." + std::to_string(stack.layers.size() - 1));
  if (neuron < 0 || neuron >= c.hiddenDim)
    throw Error("neuron effect: neuron " + std::to_string(neuron) + " is outside 0.." + std::to_string(c.hiddenDim - 1));
  if (!model.hasVocabularyHead()) throw Error("neuron effect: " + model.info().name + " has no vocabulary head");
  // Column `neuron` of the down projection, whatever its storage: the product with a one-hot input, minus
  // the bias.
  const Linear& down = stack.layers[sz(layer)].ffn.down;
  std::vector<float> oneHot(sz(c.hiddenDim), 0.0f), column(sz(c.dModel)), effect(sz(c.vocabSize));
  oneHot[sz(neuron)] = 1.0f;
  linear(oneHot.data(), 1, c.hiddenDim, down, column.data(), c.dModel);
  if (down.bias)
    for (int j = 0; j < c.dModel; ++j) column[sz(j)] -= down.bias[j];
  linear(column.data(), 1, c.dModel, model.weights().lmHead, effect.data(), c.vocabSize);
  return effect;
}

}  // namespace glassbox
