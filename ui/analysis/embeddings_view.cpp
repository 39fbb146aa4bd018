#include "embeddings_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "analysis/pca.h"
#include "analysis/similarity.h"
#include "analysis_export.h"
#include "tsne_runner.h"

namespace glassbox {
namespace {

constexpr int kNeighbours = 10;
constexpr int kMaxTextLabels = 80;  // prompt points labelled in the plot; more would be unreadable

QColor groupColor(int group) {
  static const QColor kColors[] = {QColor(170, 170, 170), QColor(214, 96, 0), QColor(0, 114, 178),
                                   QColor(0, 158, 115),   QColor(204, 121, 167), QColor(86, 180, 233)};
  return kColors[group % static_cast<int>(std::size(kColors))];
}

}  // namespace

EmbeddingsView::EmbeddingsView(QWidget* parent) : QWidget(parent) {
  setWindowTitle(tr("Embeddings"));
  runner_ = new TsneRunner(this);
  buildUi();
  connect(runner_, &TsneRunner::frame, this,
          [this](quint64, int it, int total, double kl, QVector<float> pts) { showProjectionFrame(pts, it, total, kl); });
  connect(runner_, &TsneRunner::finished, this, [this](quint64, bool cancelled, QVector<float> pts, double kl) {
    if (!cancelled) showProjectionFrame(pts, tsneOptions_.iterations, tsneOptions_.iterations, kl);
    progress_->setFormat(cancelled ? tr("t-SNE cancelled") : tr("t-SNE done, KL %1").arg(kl, 0, 'f', 3));
    cancelButton_->setEnabled(false);
    emit tsneFinished(cancelled);
  });
  connect(runner_, &TsneRunner::failed, this, [this](quint64, QString message) {
    progress_->setFormat(tr("t-SNE failed: %1").arg(message));
    cancelButton_->setEnabled(false);
  });
}

EmbeddingsView::~EmbeddingsView() = default;

void EmbeddingsView::buildUi() {
  title_ = new QLabel;
  title_->setTextFormat(Qt::RichText);
  title_->setWordWrap(true);
  projectionBox_ = new QComboBox;
  projectionBox_->addItems({tr("PCA"), tr("t-SNE")});
  projectionBox_->setToolTip(tr("PCA is linear and instant; t-SNE keeps neighbourhoods and takes a few seconds"));
  cancelButton_ = new QPushButton(tr("Cancel"));
  cancelButton_->setEnabled(false);
  progress_ = new QProgressBar;
  progress_->setRange(0, 100);
  progress_->setTextVisible(true);
  progress_->setFormat(tr("PCA"));
  progress_->setMaximumWidth(220);
  layerSlider_ = new QSlider(Qt::Horizontal);
  layerSlider_->setPageStep(1);
  layerLabel_ = new QLabel;
  vocabSpin_ = new QSpinBox;
  vocabSpin_->setRange(0, 20000);
  vocabSpin_->setSingleStep(100);
  vocabSpin_->setValue(300);
  vocabSpin_->setPrefix(tr("+ "));
  vocabSpin_->setSuffix(tr(" vocabulary tokens"));
  vocabSpin_->setKeyboardTracking(false);
  vocabSpin_->setToolTip(tr("How many tokens of the vocabulary to project beside the prompt's"));
  connect(vocabSpin_, &QSpinBox::valueChanged, this, &EmbeddingsView::vocabularySampleRequested);
  connect(projectionBox_, &QComboBox::currentIndexChanged, this,
          [this](int i) { setProjection(i == 0 ? Projection::Pca : Projection::Tsne); });
  connect(cancelButton_, &QPushButton::clicked, runner_, &TsneRunner::cancel);
  connect(layerSlider_, &QSlider::valueChanged, this, &EmbeddingsView::setLayer);

  plot_ = new QCustomPlot;
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setMouseTracking(true);
  plot_->xAxis->grid()->setVisible(false);
  plot_->yAxis->grid()->setVisible(false);
  plot_->legend->setVisible(true);
  plot_->legend->setBrush(QColor(255, 255, 255, 190));
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
    const int i = pointAt(e->pos());
    if (i < 0) return QToolTip::hideText();
    QToolTip::showText(e->globalPosition().toPoint(),
                       tr("“%1” (id %2)%3").arg(data_.labels[i]).arg(data_.tokenIds.empty() ? -1 : data_.tokenIds[i])
                           .arg(data_.positions[i] >= 0 ? tr(", position %1 of %2").arg(data_.positions[i])
                                                               .arg(data_.groupNames.value(data_.groups[i]))
                                                         : QString()),
                       plot_);
  });
  connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
    const int i = pointAt(e->pos());
    if (i >= 0) selectPoint(i);
  });

  neighbours_ = new QListWidget;
  neighbours_->setMinimumWidth(200);
  connect(neighbours_, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { selectPoint(item->data(Qt::UserRole).toInt()); });
  selectedLabel_ = new QLabel(tr("Click a point to list its nearest neighbours (cosine)."));
  selectedLabel_->setWordWrap(true);
  strip_ = new QCustomPlot;
  strip_->setMinimumHeight(110);
  strip_->setMaximumHeight(150);
  strip_->yAxis->setLabel(tr("value"));

  auto* side = new QWidget;
  auto* sideLayout = new QVBoxLayout(side);
  sideLayout->setContentsMargins(0, 0, 0, 0);
  sideLayout->addWidget(selectedLabel_);
  sideLayout->addWidget(neighbours_, 1);
  auto* split = new QSplitter(Qt::Horizontal);
  split->addWidget(plot_);
  split->addWidget(side);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  split->setSizes({700, 280});
  side->setMaximumWidth(360);

  auto* controls = new QHBoxLayout;
  controls->addWidget(title_, 1);
  controls->addWidget(layerLabel_);
  controls->addWidget(layerSlider_);
  controls->addWidget(vocabSpin_);
  controls->addWidget(projectionBox_);
  controls->addWidget(progress_);
  controls->addWidget(cancelButton_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(controls);
  layout->addWidget(split, 1);
  layout->addWidget(strip_);
}

void EmbeddingsView::setData(const EmbeddingsData& data) {
  runner_->cancel();
  data_ = data;
  selected_ = -1;
  layer_ = std::clamp(layer_, 0, std::max(0, static_cast<int>(data_.layers.size()) - 1));
  {
    const QSignalBlocker b(layerSlider_);
    layerSlider_->setRange(0, std::max(0, static_cast<int>(data_.layers.size()) - 1));
    layerSlider_->setValue(layer_);
  }
  const bool layered = data_.layers.size() > 1;
  layerSlider_->setVisible(layered);
  layerLabel_->setVisible(layered);
  vocabSpin_->setVisible(!layered && std::find(data_.groups.begin(), data_.groups.end(), 0) != data_.groups.end());
  updateLayerLabel();
  if (projection_ == Projection::Tsne) startTsne();
  else projectPca();
  updateSelectionPanel();
}

void EmbeddingsView::setLayer(int boundary) {
  if (data_.empty()) return;
  boundary = std::clamp(boundary, 0, static_cast<int>(data_.layers.size()) - 1);
  if (boundary == layer_ && !projected_.empty()) return;
  layer_ = boundary;
  {
    const QSignalBlocker b(layerSlider_);
    layerSlider_->setValue(layer_);
  }
  updateLayerLabel();
  if (projection_ == Projection::Tsne) startTsne();
  else projectPca();
  updateSelectionPanel();
  emit layerChanged(layer_);
}

void EmbeddingsView::setProjection(Projection p) {
  projection_ = p;
  {
    const QSignalBlocker b(projectionBox_);
    projectionBox_->setCurrentIndex(p == Projection::Pca ? 0 : 1);
  }
  if (data_.empty()) return;
  if (p == Projection::Tsne) {
    startTsne();
  } else {
    runner_->cancel();
    projectPca();
  }
}

void EmbeddingsView::setVocabularySample(int count) {
  const QSignalBlocker b(vocabSpin_);
  vocabSpin_->setValue(count);
}

bool EmbeddingsView::tsneRunning() const { return runner_->running(); }

void EmbeddingsView::updateLayerLabel() {
  layerLabel_->setText(data_.layerNames.value(layer_));
}

void EmbeddingsView::projectPca() {
  cancelButton_->setEnabled(false);
  if (data_.empty()) {
    projected_ = DenseMatrix();
    redraw(true);
    return;
  }
  const PcaResult r = pca(data_.layers[layer_], 2);
  projected_ = DenseMatrix(r.projected.rows, 2);
  for (int i = 0; i < r.projected.rows; ++i)
    for (int k = 0; k < std::min(2, r.projected.cols); ++k) projected_.at(i, k) = r.projected.at(i, k);
  const double total = r.totalVariance > 0 ? r.totalVariance : 1.0;
  axisNote_ = tr("PCA: PC1 %1 %, PC2 %2 % of the variance")
                  .arg(100.0 * r.variances.at(0) / total, 0, 'f', 1)
                  .arg(r.variances.size() > 1 ? 100.0 * r.variances[1] / total : 0.0, 0, 'f', 1);
  plot_->xAxis->setLabel(tr("PC1"));
  plot_->yAxis->setLabel(tr("PC2"));
  progress_->setValue(100);
  progress_->setFormat(tr("PCA"));
  redraw(true);
}

void EmbeddingsView::startTsne() {
  if (data_.empty()) return;
  progress_->setValue(0);
  progress_->setFormat(tr("t-SNE starting…"));
  cancelButton_->setEnabled(true);
  axisNote_ = tr("t-SNE, perplexity %1, seed %2: distances between clusters carry little meaning")
                  .arg(std::min(tsneOptions_.perplexity, (data_.size() - 1) / 3.0), 0, 'f', 0)
                  .arg(tsneOptions_.seed);
  plot_->xAxis->setLabel(QString());
  plot_->yAxis->setLabel(QString());
  runner_->start(data_.layers[layer_], tsneOptions_);
}

void EmbeddingsView::showProjectionFrame(const QVector<float>& points, int iteration, int totalIterations, double kl) {
  if (points.size() != 2 * data_.size()) return;  // a frame from older data
  projected_ = DenseMatrix(data_.size(), 2);
  std::copy(points.begin(), points.end(), projected_.values.begin());
  progress_->setValue(totalIterations > 0 ? 100 * iteration / totalIterations : 0);
  progress_->setFormat(tr("t-SNE %1/%2, KL %3").arg(iteration).arg(totalIterations).arg(kl, 0, 'f', 3));
  redraw(true);
}

void EmbeddingsView::redraw(bool rescale) {
  plot_->clearGraphs();
  plot_->clearItems();
  const int n = projected_.rows;
  title_->setText(data_.empty() ? tr("<b>Embeddings</b>: run a prompt to see where its tokens live.")
                                : tr("<b>%1</b> — %2 points × %3 dimensions. %4")
                                      .arg(data_.title).arg(data_.size()).arg(data_.dims()).arg(axisNote_));
  if (n == 0 || n != data_.size()) {
    plot_->replot();
    return;
  }
  const int groups = std::max(1, static_cast<int>(data_.groupNames.size()));
  for (int g = 0; g < groups; ++g) {
    QVector<double> xs, ys;
    for (int i = 0; i < n; ++i)
      if (data_.groups[i] == g) {
        xs << projected_.at(i, 0);
        ys << projected_.at(i, 1);
      }
    if (xs.isEmpty()) continue;
    QCPGraph* graph = plot_->addGraph();
    graph->setLineStyle(QCPGraph::lsNone);
    const QColor c = groupColor(g);
    graph->setScatterStyle(g == 0 ? QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, 4)
                                  : QCPScatterStyle(QCPScatterStyle::ssDisc, c.darker(130), c, 9));
    graph->setData(xs, ys);  // QCPGraph sorts by x; point order does not matter here
    graph->setName(data_.groupNames.value(g));
  }
  int labelled = 0;
  for (int i = 0; i < n && labelled < kMaxTextLabels; ++i) {
    if (data_.groups[i] == 0) continue;
    auto* text = new QCPItemText(plot_);
    text->position->setCoords(projected_.at(i, 0), projected_.at(i, 1));
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    text->setPadding(QMargins(5, 0, 0, 2));
    text->setText(data_.labels[i].trimmed().isEmpty() ? data_.labels[i] : data_.labels[i].trimmed());
    text->setColor(groupColor(data_.groups[i]).darker(160));
    ++labelled;
  }
  if (selected_ >= 0 && selected_ < n) {
    QCPGraph* ring = plot_->addGraph();
    ring->setLineStyle(QCPGraph::lsNone);
    ring->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 16));
    ring->setData({projected_.at(selected_, 0)}, {projected_.at(selected_, 1)});
    ring->setName(tr("selected"));
  }
  if (rescale) {
    plot_->rescaleAxes();
    for (QCPAxis* a : {plot_->xAxis, plot_->yAxis}) {
      const QCPRange r = a->range();
      const double pad = std::max(1e-6, 0.08 * r.size());
      a->setRange(r.lower - pad, r.upper + pad);
    }
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

int EmbeddingsView::pointAt(QPoint pixel) const {
  int best = -1;
  double bestD2 = 10.0 * 10.0;  // within 10 px
  for (int i = 0; i < projected_.rows && i < data_.size(); ++i) {
    const double dx = plot_->xAxis->coordToPixel(projected_.at(i, 0)) - pixel.x();
    const double dy = plot_->yAxis->coordToPixel(projected_.at(i, 1)) - pixel.y();
    const double d2 = dx * dx + dy * dy;
    // Prompt points win ties over the vocabulary sample drawn beneath them.
    if (d2 < bestD2 || (best >= 0 && d2 == bestD2 && data_.groups[i] > data_.groups[best])) {
      best = i;
      bestD2 = d2;
    }
  }
  return best;
}

void EmbeddingsView::selectPoint(int index) {
  selected_ = (index >= 0 && index < data_.size()) ? index : -1;
  updateSelectionPanel();
  redraw(false);
  emit pointSelected(selected_);
}

void EmbeddingsView::updateSelectionPanel() {
  neighbours_->clear();
  strip_->clearPlottables();
  strip_->clearItems();
  if (selected_ < 0 || data_.empty()) {
    selectedLabel_->setText(tr("Click a point to list its nearest neighbours (cosine) and see its raw vector."));
    strip_->xAxis->setLabel(tr("dimension"));
    strip_->replot();
    return;
  }
  const DenseMatrix& m = data_.layers[layer_];
  const auto vec = m.row(selected_);
  selectedLabel_->setText(tr("<b>“%1”</b> (id %2) — nearest by cosine, %3:")
                              .arg(data_.labels[selected_].toHtmlEscaped())
                              .arg(data_.tokenIds.empty() ? -1 : data_.tokenIds[selected_])
                              .arg(data_.layerNames.value(layer_)));
  for (const Neighbour& nb : cosineNearest(vec, m, kNeighbours, selected_)) {
    QString where = data_.positions[nb.index] >= 0 ? tr("  [%1 @%2]").arg(data_.groupNames.value(data_.groups[nb.index]).left(24))
                                                         .arg(data_.positions[nb.index])
                                                   : QString();
    auto* item = new QListWidgetItem(QString("%1  “%2”%3").arg(nb.similarity, 6, 'f', 3).arg(data_.labels[nb.index]).arg(where));
    item->setData(Qt::UserRole, nb.index);
    neighbours_->addItem(item);
  }
  QVector<double> xs(m.cols), ys(m.cols);
  for (int c = 0; c < m.cols; ++c) {
    xs[c] = c;
    ys[c] = vec[c];
  }
  auto* bars = new QCPBars(strip_->xAxis, strip_->yAxis);
  bars->setWidth(0.9);
  bars->setPen(Qt::NoPen);
  bars->setBrush(groupColor(std::max(1, data_.groups[selected_])));
  bars->setData(xs, ys, true);
  strip_->xAxis->setLabel(tr("dimension (%1 numbers, d_model = %1) of “%2”").arg(m.cols).arg(data_.labels[selected_]));
  strip_->rescaleAxes();
  strip_->xAxis->setRange(-1, m.cols);
  strip_->replot(QCustomPlot::rpQueuedReplot);
}

QStringList EmbeddingsView::neighbourLines() const {
  QStringList out;
  for (int i = 0; i < neighbours_->count(); ++i) out << neighbours_->item(i)->text();
  return out;
}

QWidget* EmbeddingsView::exportWidget() { return plot_; }

bool EmbeddingsView::exportTo(const QString& path, QString* error) {
  return exportAnalysisImage(plot_, path, error);
}

bool EmbeddingsView::exportData(const QString& path, QString* error) const {
  return exportAnalysisText(path, [this] { return csvData(); }, [this] { return jsonData(); }, error);
}

QString EmbeddingsView::csvData() const {
  QString out = "index,token_id,label,group,position,x,y\n";
  for (int i = 0; i < projected_.rows && i < data_.size(); ++i)
    out += QString("%1,%2,%3,%4,%5,%6,%7\n")
               .arg(i).arg(data_.tokenIds.empty() ? -1 : data_.tokenIds[i]).arg(csvField(data_.labels[i]))
               .arg(csvField(data_.groupNames.value(data_.groups[i]))).arg(data_.positions[i])
               .arg(projected_.at(i, 0), 0, 'g', 7).arg(projected_.at(i, 1), 0, 'g', 7);
  return out;
}

QJsonValue EmbeddingsView::jsonData() const {
  QJsonArray points;
  for (int i = 0; i < projected_.rows && i < data_.size(); ++i)
    points.append(QJsonObject{{"token_id", data_.tokenIds.empty() ? -1 : data_.tokenIds[i]},
                              {"label", data_.labels[i]},
                              {"group", data_.groupNames.value(data_.groups[i])},
                              {"position", data_.positions[i]},
                              {"x", projected_.at(i, 0)},
                              {"y", projected_.at(i, 1)}});
  return QJsonObject{{"title", data_.title},
                     {"layer", data_.layerNames.value(layer_)},
                     {"projection", projection_ == Projection::Pca ? "pca" : "tsne"},
                     {"dimensions", data_.dims()},
                     {"points", points}};
}

}  // namespace glassbox
