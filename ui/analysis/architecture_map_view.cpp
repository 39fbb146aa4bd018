#include "architecture_map_view.h"

#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonObject>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <cmath>

#include "analysis_export.h"
#include "heat_colors.h"
#include "models/model.h"
#include "models/trace.h"
#include "tool_tip.h"

namespace glassbox {
namespace {

constexpr int kStepperWidth = 46;
constexpr int kGap = 6;

QColor stageColor(MapStage s) {
  switch (s) {
    case MapStage::Tokens: case MapStage::Embedding: case MapStage::Position: return {0xe3, 0xee, 0xfa};
    case MapStage::Attention: case MapStage::CrossAttention: return {0xfd, 0xe9, 0xd2};
    case MapStage::FeedForward: return {0xdd, 0xf2, 0xe0};
    case MapStage::AddNorm: case MapStage::FinalNorm: return {0xee, 0xee, 0xee};
    default: return {0xef, 0xe4, 0xf7};
  }
}

QColor shareColor(int i) {
  static const QColor colors[] = {{0x6d, 0x9e, 0xd6}, {0xf0, 0x9a, 0x4a}, {0x5c, 0xb8, 0x6a}, {0xa0, 0xa0, 0xa0}, {0xa8, 0x7c, 0xd0}};
  return colors[i % 5];
}

// Blue for negative, white for zero, red for positive, scaled by the largest magnitude.
QColor diverging(float v, float scale) {
  const double t = scale > 0 ? std::clamp(static_cast<double>(v) / scale, -1.0, 1.0) : 0.0;
  const int a = static_cast<int>(255 * (1 - std::abs(t)));
  return t >= 0 ? QColor(255, a, a) : QColor(a, a, 255);
}

QString paramText(std::uint64_t n) {
  if (n >= 1000000) return ArchitectureMapView::tr("%1 M params").arg(static_cast<double>(n) / 1e6, 0, 'f', 2);
  if (n >= 1000) return ArchitectureMapView::tr("%1 k params").arg(static_cast<double>(n) / 1e3, 0, 'f', 1);
  return ArchitectureMapView::tr("%1 params").arg(n);
}

}  // namespace

ArchitectureMapView::ArchitectureMapView(QWidget* parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setAutoFillBackground(true);
  setPalette([] { QPalette p; p.setColor(QPalette::Window, Qt::white); return p; }());
}

void ArchitectureMapView::setModel(std::shared_ptr<const Model> model, const QString& modelName) {
  model_ = std::move(model);
  trace_.reset();
  ids_.clear();
  data_ = model_ ? architectureFromConfig(model_->config()) : ArchitectureMapData{};
  data_.modelName = modelName;
  layer_ = 0;
  layout();
  update();
}

void ArchitectureMapView::setTrace(std::shared_ptr<const Trace> trace, std::vector<int> ids,
                                   std::function<QString(int)> tokenText, int position) {
  trace_ = std::move(trace);
  ids_ = std::move(ids);
  tokenText_ = std::move(tokenText);
  const int n = trace_ && !trace_->stacks.empty() ? trace_->output().numTokens : 0;
  data_.position = position < 0 || position >= n ? n - 1 : position;
  recompute();
}

void ArchitectureMapView::setPosition(int position) {
  if (!trace_ || position == data_.position || position < 0 || position >= data_.numTokens) return;
  data_.position = position;
  recompute();
  emit positionChanged(position);
}

void ArchitectureMapView::setLayer(int layer) {
  if (data_.empty()) return;
  layer = std::clamp(layer, 0, std::max(0, data_.outputColumn().layers - 1));
  if (layer == layer_) return;
  layer_ = layer;
  layout();
  update();
  emit layerChanged(layer);
}

void ArchitectureMapView::recompute() {
  if (!model_) return;
  const QString name = data_.modelName;
  const int position = data_.position;
  data_ = architectureFromConfig(model_->config());
  data_.modelName = name;
  if (trace_ && tokenText_ && position >= 0) addLiveValues(data_, *model_, *trace_, ids_, position, tokenText_);
  layout();
  update();
}

std::vector<const MapBlock*> ArchitectureMapView::drawnBlocks(int column) const {
  std::vector<const MapBlock*> out;
  if (column < 0 || column >= static_cast<int>(data_.columns.size())) return out;
  const MapColumn& col = data_.columns[static_cast<std::size_t>(column)];
  const int l = std::min(layer_, std::max(0, col.layers - 1));
  for (const MapBlock& b : col.blocks)
    if (b.layer < 0 || b.layer == l) out.push_back(&b);
  return out;
}

void ArchitectureMapView::layout() {
  hits_.clear();
  groupRects_.clear();
  stepperRects_.clear();
  const QFontMetrics fm(font());
  const int top = fm.height() * 2 + 34;  // the title line, the share bar and its legend
  sharesRect_ = QRect(8, fm.height() + 8, width() - 16, 14);
  const int n = static_cast<int>(data_.columns.size());
  if (n == 0) return;
  const int colWidth = (width() - 8 * (n + 1)) / n;
  for (int c = 0; c < n; ++c) {
    const auto blocks = drawnBlocks(c);
    const int rows = static_cast<int>(blocks.size());
    const double avail = height() - top - 8 - fm.height();  // the group's "N x" header
    const int rowH = std::clamp(static_cast<int>(avail / std::max(1, rows)), 24, 64);
    const int x = 8 + c * (colWidth + 8);
    const QRect blockArea(x, 0, colWidth - kStepperWidth - kGap, 0);
    // Bottom up: block i sits i rows above the bottom.
    int y = height() - 8;
    QRect group;
    for (int i = 0; i < rows; ++i) {
      const bool inLayer = blocks[static_cast<std::size_t>(i)]->layer >= 0;
      const bool lastOfLayer = inLayer && (i + 1 == rows || blocks[static_cast<std::size_t>(i + 1)]->layer < 0);
      const QRect r(blockArea.x() + (inLayer ? 10 : 0), y - rowH + 3, blockArea.width() - (inLayer ? 20 : 0), rowH - 6);
      hits_.push_back({r, blocks[static_cast<std::size_t>(i)], -1});
      if (inLayer) group = group.isNull() ? r.adjusted(-8, -3, 8, 3) : group.united(r.adjusted(-8, -3, 8, 3));
      y -= rowH;
      if (lastOfLayer) {
        group.setTop(group.top() - fm.height() - 4);
        y -= fm.height() + 4;
      }
    }
    groupRects_.push_back(group);
    // The stepper: one chip per layer, bottom up beside the N x frame.
    const MapColumn& col = data_.columns[static_cast<std::size_t>(c)];
    const QRect stepper(x + colWidth - kStepperWidth, group.top(), kStepperWidth, group.height());
    stepperRects_.push_back(stepper);
    if (col.layers > 0) {
      const double chip = static_cast<double>(stepper.height()) / col.layers;
      for (int l = 0; l < col.layers; ++l) {
        const QRect r(stepper.x(), static_cast<int>(stepper.bottom() - (l + 1) * chip) + 1, stepper.width(),
                      std::max(2, static_cast<int>(chip) - 2));
        hits_.push_back({r, nullptr, l});
      }
    }
  }
}

void ArchitectureMapView::paintEvent(QPaintEvent*) {
  if (hits_.empty() && !data_.empty()) layout();
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QFontMetrics fm(font());
  if (data_.empty()) {
    p.drawText(rect(), Qt::AlignCenter, tr("No model is loaded."));
    return;
  }
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  const QString head = data_.live()
                           ? tr("%1 · token %2 of %3 “%4” · layer %5 of %6")
                                 .arg(data_.modelName).arg(data_.position + 1).arg(data_.numTokens).arg(data_.tokenText)
                                 .arg(layer_ + 1).arg(data_.outputColumn().layers)
                           : tr("%1 · type a prompt to see its values").arg(data_.modelName);
  p.drawText(QRect(8, 4, width() - 16, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(head, Qt::ElideRight, width() - 16));
  p.setFont(font());
  paintShares(p, sharesRect_);
  for (std::size_t c = 0; c < groupRects_.size(); ++c) {
    const MapColumn& col = data_.columns[c];
    const QRect g = groupRects_[c];
    p.setPen(QPen(QColor(0x88, 0x88, 0x88), 1, Qt::DashLine));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(g, 6, 6);
    p.setPen(Qt::black);
    p.drawText(g.adjusted(6, 2, -6, 0), Qt::AlignTop | Qt::AlignLeft,
               tr("%1 × layer (showing layer %2) — %3").arg(col.layers).arg(std::min(layer_, col.layers - 1) + 1).arg(col.name));
    paintStepper(p, stepperRects_[c], col);
  }
  const MapBlock* prev = nullptr;
  QRect prevRect;
  for (const Hit& h : hits_) {
    if (!h.block) continue;
    if (prev && prevRect.left() < h.rect.right() && h.rect.left() < prevRect.right()) {  // an arrow up from the block below
      const int x = prevRect.center().x();
      p.setPen(QPen(QColor(0x55, 0x55, 0x55), 1.2));
      p.drawLine(x, prevRect.top(), x, h.rect.bottom() + 1);
    }
    paintBlock(p, h.rect, *h.block);
    prev = h.block;
    prevRect = h.rect;
  }
}

void ArchitectureMapView::paintShares(QPainter& p, const QRect& r) const {
  if (data_.totalParams == 0) return;
  double x = r.left();
  QString legend;
  int i = 0;
  for (const ParameterShare& s : data_.shares) {
    const double w = r.width() * static_cast<double>(s.params) / static_cast<double>(data_.totalParams);
    p.fillRect(QRectF(x, r.top(), w, r.height()), shareColor(i));
    x += w;
    ++i;
  }
  const QFontMetrics fm(font());
  int lx = r.left();
  i = 0;
  for (const ParameterShare& s : data_.shares) {
    const QString t = tr("%1 %2%").arg(s.part).arg(100.0 * static_cast<double>(s.params) / static_cast<double>(data_.totalParams), 0, 'f', 0);
    p.fillRect(QRect(lx, r.bottom() + 5, 10, 10), shareColor(i++));
    p.setPen(Qt::black);
    p.drawText(QPoint(lx + 13, r.bottom() + 4 + fm.ascent()), t);
    lx += 20 + fm.horizontalAdvance(t);
  }
  const QString total = tr("%1 in all (a base model's size: its memory)").arg(paramText(data_.totalParams));
  if (lx + fm.horizontalAdvance(total) < r.right()) p.drawText(QPoint(lx + 6, r.bottom() + 4 + fm.ascent()), total);
}

void ArchitectureMapView::paintStepper(QPainter& p, const QRect& r, const MapColumn& col) const {
  if (col.layers <= 0) return;
  // Each chip: the layer number, shaded by the residual norm after the layer.
  std::vector<double> norms(static_cast<std::size_t>(col.layers), -1);
  for (const MapBlock& b : col.blocks)
    if (b.stage == MapStage::AddNorm && b.layer >= 0 && b.norm >= 0) norms[static_cast<std::size_t>(b.layer)] = b.norm;
  const double mx = std::max(1e-9, *std::max_element(norms.begin(), norms.end()));
  const double chip = static_cast<double>(r.height()) / col.layers;
  for (int l = 0; l < col.layers; ++l) {
    const QRect c(r.x(), static_cast<int>(r.bottom() - (l + 1) * chip) + 1, r.width(), std::max(2, static_cast<int>(chip) - 2));
    const double v = norms[static_cast<std::size_t>(l)];
    p.setBrush(v >= 0 ? QColor(heatColor(v / mx)) : QColor(0xdd, 0xdd, 0xdd));
    p.setPen(l == std::min(layer_, col.layers - 1) ? QPen(Qt::black, 2) : QPen(QColor(0xaa, 0xaa, 0xaa)));
    p.drawRect(c);
    if (chip >= 12) {
      p.setPen(v >= 0 && v / mx > 0.55 ? Qt::white : Qt::black);
      p.drawText(c, Qt::AlignCenter, QString::number(l + 1));
    }
  }
}

void ArchitectureMapView::paintBlock(QPainter& p, const QRect& r, const MapBlock& b) const {
  p.setPen(QPen(QColor(0x66, 0x66, 0x66)));
  p.setBrush(stageColor(b.stage));
  p.drawRoundedRect(r, 5, 5);
  const QFontMetrics fm(font());
  const int textW = r.width() * 11 / 20;
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(Qt::black);
  const bool twoLines = r.height() >= 2 * fm.height() + 2;
  const QRect t = r.adjusted(6, 2, -(r.width() - textW), -2);
  p.drawText(twoLines ? QRect(t.x(), t.y(), t.width(), fm.height()) : t, Qt::AlignLeft | Qt::AlignVCenter,
             QFontMetrics(bold).elidedText(b.title, Qt::ElideRight, t.width()));
  p.setFont(font());
  if (twoLines) {
    QString line = b.sizes;
    if (b.params > 0) line = tr("%1 · %2").arg(b.sizes, paramText(b.params));
    p.setPen(QColor(0x33, 0x33, 0x33));
    p.drawText(QRect(t.x(), t.y() + fm.height(), t.width(), t.height() - fm.height()), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
               line);
  }
  paintMiniature(p, QRect(r.x() + textW, r.y() + 3, r.width() - textW - 6, r.height() - 6), b);
}

void ArchitectureMapView::paintMiniature(QPainter& p, const QRect& r, const MapBlock& b) const {
  const QFontMetrics fm(font());
  QRect area = r;
  if (b.norm >= 0) {
    const bool change = b.stage == MapStage::Attention || b.stage == MapStage::FeedForward;
    const QString t = change ? tr("wrote |Δ| %1").arg(b.norm, 0, 'f', 2) : tr("|x| %1").arg(b.norm, 0, 'f', 2);
    p.setPen(QColor(0x22, 0x22, 0x22));
    p.drawText(QRect(r.x(), r.y(), r.width(), fm.height()), Qt::AlignRight | Qt::AlignVCenter, t);
    area.setTop(r.y() + fm.height());
  }
  if (area.height() < 4) return;
  if (!b.strip.empty()) {
    float mx = 0;
    for (float v : b.strip) mx = std::max(mx, std::abs(v));
    const int n = static_cast<int>(b.strip.size());
    for (int px = 0; px < area.width(); ++px) {
      const int i = static_cast<int>(static_cast<long long>(px) * n / area.width());
      p.setPen(diverging(b.strip[static_cast<std::size_t>(i)], mx));
      p.drawLine(area.x() + px, area.y(), area.x() + px, area.bottom());
    }
  } else if (!b.heat.empty() && b.heatRows > 0 && b.heatCols > 0) {
    const double cw = static_cast<double>(area.width()) / b.heatCols, ch = static_cast<double>(area.height()) / b.heatRows;
    for (int h = 0; h < b.heatRows; ++h)
      for (int k = 0; k < b.heatCols; ++k)
        p.fillRect(QRectF(area.x() + k * cw, area.y() + h * ch, cw + 0.5, ch + 0.5),
                   QColor(heatColor(b.heat[static_cast<std::size_t>(h) * b.heatCols + k])));
  } else if (!b.topValues.empty()) {
    const int n = static_cast<int>(b.topValues.size());
    const bool chips = b.stage == MapStage::Sampling;
    if (chips) {
      p.setPen(Qt::black);
      p.drawText(area, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(b.value, Qt::ElideRight, area.width()));
      return;
    }
    // Tokens side by side, each with a bar as tall as its value (logits from the smallest shown).
    const float lo = b.stage == MapStage::Logits ? std::min(0.0f, b.topValues.back() - 1) : 0.0f;
    const float hi = std::max(b.topValues.front(), lo + 1e-6f);
    const double w = static_cast<double>(area.width()) / n;
    for (int i = 0; i < n; ++i) {
      const QRectF cell(area.x() + i * w, area.y(), w - 2, area.height());
      const double frac = (b.topValues[static_cast<std::size_t>(i)] - lo) / (hi - lo);
      const double barH = std::max(1.0, (cell.height() - fm.height()) * frac);
      p.fillRect(QRectF(cell.x(), cell.bottom() - fm.height() - barH, cell.width(), barH),
                 b.stage == MapStage::Logits ? QColor(0x8a, 0x6f, 0xc9) : QColor(0x3b, 0x82, 0xc4));
      p.setPen(Qt::black);
      p.drawText(QRectF(cell.x(), cell.bottom() - fm.height(), cell.width(), fm.height()), Qt::AlignCenter,
                 fm.elidedText(b.topTokens.value(i), Qt::ElideRight, static_cast<int>(cell.width())));
    }
  } else if (!b.value.isEmpty()) {
    p.setPen(Qt::black);
    p.drawText(area, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(b.value, Qt::ElideRight, area.width()));
  }
}

const ArchitectureMapView::Hit* ArchitectureMapView::hitAt(const QPoint& pos) const {
  for (const Hit& h : hits_)
    if (h.rect.contains(pos)) return &h;
  return nullptr;
}

void ArchitectureMapView::mousePressEvent(QMouseEvent* event) {
  setFocus();
  const Hit* h = hitAt(event->position().toPoint());
  if (!h) return;
  if (!h->block) {
    setLayer(h->layer);
    return;
  }
  emit stageActivated(h->block->stage, h->block->layer);
}

void ArchitectureMapView::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Up: case Qt::Key_PageUp: setLayer(layer_ + 1); break;
    case Qt::Key_Down: case Qt::Key_PageDown: setLayer(layer_ - 1); break;
    case Qt::Key_Home: setLayer(0); break;
    case Qt::Key_End: setLayer(data_.empty() ? 0 : data_.outputColumn().layers - 1); break;
    case Qt::Key_Left: setPosition(data_.position - 1); break;
    case Qt::Key_Right: setPosition(data_.position + 1); break;
    default: QWidget::keyPressEvent(event); return;
  }
}

bool ArchitectureMapView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    const auto* help = static_cast<QHelpEvent*>(event);
    const Hit* h = hitAt(help->pos());
    if (!h) QToolTip::hideText();
    else if (!h->block) QToolTip::showText(help->globalPos(), wrappedToolTip(tr("Layer %1: click to show it in the map (Up/Down step through the layers).").arg(h->layer + 1)), this);
    else QToolTip::showText(help->globalPos(), wrappedToolTip(explanation(*h->block, data_)), this);
    return true;
  }
  if (event->type() == QEvent::Resize) layout();
  return QWidget::event(event);
}

QString ArchitectureMapView::explanation(const MapBlock& b, const ArchitectureMapData& d) {
  (void)d;
  switch (b.stage) {
    case MapStage::Tokens: return tr("The text cut into tokens; the model only ever sees their ids. Click for the Tokens view.");
    case MapStage::Embedding: return tr("Each id picks one row of the embedding matrix: the token's starting vector, the same in every context. The strip is that row (red positive, blue negative).");
    case MapStage::Position: return tr("Attention by itself ignores word order; the position scheme puts it back (a learned vector added, or q and k rotated by position).");
    case MapStage::Attention: return tr("Each head compares this token's query with the keys of the tokens it may see and takes a weighted mix of their values. The miniature is this token's attention, one row per head. Click for the head's inside.");
    case MapStage::CrossAttention: return tr("The decoder's queries look at the encoder's output: this is where the input text reaches the output.");
    case MapStage::AddNorm: return tr("The sub-layer's output is added to the residual stream (the skip connection) and normalised; |x| is the stream's length after it.");
    case MapStage::FeedForward: return tr("Two linear maps with a non-linearity between them, applied to each token on its own: a widening to F neurons and back. The strip is the neurons' activations. Click for the feed-forward view.");
    case MapStage::FinalNorm: return tr("One last normalisation of the residual stream before it is read out.");
    case MapStage::Head: return tr("A linear map from the residual stream to one score per vocabulary token.");
    case MapStage::Logits: return tr("The raw scores (logits) of the most likely tokens, before the softmax. Click for logits, logits / T and the softmax side by side.");
    case MapStage::Softmax: return tr("exp(logit / T) normalised to sum to 1: the scores become probabilities. Temperature T flattens (T > 1) or sharpens (T < 1) them.");
    case MapStage::Sampling: return tr("One token is drawn from the probabilities (or the most likely taken) and appended to the text.");
    case MapStage::EncoderOutput: return tr("An encoder ends at its head: hidden states, a pooled vector or labels, not a next token.");
  }
  return {};
}

QString ArchitectureMapView::exportTitle() const {
  if (data_.live()) return tr("Architecture, token %1 “%2”, layer %3").arg(data_.position + 1).arg(data_.tokenText).arg(layer_ + 1);
  return tr("Architecture");
}

QString ArchitectureMapView::csvData() const {
  QString out = QStringLiteral("column,stage,layer,title,sizes,params,norm\n");
  for (const MapColumn& col : data_.columns)
    for (const MapBlock& b : col.blocks)
      out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n").arg(csvField(col.name), QString::fromLatin1(mapStageKey(b.stage)))
                 .arg(b.layer).arg(csvField(b.title), csvField(b.sizes)).arg(b.params).arg(b.norm >= 0 ? QString::number(b.norm) : QString());
  return out;
}

QJsonValue ArchitectureMapView::jsonData() const {
  QJsonObject o;
  o["model"] = data_.modelName;
  o["family"] = QString::fromLatin1(familyName(data_.family));
  o["parameters"] = static_cast<double>(data_.totalParams);
  QJsonArray shares;
  for (const ParameterShare& s : data_.shares) shares.append(QJsonObject{{"part", s.part}, {"parameters", static_cast<double>(s.params)}});
  o["shares"] = shares;
  if (data_.live()) {
    o["position"] = data_.position;
    o["token"] = data_.tokenText;
  }
  o["layer"] = layer_;
  QJsonArray columns;
  for (const MapColumn& col : data_.columns) {
    QJsonArray blocks;
    for (const MapBlock& b : col.blocks) {
      QJsonObject j{{"stage", QString::fromLatin1(mapStageKey(b.stage))}, {"layer", b.layer}, {"title", b.title},
                    {"sizes", b.sizes}, {"parameters", static_cast<double>(b.params)}};
      if (b.norm >= 0) j["norm"] = b.norm;
      if (!b.topTokens.isEmpty()) {
        QJsonArray top;
        for (int i = 0; i < b.topTokens.size(); ++i) top.append(QJsonObject{{"token", b.topTokens[i]}, {"value", b.topValues[static_cast<std::size_t>(i)]}});
        j["top"] = top;
      }
      blocks.append(j);
    }
    columns.append(QJsonObject{{"name", col.name}, {"layers", col.layers}, {"blocks", blocks}});
  }
  o["columns"] = columns;
  return o;
}

}  // namespace glassbox
