// MainWindow: the view state a session keeps (view_state.h) — read from the views, and put back. Views
// whose data has not arrived yet keep the restored values and apply them when it does.
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>

#include "attention_head_view.h"
#include "embeddings_view.h"
#include "generation_controller.h"
#include "generation_view.h"
#include "main_window.h"

namespace glassbox {
namespace {

const char* const kAggregates[] = {"head", "layer_mean", "layer_max", "rollout"};

bool onScreen(const QDockWidget* d) { return d->isVisible() && !d->visibleRegion().isEmpty(); }

}  // namespace

ViewState MainWindow::captureViewState() const {
  ViewState v;
  v.present = true;
  for (const QDockWidget* d : docks_)
    if (onScreen(d)) v.frontDocks << d->objectName();
  v.dockLayout = saveState(kLayoutVersion);
  v.attentionLayer = attHead_->layer();
  v.attentionHead = attHead_->head();
  v.attentionAggregate = QString::fromLatin1(kAggregates[static_cast<int>(attHead_->aggregate())]);
  v.attentionDisplay = attHead_->displayMode() == AttentionHeadView::DisplayMode::Lines ? QStringLiteral("lines")
                                                                                         : QStringLiteral("heatmap");
  v.attentionQuery = attHead_->selectedQuery();
  v.embeddingsMode = embMode_->currentIndex();
  v.embeddingsLayer = emb_->data().layers.size() > 1 ? emb_->layer() : -1;
  v.embeddingsLayout = emb_->layerLayout() == EmbeddingsView::LayerLayout::Paths ? QStringLiteral("paths")
                                                                                  : QStringLiteral("each_layer");
  v.embeddingsPoint = emb_->selectedPoint();
  v.comparedWord = compareWord_->currentText();
  v.otherSentence = otherSentence_->text();
  v.selectedStep = selectedStep_;
  v.followLatest = followLatest_;
  return v;
}

void MainWindow::applyViewState(const ViewState& v) {
  if (!v.present) return;
  if (!v.dockLayout.isEmpty()) layoutRestored_ = restoreState(v.dockLayout, kLayoutVersion) || layoutRestored_;
  for (const QString& name : v.frontDocks) showDock(dock(name));

  int aggregate = 0;
  for (int i = 0; i < 4; ++i)
    if (v.attentionAggregate == QLatin1String(kAggregates[i])) aggregate = i;
  attHead_->restoreState(v.attentionLayer, v.attentionHead, static_cast<AttentionAggregate>(aggregate),
                         v.attentionDisplay == QLatin1String("lines") ? AttentionHeadView::DisplayMode::Lines
                                                                      : AttentionHeadView::DisplayMode::Heatmap,
                         v.attentionQuery);

  refreshComparedWords();
  compareWord_->setCurrentIndex(compareWord_->findText(v.comparedWord, Qt::MatchFixedString));
  otherSentence_->setText(v.otherSentence);
  emb_->setLayerLayout(v.embeddingsLayout == QLatin1String("each_layer") ? EmbeddingsView::LayerLayout::EachLayer
                                                                         : EmbeddingsView::LayerLayout::Paths);
  pendingEmbeddingsLayer_ = v.embeddingsLayer;
  emb_->restoreSelection(v.embeddingsPoint);
  if (embMode_->currentIndex() != v.embeddingsMode) embMode_->setCurrentIndex(v.embeddingsMode);
  else if (v.embeddingsMode == 2) requestComparison();
  embDirty_ = true;

  followLatest_ = v.followLatest && v.selectedStep < 0 && selectedPosition_ < 0;
  genView_->setFollowLatest(followLatest_);
  if (v.selectedStep >= 0 && v.selectedStep < static_cast<int>(gen_->state().steps.size())) {
    followLatest_ = false;
    genView_->setFollowLatest(false);
    showGenerationStep(v.selectedStep);  // its logits are fetched again (sessions do not keep them)
  }
}

}  // namespace glassbox
