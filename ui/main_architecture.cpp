// MainWindow: the Architecture dock (the map of the whole forward pass) and where its blocks lead.
// The map's miniatures come from the prompt's trace (cheap: rows of it, norms, and one head product for
// a position other than the last), so they are computed here when the dock is on screen.
#include <QDockWidget>
#include <QScrollArea>
#include <QTimer>

#include "architecture_map_view.h"
#include "attention_head_view.h"
#include "engine_controller.h"
#include "feed_forward_view.h"
#include "logit_lens_view.h"
#include "logits_view.h"
#include "main_window.h"
#include "next_token_view.h"
#include "model_display_name.h"
#include "token_text.h"

namespace glassbox {

void MainWindow::buildArchitectureView() {
  map_ = new ArchitectureMapView;
  map_->setToolTip({});
  mapDock_ = addView(map_, tr("Architecture"), QStringLiteral("dock.architecture"), Qt::RightDockWidgetArea);
  tabifyDockWidget(attentionDock_, mapDock_);
  connect(map_, &ArchitectureMapView::stageActivated, this, &MainWindow::openStage);
  connect(map_, &ArchitectureMapView::positionChanged, this, [this](int p) { showPosition(p); });
  connect(mapDock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (visible) QTimer::singleShot(0, this, &MainWindow::applyArchitecture);
  });
  ffn_ = new FeedForwardView;
  ffnDock_ = addView(ffn_, tr("Feed-forward"), QStringLiteral("dock.feedforward"), Qt::RightDockWidgetArea);
  tabifyDockWidget(attentionDock_, ffnDock_);
  connect(ffnDock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (visible) QTimer::singleShot(0, this, &MainWindow::applyArchitecture);
  });
  connect(map_, &ArchitectureMapView::layerChanged, ffn_, &FeedForwardView::setLayer);
  lens_ = new LogitLensView;
  lensDock_ = addView(lens_, tr("Logit lens"), QStringLiteral("dock.logitlens"), Qt::RightDockWidgetArea);
  tabifyDockWidget(ffnDock_, lensDock_);
  connect(lensDock_, &QDockWidget::visibilityChanged, this, [this](bool visible) {
    if (visible) QTimer::singleShot(0, this, &MainWindow::applyArchitecture);
  });
  // Logits before softmax: the logits Next token shows, at its temperature.
  logits_ = new LogitsView;
  logitsDock_ = addView(logits_, tr("Logits"), QStringLiteral("dock.logits"), Qt::RightDockWidgetArea);
  tabifyDockWidget(lensDock_, logitsDock_);
  attentionDock_->raise();
  connect(next_, &NextTokenView::sourceChanged, this, [this] {
    const DistributionSource& s = next_->source();
    const auto m = engine_->model();
    const auto tok = m ? m->tokenizer : nullptr;
    logits_->setLogits(s.owner, s.logits, s.title, [tok](int id) {
      if (!tok) return QString::number(id);
      return tok->isSpecial(id) ? QString::fromStdString(tok->tokenRaw(id)) : visibleTokenText(tok->tokenBytes(id));
    });
  });
  connect(next_, &NextTokenView::settingsChanged, this,
          [this](const SamplingSettings& s) { logits_->setTemperature(s.effective().temperature); });
  logits_->setTemperature(next_->controls()->settings().effective().temperature);
  connect(engine_, &EngineController::analysed, this, [this](const std::shared_ptr<const PromptAnalysis>& a) {
    if (!a->trace) return;
    mapDirty_ = ffnDirty_ = lensDirty_ = true;
    applyArchitecture();
  });
}

void MainWindow::applyArchitecture() {
  const auto m = engine_->model();
  const auto a = engine_->analysis();
  if (!m || !a || !a->trace || a->model != m->model) return;
  const auto tok = m->tokenizer;
  const auto tokenText = [tok](int id) {
    return tok->isSpecial(id) ? QString::fromStdString(tok->tokenRaw(id)) : visibleTokenText(tok->tokenBytes(id));
  };
  if (ffnDirty_ && ffn_->isVisible() && !ffn_->visibleRegion().isEmpty()) {
    ffnDirty_ = false;
    QStringList labels;
    for (int id : a->outputIds()) labels << tokenText(id);
    ffn_->setTrace(a->model, a->trace, labels, tokenText);
  }
  if (lensDirty_ && lens_->isVisible() && !lens_->visibleRegion().isEmpty()) {
    lensDirty_ = false;
    lens_->setTrace(a->model, a->trace, a->outputIds(), tokenText);
  }
  if (!mapDirty_ || !map_->isVisible() || map_->visibleRegion().isEmpty()) return;
  mapDirty_ = false;
  if (map_->data().empty() || mapModel_ != m->model.get()) {
    map_->setModel(m->model, modelDisplayName(m->modelPath, QString::fromStdString(m->model->info().name)));
    mapModel_ = m->model.get();
  }
  map_->setTrace(a->trace, a->outputIds(), tokenText, selectedPosition_);
}

void MainWindow::openStage(MapStage stage, int layer) {
  switch (stage) {
    case MapStage::Tokens: showDock(dock(QStringLiteral("dock.tokens"))); break;
    case MapStage::Embedding: showDock(embeddingsDock_); break;
    case MapStage::Position: showDock(positionsDock_); break;
    case MapStage::Attention: case MapStage::CrossAttention:
      showDock(attentionDock_);
      if (layer >= 0) attHead_->setHead(layer, attHead_->head());
      break;
    case MapStage::Logits: case MapStage::Softmax: showDock(logitsDock_); break;
    case MapStage::Sampling: case MapStage::Head:
      showDock(dock(QStringLiteral("dock.next")));
      break;
    case MapStage::FeedForward:
      showDock(ffnDock_);
      if (layer >= 0) ffn_->setLayer(layer);
      break;
    case MapStage::AddNorm: case MapStage::FinalNorm: showDock(lensDock_); break;
    default: break;
  }
}

}  // namespace glassbox
