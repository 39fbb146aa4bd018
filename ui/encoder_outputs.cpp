#include "encoder_outputs.h"

#include <QCoreApplication>
#include <QJsonArray>

#include "models/model.h"
#include "models/session.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {

EncodeOptions appEncodeOptions(const Model& model) {
  EncodeOptions o = encodeOptionsFor(model);
  o.padding = false;
  return o;
}

int maskTokenId(const Tokenizer& tokenizer) {
  if (auto id = tokenizer.maskId()) return *id;
  for (const char* name : {"[MASK]", "<mask>"})
    if (auto id = tokenizer.tokenId(name)) return *id;
  return -1;
}

QStringList defaultSimilaritySentences() {
  return {QStringLiteral("We sat on the bank of the river."), QStringLiteral("The river bank was covered in grass."),
          QStringLiteral("I paid the money into the bank."), QStringLiteral("The bank lent us money for a house.")};
}

QJsonObject encoderViewStateToJson(const EncoderViewState& state) {
  QJsonArray ids, sentences;
  for (int id : state.maskedIds) ids.append(id);
  for (const QString& s : state.similaritySentences) sentences.append(s);
  return QJsonObject{{"masked_ids", ids}, {"selected_mask", state.selectedMask}, {"similarity_sentences", sentences}};
}

// Untrusted: wrong types read as absent, sizes are capped.
EncoderViewState encoderViewStateFromJson(const QJsonObject& json) {
  constexpr int kMaxEntries = 4096;
  EncoderViewState s;
  for (const QJsonValue& v : json.value("masked_ids").toArray()) {
    if (s.maskedIds.size() >= kMaxEntries) break;
    s.maskedIds.push_back(v.isDouble() ? v.toInt(-1) : -1);
  }
  s.selectedMask = json.value("selected_mask").toInt(-1);
  for (const QJsonValue& v : json.value("similarity_sentences").toArray()) {
    if (s.similaritySentences.size() >= kMaxEntries) break;
    if (v.isString()) s.similaritySentences << v.toString();
  }
  return s;
}

}  // namespace glassbox
