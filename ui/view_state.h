#pragma once
// What a prepared lesson must reopen exactly: which views are in front, the attention view's layer,
// head, aggregate, display and query row, the embeddings mode, layer, layout and selected point, the
// word compared across sentences, the generation step shown, and the dock layout. Saved in sessions
// beside the prompt, model and sampler settings.
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace glassbox {

struct ViewState {
  bool present = false;          // false: an older session without view state (nothing is changed)
  QStringList frontDocks;        // object names of the docks on screen ("dock.attention", ...)
  QByteArray dockLayout;         // QMainWindow::saveState
  // Attention
  int attentionLayer = 0, attentionHead = 0;
  QString attentionAggregate = QStringLiteral("head");  // head, layer_mean, layer_max, rollout
  QString attentionDisplay = QStringLiteral("heatmap"); // heatmap, lines
  int attentionQuery = -1;
  // Embeddings
  int embeddingsMode = 0;        // 0 token embeddings, 1 hidden states, 2 one word in two sentences
  int embeddingsLayer = -1;      // -1: the view's default
  QString embeddingsLayout = QStringLiteral("paths");   // paths, each_layer
  int embeddingsPoint = -1;
  QString comparedWord, otherSentence;
  // Next token / generation
  int selectedStep = -1;         // generation step pinned in Next token (-1: none)
  bool followLatest = true;      // Next token follows each new generation step
};

QJsonObject viewStateToJson(const ViewState& v);
// Missing or malformed fields keep their defaults; sizes are clamped.
ViewState viewStateFromJson(const QJsonObject& o);

}  // namespace glassbox
