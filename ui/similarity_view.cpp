#include "similarity_view.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "encoder_outputs.h"

namespace glassbox {

SimilarityView::SimilarityView(QWidget* parent) : QWidget(parent) {
  // An explicit minimum: a tab of the bottom docks must not make the window taller than a classroom screen.
  setMinimumSize(160, 60);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* split = new QSplitter(Qt::Horizontal);
  auto* left = new QWidget;
  auto* ll = new QVBoxLayout(left);
  ll->setContentsMargins(0, 0, 0, 0);
  auto* hint = new QLabel(tr("Sentences, one per line:"));
  ll->addWidget(hint);
  editor_ = new QPlainTextEdit;
  editor_->setPlaceholderText(tr("One sentence per line"));
  ll->addWidget(editor_, 1);
  note_ = new QLabel;
  note_->setWordWrap(true);
  ll->addWidget(note_);
  split->addWidget(left);
  plot_ = new QCustomPlot;
  plot_->setMinimumSize(120, 60);
  map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
  QCPColorGradient g(QCPColorGradient::gpHot);
  g.setLevelCount(200);
  map_->setGradient(g.inverted());
  map_->setDataRange(QCPRange(-1, 1));
  map_->setInterpolate(false);
  plot_->yAxis->setRangeReversed(true);
  split->addWidget(plot_);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  layout->addWidget(split, 1);
  typing_.setSingleShot(true);
  typing_.setInterval(400);
  connect(editor_, &QPlainTextEdit::textChanged, this, [this] { typing_.start(); });
  connect(&typing_, &QTimer::timeout, this, [this] { emit sentencesChanged(sentences()); });
  setUnavailable({});
}

SimilarityView::~SimilarityView() = default;

void SimilarityView::setSentences(const QStringList& sentences) {
  const QSignalBlocker block(editor_);
  editor_->setPlainText(sentences.join(QLatin1Char('\n')));
}

QStringList SimilarityView::sentences() const {
  QStringList out;
  for (const QString& line : editor_->toPlainText().split(QLatin1Char('\n')))
    if (!line.trimmed().isEmpty()) out << line.trimmed();
  return out;
}

void SimilarityView::setUnavailable(const QString& message) {
  data_.reset();
  map_->data()->clear();
  plot_->clearItems();
  note_->setText(message.isEmpty() ? tr("Open an encoder that embeds text (BERT, a sentence-transformers folder) to "
                                        "compare sentences.")
                                   : message);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void SimilarityView::setData(std::shared_ptr<const SimilarityData> data) {
  if (!data) return;
  data_ = std::move(data);
  plot_->clearItems();
  const int S = static_cast<int>(data_->sentences.size());
  if (!data_->error.isEmpty() || S == 0) {
    note_->setText(data_->error.isEmpty() ? tr("Write at least one sentence.") : data_->error);
    map_->data()->clear();
    plot_->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  double lowest = 1;
  for (double c : data_->cosines) lowest = std::min(lowest, c);
  map_->setDataRange(QCPRange(std::min(lowest, 0.99), 1));  // the colours span the pairs' own range
  map_->data()->setSize(S, S);
  map_->data()->setRange(QCPRange(1, S), QCPRange(1, S));
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  for (int a = 0; a < S; ++a) {
    ticker->addTick(a + 1, QString::number(a + 1));
    for (int b = 0; b < S; ++b) {
      map_->data()->setCell(a, b, data_->at(a, b));
      auto* label = new QCPItemText(plot_);
      label->position->setCoords(a + 1, b + 1);
      label->setText(QString::number(data_->at(a, b), 'f', 2));
      label->setColor((data_->at(a, b) - lowest) / std::max(1e-9, 1 - lowest) > 0.55 ? Qt::white : Qt::black);
    }
  }
  plot_->xAxis->setTicker(ticker);
  plot_->yAxis->setTicker(ticker);
  plot_->xAxis->setRange(0.5, S + 0.5);
  plot_->yAxis->setRange(0.5, S + 0.5);
  QString list;
  for (int a = 0; a < S; ++a) list += QStringLiteral("%1. %2\n").arg(a + 1).arg(data_->sentences[a]);
  note_->setText(tr("Cosine of the sentences' %1-pooled vectors%2; 1 = same direction, the colours span the lowest "
                    "pair to 1. Line numbers label the heatmap.")
                     .arg(data_->pooling, data_->normalized ? tr(" (normalized)") : QString()));
  plot_->setToolTip(list.trimmed());
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString SimilarityView::exportTitle() const {
  QStringList numbered;
  if (data_)
    for (int a = 0; a < data_->sentences.size(); ++a) numbered << QStringLiteral("%1. %2").arg(a + 1).arg(data_->sentences[a]);
  return tr("Sentence similarity (cosine): %1").arg(numbered.join(QStringLiteral("  ")));
}

QWidget* SimilarityView::exportWidget() { return plot_; }

QString SimilarityView::csvData() const {
  QString csv = QStringLiteral("a,b,cosine\n");
  if (!data_) return csv;
  const int S = static_cast<int>(data_->sentences.size());
  for (int a = 0; a < S; ++a)
    for (int b = 0; b < S; ++b) csv += QStringLiteral("%1,%2,%3\n").arg(a + 1).arg(b + 1).arg(data_->at(a, b), 0, 'g', 10);
  return csv;
}

QJsonValue SimilarityView::jsonData() const {
  QJsonArray sentences, rows;
  if (data_) {
    const int S = static_cast<int>(data_->sentences.size());
    for (const QString& s : data_->sentences) sentences.append(s);
    for (int a = 0; a < S; ++a) {
      QJsonArray row;
      for (int b = 0; b < S; ++b) row.append(data_->at(a, b));
      rows.append(row);
    }
  }
  return QJsonObject{{"sentences", sentences}, {"pooling", data_ ? data_->pooling : QString()},
                     {"normalized", data_ && data_->normalized}, {"cosine", rows}};
}

}  // namespace glassbox
