#include "attention_grid.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "head_pattern_text.h"
#include "heat_colors.h"
#include "latest_job_runner.h"

namespace glassbox {
namespace {
constexpr int kLeft = 34;      // layer labels
constexpr int kHeader = 18;    // head labels
constexpr int kKvBand = 16;    // grouped-query band
constexpr int kGap = 3;
constexpr int kBadge = 9;      // side of the pattern badge in a cell's top-left corner
constexpr int kKeyPad = 6;     // above the key

struct KeyEntry {
  HeadPatternKind kind;
  QString text;
};

std::vector<KeyEntry> keyEntries() {
  return {{HeadPatternKind::PreviousToken, AttentionGrid::tr("prev = mostly the previous token")},
          {HeadPatternKind::FirstToken, AttentionGrid::tr("first = the first token")},
          {HeadPatternKind::Self, AttentionGrid::tr("self = itself")},
          {HeadPatternKind::Uniform, AttentionGrid::tr("unif = spread evenly, no focus")},
          {HeadPatternKind::Mixed, AttentionGrid::tr("no badge = mixed · number = score")},
          {HeadPatternKind::Mixed, AttentionGrid::tr("in a cell: rows = queries, columns = keys")}};
}

QFont keyFont(const QFont& base) {
  QFont f = base;
  f.setPointSizeF(std::max(7.0, base.pointSizeF() - 1));
  return f;
}

// Where each key entry goes in a flow `width` pixels wide, starting at y = 0.
std::vector<QRect> keyLayout(const QFont& font, int width) {
  const QFontMetrics fm(keyFont(font));
  std::vector<QRect> rects;
  int x = 4, y = 0;
  for (const KeyEntry& e : keyEntries()) {
    const int w = kBadge + 4 + fm.horizontalAdvance(e.text) + 12;
    if (x + w > width && x > 4) {
      x = 4;
      y += fm.height() + 2;
    }
    rects.emplace_back(x, y, w, fm.height());
    x += w;
  }
  return rects;
}

// [r][r] pooled weights -> an Indexed8 image over heatTable(), optionally by sqrt(weight).
QImage heatImage(const std::vector<float>& pooled, int r, int rk, bool sqrtScale) {
  QImage img(rk, r, QImage::Format_Indexed8);
  img.setColorTable(heatTable());
  for (int y = 0; y < r; ++y) {
    uchar* line = img.scanLine(y);
    for (int x = 0; x < rk; ++x) {
      const double v = std::clamp(static_cast<double>(pooled[static_cast<std::size_t>(y) * rk + x]), 0.0, 1.0);
      line[x] = static_cast<uchar>(std::lround((sqrtScale ? std::sqrt(v) : v) * 255.0));
    }
  }
  return img;
}

}  // namespace

AttentionThumbnails buildAttentionThumbnails(const AttentionData& data, const StopRequested& stop) {
  AttentionThumbnails out;
  if (data.empty()) return out;
  // [Tq][Tk] max-pooled to [r][rk] (cross-attention is a rectangle; keys past a causal row are 0).
  const int t = data.numTokens, r = std::min(t, kMaxAttentionThumbnail);
  const int tk = data.numKeys > 0 ? data.numKeys : t, rk = std::min(tk, kMaxAttentionThumbnail);
  const bool causal = data.causal();
  const std::size_t heads = static_cast<std::size_t>(data.numLayers) * data.numHeads;
  out.linear.reserve(heads);
  out.sqrt.reserve(heads);
  std::vector<float> pooled(static_cast<std::size_t>(r) * rk);
  for (int l = 0; l < data.numLayers; ++l)
    for (int h = 0; h < data.numHeads; ++h) {
      if (stop && stop()) return out;
      std::fill(pooled.begin(), pooled.end(), 0.0f);
      for (int q = 0; q < t; ++q) {
        const int pq = static_cast<int>(static_cast<long long>(q) * r / t);
        for (int k = 0; k < (causal ? std::min(q + 1, tk) : tk); ++k) {
          float& cell = pooled[static_cast<std::size_t>(pq) * rk + static_cast<int>(static_cast<long long>(k) * rk / tk)];
          cell = std::max(cell, data.weight(l, h, q, k));  // max-pool: a sharp diagonal stays visible
        }
      }
      out.linear.push_back(heatImage(pooled, r, rk, false));
      out.sqrt.push_back(heatImage(pooled, r, rk, true));
    }
  return out;
}

AttentionGrid::AttentionGrid(QWidget* parent)
    : QWidget(parent), jobs_(std::make_unique<LatestJobRunner>(QStringLiteral("attention-thumbnails"))) {
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

AttentionGrid::~AttentionGrid() { jobs_.reset(); }

void AttentionGrid::setData(const AttentionData& data) {
  if (data.empty()) {  // nothing to build: shown at once
    jobs_->cancel();
    showData(data, std::make_shared<const AttentionThumbnails>());
    return;
  }
  using Result = std::shared_ptr<const AttentionThumbnails>;
  jobs_->post<Result>(
      [data](const LatestJobRunner::Context& job) {
        return std::make_shared<const AttentionThumbnails>(buildAttentionThumbnails(data, [&job] { return job.stale(); }));
      },
      [this, data](Result thumbs) {
        if (thumbs->complete(data)) showData(data, std::move(thumbs));
      });
}

void AttentionGrid::showData(const AttentionData& data, std::shared_ptr<const AttentionThumbnails> thumbs) {
  data_ = data;
  thumbs_ = std::move(thumbs);
  if (selLayer_ >= data_.numLayers || selHead_ >= data_.numHeads) selLayer_ = selHead_ = -1;
  if (hoverLayer_ >= data_.numLayers || hoverHead_ >= data_.numHeads) hoverLayer_ = hoverHead_ = -1;
  resize(gridSize(cell_));
  update();
  emit dataShown();
}

bool AttentionGrid::pending() const { return jobs_->busy(); }

void AttentionGrid::flush() { jobs_->flush(); }

const QImage& AttentionGrid::thumbnail(int layer, int head) const {
  const auto& set = sqrt_ ? thumbs_->sqrt : thumbs_->linear;
  return set[static_cast<std::size_t>(layer) * data_.numHeads + head];
}

void AttentionGrid::setCellSize(int pixels) {
  cell_ = std::clamp(pixels, 16, 240);
  resize(gridSize(cell_));
  updateGeometry();
  update();
}

void AttentionGrid::setSqrtScale(bool on) {
  if (on == sqrt_) return;
  sqrt_ = on;  // both sets are built: only the one painted changes
  update();
}

void AttentionGrid::setSelected(int layer, int head) {
  const bool valid = layer >= 0 && head >= 0 && layer < data_.numLayers && head < data_.numHeads;
  selLayer_ = valid ? layer : -1;
  selHead_ = valid ? head : -1;
  update();
}

void AttentionGrid::setExporting(bool on) {
  exporting_ = on;
  update();
}

QColor AttentionGrid::patternColor(HeadPatternKind kind) {
  switch (kind) {
    case HeadPatternKind::PreviousToken: return {0, 158, 115};
    case HeadPatternKind::FirstToken: return {150, 70, 190};
    case HeadPatternKind::Self: return {204, 121, 20};
    case HeadPatternKind::Uniform: return {130, 130, 130};
    case HeadPatternKind::Mixed: break;
  }
  return Qt::transparent;
}

QStringList AttentionGrid::keyTexts() const {
  QStringList out;
  for (const KeyEntry& e : keyEntries()) out << e.text;
  return out;
}

int AttentionGrid::topMargin() const { return kHeader + (grouped() ? kKvBand : 0); }

int AttentionGrid::keyHeight(int width) const {
  if (data_.empty()) return 0;
  const auto rects = keyLayout(font(), width);
  return kKeyPad + rects.back().bottom() + 3;
}

// The key flows in the width the view offers (setKeyWidth), which may be wider than the cells.
QSize AttentionGrid::cellsSize(int cell) const {
  return {kLeft + data_.numHeads * (cell + kGap) + kGap, topMargin() + data_.numLayers * (cell + kGap) + kGap};
}

QSize AttentionGrid::gridSize(int cell) const {
  const QSize cells = cellsSize(cell);
  const int w = std::max(cells.width(), keyWidth_);
  return {w, cells.height() + keyHeight(w)};
}

void AttentionGrid::setKeyWidth(int pixels) {
  if (pixels == keyWidth_) return;
  keyWidth_ = std::max(0, pixels);
  resize(gridSize(cell_));
  update();
}

QRect AttentionGrid::cellRect(int layer, int head) const {
  return {kLeft + kGap + head * (cell_ + kGap), topMargin() + kGap + layer * (cell_ + kGap), cell_, cell_};
}

std::pair<int, int> AttentionGrid::cellAt(QPoint pos) const {
  const int x = pos.x() - kLeft - kGap, y = pos.y() - topMargin() - kGap;
  if (x < 0 || y < 0) return {-1, -1};
  const int head = x / (cell_ + kGap), layer = y / (cell_ + kGap);
  if (head >= data_.numHeads || layer >= data_.numLayers) return {-1, -1};
  if (!cellRect(layer, head).contains(pos)) return {-1, -1};
  return {layer, head};
}

void AttentionGrid::paintEvent(QPaintEvent* event) {
  QPainter p(this);
  p.fillRect(event->rect(), palette().window());
  if (data_.empty()) {
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("No attention yet: type a prompt."));
    return;
  }
  paintHeaders(p);
  if (grouped()) paintKvGroups(p);
  for (int l = 0; l < data_.numLayers; ++l)
    for (int h = 0; h < data_.numHeads; ++h)
      if (cellRect(l, h).adjusted(-2, -2, 2, 2).intersects(event->rect())) paintCell(p, l, h);
  paintKey(p);
}

void AttentionGrid::paintKey(QPainter& p) {
  const int top = cellRect(data_.numLayers - 1, 0).bottom() + kGap + kKeyPad;
  const QFont f = keyFont(font());
  p.setFont(f);
  const auto entries = keyEntries();
  const auto rects = keyLayout(font(), gridSize(cell_).width());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const QRect r = rects[i].translated(0, top);
    const QRect badge(r.left(), r.center().y() - kBadge / 2, kBadge, kBadge);
    if (i + 1 == entries.size()) {  // the reading hint: no badge
      p.setPen(palette().color(QPalette::WindowText));
      p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, entries[i].text);
      continue;
    }
    if (entries[i].kind == HeadPatternKind::Mixed) {
      p.setPen(QColor(160, 160, 160));
      p.setBrush(Qt::NoBrush);
      p.drawRect(badge.adjusted(0, 0, -1, -1));
    } else {
      p.fillRect(badge, patternColor(entries[i].kind));
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(r.adjusted(kBadge + 4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, entries[i].text);
  }
}

void AttentionGrid::paintHeaders(QPainter& p) {
  QFont f = font();
  f.setPointSizeF(std::max(7.0, f.pointSizeF() - 1));
  p.setFont(f);
  p.setPen(palette().color(QPalette::WindowText));
  for (int h = 0; h < data_.numHeads; ++h) {
    const QRect c = cellRect(0, h);
    p.drawText(QRect(c.left(), topMargin() - kHeader, c.width(), kHeader), Qt::AlignCenter, tr("H%1").arg(h));
  }
  for (int l = 0; l < data_.numLayers; ++l) {
    const QRect c = cellRect(l, 0);
    p.drawText(QRect(0, c.top(), kLeft - 2, c.height()), Qt::AlignRight | Qt::AlignVCenter, tr("L%1").arg(l));
  }
}

void AttentionGrid::paintKvGroups(QPainter& p) {
  const int per = data_.numHeads / data_.numKvHeads;
  for (int g = 0; g < data_.numKvHeads; ++g) {
    const QRect a = cellRect(0, g * per), b = cellRect(0, (g + 1) * per - 1);
    const QRect band(a.left(), 1, b.right() - a.left() + 1, kKvBand - 3);
    p.fillRect(band, g % 2 ? QColor(255, 226, 190) : QColor(255, 240, 215));
    p.setPen(QColor(120, 70, 0));
    p.drawText(band, Qt::AlignCenter, per * (cell_ + kGap) > 60 ? tr("KV head %1").arg(g) : tr("KV%1").arg(g));
  }
}

void AttentionGrid::paintCell(QPainter& p, int layer, int head) {
  const QRect r = cellRect(layer, head);
  p.setRenderHint(QPainter::SmoothPixmapTransform, false);
  p.drawImage(r, thumbnail(layer, head));
  const bool selected = !exporting_ && layer == selLayer_ && head == selHead_;
  const bool hover = !exporting_ && layer == hoverLayer_ && head == hoverHead_;
  p.setPen(QPen(selected ? QColor(230, 110, 0) : hover ? QColor(90, 90, 90) : QColor(200, 200, 200),
                selected ? 3 : 1));
  p.setBrush(Qt::NoBrush);
  p.drawRect(r.adjusted(0, 0, -1, -1));
  const HeadPattern& pattern = data_.pattern(layer, head);
  if (pattern.kind != HeadPatternKind::Mixed) {
    const QRect badge(r.left() + 1, r.top() + 1, kBadge, kBadge);
    p.fillRect(badge, patternColor(pattern.kind));
    p.setPen(QPen(Qt::white, 1));
    p.drawRect(badge.adjusted(0, 0, -1, -1));
  }
  const QString label = headPatternCellLabel(pattern);
  if (label.isEmpty() || cell_ < kLabelCell) return;
  QFont f = font();
  f.setPointSizeF(std::clamp(cell_ / 7.5, 6.5, 9.0));
  p.setFont(f);
  const int th = QFontMetrics(f).height();
  const QRect strip(r.left() + 1, r.bottom() - th, r.width() - 2, th);
  p.fillRect(strip, QColor(255, 255, 255, 215));
  p.setPen(QColor(60, 30, 0));
  p.drawText(strip, Qt::AlignCenter, label);
}

void AttentionGrid::mousePressEvent(QMouseEvent* event) {
  const auto [layer, head] = cellAt(event->position().toPoint());
  if (layer < 0) return;
  setSelected(layer, head);
  emit headSelected(layer, head);
}

void AttentionGrid::mouseMoveEvent(QMouseEvent* event) {
  const auto [layer, head] = cellAt(event->position().toPoint());
  if (layer != hoverLayer_ || head != hoverHead_) {
    hoverLayer_ = layer;
    hoverHead_ = head;
    update();
  }
  if (layer < 0) {
    QToolTip::hideText();
    return;
  }
  const HeadPattern& pt = data_.pattern(layer, head);
  const HeadEntropy& en = data_.entropy(layer, head);
  QStringList lines;
  lines << (grouped() ? tr("Layer %1, head %2 (KV head %3)").arg(layer).arg(head).arg(kvHeadOf(head, data_.numHeads, data_.numKvHeads))
                      : tr("Layer %1, head %2").arg(layer).arg(head));
  lines << (pt.kind == HeadPatternKind::Mixed ? tr("mixed: no single pattern (the closest scores %1)").arg(pt.score, 0, 'f', 2)
                                              : tr("%1, score %2").arg(headPatternTitle(pt.kind)).arg(pt.score, 0, 'f', 2));
  lines << tr("previous %1 · first %2 · self %3 · evenness %4")
               .arg(pt.previousToken, 0, 'f', 2).arg(pt.firstToken, 0, 'f', 2).arg(pt.self, 0, 'f', 2)
               .arg(pt.uniform, 0, 'f', 2);
  lines << tr("entropy %1 nats (normalised %2)").arg(en.meanNats, 0, 'f', 2).arg(en.meanNormalised, 0, 'f', 2);
  const QString text = lines.join(QLatin1Char('\n'));
  QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

void AttentionGrid::leaveEvent(QEvent*) {
  hoverLayer_ = hoverHead_ = -1;
  update();
}

}  // namespace glassbox
