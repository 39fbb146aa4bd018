// EmbeddingsView: one word in two sentences — both occurrences drawn bold and the cosine of their
// hidden states, at the slider's layer and at every layer, written on the plot.
#include <QLabel>
#include <qcustomplot.h>

#include "embeddings_view.h"
#include "word_comparison.h"

namespace glassbox {

void EmbeddingsView::setComparison(const WordComparison& comparison) {
  comparison_ = comparison;
  const int n = data_->size();
  const auto inRange = [n](const std::vector<int>& v) {
    return std::all_of(v.begin(), v.end(), [n](int i) { return i >= 0 && i < n; });
  };
  if (!inRange(comparison_.first) || !inRange(comparison_.second)) comparison_ = {};
  if (!projected_.empty()) redraw(false);  // else the projection on its way draws it
}

std::vector<double> EmbeddingsView::comparisonCosines() const {
  if (!comparison_.active()) return {};
  return meanCosineByLayer(*data_, comparison_.first, comparison_.second);
}

QString EmbeddingsView::comparisonText() const {
  const std::vector<double> cos = comparisonCosines();
  if (cos.empty()) return {};
  const auto at = static_cast<std::size_t>(std::clamp(layer_, 0, static_cast<int>(cos.size()) - 1));
  QStringList byLayer;
  for (double c : cos) byLayer << QString::number(c, 'f', 2);
  if (cos.size() == 1)
    return tr("cosine of “%1” in the two sentences: %2").arg(comparison_.word).arg(cos[at], 0, 'f', 2);
  return tr("cosine of “%1” in the two sentences, %2: %3\nby layer, from the embeddings up: %4")
      .arg(comparison_.word, data_->layerNames.value(layer_))
      .arg(cos[at], 0, 'f', 2)
      .arg(byLayer.join(QStringLiteral(" → ")));
}

void EmbeddingsView::drawComparison() {
  const QString text = comparisonText();
  if (text.isEmpty()) return;
  auto* box = new QCPItemText(plot_);
  box->position->setType(QCPItemPosition::ptAxisRectRatio);
  box->position->setCoords(0.99, 0.02);
  box->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
  box->setTextAlignment(Qt::AlignLeft);
  box->setPadding(QMargins(6, 4, 6, 4));
  box->setBrush(QColor(255, 255, 255, 230));
  box->setPen(QPen(QColor(120, 120, 120)));
  QFont f(plot_->font().family(), 9);
  f.setBold(true);
  box->setFont(f);
  box->setText(text);
}

}  // namespace glassbox
