#include "token_chips_widget.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <array>

namespace glassbox {
namespace {

constexpr int kPadX = 5, kPadY = 3, kGapX = 3, kGapY = 6, kMargin = 6;

QFont chipFont(const QFont& base) {
  QFont f(QStringLiteral("DejaVu Sans Mono"), base.pointSize() + 1);
  f.setStyleHint(QFont::Monospace);
  return f;
}

QFont idFont(const QFont& base) {
  QFont f = base;
  f.setPointSizeF(base.pointSizeF() * 0.75);
  return f;
}

bool anyGroup(const std::vector<TokenChip>& chips) {
  for (const auto& c : chips)
    if (c.group >= 0) return true;
  return false;
}

// Under the chips of one character: a bracket and the character, in this height.
int bracketHeight(const QFont& base) { return QFontMetrics(base).height() + 6; }

}  // namespace

TokenChipsWidget::TokenChipsWidget(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

QColor TokenChipsWidget::paletteColor(int index) {
  // Light, distinguishable fills that keep dark text readable on a projector.
  static const std::array<QColor, 8> kColors{QColor(255, 214, 165), QColor(189, 224, 254), QColor(202, 255, 191),
                                             QColor(255, 198, 255), QColor(253, 255, 182), QColor(160, 196, 255),
                                             QColor(255, 173, 173), QColor(155, 246, 255)};
  return kColors[static_cast<std::size_t>(index) % kColors.size()];
}

void TokenChipsWidget::setChips(std::vector<TokenChip> chips) {
  chips_ = std::move(chips);
  cachedWidth_ = -1;
  highlighted_ = -1;
  if (selected_ >= static_cast<int>(chips_.size())) selected_ = -1;
  relayout();
}

void TokenChipsWidget::setShowIds(bool show) {
  showIds_ = show;
  cachedWidth_ = -1;
  relayout();
}

void TokenChipsWidget::setHighlighted(int index) {
  if (index == highlighted_) return;
  highlighted_ = index;
  update();
}

void TokenChipsWidget::setSelected(int index) {
  selected_ = index;
  update();
}

void TokenChipsWidget::setExporting(bool on) {
  exporting_ = on;
  update();
}

void TokenChipsWidget::setEmptyText(const QString& text) {
  emptyText_ = text;
  update();
}

QRect TokenChipsWidget::chipRect(int index) const {
  return index >= 0 && index < static_cast<int>(rects_.size()) ? rects_[static_cast<std::size_t>(index)] : QRect();
}

const std::vector<QRect>& TokenChipsWidget::layoutChips(int width) const {
  if (width == cachedWidth_) return cachedRects_;
  const QFontMetrics fm(chipFont(font()));
  const QFontMetrics im(idFont(font()));
  const int rowH = fm.height() + 2 * kPadY + (showIds_ ? im.height() : 0);
  const int gapY = kGapY + (anyGroup(chips_) ? bracketHeight(font()) : 0);
  std::vector<QRect> rects;
  rects.reserve(chips_.size());
  int x = kMargin, y = kMargin;
  for (const auto& c : chips_) {
    int w = fm.horizontalAdvance(c.text.isEmpty() ? QStringLiteral(" ") : c.text) + 2 * kPadX;
    if (showIds_ && !c.marker) w = std::max(w, im.horizontalAdvance(QString::number(c.id)) + 2 * kPadX);
    if (x + w > width - kMargin && x > kMargin) {
      x = kMargin;
      y += rowH + gapY;
    }
    rects.emplace_back(x, y, w, rowH);
    x += w + kGapX;
    if (c.lineBreak) {
      x = kMargin;
      y += rowH + gapY;
    }
  }
  cachedWidth_ = width;
  cachedRects_ = std::move(rects);
  return cachedRects_;
}

int TokenChipsWidget::heightForWidth(int width) const {
  if (chips_.empty()) return 60;
  const auto& rects = layoutChips(width);
  return rects.back().bottom() + kMargin + 1 + (anyGroup(chips_) ? bracketHeight(font()) : 0);
}

QSize TokenChipsWidget::sizeHint() const { return {400, heightForWidth(400)}; }

void TokenChipsWidget::relayout() {
  rects_ = layoutChips(width());
  setMinimumHeight(heightForWidth(width()));
  updateGeometry();
  update();
}

void TokenChipsWidget::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  rects_ = layoutChips(width());
  const int h = heightForWidth(width());
  if (minimumHeight() != h) setMinimumHeight(h);
}

void TokenChipsWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  if (chips_.empty()) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
               emptyText_);
    return;
  }
  const QFont cf = chipFont(font());
  const QFont idf = idFont(font());
  const QFontMetrics fm(cf);
  for (std::size_t i = 0; i < chips_.size() && i < rects_.size(); ++i) {
    const TokenChip& c = chips_[i];
    const QRect r = rects_[i];
    const QRect textRect(r.x(), r.y() + kPadY, r.width(), fm.height());
    QColor fill = c.special ? QColor(55, 65, 81) : c.color.isValid() ? c.color : paletteColor(static_cast<int>(i));
    if (c.dimmed) fill = fill.lighter(112);
    if (c.marker) fill = QColor(254, 242, 242);
    QPen border(fill.darker(135), 1);
    if (c.special) border = QPen(QColor(250, 204, 21), 1.2, Qt::DashLine);
    if (c.marker) border = QPen(QColor(220, 38, 38), 1.6, Qt::DashLine);
    if (!exporting_ && static_cast<int>(i) == highlighted_) border = QPen(QColor(17, 24, 39), 2.2);
    if (!exporting_ && static_cast<int>(i) == selected_) border = QPen(QColor(220, 38, 38), 2.6);
    p.setPen(border);
    p.setBrush(fill);
    p.drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    if (c.partial) {  // a red corner: this token holds only part of a character
      QPainterPath corner;
      corner.moveTo(r.topRight() + QPoint(-9, 0));
      corner.lineTo(r.topRight());
      corner.lineTo(r.topRight() + QPoint(0, 9));
      corner.closeSubpath();
      p.fillPath(corner, QColor(220, 38, 38));
    }
    p.setFont(cf);
    p.setPen(c.marker ? QColor(185, 28, 28) : c.special ? QColor(250, 250, 250) : c.dimmed ? QColor(90, 90, 90) : QColor(17, 24, 39));
    p.drawText(c.marker ? QRect(r.x(), r.y(), r.width(), r.height()) : textRect, Qt::AlignCenter, c.text);
    if (showIds_ && !c.marker) {
      p.setFont(idf);
      p.setPen(c.special ? QColor(210, 210, 210) : QColor(75, 85, 99));
      p.drawText(QRect(r.x(), textRect.bottom(), r.width(), r.bottom() - textRect.bottom()), Qt::AlignCenter,
                 QString::number(c.id));
    }
  }
  paintCharacterBrackets(p);
}

void TokenChipsWidget::paintCharacterBrackets(QPainter& p) const {
  const int h = bracketHeight(font());
  const QFontMetrics fm(font());
  p.setFont(font());
  p.setBrush(Qt::NoBrush);
  const QColor ink(109, 40, 217);
  for (std::size_t i = 0; i < chips_.size() && i < rects_.size();) {
    if (chips_[i].group < 0) {
      ++i;
      continue;
    }
    // One segment: the chips of this group on this row (a group that wraps gets a bracket per row).
    std::size_t j = i + 1;
    while (j < chips_.size() && j < rects_.size() && chips_[j].group == chips_[i].group && rects_[j].y() == rects_[i].y()) ++j;
    const int left = rects_[i].left() + 1, right = rects_[j - 1].right() - 1, y = rects_[i].bottom() + 3;
    p.setPen(QPen(ink, 1.4));
    p.drawLine(left, y, left, y + 4);
    p.drawLine(left, y + 4, right, y + 4);
    p.drawLine(right, y + 4, right, y);
    const QString label = chips_[i].groupText;
    const int w = std::max(fm.horizontalAdvance(label) + 6, right - left);
    const QRect box((left + right) / 2 - w / 2, y + 5, w, h - 5);
    p.drawText(box, Qt::AlignHCenter | Qt::AlignTop, label);
    i = j;
  }
}

int TokenChipsWidget::indexAt(const QPoint& pos) const {
  for (std::size_t i = 0; i < rects_.size(); ++i)
    if (rects_[i].contains(pos)) return static_cast<int>(i);
  return -1;
}

void TokenChipsWidget::mouseMoveEvent(QMouseEvent* event) {
  const int i = indexAt(event->position().toPoint());
  if (i != highlighted_) {
    setHighlighted(i);
    emit hovered(i);
  }
}

void TokenChipsWidget::mousePressEvent(QMouseEvent* event) {
  const int i = indexAt(event->position().toPoint());
  if (event->button() == Qt::LeftButton && i >= 0) {
    setSelected(i);
    emit clicked(i);
  }
  QWidget::mousePressEvent(event);
}

void TokenChipsWidget::leaveEvent(QEvent* event) {
  if (highlighted_ != -1) {
    setHighlighted(-1);
    emit hovered(-1);
  }
  QWidget::leaveEvent(event);
}

bool TokenChipsWidget::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int i = indexAt(help->pos());
    if (i >= 0 && !chips_[static_cast<std::size_t>(i)].toolTip.isEmpty())
      QToolTip::showText(help->globalPos(), chips_[static_cast<std::size_t>(i)].toolTip, this);
    else
      QToolTip::hideText();
    return true;
  }
  return QWidget::event(event);
}

}  // namespace glassbox
