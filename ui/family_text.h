#pragma once
// What the window says about a model's family (encoder-only, decoder-only, encoder-decoder): a short
// name for the status bar and one sentence on what it means.
#include <QString>

#include "formats/model_config.h"

namespace glassbox {

QString familyShortName(Family family);  // "encoder-decoder"
QString familySentence(Family family);   // "An encoder reads the whole input, ..."

}  // namespace glassbox
