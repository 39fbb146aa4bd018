#pragma once
// What an encoder-only model's analysis adds to the trace: the masked-LM distribution at each mask,
// the classification heads' logits and the pooled sentence vectors of the similarity view. Plain values
// made on the model worker; they leave it as std::shared_ptr<const T>.
//
// Shape legend: T = tokens, V = vocabulary, N = labels, S = sentences, C = d_model.
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "formats/model_config.h"
#include "tokenizers/encoding.h"

namespace glassbox {

class Model;
class Tokenizer;

struct EncoderOutputs {
  int maskId = -1;                               // the tokenizer's mask token (-1: it has none)
  std::vector<int> maskPositions;                // [M] token positions holding the mask token
  std::vector<std::vector<float>> maskLogits;    // [M][V] masked-LM logits at each mask (empty: no MLM head)
  std::vector<std::string> labels;               // [N] id2label of a classification head
  std::vector<float> sequenceLogits;             // [N] sequence classification (empty: no such head)
  std::vector<float> tokenLogits;                // [T][N] token classification (empty: no such head)
  QString headError;                             // why a head could not run, if it failed
};

// The similarity view's sentences, their pooled vectors and every pair's cosine.
struct SimilarityData {
  std::uint64_t id = 0;
  QStringList sentences;                     // [S]
  std::vector<std::vector<float>> vectors;   // [S][C] pooled (and normalized when the folder says so)
  std::vector<double> cosines;               // [S][S] row-major
  QString pooling;                           // "mean", "cls", "max"
  bool normalized = false;
  QString error;                             // set when nothing could be computed
  double at(int a, int b) const { return cosines[static_cast<std::size_t>(a) * sentences.size() + b]; }
};

// What a session keeps of an encoder's views: the token each mask replaced (in mask order, -1: typed),
// the mask the chart shows and the similarity view's sentences (empty: the default example).
struct EncoderViewState {
  std::vector<int> maskedIds;
  int selectedMask = -1;
  QStringList similaritySentences;
};

// The app tokenizes an encoder's input without the tokenizer's fixed padding (padding would only add
// masked [PAD] rows and columns to every view), keeping its truncation; decoders as encodeOptionsFor.
EncodeOptions appEncodeOptions(const Model& model);
// The mask token: the tokenizer's declared mask role, else [MASK] or <mask>; -1 when it has none.
int maskTokenId(const Tokenizer& tokenizer);
// The sentences the similarity view starts with: "bank" by a river and "bank" of money.
QStringList defaultSimilaritySentences();
// The session's "encoder" object: {"masked_ids": [..], "selected_mask": n, "similarity_sentences": [..]}.
QJsonObject encoderViewStateToJson(const EncoderViewState& state);
EncoderViewState encoderViewStateFromJson(const QJsonObject& json);

}  // namespace glassbox

Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::SimilarityData>)
