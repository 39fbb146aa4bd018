#pragma once
// The prompt as the tokenizer sees it: coloured chips with exact boundaries, counts, and a compare
// mode that tokenizes the same text with a second tokenizer side by side. Padding shows as one chip and
// a text cut by truncation is marked where the model stops reading (chips in tokens_view_chips.cpp).
#include <QWidget>
#include <memory>
#include <string>

#include "exportable_view.h"
#include "tokenizers/tokenizer.h"

class QCheckBox;
class QLabel;
class QPushButton;

namespace glassbox {

class TokenChipsWidget;
struct TokenChip;

struct TokensViewData {
  std::string text;   // UTF-8 prompt
  Encoding encoding;
  QString tokenizerName;
};

// Counts shown under the chips (characters are Unicode code points). `tokens` counts what the model reads;
// padding is counted apart.
struct TokenCounts {
  int characters = 0, bytes = 0, tokens = 0, padding = 0;
  double bytesPerToken() const { return tokens > 0 ? static_cast<double>(bytes) / tokens : 0.0; }
};
TokenCounts countTokens(const std::string& text, const Encoding& encoding);

// Where the tokenizer's truncation cut the text: the prompt bytes [begin, end) the model never reads,
// how many tokens they make, and the token after which (right truncation) the marker chip goes.
struct TruncationCut {
  bool cut = false;
  bool left = false;  // the start was cut (truncation direction Left): the model reads the end
  std::size_t begin = 0, end = 0;
  int tokens = 0;
  int afterToken = -1;
};
TruncationCut truncationCut(const Encoding& encoding, std::size_t textSize);

class TokensView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit TokensView(QWidget* parent = nullptr);

  void setData(TokensViewData data);
  void setCompareTokenizer(std::shared_ptr<const Tokenizer> tokenizer, const QString& name);
  void setEmptyText(const QString& text);
  void setShowIds(bool show);
  bool showIds() const;
  void setSelectedToken(int index);
  // Highlights the chip covering this byte of the prompt (the editor's hover), -1 clears.
  void highlightByte(int byteOffset);
  const TokensViewData& data() const { return data_; }
  TokenChipsWidget* chips() const { return chips_; }
  // Compare mode, for tests and scripting: the second tokenizer's chips and both count lines.
  bool comparing() const { return compare_ != nullptr; }
  TokenChipsWidget* compareChips() const { return compareChips_; }
  QString countsLine() const;         // as shown, without markup
  QString compareCountsLine() const;

  QString exportName() const override { return QStringLiteral("tokens"); }
  QString exportTitle() const override;
  QWidget* exportWidget() override { return this; }
  void setExporting(bool exporting) override;
  QString csvData() const override;
  QJsonValue jsonData() const override;

 signals:
  void tokenHovered(int begin, int end);  // byte span; (-1, -1) when none
  void tokenClicked(int index);
  void compareRequested();               // the person wants to pick a second tokenizer

 private:
  void refreshCompare();
  int chipOfToken(int token) const;  // -1 when no chip shows it
  static QString countsText(const TokenCounts& c, const QString& name);

  TokensViewData data_;
  TruncationCut cut_;
  std::shared_ptr<const Tokenizer> compare_;
  QString compareName_;
  TokenChipsWidget* chips_ = nullptr;
  TokenChipsWidget* compareChips_ = nullptr;
  QWidget* comparePanel_ = nullptr;
  QLabel* counts_ = nullptr;
  QLabel* compareCounts_ = nullptr;
  QCheckBox* showIds_ = nullptr;
  QPushButton* compareButton_ = nullptr;
};

// One chip per token, a run of padding as one chip, and a marker where truncation cut the text. `text`
// (what was encoded) gives byte tokens of one character their own byte. Chips carry the index of their
// first token (TokenChip::firstToken).
std::vector<TokenChip> chipsFor(const Encoding& encoding, const std::string& text = {});

}  // namespace glassbox
