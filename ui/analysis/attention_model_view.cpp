#include "attention_model_view.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "attention_grid.h"
#include "head_pattern_text.h"
#include "tool_tip.h"
#include "heat_colors.h"
#include "analysis_export.h"

namespace glassbox {
namespace {

QPixmap legendPixmap(bool sqrtScale) {
  QPixmap pm(140, 14);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  for (int x = 0; x < 100; ++x) {
    const double w = x / 99.0;
    p.setPen(QColor(heatColor(sqrtScale ? std::sqrt(w) : w)));
    p.drawLine(x, 0, x, 13);
  }
  p.setPen(Qt::gray);
  p.drawRect(0, 0, 99, 13);
  p.setPen(Qt::black);
  p.drawText(QRect(104, 0, 36, 14), Qt::AlignVCenter, AttentionModelView::tr("0 – 1"));
  return pm;
}

}  // namespace

AttentionModelView::AttentionModelView(QWidget* parent) : QWidget(parent) {
  setWindowTitle(tr("Attention: all heads"));
  grid_ = new AttentionGrid;
  scroll_ = new QScrollArea;
  scroll_->setWidget(grid_);
  scroll_->setWidgetResizable(false);
  scroll_->setFrameShape(QFrame::NoFrame);
  summary_ = new QLabel;
  summary_->setWordWrap(true);
  summary_->setMinimumWidth(120);
  sqrt_ = new QCheckBox(tr("√ colour scale"));
  sqrt_->setChecked(true);
  sqrt_->setToolTip(wrappedToolTip(tr("Colour by the square root of the weight, so that small weights stay visible.")));
  auto* legend = new QLabel;
  legend->setPixmap(legendPixmap(true));
  connect(sqrt_, &QCheckBox::toggled, this, [this, legend](bool on) {
    grid_->setSqrtScale(on);
    legend->setPixmap(legendPixmap(on));
  });
  auto* scaleRow = new QHBoxLayout;
  scaleRow->addWidget(legend);
  scaleRow->addWidget(sqrt_);
  scaleRow->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(summary_);
  layout->addLayout(scaleRow);
  layout->addWidget(scroll_, 1);
  connect(grid_, &AttentionGrid::headSelected, this, &AttentionModelView::headSelected);
  connect(grid_, &AttentionGrid::dataShown, this, [this] {
    fitCells();
    updateSummary();
    emit dataShown();
  });
  scroll_->viewport()->installEventFilter(this);
  updateSummary();
}

void AttentionModelView::setData(const AttentionData& data) { grid_->setData(data); }

bool AttentionModelView::pending() const { return grid_->pending(); }

void AttentionModelView::flush() { grid_->flush(); }

const AttentionData& AttentionModelView::data() const { return grid_->data(); }

void AttentionModelView::setSelectedHead(int layer, int head) { grid_->setSelected(layer, head); }

bool AttentionModelView::eventFilter(QObject* watched, QEvent* event) {
  if (watched == scroll_->viewport() && event->type() == QEvent::Resize) fitCells();
  return QWidget::eventFilter(watched, event);
}

// The largest square cell that fits the viewport, but never below kMinCell (then it scrolls).
void AttentionModelView::fitCells() {
  const AttentionData& d = grid_->data();
  if (d.empty()) {
    grid_->resize(scroll_->viewport()->size());
    return;
  }
  const QSize avail = scroll_->viewport()->size();
  const QSize unit = grid_->cellsSize(100) - grid_->cellsSize(0);  // per 100 px of cell
  const QSize fixed = grid_->cellsSize(0) + QSize(0, grid_->keyHeight(avail.width()));
  const int byW = (avail.width() - fixed.width()) * 100 / std::max(1, unit.width());
  const int byH = (avail.height() - fixed.height()) * 100 / std::max(1, unit.height());
  const int cell = std::clamp(std::min(byW, byH), AttentionGrid::kMinCell, 160);
  const bool wasScrolling = scrolls();
  grid_->setCellSize(cell);
  grid_->setKeyWidth(avail.width());
  if (scrolls() != wasScrolling) updateSummary();
}

bool AttentionModelView::scrolls() const {
  const QSize need = grid_->gridSize(grid_->cellSize());
  const QSize avail = scroll_->viewport()->size();
  return !grid_->data().empty() && grid_->cellSize() <= AttentionGrid::kMinCell &&
         (need.width() > avail.width() || need.height() > avail.height());
}

void AttentionModelView::updateSummary() {
  QString text = attentionGridSummary(grid_->data());
  if (scrolls())
    text = tr("%1 Scroll for the rest: the cells are at their smallest (%2 px).").arg(text).arg(AttentionGrid::kMinCell);
  summary_->setText(text);
}

QString AttentionModelView::summaryText() const { return summary_->text(); }

QString AttentionModelView::exportTitle() const {
  const AttentionData& d = grid_->data();
  if (d.empty()) return tr("Attention of every head");
  if (d.stream == AttentionStream::Cross)
    return tr("%1 of every head: %2 layers × %3 heads, %4 output × %5 input tokens")
        .arg(attentionStreamTitle(d.stream)).arg(d.numLayers).arg(d.numHeads).arg(d.numTokens).arg(d.numKeys);
  const QString title =
      tr("Attention of every head: %1 layers × %2 heads, %n token(s)", "", d.numTokens).arg(d.numLayers).arg(d.numHeads);
  return d.stream == AttentionStream::Self ? title : tr("%1 — %2").arg(attentionStreamTitle(d.stream), title);
}

void AttentionModelView::setExporting(bool exporting) { grid_->setExporting(exporting); }

QWidget* AttentionModelView::exportWidget() {
  flush();
  return grid_;
}

bool AttentionModelView::exportTo(const QString& path, QString* error) {
  flush();
  return exportAnalysisImage(grid_, path, error);
}

bool AttentionModelView::exportData(const QString& path, QString* error) const {
  return exportAnalysisText(path, [this] { return csvData(); }, [this] { return jsonData(); }, error);
}

QString AttentionModelView::csvData() const {
  const AttentionData& d = grid_->data();
  QString out = "layer,head,kv_head,pattern,score,previous_token,first_token,self,uniform,entropy_nats,"
                "entropy_normalised\n";
  for (int l = 0; l < d.numLayers; ++l)
    for (int h = 0; h < d.numHeads; ++h) {
      const HeadPattern& p = d.pattern(l, h);
      const HeadEntropy& e = d.entropy(l, h);
      out += QString("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11\n")
                 .arg(l).arg(h).arg(kvHeadOf(h, d.numHeads, d.numKvHeads)).arg(headPatternName(p.kind))
                 .arg(p.score, 0, 'g', 6).arg(p.previousToken, 0, 'g', 6).arg(p.firstToken, 0, 'g', 6)
                 .arg(p.self, 0, 'g', 6).arg(p.uniform, 0, 'g', 6).arg(e.meanNats, 0, 'g', 6)
                 .arg(e.meanNormalised, 0, 'g', 6);
    }
  return out;
}

QJsonValue AttentionModelView::jsonData() const {
  const AttentionData& d = grid_->data();
  QJsonArray heads;
  for (int l = 0; l < d.numLayers; ++l)
    for (int h = 0; h < d.numHeads; ++h) {
      const HeadPattern& p = d.pattern(l, h);
      const HeadEntropy& e = d.entropy(l, h);
      heads.append(QJsonObject{{"layer", l},
                               {"head", h},
                               {"kv_head", kvHeadOf(h, d.numHeads, d.numKvHeads)},
                               {"pattern", headPatternName(p.kind)},
                               {"score", p.score},
                               {"previous_token", p.previousToken},
                               {"first_token", p.firstToken},
                               {"self", p.self},
                               {"uniform", p.uniform},
                               {"entropy_nats", e.meanNats},
                               {"entropy_normalised", e.meanNormalised}});
    }
  QJsonArray tokens;
  for (const QString& t : d.tokens) tokens.append(t);
  return QJsonObject{{"layers", d.numLayers}, {"heads", d.numHeads}, {"kv_heads", d.numKvHeads},
                     {"tokens", tokens}, {"head_patterns", heads}};
}

}  // namespace glassbox
