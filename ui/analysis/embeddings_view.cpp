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

#include "analysis/similarity.h"
#include "analysis_export.h"
#include "embeddings_plot.h"
#include "latest_job_runner.h"
#include "tool_tip.h"
#include "tsne_runner.h"

namespace glassbox {
namespace {

constexpr int kNeighbours = 10;

}  // namespace

EmbeddingsView::EmbeddingsView(QWidget* parent)
    : QWidget(parent), data_(std::make_shared<const EmbeddingsData>()) {
  setWindowTitle(tr("Embeddings"));
  runner_ = new TsneRunner(this);
  jobs_ = std::make_unique<LatestJobRunner>(QStringLiteral("embeddings-pca"));
  buildUi();
  connect(runner_, &TsneRunner::frame, this, [this](quint64, int it, int total, double kl, QVector<float> pts) {
    if (projection_ == Projection::Tsne) showProjectionFrame(pts, it, total, kl);
  });
  connect(runner_, &TsneRunner::finished, this, [this](quint64, bool cancelled, QVector<float> pts, double kl) {
    if (!cancelled && projection_ == Projection::Tsne)
      showProjectionFrame(pts, tsneOptions_.iterations, tsneOptions_.iterations, kl);
    progress_->setFormat(cancelled ? tr("t-SNE cancelled") : tr("t-SNE done, KL %1").arg(kl, 0, 'f', 3));
    cancelButton_->setEnabled(false);
    emit tsneFinished(cancelled);
  });
  connect(runner_, &TsneRunner::failed, this, [this](quint64, QString message) {
    progress_->setFormat(tr("t-SNE failed: %1").arg(message));
    cancelButton_->setEnabled(false);
  });
}

EmbeddingsView::~EmbeddingsView() {
  jobs_.reset();  // joins the worker before any member it could deliver to is gone
}

void EmbeddingsView::buildUi() {
  title_ = new QLabel;
  title_->setTextFormat(Qt::RichText);
  title_->setWordWrap(true);
  projectionBox_ = new QComboBox;
  projectionBox_->addItems({tr("PCA"), tr("t-SNE")});
  projectionBox_->setToolTip(wrappedToolTip(tr("PCA is linear and instant; t-SNE keeps neighbourhoods and takes a few seconds.")));
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
  vocabSpin_->setToolTip(tr("How many tokens of the vocabulary to project beside the prompt's."));
  connect(vocabSpin_, &QSpinBox::valueChanged, this, &EmbeddingsView::vocabularySampleRequested);
  connect(projectionBox_, &QComboBox::currentIndexChanged, this,
          [this](int i) { setProjection(i == 0 ? Projection::Pca : Projection::Tsne); });
  layoutBox_ = new QComboBox;
  layoutBox_->addItems({tr("Paths through all layers"), tr("Each layer on its own")});
  layoutBox_->setItemData(0, wrappedToolTip(tr("One PCA fitted on every layer's states together: each line is a "
                                               "token's path from its embedding (open circle) to the last layer, in "
                                               "the same axes, so you can see how far and in which direction context "
                                               "moves it. The slider moves the big dots along the paths.")),
                          Qt::ToolTipRole);
  layoutBox_->setItemData(1, wrappedToolTip(tr("A separate PCA for each layer: the best 2D view of that layer, but the "
                                               "axes change from layer to layer, so positions cannot be compared "
                                               "across the slider.")),
                          Qt::ToolTipRole);
  layoutBox_->setToolTip(layoutBox_->itemData(0, Qt::ToolTipRole).toString());
  connect(layoutBox_, &QComboBox::currentIndexChanged, this, [this](int i) {
    layoutBox_->setToolTip(layoutBox_->itemData(i, Qt::ToolTipRole).toString());
    setLayerLayout(i == 0 ? LayerLayout::Paths : LayerLayout::EachLayer);
  });
  connect(cancelButton_, &QPushButton::clicked, runner_, &TsneRunner::cancel);
  connect(layerSlider_, &QSlider::valueChanged, this, &EmbeddingsView::setLayer);

  plot_ = new QCustomPlot;
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot_->setMouseTracking(true);
  plot_->xAxis->grid()->setVisible(false);
  plot_->yAxis->grid()->setVisible(false);
  // The key sits under the axes, in columns, so that it never hides a point and is part of exports.
  plot_->legend->setVisible(true);
  plot_->legend->setBrush(Qt::NoBrush);
  plot_->legend->setBorderPen(Qt::NoPen);
  plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
  plot_->legend->setIconSize(18, 10);
  plot_->legend->setFont(QFont(plot_->font().family(), 8));
  plot_->axisRect()->insetLayout()->take(plot_->legend);
  plot_->plotLayout()->simplify();
  plot_->plotLayout()->addElement(1, 0, plot_->legend);
  plot_->plotLayout()->setRowStretchFactor(1, 0.001);
  plot_->plotLayout()->setRowSpacing(0);
  connect(plot_, &QCustomPlot::afterLayout, this, [this] {
    if (plot_->axisRect()->rect() != labelledRect_) scheduleLabels();
  });
  connect(plot_->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { scheduleLabels(); });
  connect(plot_->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { scheduleLabels(); });
  connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
    const int i = pointAt(e->pos());
    if (i < 0) return QToolTip::hideText();
    const EmbeddingsData& d = *data_;
    const int id = d.tokenIds.empty() ? -1 : d.tokenIds[i];
    QToolTip::showText(e->globalPosition().toPoint(),
                       d.positions[i] >= 0 ? tr("“%1” (id %2), position %3 of “%4”").arg(d.labels[i]).arg(id)
                                                 .arg(d.positions[i]).arg(d.groupNames.value(d.groups[i]))
                                           : tr("“%1” (id %2)").arg(d.labels[i]).arg(id),
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
  controls->addWidget(layoutBox_);
  controls->addWidget(projectionBox_);
  controls->addWidget(progress_);
  controls->addWidget(cancelButton_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(controls);
  layout->addWidget(split, 1);
  layout->addWidget(strip_);
}

void EmbeddingsView::setData(const EmbeddingsData& data) { setData(std::make_shared<const EmbeddingsData>(data)); }

void EmbeddingsView::setData(std::shared_ptr<const EmbeddingsData> data) {
  runner_->cancel();
  data_ = data ? std::move(data) : std::make_shared<const EmbeddingsData>();
  proj_.reset();
  projected_ = DenseMatrix();  // the old picture stays on screen, but hover and export see no stale points
  selected_ = -1;
  comparison_ = {};
  const int boundaries = static_cast<int>(data_->layers.size());
  layer_ = std::clamp(layer_, 0, std::max(0, boundaries - 1));
  {
    const QSignalBlocker b(layerSlider_);
    layerSlider_->setRange(0, std::max(0, boundaries - 1));
    layerSlider_->setValue(layer_);
  }
  updateControls();
  updateLayerLabel();
  startProjection();
  if (projection_ == Projection::Tsne) startTsne();
  updateSelectionPanel();
}

void EmbeddingsView::updateControls() {
  const bool layered = data_->layers.size() > 1;
  layerSlider_->setVisible(layered);
  layerLabel_->setVisible(layered);
  layoutBox_->setVisible(layered);
  layoutBox_->setEnabled(projection_ == Projection::Pca);
  vocabSpin_->setVisible(!layered && std::find(data_->groups.begin(), data_->groups.end(), 0) != data_->groups.end());
}

void EmbeddingsView::startProjection() {
  if (data_->empty()) {
    jobs_->cancel();
    redraw(true);
    return;
  }
  progress_->setValue(0);
  if (projection_ == Projection::Pca) progress_->setFormat(tr("PCA…"));
  using Result = std::shared_ptr<const EmbeddingsProjection>;
  jobs_->post<Result>(
      [data = data_](const LatestJobRunner::Context& job) {
        return std::make_shared<const EmbeddingsProjection>(projectEmbeddings(*data, [&job] { return job.stale(); }));
      },
      [this](Result r) { onProjected(std::move(r)); });
}

void EmbeddingsView::onProjected(std::shared_ptr<const EmbeddingsProjection> projection) {
  proj_ = std::move(projection);
  if (projection_ == Projection::Pca) showPca(true);
  if (pendingSelection_ >= 0 && pendingSelection_ < data_->size()) selectPoint(pendingSelection_);
  pendingSelection_ = -1;
  emit projectionReady();
}

void EmbeddingsView::restoreSelection(int index) {
  if (!projected_.empty() && index < data_->size()) {
    selectPoint(index);
    return;
  }
  pendingSelection_ = index;
}

bool EmbeddingsView::projectionPending() const { return jobs_->busy(); }

void EmbeddingsView::flush() { jobs_->flush(); }

bool EmbeddingsView::pathsShown() const {
  return projection_ == Projection::Pca && layout_ == LayerLayout::Paths && proj_ && proj_->hasPaths();
}

void EmbeddingsView::setLayer(int boundary) {
  if (data_->empty()) {  // kept: setData clamps it to the layers of the data that arrives
    layer_ = std::max(0, boundary);
    return;
  }
  boundary = std::clamp(boundary, 0, static_cast<int>(data_->layers.size()) - 1);
  if (boundary == layer_ && !projected_.empty()) return;
  layer_ = boundary;
  {
    const QSignalBlocker b(layerSlider_);
    layerSlider_->setValue(layer_);
  }
  updateLayerLabel();
  if (projection_ == Projection::Tsne) startTsne();
  else showPca(!pathsShown());  // paths keep their axes while the dots move
  updateSelectionPanel();
  emit layerChanged(layer_);
}

void EmbeddingsView::setLayerLayout(LayerLayout layout) {
  layout_ = layout;
  {
    const QSignalBlocker b(layoutBox_);
    layoutBox_->setCurrentIndex(layout == LayerLayout::Paths ? 0 : 1);
  }
  if (projection_ == Projection::Pca) showPca(true);
}

void EmbeddingsView::setProjection(Projection p) {
  projection_ = p;
  {
    const QSignalBlocker b(projectionBox_);
    projectionBox_->setCurrentIndex(p == Projection::Pca ? 0 : 1);
  }
  updateControls();
  if (data_->empty()) return;
  if (p == Projection::Tsne) {
    startTsne();
  } else {
    runner_->cancel();
    showPca(true);
  }
}

void EmbeddingsView::setVocabularySample(int count) {
  const QSignalBlocker b(vocabSpin_);
  vocabSpin_->setValue(count);
}

bool EmbeddingsView::tsneRunning() const { return runner_->running(); }

void EmbeddingsView::updateLayerLabel() {
  layerLabel_->setText(data_->layerNames.value(layer_));
}

// Draws the worker's PCA for the current layer and layout (nothing while it is still running).
void EmbeddingsView::showPca(bool rescale) {
  cancelButton_->setEnabled(false);
  if (!proj_) return;
  if (!proj_->error.empty()) {
    progress_->setFormat(tr("PCA failed: %1").arg(QString::fromStdString(proj_->error)));
    return;
  }
  if (proj_->perLayer.size() != data_->layers.size()) return;  // stopped early: newer data is on its way
  const bool paths = pathsShown();
  const std::size_t b = static_cast<std::size_t>(layer_);
  projected_ = paths ? proj_->shared[b] : proj_->perLayer[b];
  const auto& ex = paths ? proj_->sharedExplained : proj_->perLayerExplained[b];
  axisNote_ = paths ? tr("One PCA over all %1 layers (PC1 %2 %, PC2 %3 %): each line is a token's path from its "
                         "embedding (open circle) to the last layer; the big dots are at the slider's layer.")
                          .arg(data_->layers.size()).arg(100.0 * ex[0], 0, 'f', 1).arg(100.0 * ex[1], 0, 'f', 1)
                    : tr("PCA: PC1 %1 %, PC2 %2 % of the variance").arg(100.0 * ex[0], 0, 'f', 1).arg(100.0 * ex[1], 0, 'f', 1);
  plot_->xAxis->setLabel(tr("PC1"));
  plot_->yAxis->setLabel(tr("PC2"));
  progress_->setValue(100);
  progress_->setFormat(paths ? tr("PCA, all layers") : tr("PCA"));
  redraw(rescale);
}

void EmbeddingsView::startTsne() {
  if (data_->empty()) return;
  progress_->setValue(0);
  progress_->setFormat(tr("t-SNE starting…"));
  cancelButton_->setEnabled(true);
  axisNote_ = tr("t-SNE, perplexity %1, seed %2: distances between clusters carry little meaning")
                  .arg(std::min(tsneOptions_.perplexity, (data_->size() - 1) / 3.0), 0, 'f', 0)
                  .arg(tsneOptions_.seed);
  plot_->xAxis->setLabel(QString());
  plot_->yAxis->setLabel(QString());
  runner_->start(data_->layers[static_cast<std::size_t>(layer_)], tsneOptions_);
}

void EmbeddingsView::showProjectionFrame(const QVector<float>& points, int iteration, int totalIterations, double kl) {
  if (points.size() != 2 * data_->size()) return;  // a frame from older data
  projected_ = DenseMatrix(data_->size(), 2);
  std::copy(points.begin(), points.end(), projected_.values.begin());
  progress_->setValue(totalIterations > 0 ? 100 * iteration / totalIterations : 0);
  progress_->setFormat(tr("t-SNE %1/%2, KL %3").arg(iteration).arg(totalIterations).arg(kl, 0, 'f', 3));
  redraw(true);
}

void EmbeddingsView::selectPoint(int index) {
  selected_ = (index >= 0 && index < data_->size()) ? index : -1;
  updateSelectionPanel();
  redraw(false);
  emit pointSelected(selected_);
}

void EmbeddingsView::updateSelectionPanel() {
  neighbours_->clear();
  strip_->clearPlottables();
  strip_->clearItems();
  const EmbeddingsData& d = *data_;
  strip_->setVisible(selected_ >= 0 && !d.empty());  // the raw vector, only when there is one to show
  if (selected_ < 0 || d.empty()) {
    selectedLabel_->setText(tr("Click a point to list its nearest neighbours (cosine) and see its raw vector."));
    strip_->xAxis->setLabel(tr("dimension"));
    strip_->replot();
    return;
  }
  const DenseMatrix& m = d.layers[static_cast<std::size_t>(layer_)];
  const auto vec = m.row(selected_);
  selectedLabel_->setText(tr("<b>“%1”</b> (id %2) — nearest by cosine, %3:")
                              .arg(d.labels[selected_].toHtmlEscaped())
                              .arg(d.tokenIds.empty() ? -1 : d.tokenIds[selected_])
                              .arg(d.layerNames.value(layer_)));
  for (const Neighbour& nb : cosineNearest(vec, m, kNeighbours, selected_)) {
    QString where = d.positions[nb.index] >= 0 ? tr("  [%1 @%2]").arg(d.groupNames.value(d.groups[nb.index]).left(24))
                                                     .arg(d.positions[nb.index])
                                               : QString();
    auto* item = new QListWidgetItem(QString("%1  “%2”%3").arg(nb.similarity, 6, 'f', 3).arg(d.labels[nb.index]).arg(where));
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
  bars->setBrush(embeddingsGroupColor(std::max(1, d.groups[selected_])));
  bars->setData(xs, ys, true);
  strip_->xAxis->setLabel(tr("dimension (%1 numbers, d_model = %1) of “%2”").arg(m.cols).arg(d.labels[selected_]));
  strip_->rescaleAxes();
  strip_->xAxis->setRange(-1, m.cols);
  strip_->replot(QCustomPlot::rpQueuedReplot);
}

QStringList EmbeddingsView::neighbourLines() const {
  QStringList out;
  for (int i = 0; i < neighbours_->count(); ++i) out << neighbours_->item(i)->text();
  return out;
}

}  // namespace glassbox
