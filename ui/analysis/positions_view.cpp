#include "positions_view.h"

#include <QGridLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "analysis/positional.h"
#include "analysis/similarity.h"
#include "formats/rope_scaling.h"
#include "analysis_export.h"
#include "heat_colors.h"
#include "models/model.h"

namespace glassbox {
namespace {

constexpr int kSinusoidalChannelsWithoutModel = 128;

// QCustomPlot draws a title on one line: break long ones so that a narrow plot does not clip them.
QString wrapTitle(const QString& title, int width = 36) {
  QString out;
  int line = 0;
  for (const QString& word : title.split(QLatin1Char(' '))) {
    if (line > 0 && line + 1 + word.size() > width) {
      out += QLatin1Char('\n');
      line = 0;
    } else if (line > 0) {
      out += QLatin1Char(' ');
      ++line;
    }
    out += word;
    line += static_cast<int>(word.size());
  }
  return out;
}

void resetPlot(QCustomPlot* plot, const QString& title) {
  plot->clearPlottables();
  plot->clearItems();
  plot->plotLayout()->clear();
  auto* rect = new QCPAxisRect(plot);
  plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, wrapTitle(title), QFont(plot->font().family(), 9, QFont::Bold)));
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

PositionsData positionsDataFromModel(const Model& model, int maxPositions) {
  const ModelConfig& cfg = model.config();
  PositionsData d;
  d.modelName = QString::fromStdString(model.info().name);
  d.dModel = cfg.dModel;
  d.positions = std::max(1, std::min(cfg.contextLength, maxPositions));
  d.rope = cfg.positions == PositionScheme::Rotary;
  d.headDim = cfg.headDim > 0 ? cfg.headDim : (cfg.numHeads > 0 ? cfg.dModel / cfg.numHeads : 0);
  d.ropeTheta = cfg.ropeTheta;
  if (d.rope) {
    try {
      d.ropeFreq = ropeFrequencies(cfg);
    } catch (const std::exception&) {
      d.ropeFreq.clear();  // setData falls back to theta alone
    }
    if (cfg.ropeScaling.type != RopeScalingType::None)
      d.ropeScaling = QStringLiteral("%1 ×%2").arg(QLatin1String(ropeScalingName(cfg.ropeScaling.type)))
                          .arg(cfg.ropeScaling.factor, 0, 'g', 4);
  }
  if (!d.rope) {
    d.learned = DenseMatrix(d.positions, cfg.dModel);
    for (int p = 0; p < d.positions; ++p) {
      const std::vector<float> row = model.positionEmbedding(p);
      if (row.size() != static_cast<std::size_t>(cfg.dModel)) {
        d.learned = DenseMatrix();
        break;
      }
      std::copy(row.begin(), row.end(), d.learned.row(p).begin());
    }
  }
  return d;
}

PositionsView::PositionsView(QWidget* parent) : QWidget(parent) {
  setWindowTitle(tr("Positions"));
  why_ = new QLabel(explanation());
  why_->setWordWrap(true);
  why_->setStyleSheet("QLabel { background: #fff8e6; border: 1px solid #e8d9b0; padding: 6px; }");
  topLeft_ = new QCustomPlot;
  topRight_ = new QCustomPlot;
  bottomLeft_ = new QCustomPlot;
  bottomRight_ = new QCustomPlot;
  auto* grid = new QGridLayout;
  grid->addWidget(topLeft_, 0, 0);
  grid->addWidget(topRight_, 0, 1);
  grid->addWidget(bottomLeft_, 1, 0);
  grid->addWidget(bottomRight_, 1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(why_);
  layout->addLayout(grid, 1);
  setData({});
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
  if (data_.rope) drawRope();
  else drawLearned();
  drawSinusoidal();
  for (QCustomPlot* plot : {topLeft_, topRight_, bottomLeft_, bottomRight_}) plot->replot();
}

void PositionsView::drawLearned() {
  const QString model = data_.modelName.isEmpty() ? tr("model") : data_.modelName;
  if (data_.learned.empty()) {
    resetPlot(topLeft_, tr("Learned position embeddings: open a GPT-2 style model"));
    resetPlot(topRight_, tr("Cosine similarity between positions"));
    return;
  }
  resetPlot(topLeft_, tr("Learned position embeddings of %1 [position × channel]").arg(model));
  const double m = maxAbs(data_.learned);
  drawMatrix(topLeft_, data_.learned, tr("channel"), tr("position"), divergingGradient(), QCPRange(-m, m),
             tr("value"));
  resetPlot(topRight_, tr("Cosine similarity of learned positions: nearby positions look alike"));
  drawMatrix(topRight_, learnedSim_, tr("position"), tr("position"), divergingGradient(), QCPRange(-1, 1),
             tr("cosine"));
}

void PositionsView::drawRope() {
  const QString scaling = data_.ropeScaling.isEmpty() ? QString() : tr(", %1 scaling").arg(data_.ropeScaling);
  resetPlot(topLeft_, tr("RoPE: rotation per position of each dimension pair (θ = %1, head dim %2%3)")
                          .arg(data_.ropeTheta, 0, 'g', 6).arg(data_.headDim).arg(scaling));
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
  resetPlot(topRight_, tr("RoPE: cos(position × frequency) per dimension pair"));
  drawMatrix(topRight_, angles, tr("dimension pair i"), tr("position"), divergingGradient(), QCPRange(-1, 1),
             tr("cos angle"));
}

void PositionsView::drawSinusoidal() {
  resetPlot(bottomLeft_, tr("Sinusoidal encoding (Vaswani et al. 2017) [position × channel], for comparison"));
  drawMatrix(bottomLeft_, sinusoidal_, tr("channel (even: sin, odd: cos)"), tr("position"), divergingGradient(),
             QCPRange(-1, 1), tr("value"));
  resetPlot(bottomRight_, tr("Cosine similarity of sinusoidal positions"));
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
