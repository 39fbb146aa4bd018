#include "next_token_chart.h"

#include <algorithm>
#include <cmath>

namespace glassbox {
namespace {

const QColor kGhost(176, 190, 214, 150);
const QColor kAdjusted(37, 99, 235);
const QColor kRemoved(150, 150, 150);
const QColor kActual(234, 88, 12);
const QColor kCumulative(16, 150, 100);
constexpr double kLogFloor = 1e-5;

}  // namespace

NextTokenChart::NextTokenChart(QWidget* parent) : QCustomPlot(parent) {
  setMinimumSize(360, 260);
  setNoAntialiasingOnDrag(true);
  plotLayout()->insertRow(0);
  title_ = new QCPTextElement(this, QString(), QFont(font().family(), 12, QFont::Bold));
  plotLayout()->addElement(0, 0, title_);
  plotLayout()->insertRow(1);
  summary_ = new QCPTextElement(this, QString(), QFont(font().family(), 10));
  plotLayout()->addElement(1, 0, summary_);

  original_ = new QCPBars(xAxis, yAxis);
  original_->setName(tr("untouched softmax (T = 1)"));
  original_->setPen(Qt::NoPen);
  original_->setBrush(kGhost);
  original_->setWidth(0.82);
  adjusted_ = new QCPBars(xAxis, yAxis);
  adjusted_->setName(tr("after the sampler chain"));
  adjusted_->setPen(Qt::NoPen);
  adjusted_->setBrush(kAdjusted);
  adjusted_->setWidth(0.5);
  cumulative_ = addGraph(xAxis, yAxis2);
  cumulative_->setName(tr("cumulative p seen by top-p"));
  cumulative_->setPen(QPen(kCumulative, 2));
  cumulative_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));

  yAxis->setLabel(tr("probability"));
  yAxis2->setVisible(true);
  yAxis2->setLabel(tr("cumulative"));
  yAxis2->setRange(0, 1.05);
  xAxis->setTickLabelRotation(55);
  xAxis->grid()->setVisible(false);
  xAxis->setSubTicks(false);
  xAxis->setTickLength(0, 4);
  legend->setVisible(true);
  legend->setFont(QFont(font().family(), 9));
  legend->setBrush(QColor(255, 255, 255, 210));
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

  connect(this, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable* p, int index, QMouseEvent*) {
    if ((p == original_ || p == adjusted_) && index >= 0 && index < static_cast<int>(data_.bars.size()))
      emit barClicked(data_.bars[static_cast<std::size_t>(index)].id);
  });
  showEmptyState();
}

void NextTokenChart::showEmptyState() {
  title_->setText(tr("Next token"));
  summary_->setText(tr("Type a prompt: the bars show what the model expects to come next."));
  xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  xAxis->setRange(0, 1);
  yAxis->setRange(0, 1);
  legend->setVisible(false);
  replot(QCustomPlot::rpQueuedReplot);
}

void NextTokenChart::clearItemsAndText() { clearItems(); }

void NextTokenChart::setData(const NextTokenData& data, bool logScale) {
  data_ = data;
  logScale_ = logScale;
  clearItemsAndText();
  QVector<double> xs, orig, adj, cum;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  const double floor = logScale ? kLogFloor : 0.0;
  for (std::size_t i = 0; i < data.bars.size(); ++i) {
    const auto& b = data.bars[i];
    const double x = static_cast<double>(i + 1);
    xs << x;
    orig << std::max<double>(b.original, floor);
    adj << (b.removedBy.isEmpty() ? std::max<double>(b.adjusted, floor) : floor);
    cum << data.cumulative[i];
    QString label = b.label;
    if (label.size() > 14) label = label.left(13) + QChar(0x2026);
    ticker->addTick(x, b.actual ? QStringLiteral("▶ ") + label : label);
  }
  original_->setData(xs, orig, true);
  adjusted_->setData(xs, adj, true);
  cumulative_->setData(xs, cum, true);
  xAxis->setTicker(ticker);
  xAxis->setRange(0.3, std::max<double>(1.0, static_cast<double>(data.bars.size())) + 0.7);
  xAxis->setTickLabelRotation(data.bars.size() > 12 ? 60 : 0);

  if (logScale) {
    yAxis->setScaleType(QCPAxis::stLogarithmic);
    yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    yAxis->setRange(kLogFloor, 1.5);
    original_->setBaseValue(kLogFloor);
    adjusted_->setBaseValue(kLogFloor);
  } else {
    yAxis->setScaleType(QCPAxis::stLinear);
    yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    double top = 0.05;
    for (const auto& b : data.bars) top = std::max({top, static_cast<double>(b.original), static_cast<double>(b.adjusted)});
    yAxis->setRange(0, std::min(1.0, top * 1.18));
    original_->setBaseValue(0);
    adjusted_->setBaseValue(0);
  }

  if (data.empty()) {
    showEmptyState();
    return;
  }
  legend->setVisible(true);
  title_->setText(data.title);
  QString summary = tr("entropy %1 nats (untouched %2)   ·   %3 of %4 tokens survive the chain")
                        .arg(data.entropyFinal, 0, 'f', 2)
                        .arg(data.entropyOriginal, 0, 'f', 2)
                        .arg(data.survivors)
                        .arg(data.vocabSize);
  if (data.actualId >= 0)
    summary += tr("\nwhat came next: “%1”, rank %2, p = %3%")
                   .arg(data.actualLabel)
                   .arg(data.actualRank + 1)
                   .arg(data.actualProbability * 100.0, 0, 'f', 2);
  summary_->setText(summary);
  drawRemovedLabels();
  drawThreshold();
  replot(QCustomPlot::rpQueuedReplot);
}

void NextTokenChart::drawRemovedLabels() {
  for (std::size_t i = 0; i < data_.bars.size(); ++i) {
    const auto& b = data_.bars[i];
    if (b.removedBy.isEmpty() && !b.actual) continue;
    auto* text = new QCPItemText(this);
    text->setClipToAxisRect(true);
    text->position->setType(QCPItemPosition::ptPlotCoords);
    const double y = logScale_ ? std::max<double>(b.original, kLogFloor) : b.original;
    text->position->setCoords(static_cast<double>(i + 1), y);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    text->setRotation(-90);
    text->setPadding(QMargins(3, 0, 0, 0));
    text->setFont(QFont(font().family(), 8));
    if (b.removedBy.isEmpty()) {
      text->setText(tr("came next"));
      text->setColor(kActual);
    } else {
      text->setText(b.removedBy);
      text->setColor(kRemoved);
    }
  }
}

void NextTokenChart::drawThreshold() {
  if (data_.topP >= 1.0f) return;
  auto* line = new QCPItemStraightLine(this);
  line->point1->setAxes(xAxis, yAxis2);
  line->point2->setAxes(xAxis, yAxis2);
  line->point1->setCoords(0, data_.topP);
  line->point2->setCoords(1, data_.topP);
  line->setPen(QPen(kCumulative, 1.2, Qt::DashLine));
  auto* label = new QCPItemText(this);
  label->position->setAxes(xAxis, yAxis2);
  // Left end of the line: the legend sits at the top right.
  label->position->setCoords(xAxis->range().lower, data_.topP);
  label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  label->setBrush(QColor(255, 255, 255, 200));
  label->setText(tr("top-p = %1").arg(data_.topP, 0, 'f', 2));
  label->setColor(kCumulative);
  label->setFont(QFont(font().family(), 9));
}

std::vector<double> NextTokenChart::adjustedHeights() const {
  std::vector<double> v;
  const double floor = logScale_ ? kLogFloor : 0.0;
  for (auto it = adjusted_->data()->constBegin(); it != adjusted_->data()->constEnd(); ++it)
    v.push_back(it->value <= floor ? 0.0 : it->value);
  return v;
}

std::vector<double> NextTokenChart::originalHeights() const {
  std::vector<double> v;
  for (auto it = original_->data()->constBegin(); it != original_->data()->constEnd(); ++it) v.push_back(it->value);
  return v;
}

}  // namespace glassbox
