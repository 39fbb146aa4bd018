#include "positions_view.h"

#include <QResizeEvent>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "analysis/positional.h"
#include "analysis/similarity.h"
#include "analysis_export.h"
#include "heat_colors.h"
#include "models/model.h"

namespace glassbox {
namespace {

constexpr int kSinusoidalChannelsWithoutModel = 128;

QFont titleFont(const QCustomPlot* plot) { return QFont(plot->font().family(), 9, QFont::Bold); }

// QCustomPlot draws a title on one line: break it into lines that fit the plot's width, in pixels of
// the title's own font.
QString wrapTitle(const QString& title, const QCustomPlot* plot) {
  const QFontMetrics fm(titleFont(plot));
  const int width = std::max(80, plot->width() - 110);  // the title sits over the axes' column, not the colour scale
  QString out, line;
  for (const QString& word : title.split(QLatin1Char(' '))) {
    const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
    if (!line.isEmpty() && fm.horizontalAdvance(longer) > width) {
      out += line + QLatin1Char('\n');
      line = word;
    } else {
      line = longer;
    }
  }
  return out + line;
}

void resetPlot(QCustomPlot* plot, const QString& title) {
  plot->clearPlottables();
  plot->clearItems();
  plot->plotLayout()->clear();
  auto* rect = new QCPAxisRect(plot);
  plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, wrapTitle(title, plot), titleFont(plot)));
  plot->plotLayout()->addElement(1, 0, rect);
  plot->setCurrentLayer("main");
  for (QCPAxis* a : rect->axes()) a->grid()->setVisible(false);
}

// A heatmap of m [rows][cols] with rows on y (0 at top) and cols on x, plus a colour scale.
void drawMatrix(QCustomPlot* plot, const DenseMatrix& m, const QString& xLabel, const QString& yLabel,
                const QCPColorGradient& gradient, QCPRange range, const QString& scaleLabel) {
  QCPAxisRect* rect = plot->axisRect();
  auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  map->setInterpolate(false);
  map->setTightBoundary(true);
  map->data()->setSize(std::max(1, m.cols), std::max(1, m.rows));
  map->data()->setRange(QCPRange(0, std::max(1, m.cols - 1)), QCPRange(0, std::max(1, m.rows - 1)));
  for (int r = 0; r < m.rows; ++r)
    for (int c = 0; c < m.cols; ++c) map->data()->setCell(c, r, m.at(r, c));
  auto* scale = new QCPColorScale(plot);
  plot->plotLayout()->addElement(1, 1, scale);
  scale->setType(QCPAxis::atRight);
  scale->axis()->setLabel(scaleLabel);
  map->setColorScale(scale);
  map->setGradient(gradient);
  map->setDataRange(range);
  auto* group = new QCPMarginGroup(plot);
  rect->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  rect->axis(QCPAxis::atBottom)->setLabel(xLabel);
  rect->axis(QCPAxis::atLeft)->setLabel(yLabel);
  rect->axis(QCPAxis::atLeft)->setRangeReversed(true);
  rect->axis(QCPAxis::atBottom)->setRange(-0.5, m.cols - 0.5);
  rect->axis(QCPAxis::atLeft)->setRange(-0.5, m.rows - 0.5);
}

double maxAbs(const DenseMatrix& m) {
  double v = 1e-6;
  for (float x : m.values) v = std::max(v, static_cast<double>(std::abs(x)));
  return v;
}

}  // namespace

NearbySimilarity nearbySimilarity(const DenseMatrix& sim) {
  NearbySimilarity r;
  const int p = std::min(sim.rows, sim.cols);
  if (p < 2) return r;
  double near = 0, far = 0;
  long long nNear = 0, nFar = 0;
  const int gap = std::max(2, p / 4);
  for (int i = 0; i < p; ++i)
    for (int j = i + 1; j < p; ++j) {
      if (j == i + 1) {
        near += sim.at(i, j);
        ++nNear;
      } else if (j - i >= gap) {
        far += sim.at(i, j);
        ++nFar;
      }
    }
  r.neighbours = nNear ? near / static_cast<double>(nNear) : 0.0;
  r.distant = nFar ? far / static_cast<double>(nFar) : r.neighbours;
  return r;
}

PositionsView::PositionsView(QWidget* parent) : QWidget(parent) {
  setWindowTitle(tr("Positions"));
  why_ = new QLabel(explanation());
  why_->setWordWrap(true);
  why_->setStyleSheet("QLabel { background: #fff8e6; border: 1px solid #e8d9b0; padding: 6px; }");
  plots_ = new QWidget;
  topLeft_ = new QCustomPlot(plots_);
  topRight_ = new QCustomPlot(plots_);
  bottomLeft_ = new QCustomPlot(plots_);
  bottomRight_ = new QCustomPlot(plots_);
  plots_->setMinimumHeight(160);
  for (QCustomPlot* plot : {topLeft_, topRight_, bottomLeft_, bottomRight_})
    connect(plot, &QCustomPlot::beforeReplot, this, [this, plot] { keepSquare(plot); });
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(why_);
  layout->addWidget(plots_, 1);
  setData({});
}

QString PositionsView::exportTitle() const {
  return data_.rope ? tr("Positions: rotary embeddings (RoPE) and the sinusoidal encoding")
                    : tr("Positions: learned position embeddings and the sinusoidal encoding");
}

QStringList PositionsView::plotTitles() const { return titles_; }

void PositionsView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  arrangePlots();
}

// Four plots in the arrangement that gives each the largest square: side by side in a wide, short
// dock (a tab beside Next token), 2 x 2 in a squarer one, stacked in a tall, narrow one.
void PositionsView::arrangePlots() {
  const QSize area = plots_->size();
  int best = 2;
  double bestSide = -1;
  for (int cols : {4, 2, 1}) {
    const int rows = 4 / cols;
    const double side = std::min(area.width() / static_cast<double>(cols), area.height() / static_cast<double>(rows));
    if (side > bestSide + 0.5) {
      bestSide = side;
      best = cols;
    }
  }
  columns_ = best;
  const int rows = 4 / best;
  const int w = area.width() / best, h = area.height() / rows;
  QCustomPlot* plots[] = {topLeft_, topRight_, bottomLeft_, bottomRight_};
  for (int i = 0; i < 4; ++i) plots[i]->setGeometry((i % best) * w, (i / best) * h, w, h);
  fitTitles();
}

void PositionsView::fitTitles() {
  QCustomPlot* plots[] = {topLeft_, topRight_, bottomLeft_, bottomRight_};
  for (int i = 0; i < 4 && i < titles_.size(); ++i) {
    if (auto* title = qobject_cast<QCPTextElement*>(plots[i]->plotLayout()->element(0, 0)))
      title->setText(wrapTitle(titles_[i], plots[i]));
    plots[i]->replot(QCustomPlot::rpQueuedReplot);
  }
}

// A [P][P] similarity map keeps square cells: the axis with more pixels per position gets a wider range.
void PositionsView::keepSquare(QCustomPlot* plot) {
  QCPAxisRect* rect = plot->axisRect();
  if (!rect || plot->plottableCount() == 0) return;
  auto* map = qobject_cast<QCPColorMap*>(plot->plottable(0));
  if (!map || map->data()->keySize() != map->data()->valueSize()) return;
  QCPAxis* x = rect->axis(QCPAxis::atBottom);
  QCPAxis* y = rect->axis(QCPAxis::atLeft);
  const double n = map->data()->keySize();
  x->setRange(-0.5, n - 0.5);
  y->setRange(-0.5, n - 0.5);
  for (auto phase : {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
    plot->plotLayout()->update(phase);  // the rect's pixel size for the plot's current size
  if (rect->width() > rect->height()) x->setScaleRatio(y, 1.0);
  else y->setScaleRatio(x, 1.0);
}

QString PositionsView::explanation() const {
  return tr("Why positions at all? Self-attention is permutation-invariant: shuffle the tokens and each one "
            "gets the same attention output, so “dog bites man” and “man bites dog” would look alike. "
            "Order has to be injected — added to the embeddings as vectors (learned in GPT-2, sinusoidal in "
            "the original Transformer) or rotated into queries and keys (RoPE in Llama).");
}

void PositionsView::setData(const PositionsData& data) {
  data_ = data;
  const int p = std::max(2, data_.positions > 0 ? data_.positions : 128);
  const int c = data_.dModel > 1 ? data_.dModel : kSinusoidalChannelsWithoutModel;
  sinusoidal_ = sinusoidalEncoding(p, c);
  sinusoidalSim_ = cosineSimilarityMatrix(sinusoidal_);
  learnedSim_ = data_.learned.empty() ? DenseMatrix() : cosineSimilarityMatrix(data_.learned);
  ropeFreq_ = !data_.rope || data_.headDim < 2 ? std::vector<double>{}
              : !data_.ropeFreq.empty()       ? data_.ropeFreq
                                              : glassbox::ropeFrequencies(data_.headDim, data_.ropeTheta);
  titles_ = QStringList{QString(), QString(), QString(), QString()};
  if (data_.rope) drawRope();
  else drawLearned();
  drawSinusoidal();
  arrangePlots();
  for (QCustomPlot* plot : {topLeft_, topRight_, bottomLeft_, bottomRight_}) plot->replot();
}

namespace {

QString similarityTitle(NearbySimilarity n, bool learned) {
  for (double* v : {&n.neighbours, &n.distant})
    if (std::abs(*v) < 0.005) *v = 0.0;  // no "-0.00"
  if (n.alike())
    return learned ? PositionsView::tr("Cosine between learned positions: nearby ones look alike (neighbours %1, far apart %2)")
                         .arg(n.neighbours, 0, 'f', 2).arg(n.distant, 0, 'f', 2)
                   : PositionsView::tr("Cosine between sinusoidal positions: nearby ones look alike (neighbours %1, far apart %2)")
                         .arg(n.neighbours, 0, 'f', 2).arg(n.distant, 0, 'f', 2);
  return learned ? PositionsView::tr("Cosine between learned positions: neighbours no more alike than distant ones (%1 vs %2)")
                       .arg(n.neighbours, 0, 'f', 2).arg(n.distant, 0, 'f', 2)
                 : PositionsView::tr("Cosine between sinusoidal positions: neighbours no more alike than distant ones (%1 vs %2)")
                       .arg(n.neighbours, 0, 'f', 2).arg(n.distant, 0, 'f', 2);
}

}  // namespace

void PositionsView::drawLearned() {
  if (data_.learned.empty()) {
    titles_[0] = tr("Learned position embeddings: open a GPT-2 style model");
    titles_[1] = tr("Cosine similarity between positions");
    resetPlot(topLeft_, titles_[0]);
    resetPlot(topRight_, titles_[1]);
    return;
  }
  titles_[0] = tr("Learned position embeddings [position × channel]");
  resetPlot(topLeft_, titles_[0]);
  const double m = maxAbs(data_.learned);
  drawMatrix(topLeft_, data_.learned, tr("channel"), tr("position"), divergingGradient(), QCPRange(-m, m),
             tr("value"));
  titles_[1] = similarityTitle(nearbySimilarity(learnedSim_), true);
  resetPlot(topRight_, titles_[1]);
  drawMatrix(topRight_, learnedSim_, tr("position"), tr("position"), divergingGradient(), QCPRange(-1, 1),
             tr("cosine"));
}

void PositionsView::drawRope() {
  titles_[0] = data_.ropeScaling.isEmpty()
                   ? tr("RoPE: rotation per position of each dimension pair (θ = %1, head dim %2)")
                         .arg(data_.ropeTheta, 0, 'g', 6).arg(data_.headDim)
                   : tr("RoPE: rotation per position of each dimension pair (θ = %1, head dim %2, %3 scaling)")
                         .arg(data_.ropeTheta, 0, 'g', 6).arg(data_.headDim).arg(data_.ropeScaling);
  resetPlot(topLeft_, titles_[0]);
  QCPAxisRect* rect = topLeft_->axisRect();
  auto* graph = topLeft_->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  QVector<double> xs, ys;
  for (std::size_t i = 0; i < ropeFreq_.size(); ++i) {
    xs << static_cast<double>(i);
    ys << ropeFreq_[i];
  }
  graph->setData(xs, ys);
  graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
  graph->setPen(QPen(QColor(0, 114, 178), 1.5));
  QCPAxis* y = rect->axis(QCPAxis::atLeft);
  y->setScaleType(QCPAxis::stLogarithmic);
  y->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  y->setNumberFormat("eb");
  y->setNumberPrecision(0);
  y->setLabel(tr("radians per position"));
  rect->axis(QCPAxis::atBottom)->setLabel(tr("dimension pair i (frequency θ^(−2i/D))"));
  rect->axis(QCPAxis::atBottom)->setRange(-0.5, std::max<double>(1, ropeFreq_.size()) - 0.5);
  y->setRange(ropeFreq_.empty() ? 1e-4 : ropeFreq_.back() * 0.5, 2.0);

  // cos(p * f_i): how far each pair has turned at each position (fast pairs spin, slow pairs barely move).
  DenseMatrix angles(std::max(2, data_.positions), static_cast<int>(ropeFreq_.size()));
  for (int p = 0; p < angles.rows; ++p)
    for (int i = 0; i < angles.cols; ++i) angles.at(p, i) = static_cast<float>(std::cos(p * ropeFreq_[i]));
  titles_[1] = tr("RoPE: cos(position × frequency) per dimension pair");
  resetPlot(topRight_, titles_[1]);
  drawMatrix(topRight_, angles, tr("dimension pair i"), tr("position"), divergingGradient(), QCPRange(-1, 1),
             tr("cos angle"));
}

void PositionsView::drawSinusoidal() {
  titles_[2] = tr("Sinusoidal encoding (Vaswani et al. 2017), for comparison [position × channel]");
  resetPlot(bottomLeft_, titles_[2]);
  drawMatrix(bottomLeft_, sinusoidal_, tr("channel (even: sin, odd: cos)"), tr("position"), divergingGradient(),
             QCPRange(-1, 1), tr("value"));
  titles_[3] = similarityTitle(nearbySimilarity(sinusoidalSim_), false);
  resetPlot(bottomRight_, titles_[3]);
  drawMatrix(bottomRight_, sinusoidalSim_, tr("position"), tr("position"), divergingGradient(), QCPRange(-1, 1),
             tr("cosine"));
}

bool PositionsView::exportTo(const QString& path, QString* error) { return exportAnalysisImage(this, path, error); }

bool PositionsView::exportData(const QString& path, QString* error) const {
  return exportAnalysisText(path, [this] { return csvData(); }, [this] { return jsonData(); }, error);
}

// CSV: one row per position with the similarity to position 0 (learned and sinusoidal), a compact
// summary; the JSON holds the full matrices.
QString PositionsView::csvData() const {
  QString out = "position,learned_cosine_to_0,sinusoidal_cosine_to_0\n";
  for (int p = 0; p < sinusoidalSim_.rows; ++p)
    out += QString("%1,%2,%3\n")
               .arg(p)
               .arg(p < learnedSim_.rows ? QString::number(learnedSim_.at(p, 0), 'g', 7) : QString())
               .arg(sinusoidalSim_.at(p, 0), 0, 'g', 7);
  return out;
}

QJsonValue PositionsView::jsonData() const {
  auto matrix = [](const DenseMatrix& m) {
    QJsonArray rows;
    for (int r = 0; r < m.rows; ++r) {
      QJsonArray row;
      for (float v : m.row(r)) row.append(v);
      rows.append(row);
    }
    return rows;
  };
  QJsonArray freq;
  for (double f : ropeFreq_) freq.append(f);
  return QJsonObject{{"model", data_.modelName},
                     {"positions", sinusoidalSim_.rows},
                     {"learned_cosine_similarity", matrix(learnedSim_)},
                     {"sinusoidal_cosine_similarity", matrix(sinusoidalSim_)},
                     {"rope_frequencies", freq}};
}

}  // namespace glassbox
