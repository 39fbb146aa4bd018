#include "embeddings_data.h"

#include <QObject>
#include <algorithm>
#include <unordered_set>

#include "attention_data.h"
#include "core/error.h"
#include "models/model.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {

EmbeddingsData tokenEmbeddingsData(const Model& model, const std::vector<int>& promptIds,
                                   const std::vector<int>& vocabularyIds, const TokenText& tokenText) {
  const int vocab = model.config().vocabSize, c = model.config().dModel;
  EmbeddingsData d;
  d.title = QObject::tr("Token embeddings");
  d.groupNames = {QObject::tr("vocabulary sample (%1 tokens)").arg(vocabularyIds.size()), QObject::tr("prompt")};
  d.layerNames = {QObject::tr("token embeddings")};
  std::vector<int> ids;
  std::unordered_set<int> seen;
  for (std::size_t i = 0; i < promptIds.size(); ++i) {
    const int id = promptIds[i];
    if (id < 0 || id >= vocab) throw Error("embeddings view: token id " + std::to_string(id) + " outside the vocabulary");
    if (!seen.insert(id).second) continue;  // one point per distinct prompt token
    ids.push_back(id);
    d.groups.push_back(1);
    d.positions.push_back(static_cast<int>(i));
  }
  for (int id : vocabularyIds) {
    if (id < 0 || id >= vocab) throw Error("embeddings view: token id " + std::to_string(id) + " outside the vocabulary");
    if (!seen.insert(id).second) continue;
    ids.push_back(id);
    d.groups.push_back(0);
    d.positions.push_back(-1);
  }
  DenseMatrix m(static_cast<int>(ids.size()), c);
  for (std::size_t r = 0; r < ids.size(); ++r) {
    const std::vector<float> row = model.tokenEmbedding(ids[r]);
    std::copy(row.begin(), row.end(), m.row(static_cast<int>(r)).begin());
    d.labels << singleLineToken(tokenText ? tokenText(ids[r]) : QString::number(ids[r]));
  }
  d.tokenIds = ids;
  d.layers.push_back(std::move(m));
  return d;
}

EmbeddingsData contextualStatesData(const std::vector<TracedPrompt>& prompts, const TokenText& tokenText) {
  EmbeddingsData d;
  d.title = QObject::tr("Hidden states");
  d.groupNames << QObject::tr("(none)");
  if (prompts.empty()) return d;
  const Trace* first = prompts.front().trace.get();
  if (!first) throw Error("embeddings view: a prompt has no trace (hint: run it first)");
  const int boundaries = first->output().numLayers + 1, c = first->output().dModel;
  int n = 0;
  for (const auto& p : prompts) {
    if (!p.trace || p.trace->output().numLayers + 1 != boundaries || p.trace->output().dModel != c)
      throw Error("embeddings view: every prompt must be traced by the same model");
    const TraceStack& s = p.trace->output();
    if (s.residual.size() != static_cast<std::size_t>(boundaries) * s.numTokens * c)
      throw Error("embeddings view: the trace has no residual stream [L+1][T][C]");
    n += s.numTokens;
  }
  d.layers.assign(boundaries, DenseMatrix(n, c));
  for (int b = 0; b < boundaries; ++b)
    d.layerNames << (b == 0 ? QObject::tr("input to layer 0 (embeddings)") : QObject::tr("after layer %1").arg(b - 1));
  int row = 0;
  for (std::size_t g = 0; g < prompts.size(); ++g) {
    const auto& p = prompts[g];
    d.groupNames << p.name;
    const TraceStack& stack = p.trace->output();
    for (int t = 0; t < stack.numTokens; ++t, ++row) {
      const int id = t < static_cast<int>(p.ids.size()) ? p.ids[t] : -1;
      d.tokenIds.push_back(id);
      d.labels << singleLineToken(tokenText && id >= 0 ? tokenText(id) : QString("#%1").arg(t));
      d.groups.push_back(static_cast<int>(g) + 1);
      d.positions.push_back(t);
      for (int b = 0; b < boundaries; ++b) {
        const auto src = stack.residualAt(b, t);
        std::copy(src.begin(), src.end(), d.layers[b].row(row).begin());
      }
    }
  }
  return d;
}

std::vector<int> sampleVocabularyIds(const Tokenizer& tokenizer, int count) {
  std::vector<int> ids;
  for (int id = 0; id < tokenizer.vocabSize() && static_cast<int>(ids.size()) < count; ++id) {
    if (tokenizer.isSpecial(id)) continue;
    const std::string raw = tokenizer.tokenRaw(id);
    if (raw.size() == 6 && raw.rfind("<0x", 0) == 0 && raw.back() == '>') continue;  // byte fallback
    ids.push_back(id);
  }
  return ids;
}

// " well" is one token of the default model's tokenizer (glassbox-kjv, id 1202) and a word of its
// corpus in two senses: a noun (Genesis 29, Jacob at the well) and an adverb ("that it may go well with
// thee"). Both prompts are eight tokens long. ("bank" would split into " ban" + "k" there.)
QStringList homonymExamplePrompts() {
  return {QStringLiteral("And Jacob drew water from the well."), QStringLiteral("And it shall be well with thee.")};
}

QString homonymExampleWord() { return QStringLiteral("well"); }

}  // namespace glassbox
