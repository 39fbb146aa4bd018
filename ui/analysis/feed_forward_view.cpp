#include "feed_forward_view.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis_export.h"
#include "core/error.h"
#include "models/logit_lens.h"
#include "models/model.h"
#include "models/trace.h"
#include "tool_tip.h"

namespace glassbox {
namespace {

std::vector<float> slice(const std::vector<float>& all, std::size_t at, std::size_t n) {
  if (at + n > all.size()) return {};
  return {all.begin() + static_cast<std::ptrdiff_t>(at), all.begin() + static_cast<std::ptrdiff_t>(at + n)};
}

double distance(std::span<const float> a, std::span<const float> b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) s += (static_cast<double>(a[i]) - b[i]) * (a[i] - b[i]);
  return std::sqrt(s);
}

QColor diverging(float v, float scale) {
  const double t = scale > 0 ? std::clamp(static_cast<double>(v) / scale, -1.0, 1.0) : 0.0;
  const int a = static_cast<int>(255 * (1 - std::abs(t)));
  return t >= 0 ? QColor(255, a, a) : QColor(a, a, 255);
}

}  // namespace

FeedForwardData feedForwardData(const Model& model, const Trace& trace, const QStringList& tokens, int layer, int position,
                                int neuron, const std::function<QString(int)>& tokenText, int top) {
  const TraceStack& s = trace.output();
  if (s.mlpActivations.empty() || s.mlpWidth <= 0)
    throw Error("the trace has no feed-forward activations (hint: run the forward with kTraceMlp)");
  FeedForwardData d;
  d.numLayers = s.numLayers;
  d.numTokens = s.numTokens;
  d.width = s.mlpWidth;
  d.layer = std::clamp(layer, 0, s.numLayers - 1);
  d.position = std::clamp(position < 0 ? s.numTokens - 1 : position, 0, s.numTokens - 1);
  d.tokens = tokens;
  const std::size_t T = static_cast<std::size_t>(s.numTokens), F = static_cast<std::size_t>(s.mlpWidth);
  d.activations = slice(s.mlpActivations, static_cast<std::size_t>(d.layer) * T * F, T * F);
  d.gated = !s.mlpGate.empty();
  if (d.gated) {
    d.gate = slice(s.mlpGate, static_cast<std::size_t>(d.layer) * T * F, T * F);
    d.up = slice(s.mlpUp, static_cast<std::size_t>(d.layer) * T * F, T * F);
  }
  std::vector<int> order(F);
  std::iota(order.begin(), order.end(), 0);
  const float* row = d.activations.data() + static_cast<std::size_t>(d.position) * F;
  const int n = std::min<int>(top, static_cast<int>(F));
  std::partial_sort(order.begin(), order.begin() + n, order.end(), [&](int a, int b) { return std::abs(row[a]) > std::abs(row[b]); });
  for (int i = 0; i < n; ++i) d.topNeurons.push_back({order[static_cast<std::size_t>(i)], row[order[static_cast<std::size_t>(i)]]});
  d.neuron = neuron >= 0 && neuron < static_cast<int>(F) ? neuron : d.topNeurons.front().neuron;
  for (std::size_t t = 0; t < T; ++t) d.neuronOverTokens.push_back(d.activations[t * F + static_cast<std::size_t>(d.neuron)]);
  if (model.hasVocabularyHead()) {
    const std::vector<float> effect = neuronVocabularyEffect(model, d.layer, d.neuron);
    std::vector<int> ids(effect.size());
    std::iota(ids.begin(), ids.end(), 0);
    const int k = std::min<int>(5, static_cast<int>(ids.size()) / 2);
    std::partial_sort(ids.begin(), ids.begin() + k, ids.end(), [&](int a, int b) { return effect[a] > effect[b]; });
    for (int i = 0; i < k; ++i) d.promotes.push_back({tokenText(ids[i]), effect[ids[i]]});
    std::partial_sort(ids.begin(), ids.begin() + k, ids.end(), [&](int a, int b) { return effect[a] < effect[b]; });
    for (int i = 0; i < k; ++i) d.suppresses.push_back({tokenText(ids[i]), effect[ids[i]]});
  }
  if (!s.attentionResidual.empty())
    for (int l = 0; l < s.numLayers; ++l) {
      d.attentionChange.push_back(distance(s.attentionResidualAt(l, d.position), s.residualAt(l, d.position)));
      d.ffnChange.push_back(distance(s.residualAt(l + 1, d.position), s.attentionResidualAt(l, d.position)));
    }
  return d;
}

FeedForwardView::FeedForwardView(QWidget* parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setAutoFillBackground(true);
  setPalette([] { QPalette p; p.setColor(QPalette::Window, Qt::white); return p; }());
  setToolTip(wrappedToolTip(tr("The feed-forward network widens each token's vector to F neurons, applies the activation, "
                               "and projects back. Each neuron's output weights push some tokens up and others down. "
                               "Up/Down: layer; Left/Right: token; click the heatmap to pick a token and a neuron.")));
}

void FeedForwardView::setTrace(std::shared_ptr<const Model> model, std::shared_ptr<const Trace> trace, QStringList tokens,
                               std::function<QString(int)> tokenText) {
  model_ = std::move(model);
  trace_ = std::move(trace);
  tokens_ = std::move(tokens);
  tokenText_ = std::move(tokenText);
  const int n = trace_ && !trace_->stacks.empty() ? trace_->output().numTokens : 0;
  if (position_ >= n) position_ = -1;
  recompute();
}

void FeedForwardView::setLayer(int layer) {
  if (layer == layer_ || layer < 0 || (trace_ && !trace_->stacks.empty() && layer >= trace_->output().numLayers)) return;
  layer_ = layer;
  neuron_ = -1;
  recompute();
  emit layerChanged(layer);
}

void FeedForwardView::setPosition(int position) {
  if (position == position_ || position < 0 || position >= data_.numTokens) return;
  position_ = position;
  neuron_ = -1;
  recompute();
}

void FeedForwardView::setNeuron(int neuron) {
  neuron_ = neuron;
  recompute();
}

void FeedForwardView::recompute() {
  error_.clear();
  data_ = {};
  if (model_ && trace_ && !trace_->stacks.empty() && tokenText_) {
    try {
      data_ = feedForwardData(*model_, *trace_, tokens_, layer_, position_, neuron_, tokenText_);
    } catch (const std::exception& e) {
      error_ = QString::fromStdString(e.what());
    }
  }
  update();
}

QRect FeedForwardView::heatRect() const {
  const QFontMetrics fm(font());
  return {8 + 90, 10 + 3 * fm.height(), std::max(40, width() * 3 / 5 - 98), std::max(40, height() * 2 / 5)};
}

void FeedForwardView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QFontMetrics fm(font());
  if (data_.empty()) {
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, error_.isEmpty() ? tr("Type a prompt: the feed-forward network of each layer appears here.") : error_);
    return;
  }
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  const int lh = fm.height();
  p.drawText(QRect(8, 4, width() - 16, lh), Qt::AlignLeft, fm.elidedText(exportTitle(), Qt::ElideRight, width() - 16));
  p.setFont(font());
  p.drawText(QRect(8, 4 + lh, width() - 16, lh), Qt::AlignLeft,
             tr("Activations [%1 tokens × %2 neurons]: red positive, blue negative. The outlined row is the selected token.")
                 .arg(data_.numTokens).arg(data_.width));
  const QRect h = heatRect();
  float mx = 1e-9f;
  for (float v : data_.activations) mx = std::max(mx, std::abs(v));
  const double rowH = static_cast<double>(h.height()) / data_.numTokens;
  for (int t = 0; t < data_.numTokens; ++t) {
    for (int px = 0; px < h.width(); ++px) {
      const int f = static_cast<int>(static_cast<long long>(px) * data_.width / h.width());
      p.setPen(diverging(data_.activations[static_cast<std::size_t>(t) * data_.width + f], mx));
      p.drawLine(QLineF(h.x() + px, h.y() + t * rowH, h.x() + px, h.y() + (t + 1) * rowH - 0.5));
    }
    if (rowH >= lh * 0.8)
      p.setPen(Qt::black), p.drawText(QRectF(8, h.y() + t * rowH, 86, rowH), Qt::AlignRight | Qt::AlignVCenter,
                                      fm.elidedText(data_.tokens.value(t), Qt::ElideRight, 86));
  }
  p.setPen(QPen(Qt::black, 2));
  p.setBrush(Qt::NoBrush);
  p.drawRect(QRectF(h.x(), h.y() + data_.position * rowH, h.width(), rowH));
  const double nx = h.x() + (data_.neuron + 0.5) * h.width() / data_.width;
  p.setPen(QPen(QColor(0x22, 0x22, 0x22), 1, Qt::DashLine));
  p.drawLine(QPointF(nx, h.top()), QPointF(nx, h.bottom()));
  // The selected token's most active neurons.
  int x = h.right() + 16, y = h.y();
  p.setPen(Qt::black);
  p.setFont(bold);
  p.drawText(QPoint(x, y + fm.ascent()), tr("Most active for “%1”").arg(data_.tokens.value(data_.position)));
  p.setFont(font());
  for (const NeuronValue& n : data_.topNeurons) {
    y += lh;
    QString line = tr("neuron %1: %2").arg(n.neuron).arg(n.value, 0, 'f', 3);
    if (data_.gated) {
      const std::size_t at = static_cast<std::size_t>(data_.position) * data_.width + n.neuron;
      line = tr("neuron %1: %2 = gate %3 × up %4").arg(n.neuron).arg(n.value, 0, 'f', 2).arg(data_.gate[at], 0, 'f', 2).arg(data_.up[at], 0, 'f', 2);
    }
    if (n.neuron == data_.neuron) line.prepend(QStringLiteral("▶ "));
    p.drawText(QPoint(x, y + fm.ascent()), fm.elidedText(line, Qt::ElideRight, width() - x - 8));
  }
  // The chosen neuron over the prompt, and what it writes into the vocabulary.
  y = h.bottom() + lh;
  p.setFont(bold);
  p.drawText(QPoint(8, y + fm.ascent()), tr("Neuron %1 over the prompt").arg(data_.neuron));
  p.setFont(font());
  const QRect bars(8, y + lh + 2, width() / 2 - 16, std::max(3 * lh, height() / 5));
  float nmx = 1e-9f;
  for (float v : data_.neuronOverTokens) nmx = std::max(nmx, std::abs(v));
  const double bw = static_cast<double>(bars.width()) / data_.numTokens;
  const int mid = bars.center().y();
  p.setPen(QColor(0x99, 0x99, 0x99));
  p.drawLine(bars.left(), mid, bars.right(), mid);
  for (int t = 0; t < data_.numTokens; ++t) {
    const float v = data_.neuronOverTokens[static_cast<std::size_t>(t)];
    const double hgt = (bars.height() / 2.0 - 1) * std::abs(v) / nmx;
    p.fillRect(QRectF(bars.x() + t * bw + 1, v >= 0 ? mid - hgt : mid, std::max(1.0, bw - 2), hgt),
               t == data_.position ? QColor(0x20, 0x20, 0x20) : (v >= 0 ? QColor(0xd6, 0x4b, 0x4b) : QColor(0x4b, 0x6b, 0xd6)));
  }
  x = width() / 2 + 8;
  p.setPen(Qt::black);
  p.setFont(bold);
  p.drawText(QPoint(x, y + fm.ascent()), tr("Its output pushes up / down"));
  p.setFont(font());
  for (std::size_t i = 0; i < std::max(data_.promotes.size(), data_.suppresses.size()); ++i) {
    const int ly = y + static_cast<int>(i + 1) * lh + fm.ascent();
    if (i < data_.promotes.size())
      p.drawText(QPoint(x, ly), fm.elidedText(tr("↑ %1 (%2)").arg(data_.promotes[i].token).arg(data_.promotes[i].score, 0, 'f', 2), Qt::ElideRight, width() / 4 - 8));
    if (i < data_.suppresses.size())
      p.drawText(QPoint(x + width() / 4, ly), fm.elidedText(tr("↓ %1 (%2)").arg(data_.suppresses[i].token).arg(data_.suppresses[i].score, 0, 'f', 2), Qt::ElideRight, width() / 4 - 16));
  }
  // Per layer: how much attention and the FFN changed the selected token's residual stream.
  if (data_.attentionChange.empty()) return;
  y = bars.bottom() + lh;
  p.setFont(bold);
  p.drawText(QPoint(8, y + fm.ascent()), tr("What each layer wrote into “%1”: attention (orange) and feed-forward (green), |Δ residual|")
                                              .arg(data_.tokens.value(data_.position)));
  p.setFont(font());
  const QRect chart(8, y + lh + 2, width() - 16, std::max(2 * lh, height() - y - 2 * lh - 8));
  double cmx = 1e-9;
  for (std::size_t l = 0; l < data_.attentionChange.size(); ++l) cmx = std::max({cmx, data_.attentionChange[l], data_.ffnChange[l]});
  const double gw = static_cast<double>(chart.width()) / data_.numLayers;
  for (int l = 0; l < data_.numLayers; ++l) {
    const double a = (chart.height() - lh) * data_.attentionChange[static_cast<std::size_t>(l)] / cmx;
    const double f = (chart.height() - lh) * data_.ffnChange[static_cast<std::size_t>(l)] / cmx;
    const double gx = chart.x() + l * gw;
    p.fillRect(QRectF(gx + 2, chart.bottom() - lh - a, gw / 2 - 3, a), QColor(0xf0, 0x9a, 0x4a));
    p.fillRect(QRectF(gx + gw / 2, chart.bottom() - lh - f, gw / 2 - 3, f), QColor(0x5c, 0xb8, 0x6a));
    p.setPen(l == data_.layer ? Qt::black : QColor(0x66, 0x66, 0x66));
    p.drawText(QRectF(gx, chart.bottom() - lh, gw, lh), Qt::AlignCenter, QString::number(l + 1));
  }
}

void FeedForwardView::keyPressEvent(QKeyEvent* event) {
  switch (event->key()) {
    case Qt::Key_Up: setLayer(layer_ + 1); break;
    case Qt::Key_Down: setLayer(layer_ - 1); break;
    case Qt::Key_Left: setPosition(data_.position - 1); break;
    case Qt::Key_Right: setPosition(data_.position + 1); break;
    default: QWidget::keyPressEvent(event); return;
  }
}

void FeedForwardView::mousePressEvent(QMouseEvent* event) {
  setFocus();
  const QRect h = heatRect();
  const QPoint pos = event->position().toPoint();
  if (data_.empty() || !h.contains(pos)) return;
  const int t = std::clamp((pos.y() - h.y()) * data_.numTokens / std::max(1, h.height()), 0, data_.numTokens - 1);
  const int f = std::clamp((pos.x() - h.x()) * data_.width / std::max(1, h.width()), 0, data_.width - 1);
  position_ = t;
  neuron_ = f;
  recompute();
}

QString FeedForwardView::exportTitle() const {
  if (data_.empty()) return tr("Feed-forward network");
  return tr("Feed-forward network, layer %1 of %2, token %3 “%4”, neuron %5")
      .arg(data_.layer + 1).arg(data_.numLayers).arg(data_.position + 1).arg(data_.tokens.value(data_.position)).arg(data_.neuron);
}

QString FeedForwardView::csvData() const {
  QString out = QStringLiteral("token_index,token");
  for (int f = 0; f < data_.width; ++f) out += QStringLiteral(",n%1").arg(f);
  out += QLatin1Char('\n');
  for (int t = 0; t < data_.numTokens; ++t) {
    out += QStringLiteral("%1,%2").arg(t).arg(csvField(data_.tokens.value(t)));
    for (int f = 0; f < data_.width; ++f) out += QLatin1Char(',') + QString::number(data_.activations[static_cast<std::size_t>(t) * data_.width + f], 'g', 7);
    out += QLatin1Char('\n');
  }
  return out;
}

QJsonValue FeedForwardView::jsonData() const {
  QJsonObject o{{"layer", data_.layer}, {"position", data_.position}, {"neuron", data_.neuron}, {"width", data_.width},
                {"gated", data_.gated}};
  QJsonArray top, promotes, suppresses, att, ffn, over;
  for (const NeuronValue& n : data_.topNeurons) top.append(QJsonObject{{"neuron", n.neuron}, {"activation", n.value}});
  for (const TokenScore& s : data_.promotes) promotes.append(QJsonObject{{"token", s.token}, {"score", s.score}});
  for (const TokenScore& s : data_.suppresses) suppresses.append(QJsonObject{{"token", s.token}, {"score", s.score}});
  for (double v : data_.attentionChange) att.append(v);
  for (double v : data_.ffnChange) ffn.append(v);
  for (float v : data_.neuronOverTokens) over.append(v);
  o["top_neurons"] = top;
  o["promotes"] = promotes;
  o["suppresses"] = suppresses;
  o["attention_change"] = att;
  o["ffn_change"] = ffn;
  o["neuron_over_tokens"] = over;
  return o;
}

}  // namespace glassbox
