#pragma once
// What the embeddings view shows: N labelled vectors, per layer boundary (one matrix for token
// embeddings; L+1 for contextual hidden states), grouped so that prompt tokens can be highlighted.
// Shape legend: N = points, C = d_model, L = layers.
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

#include "analysis/dense_matrix.h"

namespace glassbox {

class Model;
class Tokenizer;
struct Trace;

struct EmbeddingsData {
  QString title;                    // "Token embeddings", "Hidden states"
  QStringList labels;               // [N] token text
  std::vector<int> tokenIds;        // [N]
  std::vector<int> groups;          // [N] 0 = vocabulary sample (grey), g >= 1 = prompt g (highlighted)
  QStringList groupNames;           // [G] name of each group; groupNames[0] for the vocabulary sample
  std::vector<int> positions;       // [N] position in its prompt, -1 for vocabulary points
  std::vector<DenseMatrix> layers;  // [layer boundary] -> [N][C]
  QStringList layerNames;           // one per matrix: "token embeddings", "after layer 1", ...

  int size() const { return labels.size(); }
  int dims() const { return layers.empty() ? 0 : layers.front().cols; }
  bool empty() const { return layers.empty() || labels.isEmpty(); }
};

using TokenText = std::function<QString(int id)>;

// The prompt's distinct tokens (group 1) plus `vocabularyIds` (group 0; prompt ids are not repeated).
// Rows are the model's token-embedding rows. Throws Error for an id outside the vocabulary.
EmbeddingsData tokenEmbeddingsData(const Model& model, const std::vector<int>& promptIds,
                                   const std::vector<int>& vocabularyIds, const TokenText& tokenText);

// The first `count` ordinary tokens of the vocabulary, skipping special tokens and byte-fallback
// pieces ("<0x41>"), whose embeddings say little. In BPE vocabularies low ids are the early, frequent merges.
std::vector<int> sampleVocabularyIds(const Tokenizer& tokenizer, int count);

struct TracedPrompt {
  QString name;                         // shown in the legend, e.g. the prompt text
  std::vector<int> ids;                 // [T]
  std::shared_ptr<const Trace> trace;   // residual [L+1][T][C]
};

// Hidden states of one or more prompts (each its own group), one matrix per layer boundary, so the
// same word in different contexts can be followed up the layers. All traces must share L and C.
EmbeddingsData contextualStatesData(const std::vector<TracedPrompt>& prompts, const TokenText& tokenText);

// The homonym pair used as the default example of contextual states, and the word they share (one
// token of the default model's tokenizer, so each prompt has one point for it).
QStringList homonymExamplePrompts();
QString homonymExampleWord();

}  // namespace glassbox
