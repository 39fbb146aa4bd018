#include "next_token_data.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "token_text.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {
namespace {

// Probability the top-p stage saw for each id: the snapshot of the stage just before it, or the
// untouched softmax when top-p comes first.
std::unordered_map<int, float> topPInput(const SampleResult& result) {
  const std::vector<Candidate>* before = &result.original;
  for (const auto& s : result.stages) {
    if (s.stage == "top-p") break;
    before = &s.kept;
  }
  std::unordered_map<int, float> p;
  for (const auto& c : *before) p[c.id] = c.p;
  return p;
}

}  // namespace

NextTokenData buildNextTokenData(std::span<const float> logits, const SampleResult& result, const Tokenizer& tokenizer,
                                 const SamplingParams& params, int topN, int actualId) {
  NextTokenData d;
  d.topP = params.topP;
  d.entropyOriginal = result.entropyOriginal;
  d.entropyFinal = result.entropyFinal;
  d.survivors = result.finalCount;
  d.vocabSize = static_cast<int>(logits.size());
  if (params.topP < 1.0f)
    for (const auto& stage : result.stages)
      if (stage.stage == "top-p") d.topPKept = stage.keptCount;

  const auto seenByTopP = topPInput(result);
  const int n = std::min<int>(topN, static_cast<int>(result.original.size()));
  float cum = 0;
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const Candidate& c = result.original[k];
    NextTokenBar bar;
    bar.id = c.id;
    bar.label = tokenizer.isSpecial(c.id) ? QString::fromStdString(tokenizer.tokenRaw(c.id)).trimmed()
                                          : visibleTokenText(tokenizer.tokenBytes(c.id));
    bar.original = c.p;
    if (k < result.originalFinalProbability.size()) bar.adjusted = result.originalFinalProbability[k];
    if (k < result.originalRemovedBy.size()) bar.removedBy = QString::fromStdString(result.originalRemovedBy[k]);
    // At T = 0 the temperature stage keeps only the argmax: say so in the reader's words.
    if (params.temperature == 0.0f && bar.removedBy == QLatin1String("temperature")) bar.removedBy = QStringLiteral("greedy");
    bar.actual = c.id == actualId;
    if (auto it = seenByTopP.find(c.id); it != seenByTopP.end()) cum += it->second;
    d.cumulative.push_back(std::min(cum, 1.0f));
    d.bars.push_back(std::move(bar));
  }

  if (actualId >= 0 && actualId < static_cast<int>(logits.size())) {
    // Rank and untouched probability of what really came next, over the whole vocabulary.
    const float maxLogit = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    int rank = 0;
    for (float l : logits) {
      sum += std::exp(static_cast<double>(l - maxLogit));
      if (l > logits[static_cast<std::size_t>(actualId)]) ++rank;
    }
    d.actualId = actualId;
    d.actualRank = rank;
    d.actualProbability = static_cast<float>(std::exp(static_cast<double>(logits[static_cast<std::size_t>(actualId)] - maxLogit)) / sum);
    d.actualLabel = visibleTokenText(tokenizer.tokenBytes(actualId));
  }
  return d;
}

}  // namespace glassbox
