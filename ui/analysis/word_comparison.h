#pragma once
// The same word in two sentences: which tokens spell it in each, and how alike its contextual vectors
// are layer by layer (cosine of the mean of the word's token vectors). A word the tokenizer splits is
// compared as the mean of its pieces. Shape legend: N = points, C = d_model.
#include <QString>
#include <QStringList>
#include <string>
#include <vector>

#include "embeddings_data.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {

// The words of `text` (letters, digits, apostrophes and hyphens inside a word), each once, in order of
// first appearance.
QStringList promptWords(const QString& text);

// Indices into encoding.tokens of the tokens that overlap the first whole-word, case-insensitive
// occurrence of `word` in `text`; empty when the word does not occur. text: what was encoded.
std::vector<int> tokensOfWord(const Encoding& encoding, const QString& text, const QString& word);

// Per layer boundary, cosine in [-1, 1] between the mean of rows `a` and the mean of rows `b` of
// data.layers[b]; empty when either list is empty or an index is out of range.
std::vector<double> meanCosineByLayer(const EmbeddingsData& data, const std::vector<int>& a, const std::vector<int>& b);

}  // namespace glassbox
