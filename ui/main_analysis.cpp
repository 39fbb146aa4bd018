// MainWindow: the analysis docks (Attention, Embeddings, Positions). Their data is built on the model
// worker (engine_->viewsReady); here it is only handed to the views, and only to views that are on
// screen, so a hidden dock costs the UI thread nothing while typing.
#include <QComboBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

#include "attention_head_view.h"
#include "attention_model_view.h"
#include "embeddings_view.h"
#include "engine_controller.h"
#include "main_window.h"
#include "model_display_name.h"
#include "positions_view.h"
#include "tool_tip.h"

namespace glassbox {
namespace {

// A tab behind another dock is "visible" to Qt but has no visible region. (Asked of the view inside the
// dock's scroll area: the scroll area itself reports an empty region.)
bool onScreen(const QDockWidget* dock) {
  const auto* area = qobject_cast<const QScrollArea*>(dock->widget());
  const QWidget* w = area ? area->widget() : dock->widget();
  return w->isVisible() && !w->visibleRegion().isEmpty();
}

// The analysis views have wide control rows; in a scroll area a narrow dock (or a tab beside Next
// token on a 1280 px screen) scrolls instead of forcing the whole window wider than the screen.
QScrollArea* scrollable(QWidget* view) {
  auto* area = new QScrollArea;
  area->setWidget(view);
  area->setWidgetResizable(true);
  area->setFrameShape(QFrame::NoFrame);
  return area;
}

}  // namespace

void MainWindow::buildAnalysisViews() {
  attGrid_ = new AttentionModelView;
  attHead_ = new AttentionHeadView;
  auto* attention = attSplit_ = new QSplitter(Qt::Vertical);
  attention->addWidget(attGrid_);
  attention->addWidget(attHead_);
  attention->setStretchFactor(0, 2);
  attention->setStretchFactor(1, 3);
  attention->setChildrenCollapsible(false);
  connect(attGrid_, &AttentionModelView::headSelected, this, [this](int layer, int head) {
    attHead_->setAggregate(AttentionAggregate::Head);
    attHead_->setHead(layer, head);
  });
  connect(attHead_, &AttentionHeadView::headChanged, attGrid_, &AttentionModelView::setSelectedHead);
  // A model of another shape: the grid and the head view share the dock in proportion to it.
  connect(attGrid_, &AttentionModelView::dataShown, this, [this] {
    const std::pair<int, int> shape{attGrid_->data().numLayers, attGrid_->data().numHeads};
    attGrid_->setSelectedHead(attHead_->layer(), attHead_->head());
    if (shape == splitShape_ || attGrid_->data().empty()) return;
    splitShape_ = shape;
    if (attentionDock_->isVisible()) fitAttentionSplit();
    else attentionFitted_ = false;
  });

  QWidget* embeddings = buildEmbeddingsDock();
  pos_ = new PositionsView;

  // The right column runs the full height beside the editor and the bottom docks.
  setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  attentionDock_ = addView(scrollable(withStreamSelector(attention)), tr("Attention"), QStringLiteral("dock.attention"), Qt::RightDockWidgetArea);
  embeddingsDock_ = addView(scrollable(embeddings), tr("Embeddings"), QStringLiteral("dock.embeddings"), Qt::RightDockWidgetArea);
  positionsDock_ = addView(scrollable(pos_), tr("Positions"), QStringLiteral("dock.positions"), Qt::RightDockWidgetArea);
  tabifyDockWidget(attentionDock_, embeddingsDock_);
  tabifyDockWidget(embeddingsDock_, positionsDock_);
  attentionDock_->raise();
  for (QDockWidget* d : {attentionDock_, embeddingsDock_, positionsDock_})
    connect(d, &QDockWidget::visibilityChanged, this, [this](bool visible) {
      if (visible) QTimer::singleShot(0, this, &MainWindow::applyAnalysisViews);  // once laid out
    });
  // A tab has no size until it is first shown: the grid/head split is fitted then.
  connect(attentionDock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (!visible || attentionFitted_) return;
    attentionFitted_ = true;
    QTimer::singleShot(0, this, &MainWindow::fitAttentionSplit);
  });
  connect(engine_, &EngineController::viewsReady, this, &MainWindow::onViewsReady);
  connect(engine_, &EngineController::viewsFailed, this,
          [this](const QString& msg) { showStatus(tr("Analysis views: %1").arg(msg), 8000); });
}

// The Embeddings dock: the mode (token embeddings, hidden states, one word in two sentences), the
// comparison bar of the third mode, and the view.
QWidget* MainWindow::buildEmbeddingsDock() {
  emb_ = new EmbeddingsView;
  embMode_ = new QComboBox;
  embMode_->addItems({tr("Token embeddings: the prompt's tokens among a vocabulary sample"),
                      tr("Hidden states of this prompt, layer by layer"),
                      tr("One word in two sentences: its hidden states compared")});
  embMode_->setItemData(0, wrappedToolTip(tr("Rows of the embedding matrix: where each token starts, before any context.")),
                        Qt::ToolTipRole);
  embMode_->setItemData(1, wrappedToolTip(tr("The residual stream after each layer: move the slider to watch context "
                                             "reshape the tokens.")),
                        Qt::ToolTipRole);
  embMode_->setItemData(2, wrappedToolTip(tr("Pick a word of the prompt and a second sentence that uses it: both start "
                                             "from the same token embedding (each plus its position) and move apart as "
                                             "the layers read their contexts; the cosine between them is written on the "
                                             "plot, layer by layer.")),
                        Qt::ToolTipRole);
  auto* embeddings = new QWidget;
  auto* el = new QVBoxLayout(embeddings);
  el->setContentsMargins(0, 0, 0, 0);
  auto* modeRow = new QHBoxLayout;
  modeRow->setContentsMargins(4, 4, 4, 0);
  modeRow->addWidget(new QLabel(tr("Show:")));
  modeRow->addWidget(embMode_, 1);
  el->addLayout(modeRow);
  el->addWidget(buildComparisonBar());
  el->addWidget(emb_, 1);
  connect(embMode_, &QComboBox::currentIndexChanged, this, [this](int mode) {
    compareBar_->setVisible(mode == 2);
    if (mode == 2) requestComparison();
    embDirty_ = true;
    applyAnalysisViews();
  });
  connect(emb_, &EmbeddingsView::vocabularySampleRequested, this, [this](int count) {
    engine_->setVocabularySample(count);
    rememberVocabularySample(count);
  });

  return embeddings;
}

void MainWindow::onViewsReady(const std::shared_ptr<const AnalysisViewsData>& v) {
  if (v->attention) {
    attention_ = shownStream(*v);  // an encoder-decoder: the stream chosen of its three
    attDirty_ = true;
  }
  if (v->tokenEmbeddings) tokenEmbeddings_ = v->tokenEmbeddings;
  if (v->hiddenStates) hiddenStates_ = v->hiddenStates;
  if (v->homonymStates) homonymStates_ = v->homonymStates;
  // A new prompt: the comparison follows it (a word of the prompt against the second sentence).
  if (v->attention && embMode_->currentIndex() == 2) requestComparison();
  const int mode = embMode_->currentIndex();
  if ((mode == 0 && v->tokenEmbeddings) || (mode == 1 && v->hiddenStates) || (mode == 2 && v->homonymStates))
    embDirty_ = true;
  applyAnalysisViews();
}

void MainWindow::onModelForViews(const std::shared_ptr<const LoadedModel>& m) {
  attention_.reset();
  tokenEmbeddings_.reset();
  hiddenStates_.reset();
  homonymStates_.reset();
  positions_ = m->positions;
  posDirty_ = positions_ != nullptr;
  comparedPrompts_.clear();
  if (embMode_->currentIndex() == 2) requestComparison();
  applyAnalysisViews();
}

void MainWindow::applyAnalysisViews() {
  // A dock that is closed, or a tab behind another, is updated when it is shown.
  if (attDirty_ && attention_ && onScreen(attentionDock_)) {
    attDirty_ = false;
    attGrid_->setData(*attention_);
    attHead_->setData(*attention_);
  }
  if (embDirty_ && onScreen(embeddingsDock_)) applyEmbeddings();
  if (posDirty_ && positions_ && onScreen(positionsDock_)) {
    posDirty_ = false;
    PositionsData d = *positions_;
    if (const auto m = engine_->model()) d.modelName = modelDisplayName(m->modelPath, d.modelName);
    pos_->setData(d);
  }
}

void MainWindow::applyEmbeddings() {
  const int mode = embMode_->currentIndex();
  const auto& data = mode == 0 ? tokenEmbeddings_ : mode == 1 ? hiddenStates_ : homonymStates_;
  if (!data) return;
  // The comparison's data must be of the pair asked for last (an older pair may still be arriving).
  if (mode == 2 && data->groupNames.mid(1) != comparedPrompts_) return;
  embDirty_ = false;
  const bool layered = data->layers.size() > 1;
  const bool sameData = &emb_->data() == data.get();
  if (!sameData) {
    emb_->setData(data);  // shared, not copied
    if (layered && mode == 2 && pendingEmbeddingsLayer_ < 0) emb_->setLayer(static_cast<int>(data->layers.size()) - 1);
  }
  if (pendingEmbeddingsLayer_ >= 0) {
    emb_->setLayer(pendingEmbeddingsLayer_);
    pendingEmbeddingsLayer_ = -1;
  }
  emb_->setEmphasisedWord(QString());
  if (mode == 2) applyComparison();
}

bool MainWindow::analysisViewsReady() const {
  const auto a = engine_->analysis();
  const auto v = engine_->views();
  return a && v && v->id == a->id && tokenEmbeddings_ && positions_;
}

}  // namespace glassbox
