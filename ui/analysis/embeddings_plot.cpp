// EmbeddingsView: drawing (points, labels, paths through the layers), hit testing and export.
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "analysis_export.h"
#include "embeddings_plot.h"
#include "embeddings_view.h"
#include "exportable_view.h"
#include "label_placement.h"

namespace glassbox {
namespace {

constexpr int kMaxTextLabels = 80;  // label candidates at most; placement thins them further
constexpr int kMaxPathKey = 24;     // paths named in the key; beyond that the key says how many more

}  // namespace

QColor embeddingsGroupColor(int group) {
  static const QColor kColors[] = {QColor(170, 170, 170), QColor(214, 96, 0), QColor(0, 114, 178),
                                   QColor(0, 158, 115),   QColor(204, 121, 167), QColor(86, 180, 233)};
  return kColors[group % static_cast<int>(std::size(kColors))];
}

void EmbeddingsView::redraw(bool rescale) {
  inRedraw_ = true;
  plot_->clearPlottables();
  plot_->clearItems();
  labels_.clear();
  plot_->legend->setWrap(std::max(1, plot_->width() / 190));
  const EmbeddingsData& d = *data_;
  const int n = projected_.rows;
  title_->setText(d.empty() ? tr("<b>Embeddings</b>: run a prompt to see where its tokens live.")
                            : tr("<b>%1</b> — %2 points × %3 dimensions. %4").arg(d.title).arg(d.size()).arg(d.dims()).arg(axisNote_));
  if (n == 0 || n != d.size()) {
    inRedraw_ = false;
    plot_->replot();
    return;
  }
  if (pathsShown()) drawPaths();
  drawPoints();
  if (rescale) rescaleAxes();
  drawComparison();
  placeTextLabels();
  inRedraw_ = false;
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void EmbeddingsView::scheduleLabels() {
  if (labelsQueued_ || inRedraw_ || projected_.empty()) return;
  labelsQueued_ = true;
  QTimer::singleShot(0, this, [this] {
    labelsQueued_ = false;
    if (projected_.rows != data_->size()) return;
    const int columns = std::max(1, plot_->width() / 190);
    if (plot_->legend->wrap() != columns) plot_->legend->setWrap(columns);
    placeTextLabels();
    plot_->replot(QCustomPlot::rpQueuedReplot);
  });
}

// Prompt points get a label where one fits: the selected point first, then the emphasised (compared)
// ones, then the prompt's tokens in order; a label never covers another. The others are named on hover.
void EmbeddingsView::placeTextLabels() {
  for (QCPItemText* t : labels_) plot_->removeItem(t);
  labels_.clear();
  const EmbeddingsData& d = *data_;
  const QRect area = plot_->axisRect()->rect();
  labelledRect_ = area;
  if (area.width() < 40 || area.height() < 40) return;
  QFont font(plot_->font().family(), 9);
  const QFontMetrics fm(font);
  std::vector<LabelCandidate> candidates;
  std::vector<int> pointOf;
  for (int i = 0; i < projected_.rows && static_cast<int>(candidates.size()) < kMaxTextLabels; ++i) {
    if (d.groups[i] == 0 && i != selected_) continue;
    const QString text = d.labels[i].trimmed().isEmpty() ? d.labels[i] : d.labels[i].trimmed();
    const QPointF px(plot_->xAxis->coordToPixel(projected_.at(i, 0)), plot_->yAxis->coordToPixel(projected_.at(i, 1)));
    const double priority = i == selected_ ? 3 : isEmphasised(i) ? 2 : 1;
    candidates.push_back({px, QSizeF(fm.horizontalAdvance(text) + 4, fm.height()), priority});
    pointOf.push_back(i);
  }
  for (const PlacedLabel& placed : placeLabels(candidates, QRectF(area))) {
    const int i = pointOf[static_cast<std::size_t>(placed.index)];
    auto* text = new QCPItemText(plot_);
    text->setClipToAxisRect(true);
    text->position->setType(QCPItemPosition::ptAbsolute);
    text->position->setCoords(placed.rect.topLeft());
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    text->setPadding(QMargins(2, 0, 2, 0));
    text->setFont(font);
    text->setText(d.labels[i].trimmed().isEmpty() ? d.labels[i] : d.labels[i].trimmed());
    const bool strong = i == selected_ || isEmphasised(i);
    text->setColor(embeddingsGroupColor(std::max(1, d.groups[i])).darker(strong ? 200 : 160));
    if (strong) {
      QFont bold = font;
      bold.setBold(true);
      text->setFont(bold);
    }
    labels_.push_back(text);
  }
}

QStringList EmbeddingsView::drawnLabels() const {
  QStringList out;
  for (const QCPItemText* t : labels_) out << t->text();
  return out;
}

QStringList EmbeddingsView::keyEntries() const {
  QStringList out;
  for (int i = 0; i < plot_->legend->itemCount(); ++i)
    if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot_->legend->item(i))) out << item->plottable()->name();
  return out;
}

// One polyline per prompt token through its states at every layer boundary (a QCPCurve keeps the
// points in layer order), a small dot at each boundary, the selected token's path drawn bold.
void EmbeddingsView::drawPaths() {
  const EmbeddingsData& d = *data_;
  const auto& layers = proj_->shared;
  const int boundaries = static_cast<int>(layers.size());
  QVector<double> startX, startY;  // layer 0, where every path begins
  const bool onePrompt = d.groupNames.size() <= 2;
  int keyed = 0;
  for (int i = 0; i < d.size(); ++i) {
    const int g = d.groups[i];
    if (g == 0) continue;  // vocabulary points have no context, hence no path
    QVector<double> t(boundaries), xs(boundaries), ys(boundaries);
    for (int b = 0; b < boundaries; ++b) {
      t[b] = b;
      xs[b] = layers[static_cast<std::size_t>(b)].at(i, 0);
      ys[b] = layers[static_cast<std::size_t>(b)].at(i, 1);
    }
    auto* curve = new QCPCurve(plot_->xAxis, plot_->yAxis);
    // One prompt: a hue per token (golden-ratio steps), so crossing paths can be told apart.
    QColor c = onePrompt ? QColor::fromHsvF(std::fmod(0.08 + 0.618034 * i, 1.0), 0.8, 0.75) : embeddingsGroupColor(g);
    const bool bold = i == selected_ || isEmphasised(i);
    c.setAlpha(bold ? 255 : emphasised_.isEmpty() ? 110 : 55);
    curve->setPen(QPen(c, bold ? 3.0 : 1.3));
    curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, bold ? 5 : 3.5));
    curve->setData(t, xs, ys, true);
    startX << xs[0];
    startY << ys[0];
    // The key names each path when there is one prompt (each its own hue); with several prompts the
    // colour is the prompt's, named by the groups' entries.
    curve->setName(QStringLiteral("%1 %2").arg(d.positions[i]).arg(d.labels[i].trimmed().isEmpty() ? d.labels[i] : d.labels[i].trimmed()));
    if (!onePrompt || ++keyed > kMaxPathKey) curve->removeFromLegend();
  }
  if (startX.isEmpty()) return;
  QCPGraph* starts = plot_->addGraph();
  starts->setLineStyle(QCPGraph::lsNone);
  starts->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(90, 90, 90), 1.2), Qt::white, 7));
  starts->setData(startX, startY);
  starts->setName(tr("start of a path: the token's embedding"));
  if (onePrompt && keyed > kMaxPathKey) {
    QCPGraph* more = plot_->addGraph();  // an empty graph: a line of the key
    more->setLineStyle(QCPGraph::lsNone);
    more->setName(tr("… and %n more path(s): hover a point to name it", "", keyed - kMaxPathKey));
  }
}

// The current layer's points by group, prompt points labelled, the selected point ringed.
void EmbeddingsView::drawPoints() {
  const EmbeddingsData& d = *data_;
  const int n = projected_.rows;
  const int groups = std::max(1, static_cast<int>(d.groupNames.size()));
  for (int g = 0; g < groups; ++g) {
    QVector<double> xs, ys;
    for (int i = 0; i < n; ++i)
      if (d.groups[i] == g) {
        xs << projected_.at(i, 0);
        ys << projected_.at(i, 1);
      }
    if (xs.isEmpty()) continue;
    QCPGraph* graph = plot_->addGraph();
    graph->setLineStyle(QCPGraph::lsNone);
    const QColor c = embeddingsGroupColor(g);
    graph->setScatterStyle(g == 0 ? QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, 4)
                                  : QCPScatterStyle(QCPScatterStyle::ssDisc, c.darker(130), c, 9));
    graph->setData(xs, ys);  // QCPGraph sorts by x; point order does not matter here
    graph->setName(d.groupNames.value(g));
    // With one prompt and its paths drawn, each token's path has its own entry; the group entry adds nothing.
    if (pathsShown() && d.groupNames.size() <= 2 && g > 0) graph->removeFromLegend();
  }
  if (selected_ >= 0 && selected_ < n && !exporting_) {
    QCPGraph* ring = plot_->addGraph();
    ring->setLineStyle(QCPGraph::lsNone);
    ring->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 2), Qt::NoBrush, 16));
    ring->setData({projected_.at(selected_, 0)}, {projected_.at(selected_, 1)});
    ring->removeFromLegend();
  }
}

// Fits the axes to what is drawn; with paths, to every layer's points, so the frame stays put while
// the slider moves the dots.
void EmbeddingsView::rescaleAxes() {
  const bool paths = pathsShown();
  const std::vector<DenseMatrix> current{projected_};
  const std::vector<DenseMatrix>& sets = paths ? proj_->shared : current;
  double lo[2] = {0, 0}, hi[2] = {0, 0};
  bool any = false;
  for (const DenseMatrix& m : sets)
    for (int i = 0; i < m.rows; ++i)
      for (int k = 0; k < 2; ++k) {
        const double v = m.at(i, k);
        lo[k] = any ? std::min(lo[k], v) : v;
        hi[k] = any ? std::max(hi[k], v) : v;
        if (k == 1) any = true;
      }
  QCPAxis* axes[2] = {plot_->xAxis, plot_->yAxis};
  for (int k = 0; k < 2; ++k) {
    const double pad = std::max(1e-6, 0.08 * (hi[k] - lo[k]));
    axes[k]->setRange(lo[k] - pad, hi[k] + pad);
  }
}

void EmbeddingsView::setEmphasisedWord(const QString& word) {
  if (word == emphasised_) return;
  emphasised_ = word;
  if (!projected_.empty()) redraw(false);  // else the projection on its way draws it
}

bool EmbeddingsView::isEmphasised(int point) const {
  if (comparison_.active()) {
    return std::find(comparison_.first.begin(), comparison_.first.end(), point) != comparison_.first.end() ||
           std::find(comparison_.second.begin(), comparison_.second.end(), point) != comparison_.second.end();
  }
  if (emphasised_.isEmpty() || point < 0 || point >= data_->size()) return false;
  QString label = data_->labels[point];
  label.remove(QChar(0x00B7));  // the visible space
  return label.trimmed().compare(emphasised_, Qt::CaseInsensitive) == 0;
}

int EmbeddingsView::pointAt(QPoint pixel) const {
  const EmbeddingsData& d = *data_;
  int best = -1;
  double bestD2 = 10.0 * 10.0;  // within 10 px
  for (int i = 0; i < projected_.rows && i < d.size(); ++i) {
    const double dx = plot_->xAxis->coordToPixel(projected_.at(i, 0)) - pixel.x();
    const double dy = plot_->yAxis->coordToPixel(projected_.at(i, 1)) - pixel.y();
    const double d2 = dx * dx + dy * dy;
    // Prompt points win ties over the vocabulary sample drawn beneath them.
    if (d2 < bestD2 || (best >= 0 && d2 == bestD2 && d.groups[i] > d.groups[best])) {
      best = i;
      bestD2 = d2;
    }
  }
  return best;
}

QWidget* EmbeddingsView::exportWidget() {
  flush();
  // The labels are placed for the plot's current geometry, which a dock shown just now may only have
  // received since the last placement.
  plot_->replot(QCustomPlot::rpImmediateRefresh);
  if (projected_.rows == data_->size() && !projected_.empty()) {
    placeTextLabels();
    plot_->replot(QCustomPlot::rpImmediateRefresh);
  }
  return plot_;
}

void EmbeddingsView::setExporting(bool exporting) {
  if (exporting == exporting_) return;
  exporting_ = exporting;
  if (!projected_.empty()) redraw(false);
  plot_->replot(QCustomPlot::rpImmediateRefresh);
}

QString EmbeddingsView::suggestedFileName() const {
  const EmbeddingsData& d = *data_;
  if (d.empty()) return exportName();
  QString stem = QStringLiteral("embeddings-") + fileStem(comparison_.active() ? QStringLiteral("word-") + comparison_.word : d.title);
  if (d.layers.size() > 1) stem += QLatin1Char('-') + fileStem(d.layerNames.value(layer_));
  if (projection_ == Projection::Tsne) stem += QStringLiteral("-tsne");
  return stem;
}

QString EmbeddingsView::exportTitle() const {
  const EmbeddingsData& d = *data_;
  if (d.empty()) return tr("Embeddings");
  const QString how = projection_ == Projection::Tsne ? tr("t-SNE") : pathsShown() ? tr("PCA over all layers") : tr("PCA");
  if (comparison_.active())
    return tr("“%1” in two sentences, %2 (%3)").arg(comparison_.word, d.layerNames.value(layer_), how);
  if (d.layers.size() > 1) return tr("%1, %2 (%3)").arg(d.title, d.layerNames.value(layer_), how);
  return tr("%1 (%2)").arg(d.title, how);
}

bool EmbeddingsView::exportTo(const QString& path, QString* error) {
  return exportAnalysisImage(exportWidget(), path, error);
}

bool EmbeddingsView::exportData(const QString& path, QString* error) const {
  return exportAnalysisText(path, [this] { return csvData(); }, [this] { return jsonData(); }, error);
}

QString EmbeddingsView::csvData() const {
  const EmbeddingsData& d = *data_;
  QString out = "index,token_id,label,group,position,x,y\n";
  for (int i = 0; i < projected_.rows && i < d.size(); ++i)
    out += QString("%1,%2,%3,%4,%5,%6,%7\n")
               .arg(i).arg(d.tokenIds.empty() ? -1 : d.tokenIds[i]).arg(csvField(d.labels[i]))
               .arg(csvField(d.groupNames.value(d.groups[i]))).arg(d.positions[i])
               .arg(projected_.at(i, 0), 0, 'g', 7).arg(projected_.at(i, 1), 0, 'g', 7);
  return out;
}

QJsonValue EmbeddingsView::jsonData() const {
  const EmbeddingsData& d = *data_;
  const bool paths = pathsShown();
  QJsonArray points;
  for (int i = 0; i < projected_.rows && i < d.size(); ++i) {
    QJsonObject p{{"token_id", d.tokenIds.empty() ? -1 : d.tokenIds[i]},
                  {"label", d.labels[i]},
                  {"group", d.groupNames.value(d.groups[i])},
                  {"position", d.positions[i]},
                  {"x", projected_.at(i, 0)},
                  {"y", projected_.at(i, 1)}};
    if (paths) {
      QJsonArray path;  // [layer boundary] -> [x, y] in the shared PCA
      for (const DenseMatrix& m : proj_->shared) path.append(QJsonArray{m.at(i, 0), m.at(i, 1)});
      p.insert("path", path);
    }
    points.append(p);
  }
  return QJsonObject{{"title", d.title},
                     {"layer", d.layerNames.value(layer_)},
                     {"projection", projection_ == Projection::Pca ? "pca" : "tsne"},
                     {"layout", paths ? "paths, one PCA over all layers" : "this layer alone"},
                     {"dimensions", d.dims()},
                     {"points", points}};
}

}  // namespace glassbox
