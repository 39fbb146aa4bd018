#include "tokens_view.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTextDocument>
#include <QVBoxLayout>

#include "token_chips_widget.h"
#include "token_text.h"
#include "tool_tip.h"

namespace glassbox {
namespace {

QScrollArea* scrolled(QWidget* w) {
  auto* s = new QScrollArea;
  s->setWidget(w);
  s->setWidgetResizable(true);
  s->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  s->setBackgroundRole(QPalette::Base);
  return s;
}

}  // namespace

TokenCounts countTokens(const std::string& text, const Encoding& encoding) {
  TokenCounts c;
  c.bytes = static_cast<int>(text.size());
  for (unsigned char ch : text)
    if ((ch & 0xC0) != 0x80) ++c.characters;
  c.padding = static_cast<int>(encoding.paddingCount());
  c.tokens = static_cast<int>(encoding.ids.size()) - c.padding;
  return c;
}

TokensView::TokensView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* bar = new QHBoxLayout;
  counts_ = new QLabel;
  counts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  showIds_ = new QCheckBox(tr("Show ids"));
  showIds_->setChecked(true);
  showIds_->setToolTip(wrappedToolTip(tr("Show each token's number in the vocabulary under it: the model only ever sees these numbers.")));
  compareButton_ = new QPushButton(tr("Compare…"));
  compareButton_->setToolTip(wrappedToolTip(tr("Tokenize the same text with a second tokenizer side by side: one of a model "
                                               "you opened before, or a tokenizer.json or tokenizer.bin file.")));
  bar->addWidget(counts_, 1);
  bar->addWidget(showIds_);
  bar->addWidget(compareButton_);
  layout->addLayout(bar);

  auto* split = new QSplitter(Qt::Horizontal);
  chips_ = new TokenChipsWidget;
  chips_->setEmptyText(tr("The tokens of the prompt appear here."));
  split->addWidget(scrolled(chips_));
  comparePanel_ = new QWidget;
  auto* cl = new QVBoxLayout(comparePanel_);
  cl->setContentsMargins(0, 0, 0, 0);
  compareCounts_ = new QLabel;
  compareChips_ = new TokenChipsWidget;
  cl->addWidget(compareCounts_);
  cl->addWidget(scrolled(compareChips_), 1);
  split->addWidget(comparePanel_);
  comparePanel_->hide();
  layout->addWidget(split, 1);

  connect(showIds_, &QCheckBox::toggled, this, &TokensView::setShowIds);
  connect(compareButton_, &QPushButton::clicked, this, &TokensView::compareRequested);
  connect(chips_, &TokenChipsWidget::clicked, this, [this](int chip) {
    const auto& chips = chips_->chips();
    if (chip >= 0 && chip < static_cast<int>(chips.size()) && chips[static_cast<std::size_t>(chip)].firstToken >= 0)
      emit tokenClicked(chips[static_cast<std::size_t>(chip)].firstToken);
  });
  connect(chips_, &TokenChipsWidget::hovered, this, [this](int chip) {
    const auto& chips = chips_->chips();
    if (chip < 0 || chip >= static_cast<int>(chips.size())) {
      emit tokenHovered(-1, -1);
      return;
    }
    const TokenChip& c = chips[static_cast<std::size_t>(chip)];
    if (c.marker) {  // the part of the prompt the model never reads
      emit tokenHovered(static_cast<int>(cut_.begin), static_cast<int>(cut_.end));
      return;
    }
    if (c.firstToken < 0 || c.firstToken >= static_cast<int>(data_.encoding.tokens.size())) {
      emit tokenHovered(-1, -1);
      return;
    }
    const auto& t = data_.encoding.tokens[static_cast<std::size_t>(c.firstToken)];
    emit tokenHovered(static_cast<int>(t.begin), static_cast<int>(t.end));
  });
}

void TokensView::setData(TokensViewData data) {
  data_ = std::move(data);
  cut_ = truncationCut(data_.encoding, data_.text.size());
  chips_->setChips(chipsFor(data_.encoding, data_.text));
  counts_->setText(countsText(countTokens(data_.text, data_.encoding), data_.tokenizerName));
  refreshCompare();
}

QString TokensView::countsText(const TokenCounts& c, const QString& name) {
  const QString suffix = name.isEmpty() ? QString() : QStringLiteral(" — ") + name.toHtmlEscaped();
  if (c.padding > 0)
    return tr("<b>%1</b> tokens (+ %n padding) · %2 characters · %3 bytes · <b>%4</b> bytes/token%5", nullptr, c.padding)
        .arg(c.tokens)
        .arg(c.characters)
        .arg(c.bytes)
        .arg(c.bytesPerToken(), 0, 'f', 2)
        .arg(suffix);
  return tr("<b>%n</b> token(s) · %1 characters · %2 bytes · <b>%3</b> bytes/token%4", "", c.tokens)
      .arg(c.characters)
      .arg(c.bytes)
      .arg(c.bytesPerToken(), 0, 'f', 2)
      .arg(suffix);
}

int TokensView::chipOfToken(int token) const {
  const auto& chips = chips_->chips();
  for (std::size_t i = 0; i < chips.size(); ++i) {
    const TokenChip& c = chips[i];
    if (c.firstToken >= 0 && token >= c.firstToken && token < c.firstToken + c.tokenCount) return static_cast<int>(i);
  }
  return -1;
}

QString TokensView::exportTitle() const {
  if (compare_)
    return tr("Tokens: the prompt split by %1 and by %2").arg(data_.tokenizerName, compareName_);
  return data_.tokenizerName.isEmpty() ? tr("Tokens: the prompt as the tokenizer splits it")
                                       : tr("Tokens: the prompt as the %1 tokenizer splits it").arg(data_.tokenizerName);
}

void TokensView::setExporting(bool exporting) {
  chips_->setExporting(exporting);
  compareChips_->setExporting(exporting);
}

void TokensView::setCompareTokenizer(std::shared_ptr<const Tokenizer> tokenizer, const QString& name) {
  compare_ = std::move(tokenizer);
  compareName_ = name;
  comparePanel_->setVisible(compare_ != nullptr);
  refreshCompare();
}

void TokensView::refreshCompare() {
  if (!compare_) return;
  try {
    // Encoding a prompt takes well under a millisecond; done here so both sides always match.
    const Encoding e = compare_->encode(data_.text, true);
    compareChips_->setChips(chipsFor(e, data_.text));
    compareCounts_->setText(countsText(countTokens(data_.text, e), compareName_));
  } catch (const std::exception& ex) {
    compareChips_->setChips({});
    compareCounts_->setText(QString::fromStdString(ex.what()));
  }
}

QString TokensView::countsLine() const {
  QTextDocument doc;
  doc.setHtml(counts_->text());
  return doc.toPlainText();
}

QString TokensView::compareCountsLine() const {
  QTextDocument doc;
  doc.setHtml(compareCounts_->text());
  return doc.toPlainText();
}

void TokensView::setEmptyText(const QString& text) {
  chips_->setChips({});
  chips_->setEmptyText(text);
  counts_->clear();
}

void TokensView::setShowIds(bool show) {
  showIds_->setChecked(show);
  chips_->setShowIds(show);
  compareChips_->setShowIds(show);
}

bool TokensView::showIds() const { return showIds_->isChecked(); }

void TokensView::setSelectedToken(int index) { chips_->setSelected(index < 0 ? -1 : chipOfToken(index)); }

void TokensView::highlightByte(int byteOffset) {
  int found = -1;
  for (std::size_t i = 0; i < data_.encoding.tokens.size() && byteOffset >= 0; ++i) {
    const auto& t = data_.encoding.tokens[i];
    if (static_cast<std::size_t>(byteOffset) >= t.begin && static_cast<std::size_t>(byteOffset) < t.end) {
      found = chipOfToken(static_cast<int>(i));
      break;
    }
  }
  // A byte the model never reads lights the truncation marker.
  if (found < 0 && cut_.cut && byteOffset >= 0 && static_cast<std::size_t>(byteOffset) >= cut_.begin &&
      static_cast<std::size_t>(byteOffset) < cut_.end) {
    const auto& chips = chips_->chips();
    for (std::size_t i = 0; i < chips.size(); ++i)
      if (chips[i].marker) found = static_cast<int>(i);
  }
  chips_->setHighlighted(found);
}

QString TokensView::csvData() const {
  QString csv = QStringLiteral("index,id,token,raw,begin,end,special,partial_char\n");
  auto quote = [](QString s) { return QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"'); };
  for (std::size_t i = 0; i < data_.encoding.tokens.size(); ++i) {
    const auto& t = data_.encoding.tokens[i];
    csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
               .arg(i).arg(t.id)
               .arg(quote(visibleTokenText(t.bytes)), quote(QString::fromStdString(t.raw)))
               .arg(t.begin).arg(t.end).arg(t.special ? 1 : 0).arg(t.partialChar ? 1 : 0);
  }
  return csv;
}

QJsonValue TokensView::jsonData() const {
  QJsonArray tokens;
  for (const auto& t : data_.encoding.tokens)
    tokens.append(QJsonObject{{"id", t.id}, {"text", visibleTokenText(t.bytes)}, {"raw", QString::fromStdString(t.raw)},
                              {"begin", static_cast<qint64>(t.begin)}, {"end", static_cast<qint64>(t.end)},
                              {"special", t.special}, {"partial_char", t.partialChar}});
  const TokenCounts c = countTokens(data_.text, data_.encoding);
  return QJsonObject{{"text", QString::fromStdString(data_.text)}, {"tokenizer", data_.tokenizerName},
                     {"characters", c.characters}, {"bytes", c.bytes}, {"tokens", tokens},
                     {"padding", c.padding}, {"truncated", data_.encoding.truncated()}};
}

}  // namespace glassbox
