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

// The cosine goes in a line of its own above the axes (part of exported images), never over points.
void EmbeddingsView::drawComparison() {
  const QString text = comparisonText();
  if (text.isEmpty()) {
    if (comparisonLine_) {
      plot_->plotLayout()->remove(comparisonLine_);
      plot_->plotLayout()->simplify();
      comparisonLine_ = nullptr;
    }
    return;
  }
  if (!comparisonLine_) {
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    comparisonLine_ = new QCPTextElement(plot_, QString(), QFont(plot_->font().family(), 9, QFont::Bold));
    plot_->plotLayout()->addElement(0, 0, comparisonLine_);
  }
  comparisonLine_->setText(text);
}

}  // namespace glassbox
