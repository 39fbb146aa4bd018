#include "masked_token_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

#include "encoder_outputs.h"
#include "engine_types.h"
#include "next_token_chart.h"
#include "next_token_view.h"
#include "sampling_bridge.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {

MaskedTokenView::MaskedTokenView(QWidget* parent) : QWidget(parent) {
  // An explicit minimum: a tab of the bottom docks must not make the window taller than a classroom screen.
  setMinimumSize(160, 60);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  auto* top = new QHBoxLayout;
  sentence_ = new QLabel;
  sentence_->setWordWrap(true);
  sentence_->setTextFormat(Qt::RichText);
  sentence_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  top->addWidget(sentence_, 1);
  selector_ = new QComboBox;
  selector_->setToolTip(tr("Each mask has its own distribution: choose which one the chart shows."));
  top->addWidget(selector_);
  layout->addLayout(top);
  view_ = new NextTokenView;
  layout->addWidget(view_, 1);
  connect(selector_, &QComboBox::activated, this, &MaskedTokenView::selectMask);
  connect(view_, &NextTokenView::sourceChanged, this, &MaskedTokenView::refreshSentence);
  setUnavailable({});
}

MaskedTokenView::~MaskedTokenView() = default;

void MaskedTokenView::setTokenizer(std::shared_ptr<const Tokenizer> tokenizer) {
  tokenizer_ = tokenizer;
  view_->setTokenizer(std::move(tokenizer));
}

int MaskedTokenView::maskCount() const {
  return analysis_ && analysis_->encoder ? static_cast<int>(analysis_->encoder->maskLogits.size()) : 0;
}

int MaskedTokenView::maskPosition(int index) const {
  if (index < 0 || index >= maskCount()) return -1;
  return analysis_->encoder->maskPositions[static_cast<std::size_t>(index)];
}

int MaskedTokenView::predictedId(int index) const {
  if (index < 0 || index >= maskCount()) return -1;
  const auto& l = analysis_->encoder->maskLogits[static_cast<std::size_t>(index)];
  return static_cast<int>(std::max_element(l.begin(), l.end()) - l.begin());
}

QString MaskedTokenView::tokenString(int id) const {
  if (!tokenizer_ || id < 0) return {};
  return QString::fromStdString(Tokenizer::displayBytes(tokenizer_->tokenBytes(id))).trimmed();
}

void MaskedTokenView::setUnavailable(const QString& message) {
  analysis_.reset();
  masked_.clear();
  selected_ = -1;
  selector_->clear();
  selector_->setVisible(false);
  sentence_->setText(message.isEmpty() ? tr("Type a sentence with [MASK] (or <mask>) in it, or click a token in Tokens "
                                            "to mask it: the chart shows what the model would put there.")
                                       : message);
  view_->clearSource(message);
}

void MaskedTokenView::setAnalysis(std::shared_ptr<const PromptAnalysis> analysis, std::vector<int> masked) {
  const int before = selected_;
  analysis_ = std::move(analysis);
  masked_ = std::move(masked);
  const int n = maskCount();
  if (n == 0) {
    const QString why = analysis_ && analysis_->encoder && !analysis_->encoder->headError.isEmpty()
                            ? analysis_->encoder->headError
                            : QString();
    auto keep = analysis_;
    setUnavailable(why);
    analysis_ = keep;
    return;
  }
  selector_->clear();
  for (int m = 0; m < n; ++m) selector_->addItem(tr("Mask %1 (token %2)").arg(m + 1).arg(maskPosition(m)));
  selector_->setVisible(n > 1);
  selected_ = -1;
  selectMask(std::clamp(before, 0, n - 1));
}

void MaskedTokenView::selectMask(int index) {
  if (index < 0 || index >= maskCount()) return;
  const bool changed = index != selected_;
  selected_ = index;
  selector_->setCurrentIndex(index);
  const EncoderOutputs& e = *analysis_->encoder;
  DistributionSource src;
  src.owner = analysis_;
  src.logits = e.maskLogits[static_cast<std::size_t>(index)];
  src.actualId = index < static_cast<int>(masked_.size()) ? masked_[static_cast<std::size_t>(index)] : -1;
  const int n = maskCount();
  src.title = n > 1 ? tr("Mask %1 of %2 (token %3): what the model would put there").arg(index + 1).arg(n).arg(maskPosition(index))
                    : tr("The mask (token %1): what the model would put there").arg(maskPosition(index));
  src.hint = src.actualId >= 0 ? tr("▶ marks the word you masked. The model reads the whole sentence, both sides of the mask.")
                               : tr("The model reads the whole sentence, both sides of the mask.");
  src.fileStem = QStringLiteral("mask-%1").arg(index + 1);
  view_->setSource(std::move(src));
  refreshSentence();
  if (changed) emit maskSelected(index);
}

// The input text with each mask replaced by the model's most likely token, the selected one underlined.
QString MaskedTokenView::sentenceHtml() const {
  if (!analysis_) return {};
  const std::string& text = analysis_->text;
  const auto& tokens = analysis_->encoding.tokens;
  const auto& positions = analysis_->encoder->maskPositions;
  QString html;
  std::size_t at = 0;
  for (int m = 0; m < maskCount(); ++m) {
    const auto& piece = tokens[static_cast<std::size_t>(positions[static_cast<std::size_t>(m)])];
    if (piece.begin < at || piece.end > text.size()) continue;
    html += QString::fromStdString(text.substr(at, piece.begin - at)).toHtmlEscaped();
    const QString style = m == selected_ ? QStringLiteral("color:#b45309; text-decoration: underline;") : QStringLiteral("color:#b45309;");
    html += QStringLiteral("<b style='%1'>%2</b>").arg(style, tokenString(predictedId(m)).toHtmlEscaped());
    at = piece.end;
  }
  if (at < text.size()) html += QString::fromStdString(text.substr(at)).toHtmlEscaped();
  return html;
}

void MaskedTokenView::refreshSentence() {
  if (maskCount() == 0) return;
  sentence_->setText(tr("Filled in: %1").arg(sentenceHtml()));
}

QString MaskedTokenView::suggestedFileName() const {
  return selected_ < 0 ? exportName() : QStringLiteral("masked-token-%1").arg(selected_ + 1);
}

QString MaskedTokenView::exportTitle() const {
  const QString title = view_->source().title.isEmpty() ? tr("Masked token") : view_->source().title;
  return tr("Masked token, %1 (%2)").arg(title, samplingSummary(view_->controls()->settings()));
}

void MaskedTokenView::setExporting(bool exporting) { view_->setExporting(exporting); }

QWidget* MaskedTokenView::exportWidget() { return view_->exportWidget(); }

QString MaskedTokenView::csvData() const { return view_->csvData(); }

// Every mask with its position, the model's pick, the masked word and the top tokens after the chain.
QJsonValue MaskedTokenView::jsonData() const {
  QJsonArray masks;
  const SamplingSettings s = view_->controls()->settings();
  for (int m = 0; m < maskCount() && tokenizer_; ++m) {
    ChainRun run;
    run.params = s.effective();
    run.greedy = !s.sample;
    run.maxReported = std::max(64, s.topN);
    const auto& logits = analysis_->encoder->maskLogits[static_cast<std::size_t>(m)];
    const SampleResult r = runSamplerChain(logits, {}, run);
    const int masked = m < static_cast<int>(masked_.size()) ? masked_[static_cast<std::size_t>(m)] : -1;
    const NextTokenData d = buildNextTokenData(logits, r, *tokenizer_, run.params, s.topN, masked);
    QJsonArray bars;
    for (const auto& b : d.bars)
      bars.append(QJsonObject{{"id", b.id}, {"token", b.label}, {"p_original", b.original}, {"p_adjusted", b.adjusted},
                              {"removed_by", b.removedBy}});
    masks.append(QJsonObject{{"position", maskPosition(m)}, {"predicted_id", predictedId(m)},
                             {"predicted", tokenString(predictedId(m))}, {"masked_id", masked},
                             {"entropy_final", d.entropyFinal}, {"survivors", d.survivors}, {"bars", bars}});
  }
  return QJsonObject{{"selected", selected_}, {"mask_token_id", analysis_ && analysis_->encoder ? analysis_->encoder->maskId : -1},
                     {"sampling", samplingSummary(s)}, {"masks", masks}, {"chart", view_->jsonData()}};
}

}  // namespace glassbox
