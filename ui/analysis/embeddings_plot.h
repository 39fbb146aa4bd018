#pragma once
// Drawing helpers shared by the embeddings view's files.
#include <QColor>

namespace glassbox {

// Grey for the vocabulary sample (group 0), then one colour-blind-safe colour per prompt.
QColor embeddingsGroupColor(int group);

}  // namespace glassbox
