#include "attention_head_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

#include "attention_lines_widget.h"
#include "head_pattern_text.h"
#include "heat_colors.h"
#include "analysis_export.h"

namespace glassbox {
namespace {

QString shortToken(const QString& t, int max = 12) { return t.size() > max ? t.left(max - 1) + "…" : t; }

}  // namespace

AttentionHeadView::AttentionHeadView(QWidget* parent) : QWidget(parent) {
  setWindowTitle(tr("Attention: one head"));
  plot_ = new QCustomPlot;
  plot_->setMouseTracking(true);
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->axisRect()->setRangeZoomFactor(0.85);
  map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
  map_->setInterpolate(false);
  map_->setTightBoundary(true);
  scale_ = new QCPColorScale(plot_);
  plot_->plotLayout()->addElement(0, 1, scale_);
  scale_->setType(QCPAxis::atRight);
  scale_->axis()->setLabel(tr("attention weight"));
  map_->setColorScale(scale_);
  QCPColorGradient g = heatGradient();
  g.setNanHandling(QCPColorGradient::nhTransparent);
  map_->setGradient(g);
  map_->setDataRange(QCPRange(0, 1));
  auto* group = new QCPMarginGroup(plot_);
  plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  scale_->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  plot_->yAxis->setRangeReversed(true);  // query 0 at the top, like reading order
  plot_->xAxis->setLabel(tr("key (attended-to token)"));
  plot_->yAxis->setLabel(tr("query (attending token)"));
  plot_->xAxis->setTickLabelRotation(60);
  plot_->axisRect()->setBackground(QColor(236, 236, 236));  // shows through above the diagonal
  for (QCPAxis* a : {plot_->xAxis, plot_->yAxis}) {
    a->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    a->grid()->setVisible(false);
    a->setSubTicks(false);
  }
  rowHighlight_ = new QCPItemRect(plot_);
  rowHighlight_->setPen(QPen(QColor(230, 110, 0), 2));
  rowHighlight_->setBrush(Qt::NoBrush);
  rowHighlight_->setVisible(false);

  lines_ = new AttentionLinesWidget;
  linesScroll_ = new QScrollArea;
  linesScroll_->setWidget(lines_);
  linesScroll_->setWidgetResizable(true);
  stack_ = new QStackedWidget;
  stack_->addWidget(plot_);
  stack_->addWidget(linesScroll_);
  buildControls();

  connect(plot_, &QCustomPlot::mouseMove, this, &AttentionHeadView::onMouseMove);
  connect(plot_, &QCustomPlot::mousePress, this, &AttentionHeadView::onMousePress);
  connect(plot_, &QCustomPlot::mouseDoubleClick, this, [this] {
    rebuild();
  });
  connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { updateTicks(); });
  connect(plot_->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { updateTicks(); });
  // Tick thinning depends on the plot's pixel size, known only after layout: redo it when that changes.
  connect(plot_, &QCustomPlot::afterLayout, this, [this] {
    const QSize size = plot_->axisRect()->size();
    if (size == tickedSize_) return;
    tickedSize_ = size;
    updateTicks();
  });
  connect(lines_, &AttentionLinesWidget::querySelected, this, [this](int q) {
    query_ = q;
    updateHighlight();
    emit querySelected(q);
  });
  rebuild();
}

void AttentionHeadView::buildControls() {
  title_ = new QLabel;
  title_->setTextFormat(Qt::RichText);
  title_->setWordWrap(true);  // a long title wraps instead of widening the view (and narrowing the grid beside it)
  readout_ = new QLabel;
  readout_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  resetReadout();
  layerBox_ = new QSpinBox;
  headBox_ = new QSpinBox;
  layerBox_->setPrefix(tr("layer "));
  headBox_->setPrefix(tr("head "));
  aggregateBox_ = new QComboBox;
  aggregateBox_->addItems({tr("This head"), tr("Mean of layer's heads"), tr("Max of layer's heads"),
                           tr("Rollout up to layer")});
  modeBox_ = new QComboBox;
  modeBox_->addItems({tr("Heatmap"), tr("Lines")});
  connect(layerBox_, &QSpinBox::valueChanged, this, [this](int l) { setHead(l, head_); });
  connect(headBox_, &QSpinBox::valueChanged, this, [this](int h) { setHead(layer_, h); });
  connect(aggregateBox_, &QComboBox::currentIndexChanged, this,
          [this](int i) { setAggregate(static_cast<AttentionAggregate>(i)); });
  connect(modeBox_, &QComboBox::currentIndexChanged, this,
          [this](int i) { setDisplayMode(i == 0 ? DisplayMode::Heatmap : DisplayMode::Lines); });
  auto* row = new QHBoxLayout;
  row->addWidget(title_, 1);
  row->addWidget(layerBox_);
  row->addWidget(headBox_);
  row->addWidget(aggregateBox_);
  row->addWidget(modeBox_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(row);
  layout->addWidget(stack_, 1);
  layout->addWidget(readout_);
}

void AttentionHeadView::resetReadout() {
  readout_->setText(tr("Hover a cell to read its weight; click to select a query row."));
}

QString AttentionHeadView::readout() const { return readout_->text(); }

void AttentionHeadView::setData(const AttentionData& data) {
  const bool sameTokensUpToQuery = query_ >= 0 && query_ < data.numTokens && query_ < data_.tokens.size() &&
                                   data.tokens.mid(0, query_ + 1) == data_.tokens.mid(0, query_ + 1);
  data_ = data;
  if (layer_ >= data_.numLayers) layer_ = 0;
  if (head_ >= data_.numHeads) head_ = 0;
  if (pendingQuery_ >= 0) {
    query_ = pendingQuery_ < data_.numTokens ? pendingQuery_ : -1;
    pendingQuery_ = -1;
  } else if (!sameTokensUpToQuery) {
    query_ = -1;
  }
  lines_->setSelectedQuery(query_);
  resetReadout();  // it described a cell of the previous data
  const QSignalBlocker b1(layerBox_), b2(headBox_);
  layerBox_->setRange(0, std::max(0, data_.numLayers - 1));
  headBox_->setRange(0, std::max(0, data_.numHeads - 1));
  layerBox_->setValue(layer_);
  headBox_->setValue(head_);
  rebuild();
}

void AttentionHeadView::setHead(int layer, int head) {
  if (data_.empty()) return;
  layer = std::clamp(layer, 0, data_.numLayers - 1);
  head = std::clamp(head, 0, data_.numHeads - 1);
  if (layer == layer_ && head == head_ && !matrix_.empty()) return;
  layer_ = layer;
  head_ = head;
  const QSignalBlocker b1(layerBox_), b2(headBox_);
  layerBox_->setValue(layer_);
  headBox_->setValue(head_);
  rebuild();
  emit headChanged(layer_, head_);
}

void AttentionHeadView::setAggregate(AttentionAggregate aggregate) {
  aggregate_ = aggregate;
  const QSignalBlocker b(aggregateBox_);
  aggregateBox_->setCurrentIndex(static_cast<int>(aggregate));
  headBox_->setEnabled(aggregate == AttentionAggregate::Head);
  rebuild();
}

void AttentionHeadView::setDisplayMode(DisplayMode mode) {
  mode_ = mode;
  const QSignalBlocker b(modeBox_);
  modeBox_->setCurrentIndex(mode == DisplayMode::Heatmap ? 0 : 1);
  stack_->setCurrentIndex(mode == DisplayMode::Heatmap ? 0 : 1);
  if (query_ >= 0) linesScroll_->ensureVisible(0, lines_->rowCentre(query_), 0, linesScroll_->viewport()->height() / 3);
}

void AttentionHeadView::restoreState(int layer, int head, AttentionAggregate aggregate, DisplayMode mode, int query) {
  layer_ = std::max(0, layer);
  head_ = std::max(0, head);
  if (!data_.empty()) {
    layer_ = std::min(layer_, data_.numLayers - 1);
    head_ = std::min(head_, data_.numHeads - 1);
  }
  aggregate_ = aggregate;
  {
    const QSignalBlocker b1(layerBox_), b2(headBox_), b3(aggregateBox_);
    layerBox_->setValue(layer_);
    headBox_->setValue(head_);
    aggregateBox_->setCurrentIndex(static_cast<int>(aggregate_));
    headBox_->setEnabled(aggregate_ == AttentionAggregate::Head);
  }
  setDisplayMode(mode);
  if (data_.empty()) {
    pendingQuery_ = query;
    return;
  }
  rebuild();
  selectQuery(query);
  emit headChanged(layer_, head_);
}

void AttentionHeadView::selectQuery(int q) {
  query_ = (q >= 0 && q < matrix_.rows) ? q : -1;
  lines_->setSelectedQuery(query_);
  if (query_ >= 0) linesScroll_->ensureVisible(0, lines_->rowCentre(query_), 0, linesScroll_->viewport()->height() / 3);
  updateHighlight();
}

void AttentionHeadView::rebuild() {
  // Rollout chains square maps; cross-attention [Tq][Tk] shows the layer's mean instead.
  const AttentionAggregate aggregate = aggregate_ == AttentionAggregate::Rollout && !data_.square() ? AttentionAggregate::LayerMean : aggregate_;
  matrix_ = data_.empty() ? DenseMatrix() : attentionMatrix(data_, layer_, head_, aggregate);
  const int t = matrix_.rows, tk = matrix_.cols;
  const bool causal = data_.causal();
  map_->data()->setSize(std::max(1, tk), std::max(1, t));
  map_->data()->setRange(QCPRange(0, std::max(1, tk - 1)), QCPRange(0, std::max(1, t - 1)));
  if (t == 0) map_->data()->fill(std::numeric_limits<double>::quiet_NaN());
  for (int q = 0; q < t; ++q)
    for (int k = 0; k < tk; ++k)
      map_->data()->setCell(k, q, causal && k > q ? std::numeric_limits<double>::quiet_NaN() : matrix_.at(q, k));
  // The max aggregate can exceed what one head's row holds but stays in [0, 1].
  map_->setDataRange(QCPRange(0, 1));
  plot_->xAxis->setRange(-0.5, std::max(0.5, tk - 0.5));
  plot_->yAxis->setRange(-0.5, std::max(0.5, t - 0.5));
  const bool cross = data_.stream == AttentionStream::Cross;
  plot_->xAxis->setLabel(cross ? tr("key: input (encoder) token") : tr("key (attended-to token)"));
  plot_->yAxis->setLabel(cross ? tr("query: output (decoder) token") : tr("query (attending token)"));
  markSpecialTokens();
  lines_->setMatrix(matrix_, data_.tokens, data_.keyTokens);
  updateTitle();
  updateTicks();
  updateHighlight();
}

void AttentionHeadView::updateTitle() {
  if (data_.empty()) {
    title_->setText(tr("<b>No attention yet</b>"));
    return;
  }
  QString text;
  switch (aggregate_) {
    case AttentionAggregate::Head: {
      const HeadPattern& p = data_.pattern(layer_, head_);
      const double entropy = data_.entropy(layer_, head_).meanNats;
      if (p.kind == HeadPatternKind::Mixed)  // its score is the best pattern that fell short, not a match
        text = tr("<b>Layer %1 · head %2</b> — mixed: no single pattern (the closest scores %3), entropy %4 nats")
                   .arg(layer_).arg(head_).arg(p.score, 0, 'f', 2).arg(entropy, 0, 'f', 2);
      else if (data_.numKvHeads < data_.numHeads)
        text = tr("<b>Layer %1 · head %2</b> — %3 (score %4), entropy %5 nats, shares KV head %6")
                   .arg(layer_).arg(head_).arg(headPatternTitle(p.kind)).arg(p.score, 0, 'f', 2).arg(entropy, 0, 'f', 2)
                   .arg(kvHeadOf(head_, data_.numHeads, data_.numKvHeads));
      else
        text = tr("<b>Layer %1 · head %2</b> — %3 (score %4), entropy %5 nats")
                   .arg(layer_).arg(head_).arg(headPatternTitle(p.kind)).arg(p.score, 0, 'f', 2).arg(entropy, 0, 'f', 2);
      break;
    }
    case AttentionAggregate::LayerMean: text = tr("<b>Layer %1</b> — mean over its %n head(s)", "", data_.numHeads).arg(layer_); break;
    case AttentionAggregate::LayerMax:
      text = tr("<b>Layer %1</b> — max over its %n head(s) (rows need not sum to 1)", "", data_.numHeads).arg(layer_);
      break;
    case AttentionAggregate::Rollout:
      text = tr("<b>Rollout through layers 0–%1</b> — how much each input token reaches each position").arg(layer_);
      break;
  }
  title_->setText(text);
}

// A grey bar just outside the heatmap beside each special token's row and column, so that [CLS] and
// [SEP] (which many heads attend to) read apart from the words.
void AttentionHeadView::markSpecialTokens() {
  for (QCPItemRect* r : specialMarks_) plot_->removeItem(r);
  specialMarks_.clear();
  const QColor grey(156, 163, 175);
  const int n = std::max(matrix_.rows, matrix_.cols);
  for (int i = 0; i < n; ++i) {
    for (const bool row : {true, false}) {  // rows: query tokens; columns: key tokens (cross: the input's)
      const QStringList& labels = row ? data_.tokens : data_.keyTokens;
      if (i >= (row ? matrix_.rows : matrix_.cols) || i >= labels.size() || !isSpecialTokenLabel(labels[i])) continue;
      auto* r = new QCPItemRect(plot_);
      r->setClipToAxisRect(false);
      r->setPen(Qt::NoPen);
      r->setBrush(grey);
      r->setSelectable(false);
      for (QCPItemPosition* p : {r->topLeft, r->bottomRight}) {
        p->setTypeX(row ? QCPItemPosition::ptAxisRectRatio : QCPItemPosition::ptPlotCoords);
        p->setTypeY(row ? QCPItemPosition::ptPlotCoords : QCPItemPosition::ptAxisRectRatio);
      }
      if (row) {
        r->topLeft->setCoords(-0.012, i - 0.45);
        r->bottomRight->setCoords(-0.002, i + 0.45);
      } else {
        r->topLeft->setCoords(i - 0.45, 1.002);
        r->bottomRight->setCoords(i + 0.45, 1.012);
      }
      specialMarks_.push_back(r);
    }
  }
}

// Token labels on both axes, one every `step` tokens so that labels never overlap at this zoom.
void AttentionHeadView::updateTicks() {
  for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
    auto ticker = axis->ticker().dynamicCast<QCPAxisTickerText>();
    ticker->clear();
    const bool horizontal = axis == plot_->xAxis;
    const int t = horizontal ? matrix_.cols : matrix_.rows;  // keys across, queries down
    const QStringList& labels = horizontal ? data_.keyTokens : data_.tokens;
    if (t == 0) continue;
    const double pixels = horizontal ? plot_->axisRect()->width() : plot_->axisRect()->height();
    const double perToken = pixels / std::max(1.0, axis->range().size());
    const int minSpacing = QFontMetrics(axis->tickLabelFont()).height() + 2;
    const int step = std::max(1, static_cast<int>(std::ceil(minSpacing / std::max(0.01, perToken))));
    const int from = std::max(0, static_cast<int>(std::floor(axis->range().lower)));
    const int to = std::min(t - 1, static_cast<int>(std::ceil(axis->range().upper)));
    for (int i = from - from % step; i <= to; i += step)
      if (i >= 0) ticker->addTick(i, QString("%1 %2").arg(shortToken(labels.value(i))).arg(i));
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void AttentionHeadView::updateHighlight() {
  const int t = matrix_.rows;
  rowHighlight_->setVisible(!exporting_ && query_ >= 0 && query_ < t);
  if (rowHighlight_->visible()) {
    rowHighlight_->topLeft->setCoords(-0.5, query_ - 0.5);
    rowHighlight_->bottomRight->setCoords(data_.causal() ? query_ + 0.5 : matrix_.cols - 0.5, query_ + 0.5);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

std::pair<int, int> AttentionHeadView::cellAt(QPoint pos) const {
  const int k = static_cast<int>(std::lround(plot_->xAxis->pixelToCoord(pos.x())));
  const int q = static_cast<int>(std::lround(plot_->yAxis->pixelToCoord(pos.y())));
  if (!plot_->axisRect()->rect().contains(pos) || q < 0 || k < 0 || q >= matrix_.rows || k >= matrix_.cols)
    return {-1, -1};
  return {q, k};
}

double AttentionHeadView::cellValue(int q, int k) const { return map_->data()->cell(k, q); }

QString AttentionHeadView::describeCell(int q, int k) const {
  if (q < 0 || k < 0 || q >= matrix_.rows || k >= matrix_.cols) return {};
  if (data_.causal() && k > q) return tr("query %1 “%2” cannot see key %3 “%4” (causal mask)")
                 .arg(q).arg(data_.tokens.value(q)).arg(k).arg(data_.keyTokens.value(k));
  return tr("query %1 “%2” → key %3 “%4”: %5")
      .arg(q).arg(data_.tokens.value(q)).arg(k).arg(data_.keyTokens.value(k)).arg(matrix_.at(q, k), 0, 'f', 4);
}

void AttentionHeadView::onMouseMove(QMouseEvent* event) {
  const auto [q, k] = cellAt(event->pos());
  if (q < 0) {
    QToolTip::hideText();
    return;
  }
  const QString text = describeCell(q, k);
  readout_->setText(text);
  if (!(event->buttons() & Qt::LeftButton)) QToolTip::showText(event->globalPosition().toPoint(), text, plot_);
}

void AttentionHeadView::onMousePress(QMouseEvent* event) {
  const auto [q, k] = cellAt(event->pos());
  if (q < 0) return;
  selectQuery(q == query_ ? -1 : q);
  emit querySelected(query_);
}

void AttentionHeadView::setExporting(bool exporting) {
  exporting_ = exporting;
  lines_->setExporting(exporting);
  updateHighlight();
  plot_->replot(QCustomPlot::rpImmediateRefresh);
}

QString AttentionHeadView::suggestedFileName() const {
  QString stem;
  switch (aggregate_) {
    case AttentionAggregate::Head: stem = QStringLiteral("attention-head-L%1-H%2").arg(layer_).arg(head_); break;
    case AttentionAggregate::LayerMean: stem = QStringLiteral("attention-layer-%1-mean").arg(layer_); break;
    case AttentionAggregate::LayerMax: stem = QStringLiteral("attention-layer-%1-max").arg(layer_); break;
    case AttentionAggregate::Rollout: stem = QStringLiteral("attention-rollout-layers-0-%1").arg(layer_); break;
  }
  return mode_ == DisplayMode::Lines ? stem + QStringLiteral("-lines") : stem;
}

QString AttentionHeadView::exportTitle() const {
  const QString title = aggregateTitle();
  return data_.stream == AttentionStream::Self ? title : tr("%1 — %2").arg(attentionStreamTitle(data_.stream), title);
}

QString AttentionHeadView::aggregateTitle() const {
  switch (aggregate_) {
    case AttentionAggregate::Head: return tr("Attention of layer %1 · head %2").arg(layer_).arg(head_);
    case AttentionAggregate::LayerMean: return tr("Attention of layer %1: mean of its %n head(s)", "", data_.numHeads).arg(layer_);
    case AttentionAggregate::LayerMax: return tr("Attention of layer %1: max of its %n head(s)", "", data_.numHeads).arg(layer_);
    case AttentionAggregate::Rollout: return tr("Attention rollout through layers 0–%1").arg(layer_);
  }
  return {};
}

QWidget* AttentionHeadView::exportWidget() {
  return mode_ == DisplayMode::Heatmap ? static_cast<QWidget*>(plot_) : static_cast<QWidget*>(lines_);
}

bool AttentionHeadView::exportTo(const QString& path, QString* error) {
  return exportAnalysisImage(exportWidget(), path, error);
}

bool AttentionHeadView::exportData(const QString& path, QString* error) const {
  return exportAnalysisText(path, [this] { return csvData(); }, [this] { return jsonData(); }, error);
}

QString AttentionHeadView::csvData() const {
  QString out = "query\\key";
  for (int k = 0; k < matrix_.cols; ++k) out += "," + csvField(QString("%1:%2").arg(k).arg(data_.keyTokens.value(k)));
  out += "\n";
  for (int q = 0; q < matrix_.rows; ++q) {
    out += csvField(QString("%1:%2").arg(q).arg(data_.tokens.value(q)));
    for (int k = 0; k < matrix_.cols; ++k) out += "," + QString::number(matrix_.at(q, k), 'g', 7);
    out += "\n";
  }
  return out;
}

QJsonValue AttentionHeadView::jsonData() const {
  static const char* kNames[] = {"head", "layer_mean", "layer_max", "rollout"};
  QJsonArray rows, tokens;
  for (int q = 0; q < matrix_.rows; ++q) {
    QJsonArray row;
    for (int k = 0; k < (data_.causal() ? q + 1 : matrix_.cols); ++k) row.append(matrix_.at(q, k));
    rows.append(row);
  }
  for (const QString& t : data_.tokens) tokens.append(t);
  return QJsonObject{{"layer", layer_}, {"head", head_}, {"aggregate", kNames[static_cast<int>(aggregate_)]},
                     {"tokens", tokens}, {"weights_lower_triangle", rows}};
}

}  // namespace glassbox
