#include "next_token_chart.h"

#include <algorithm>
#include <cmath>

namespace glassbox {
namespace {

const QColor kGhost(176, 190, 214, 150);
const QColor kAdjusted(37, 99, 235);
const QColor kRemoved(110, 110, 110);
const QColor kActual(234, 88, 12);
const QColor kCumulative(16, 150, 100);
constexpr double kLogFloor = 1e-5;

void colourAxis(QCPAxis* axis, const QColor& c) {
  axis->setLabelColor(c);
  axis->setTickLabelColor(c);
  axis->setBasePen(QPen(c));
  axis->setTickPen(QPen(c));
  axis->setSubTickPen(QPen(c));
}

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
  buildCumulativePanel();

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
  actual_ = new QCPBars(xAxis, yAxis);
  actual_->setName(tr("what came next (▶)"));
  actual_->setPen(QPen(kActual, 2.2));
  actual_->setBrush(Qt::NoBrush);
  actual_->setWidth(0.9);
  cumulative_ = addGraph(cumRect_->axis(QCPAxis::atBottom), cumRect_->axis(QCPAxis::atLeft));
  cumulative_->setName(tr("cumulative p seen by top-p (upper panel)"));
  cumulative_->setPen(QPen(kCumulative, 2));
  cumulative_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));

  yAxis->setLabel(tr("probability"));
  yAxis2->setVisible(false);
  xAxis->setTickLabelRotation(55);
  xAxis->grid()->setVisible(false);
  xAxis->setSubTicks(false);
  xAxis->setTickLength(0, 4);
  connect(xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), cumRect_->axis(QCPAxis::atBottom),
          qOverload<const QCPRange&>(&QCPAxis::setRange));
  legend->setVisible(true);
  legend->setFont(QFont(font().family(), 9));
  legend->setBrush(QColor(255, 255, 255, 210));
  xAxis->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);

  connect(this, &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable* p, int index, QMouseEvent*) {
    if ((p == original_ || p == adjusted_) && index >= 0 && index < static_cast<int>(data_.bars.size()))
      emit barClicked(data_.bars[static_cast<std::size_t>(index)].id);
  });
  showEmptyState();
}

// Rows: title, summary, the cumulative panel, the bars (the default axis rect).
void NextTokenChart::buildCumulativePanel() {
  plotLayout()->insertRow(2);
  cumRect_ = new QCPAxisRect(this);
  plotLayout()->addElement(2, 0, cumRect_);
  plotLayout()->setRowStretchFactor(2, 0.3);
  plotLayout()->setRowStretchFactor(3, 1.0);
  plotLayout()->setRowSpacing(2);
  auto* margins = new QCPMarginGroup(this);
  cumRect_->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
  xAxis->axisRect()->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
  cumRect_->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msTop);
  cumRect_->setMargins(QMargins(0, 0, 0, 4));
  for (QCPAxis* a : cumRect_->axes()) a->grid()->setVisible(false);
  QCPAxis* cumX = cumRect_->axis(QCPAxis::atBottom);
  QCPAxis* cumY = cumRect_->axis(QCPAxis::atLeft);
  cumX->setTickLabels(false);
  cumX->setTicks(false);
  cumY->setRange(0, 1.05);
  cumY->setLabel(tr("cumulative p"));
  cumY->grid()->setVisible(true);
  cumY->setTicker(QSharedPointer<QCPAxisTickerFixed>::create());
  cumY->ticker().dynamicCast<QCPAxisTickerFixed>()->setTickStep(0.5);
  colourAxis(cumY, kCumulative);

}

void NextTokenChart::setHintShown(bool shown) {
  hintShown_ = shown;
  if (data_.empty()) return;
  showTexts();
  replot(QCustomPlot::rpImmediateRefresh);
}

void NextTokenChart::resizeEvent(QResizeEvent* event) {
  QCustomPlot::resizeEvent(event);
  if (!data_.empty()) showTexts();
}

// QCPTextElement draws one line per '\n': the title is broken into lines that fit the chart's width.
void NextTokenChart::showTexts() {
  const QFontMetrics fm(title_->font());
  const int width = std::max(120, this->width() - 24);
  QString title, line;
  for (const QString& word : data_.title.split(QLatin1Char(' '))) {
    const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
    if (!line.isEmpty() && fm.horizontalAdvance(longer) > width) {
      title += line + QLatin1Char('\n');
      line = word;
    } else {
      line = longer;
    }
  }
  title_->setText(title + line);
  summary_->setText(hintShown_ && !data_.hint.isEmpty() ? tr("%1\n%2").arg(summaryText_, data_.hint) : summaryText_);
}

void NextTokenChart::showEmptyState() {
  title_->setText(tr("Next token"));
  summary_->setText(emptyMessage_.isEmpty() ? tr("Type a prompt: the bars show what the model expects to come next.") : emptyMessage_);
  xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
  xAxis->setRange(0, 1);
  yAxis->setRange(0, 1);
  legend->setVisible(false);
  cutText_.clear();
  replot(QCustomPlot::rpQueuedReplot);
}

void NextTokenChart::setData(const NextTokenData& data, bool logScale) {
  data_ = data;
  logScale_ = logScale;
  clearItems();
  cutText_.clear();
  QVector<double> xs, orig, adj, cum, actualX, actualY;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  const double floor = logScale ? kLogFloor : 0.0;
  for (std::size_t i = 0; i < data.bars.size(); ++i) {
    const auto& b = data.bars[i];
    const double x = static_cast<double>(i + 1);
    xs << x;
    orig << std::max<double>(b.original, floor);
    adj << (b.removedBy.isEmpty() ? std::max<double>(b.adjusted, floor) : floor);
    cum << data.cumulative[i];
    if (b.actual) {
      actualX << x;
      actualY << std::max<double>(b.original, floor);
    }
    QString label = b.label;
    if (label.size() > 14) label = label.left(13) + QChar(0x2026);
    ticker->addTick(x, b.actual ? QStringLiteral("▶ ") + label : label);
  }
  original_->setData(xs, orig, true);
  adjusted_->setData(xs, adj, true);
  actual_->setData(actualX, actualY, true);
  cumulative_->setData(xs, cum, true);
  xAxis->setTicker(ticker);
  xAxis->setRange(0.3, std::max<double>(1.0, static_cast<double>(data.bars.size())) + 0.7);
  xAxis->setTickLabelRotation(data.bars.size() > 12 ? 60 : 0);

  if (logScale) {
    yAxis->setScaleType(QCPAxis::stLogarithmic);
    yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    yAxis->setRange(kLogFloor, 1.5);
  } else {
    yAxis->setScaleType(QCPAxis::stLinear);
    yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    double top = 0.05;
    for (const auto& b : data.bars) top = std::max({top, static_cast<double>(b.original), static_cast<double>(b.adjusted)});
    yAxis->setRange(0, std::min(1.0, top * 1.18));
  }
  for (QCPBars* bars : {original_, adjusted_, actual_}) bars->setBaseValue(floor);

  if (data.empty()) {
    showEmptyState();
    return;
  }
  legend->setVisible(true);
  if (actualX.isEmpty()) actual_->removeFromLegend();  // the token that came next is not among the bars
  else actual_->addToLegend();
  QString summary = tr("entropy %1 nats (untouched %2)   ·   %3 of %4 tokens survive the chain")
                        .arg(data.entropyFinal, 0, 'f', 2)
                        .arg(data.entropyOriginal, 0, 'f', 2)
                        .arg(data.survivors)
                        .arg(data.vocabSize);
  if (data.actualId >= 0)
    summary = tr("%1\nwhat came next: “%2”, rank %3, p = %4 %")
                  .arg(summary, data.actualLabel)
                  .arg(data.actualRank + 1)
                  .arg(data.actualProbability * 100.0, 0, 'f', 2);
  summaryText_ = summary;
  showTexts();
  drawRemovedLabels();
  drawTopP();
  replot(QCustomPlot::rpQueuedReplot);
}

// The stage that removed a token, written upwards from the base of its (ghost) bar.
void NextTokenChart::drawRemovedLabels() {
  for (std::size_t i = 0; i < data_.bars.size(); ++i) {
    const auto& b = data_.bars[i];
    if (b.removedBy.isEmpty()) continue;
    auto* text = new QCPItemText(this);
    text->setClipAxisRect(xAxis->axisRect());  // items clip to the first rect by default: the cumulative panel
    text->setClipToAxisRect(true);
    text->position->setAxes(xAxis, yAxis);
    text->position->setType(QCPItemPosition::ptPlotCoords);
    text->position->setCoords(static_cast<double>(i + 1), logScale_ ? kLogFloor : 0.0);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    text->setRotation(-90);
    text->setPadding(QMargins(4, 0, 0, 0));
    text->setFont(QFont(font().family(), 8));
    text->setText(b.removedBy);
    text->setColor(kRemoved);
  }
}

// The top-p threshold across the cumulative panel and where it cuts the ranking.
void NextTokenChart::drawTopP() {
  if (data_.topP >= 1.0f || data_.topPKept < 0) return;
  QCPAxis* cx = cumRect_->axis(QCPAxis::atBottom);
  QCPAxis* cy = cumRect_->axis(QCPAxis::atLeft);
  auto* line = new QCPItemStraightLine(this);
  line->setClipAxisRect(cumRect_);
  for (QCPItemPosition* p : {line->point1, line->point2}) p->setAxes(cx, cy);
  line->point1->setCoords(0, data_.topP);
  line->point2->setCoords(1, data_.topP);
  line->setPen(QPen(kCumulative, 1.2, Qt::DashLine));

  const int kept = data_.topPKept, shown = static_cast<int>(data_.bars.size());
  auto* label = new QCPItemText(this);
  label->setClipAxisRect(cumRect_);
  label->setClipToAxisRect(true);
  label->position->setAxisRect(cumRect_);
  label->position->setType(QCPItemPosition::ptAxisRectRatio);
  label->setBrush(QColor(255, 255, 255, 220));
  label->setColor(kCumulative);
  label->setFont(QFont(font().family(), 9, QFont::Bold));
  if (kept <= shown) {
    cutText_ = tr("top-p = %1 keeps %n token(s)", "", kept).arg(data_.topP, 0, 'f', 2);
    for (QCPAxisRect* rect : {cumRect_, xAxis->axisRect()}) {  // after the last kept bar, through both panels
      auto* cut = new QCPItemStraightLine(this);
      cut->setClipAxisRect(rect);
      for (QCPItemPosition* p : {cut->point1, cut->point2}) p->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
      cut->point1->setCoords(kept + 0.5, 0);
      cut->point2->setCoords(kept + 0.5, 1);
      cut->setPen(QPen(kCumulative, 1.5, Qt::DashLine));
    }
    label->position->setType(QCPItemPosition::ptPlotCoords);
    label->position->setAxes(cx, cy);
    label->position->setCoords(kept + 0.6, 0.05);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
  } else {
    cutText_ = tr("top-p = %1 keeps %n token(s): the cut is beyond the %2 bars shown →", "", kept)
                   .arg(data_.topP, 0, 'f', 2).arg(shown);
    label->position->setCoords(0.995, 0.95);
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
  }
  label->setText(cutText_);
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
