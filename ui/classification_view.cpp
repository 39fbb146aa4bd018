#include "classification_view.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "encoder_outputs.h"
#include "engine_types.h"

namespace glassbox {
namespace {

// A colour per entity, stable for a name ("PER" is always the same hue).
QColor entityColour(const QString& entity) {
  static const QColor palette[] = {QColor("#fde68a"), QColor("#bfdbfe"), QColor("#bbf7d0"), QColor("#fbcfe8"),
                                   QColor("#ddd6fe"), QColor("#fed7aa"), QColor("#a5f3fc"), QColor("#fecaca")};
  return palette[qHash(entity) % (sizeof(palette) / sizeof(palette[0]))];
}

QString labelName(const std::vector<std::string>& labels, int id) {
  if (id >= 0 && id < static_cast<int>(labels.size())) return QString::fromStdString(labels[static_cast<std::size_t>(id)]);
  return QStringLiteral("LABEL_%1").arg(id);
}

}  // namespace

std::vector<double> labelProbabilities(const std::vector<float>& logits) {
  std::vector<double> p(logits.size());
  if (logits.empty()) return p;
  const double top = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (std::size_t i = 0; i < p.size(); ++i) sum += p[i] = std::exp(static_cast<double>(logits[i]) - top);
  for (double& v : p) v /= sum;
  return p;
}

QString entityOf(const QString& label) {
  if (label == QLatin1String("O") || label.isEmpty()) return {};
  if (label.size() > 2 && (label.startsWith(QLatin1String("B-")) || label.startsWith(QLatin1String("I-")))) return label.mid(2);
  return label;
}

std::vector<EntitySpan> groupEntities(const PromptAnalysis& a) {
  std::vector<EntitySpan> spans;
  if (!a.encoder) return spans;
  const auto& e = *a.encoder;
  const std::size_t N = e.labels.size();
  if (N == 0 || e.tokenLogits.empty()) return spans;
  const std::size_t T = e.tokenLogits.size() / N;
  std::size_t spanEnd = 0;
  for (std::size_t t = 0; t < T && t < a.encoding.tokens.size(); ++t) {
    const auto& piece = a.encoding.tokens[t];
    if (piece.special || piece.begin >= piece.end) continue;
    const std::vector<float> row(e.tokenLogits.begin() + static_cast<std::ptrdiff_t>(t * N),
                                 e.tokenLogits.begin() + static_cast<std::ptrdiff_t>((t + 1) * N));
    const std::vector<double> p = labelProbabilities(row);
    const int id = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
    const QString label = labelName(e.labels, id);
    const QString entity = entityOf(label);
    if (entity.isEmpty()) continue;
    const bool continues = !spans.empty() && spans.back().entity == entity && spans.back().lastToken + 1 == static_cast<int>(t) &&
                           !label.startsWith(QLatin1String("B-"));
    if (!continues) {
      spans.push_back({entity, {}, static_cast<int>(t), static_cast<int>(t), 0});
    }
    EntitySpan& s = spans.back();
    const std::size_t from = continues ? spanEnd : piece.begin;
    s.text += QString::fromStdString(a.text.substr(from, piece.end - from));
    spanEnd = piece.end;
    s.score += p[static_cast<std::size_t>(id)];  // a sum until the end: consecutive tokens, so / count
    s.lastToken = static_cast<int>(t);
  }
  for (auto& s : spans) {
    s.text = s.text.trimmed();
    s.score /= s.lastToken - s.firstToken + 1;
  }
  return spans;
}

ClassificationView::ClassificationView(QWidget* parent) : QWidget(parent) {
  // An explicit minimum: a tab of the bottom docks must not make the window taller than a classroom screen.
  setMinimumSize(160, 60);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  note_ = new QLabel;
  note_->setWordWrap(true);
  layout->addWidget(note_);
  tokens_ = new QLabel;
  tokens_->setWordWrap(true);
  tokens_->setTextFormat(Qt::RichText);
  layout->addWidget(tokens_);
  plot_ = new QCustomPlot;
  plot_->setMinimumHeight(60);
  bars_ = new QCPBars(plot_->yAxis, plot_->xAxis);  // horizontal: labels down the left
  bars_->setBrush(QColor("#60a5fa"));
  bars_->setPen(Qt::NoPen);
  plot_->xAxis->setRange(0, 1);
  plot_->xAxis->setLabel(tr("probability"));
  layout->addWidget(plot_, 1);
  layout->addStretch(0);
  setUnavailable({});
}

ClassificationView::~ClassificationView() = default;

bool ClassificationView::hasData() const { return !probabilities_.empty() || !tokenLabels_.empty(); }

void ClassificationView::setUnavailable(const QString& message) {
  analysis_.reset();
  labels_.clear();
  probabilities_.clear();
  tokenLabels_.clear();
  spans_.clear();
  tokensHtml_.clear();
  note_->setText(message.isEmpty() ? tr("This model has no classification head: open a …ForSequenceClassification "
                                        "(sentiment) or …ForTokenClassification (entities) checkpoint.")
                                   : message);
  tokens_->hide();
  plot_->hide();
}

void ClassificationView::setAnalysis(std::shared_ptr<const PromptAnalysis> analysis) {
  const QString error = analysis && analysis->encoder ? analysis->encoder->headError : QString();
  if (!analysis || !analysis->encoder ||
      (analysis->encoder->sequenceLogits.empty() && analysis->encoder->tokenLogits.empty())) {
    setUnavailable(error);
    return;
  }
  analysis_ = std::move(analysis);
  labels_.clear();
  for (std::size_t i = 0; i < analysis_->encoder->labels.size(); ++i) labels_ << labelName(analysis_->encoder->labels, static_cast<int>(i));
  if (!analysis_->encoder->sequenceLogits.empty()) showSequence();
  else showTokens();
}

void ClassificationView::showSequence() {
  probabilities_ = labelProbabilities(analysis_->encoder->sequenceLogits);
  tokenLabels_.clear();
  spans_.clear();
  const int best = static_cast<int>(std::max_element(probabilities_.begin(), probabilities_.end()) - probabilities_.begin());
  note_->setText(tr("The whole text is classified from its first token ([CLS]): %1 (p = %2). The bars follow as you type.")
                     .arg(labels_.value(best)).arg(probabilities_[static_cast<std::size_t>(best)], 0, 'f', 3));
  QVector<double> keys, values;
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  const int n = static_cast<int>(probabilities_.size());
  for (int i = 0; i < n; ++i) {
    keys << n - i;  // the first label on top
    values << probabilities_[static_cast<std::size_t>(i)];
    ticker->addTick(n - i, labels_.value(i));
  }
  bars_->setData(keys, values, true);
  plot_->yAxis->setTicker(ticker);
  plot_->yAxis->setRange(0.4, n + 0.6);
  tokens_->hide();
  plot_->show();
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ClassificationView::showTokens() {
  probabilities_.clear();
  spans_ = groupEntities(*analysis_);
  const auto& e = *analysis_->encoder;
  const std::size_t N = e.labels.size();
  const std::size_t T = N ? e.tokenLogits.size() / N : 0;
  tokenLabels_.assign(T, -1);
  QString html;
  for (std::size_t t = 0; t < T && t < analysis_->encoding.tokens.size(); ++t) {
    const auto row = std::vector<float>(e.tokenLogits.begin() + static_cast<std::ptrdiff_t>(t * N),
                                        e.tokenLogits.begin() + static_cast<std::ptrdiff_t>((t + 1) * N));
    const auto p = labelProbabilities(row);
    const int id = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
    tokenLabels_[t] = id;
    const auto& piece = analysis_->encoding.tokens[t];
    const QString text = QString::fromStdString(piece.special ? piece.raw : piece.display).toHtmlEscaped();
    const QString entity = entityOf(labels_.value(id));
    const QString bg = piece.special ? QStringLiteral("#f3f4f6") : entity.isEmpty() ? QStringLiteral("#ffffff") : entityColour(entity).name();
    html += QStringLiteral("<span style='background:%1; color:%2'>&nbsp;%3<sub>%4</sub>&nbsp;</span> ")
                .arg(bg, piece.special ? QStringLiteral("#6b7280") : QStringLiteral("#111827"), text, labels_.value(id).toHtmlEscaped());
  }
  QString list;
  for (const EntitySpan& s : spans_)
    list += QStringLiteral("<li><span style='background:%1'>&nbsp;%2&nbsp;</span> “%3” (p = %4)</li>")
                .arg(entityColour(s.entity).name(), s.entity.toHtmlEscaped(), s.text.toHtmlEscaped())
                .arg(s.score, 0, 'f', 2);
  tokensHtml_ = html + (spans_.empty() ? tr("<p>No entity found.</p>") : QStringLiteral("<ul>%1</ul>").arg(list));
  note_->setText(tr("Each token gets a label of its own; tokens of one entity are grouped into spans."));
  tokens_->setText(tokensHtml_);
  tokens_->show();
  plot_->hide();
}

QString ClassificationView::exportTitle() const {
  return tokenLabels_.empty() ? tr("Classification, the label probabilities") : tr("Classification, an entity per token");
}

QString ClassificationView::csvData() const {
  QString csv = QStringLiteral("label,probability\n");
  for (std::size_t i = 0; i < probabilities_.size(); ++i)
    csv += QStringLiteral("\"%1\",%2\n").arg(labels_.value(static_cast<int>(i))).arg(probabilities_[i], 0, 'g', 8);
  for (const EntitySpan& s : spans_)
    csv += QStringLiteral("\"%1\",%2\n").arg(s.entity + QLatin1Char(':') + QString(s.text).replace('"', "\"\"")).arg(s.score, 0, 'g', 8);
  return csv;
}

QJsonValue ClassificationView::jsonData() const {
  QJsonArray labels, probs, tokens, spans;
  for (const QString& l : labels_) labels.append(l);
  for (double p : probabilities_) probs.append(p);
  for (std::size_t t = 0; t < tokenLabels_.size(); ++t)
    tokens.append(QJsonObject{{"index", static_cast<int>(t)}, {"label", labels_.value(tokenLabels_[t])}});
  for (const EntitySpan& s : spans_)
    spans.append(QJsonObject{{"entity", s.entity}, {"text", s.text}, {"first_token", s.firstToken},
                             {"last_token", s.lastToken}, {"score", s.score}});
  QJsonObject o{{"labels", labels}};
  if (!probabilities_.empty()) o.insert("kind", "sequence"), o.insert("probabilities", probs);
  if (!tokenLabels_.empty()) o.insert("kind", "token"), o.insert("tokens", tokens), o.insert("spans", spans);
  return o;
}

}  // namespace glassbox
