#include "attention_lines_widget.h"

#include "attention_data.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace glassbox {
namespace {
constexpr int kTop = 24;
constexpr int kColumn = 130;   // token column width
constexpr int kMaxSpan = 320;  // widest link area
}  // namespace

AttentionLinesWidget::AttentionLinesWidget(QWidget* parent) : QWidget(parent) {
  setBackgroundRole(QPalette::Base);
  setAutoFillBackground(true);
}

void AttentionLinesWidget::setMatrix(const DenseMatrix& matrix, const QStringList& tokens, const QStringList& keyTokens) {
  matrix_ = matrix;
  tokens_ = tokens;
  keyTokens_ = keyTokens.isEmpty() ? tokens : keyTokens;
  if (selected_ >= matrix_.rows) selected_ = -1;
  setMinimumHeight(sizeHint().height());
  updateGeometry();
  update();
}

void AttentionLinesWidget::setSelectedQuery(int q) {
  selected_ = (q >= 0 && q < matrix_.rows) ? q : -1;
  update();
}

QSize AttentionLinesWidget::sizeHint() const {
  return {2 * kColumn + 240, kTop + std::max(matrix_.rows, matrix_.cols) * kRowHeight + 8};
}

int AttentionLinesWidget::rowCentre(int row) const { return kTop + row * kRowHeight + kRowHeight / 2; }

int AttentionLinesWidget::rowAt(int y) const {
  const int r = (y - kTop) / kRowHeight;
  return (y >= kTop && r < matrix_.rows) ? r : -1;
}

void AttentionLinesWidget::paintEvent(QPaintEvent* event) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const int t = matrix_.rows;
  if (t == 0) {
    p.drawText(rect(), Qt::AlignCenter, tr("No attention to show."));
    return;
  }
  // Links span at most kMaxSpan pixels, centred, with the token columns right beside them.
  const int span = std::min(kMaxSpan, std::max(80, width() - 2 * kColumn));
  const int leftEdge = (width() - span) / 2, rightEdge = leftEdge + span;
  p.setPen(palette().color(QPalette::PlaceholderText));
  p.drawText(QRect(leftEdge - kColumn, 2, kColumn - 8, kTop - 4), Qt::AlignRight | Qt::AlignVCenter, tr("query"));
  p.drawText(QRect(rightEdge + 8, 2, kColumn, kTop - 4), Qt::AlignLeft | Qt::AlignVCenter, tr("key"));
  const int yTop = event->rect().top() - kRowHeight, yBottom = event->rect().bottom() + kRowHeight;
  auto rowY = [](int r) { return kTop + r * kRowHeight + kRowHeight / 2; };
  for (int q = 0; q < t; ++q) {
    if (selected_ >= 0 && q != selected_) continue;
    for (int k = 0; k < matrix_.cols; ++k) {  // above the diagonal of a causal map the weights are 0
      const double w = matrix_.at(q, k);
      if (w < kMinWeight) continue;
      const int y0 = rowY(q), y1 = rowY(k);
      if (std::max(y0, y1) < yTop || std::min(y0, y1) > yBottom) continue;
      QColor c(30, 100, 200);
      c.setAlphaF(static_cast<float>(std::clamp(0.15 + 0.85 * w, 0.0, 1.0)));
      p.setPen(QPen(c, 0.5 + 6.0 * w, Qt::SolidLine, Qt::RoundCap));
      p.drawLine(QPointF(leftEdge, y0), QPointF(rightEdge, y1));
    }
  }
  for (int r = 0; r < std::max(t, matrix_.cols); ++r) {
    const int y = kTop + r * kRowHeight;
    if (y + kRowHeight < event->rect().top() || y > event->rect().bottom()) continue;
    const QString text = QString("%1  %2").arg(r < tokens_.size() ? tokens_[r] : QString()).arg(r);
    const QString keyText = QString("%1  %2").arg(r).arg(r < keyTokens_.size() ? keyTokens_[r] : QString());
    const QRect left(leftEdge - kColumn, y, kColumn - 6, kRowHeight), right(rightEdge + 6, y, kColumn - 10, kRowHeight);
    if (r == selected_ && !exporting_) p.fillRect(left, QColor(255, 214, 160));
    auto penFor = [&](const QStringList& labels) {  // [CLS], [SEP], <pad>: grey
      const bool special = r < labels.size() && isSpecialTokenLabel(labels[r]);
      p.setPen(palette().color(special ? QPalette::PlaceholderText : QPalette::Text));
    };
    penFor(tokens_);
    if (r < t) p.drawText(left, Qt::AlignRight | Qt::AlignVCenter, p.fontMetrics().elidedText(text, Qt::ElideLeft, left.width()));
    if (r >= matrix_.cols) continue;
    penFor(keyTokens_);
    if (selected_ >= 0 && matrix_.at(selected_, r) >= kMinWeight) {
      QColor c(30, 100, 200);
      c.setAlphaF(static_cast<float>(std::clamp(matrix_.at(selected_, r), 0.0f, 1.0f) * 0.6f));
      p.fillRect(right, c);
    }
    p.drawText(right, Qt::AlignLeft | Qt::AlignVCenter, p.fontMetrics().elidedText(keyText, Qt::ElideRight, right.width()));
  }
}

void AttentionLinesWidget::mousePressEvent(QMouseEvent* event) {
  const int r = rowAt(static_cast<int>(event->position().y()));
  const int q = (r == selected_) ? -1 : r;  // clicking the selected query shows all again
  setSelectedQuery(q);
  emit querySelected(q);
}

}  // namespace glassbox
