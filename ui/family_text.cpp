#include "family_text.h"

#include <QCoreApplication>

namespace glassbox {

QString familyShortName(Family family) {
  switch (family) {
    case Family::Decoder: return QCoreApplication::translate("FamilyText", "decoder-only");
    case Family::Encoder: return QCoreApplication::translate("FamilyText", "encoder-only");
    case Family::EncoderDecoder: return QCoreApplication::translate("FamilyText", "encoder-decoder");
  }
  return {};
}

QString familySentence(Family family) {
  switch (family) {
    case Family::Decoder:
      return QCoreApplication::translate("FamilyText", "Each token sees only the tokens before it, and the model predicts the next one.");
    case Family::Encoder:
      return QCoreApplication::translate("FamilyText", "Every token sees the whole sentence, both ways: the model fills masked words, "
                                                       "classifies and embeds text, but has no next token.");
    case Family::EncoderDecoder:
      return QCoreApplication::translate("FamilyText", "An encoder reads the whole input, and a decoder writes the output while "
                                                       "looking back at it through cross-attention.");
  }
  return {};
}

}  // namespace glassbox
