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
      return QCoreApplication::translate("FamilyText", "Every token sees the whole text; the model fills masks, classifies and embeds.");
    case Family::EncoderDecoder:
      return QCoreApplication::translate("FamilyText", "An encoder reads the whole input, and a decoder writes the output while "
                                                       "looking back at it through cross-attention.");
  }
  return {};
}

}  // namespace glassbox
