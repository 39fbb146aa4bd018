#pragma once
// Tokens drawn as coloured chips in reading order, wrapping like text: one chip per token with its
// visible text and (optionally) its id underneath. Used by the Tokens and the Generation views.
#include <QColor>
#include <QWidget>
#include <vector>

class QPainter;

namespace glassbox {

struct TokenChip {
  QString text;           // visible form (· for space, ⏎ for newline)
  int id = 0;
  bool special = false;   // drawn dark with a dashed outline
  bool partial = false;   // part of a multi-byte character: marked with a red corner
  bool lineBreak = false; // the token ends with a newline: the next chip starts a new row
  QColor color;           // invalid: picked from the palette by index
  bool dimmed = false;    // drawn faded (prompt tokens in the generation view)
  bool marker = false;    // not a token: a mark between chips (where truncation cut the text), drawn as a
                          // red dashed outline with no id
  int firstToken = -1;    // the encoding's index of the first token this chip shows (-1: not a token)
  int group = -1;         // >= 0: one of the byte tokens that together make a character; chips with the same
                          // group get one bracket underneath naming `groupText`
  QString groupText;
  int tokenCount = 1;     // tokens it stands for (a run of padding is one chip: "+ 122 [PAD]")
  QString toolTip;
};

class TokenChipsWidget : public QWidget {
  Q_OBJECT
 public:
  explicit TokenChipsWidget(QWidget* parent = nullptr);

  void setChips(std::vector<TokenChip> chips);
  const std::vector<TokenChip>& chips() const { return chips_; }
  void setShowIds(bool show);
  void setHighlighted(int index);  // -1: none
  int highlighted() const { return highlighted_; }
  void setSelected(int index);     // -1: none
  int selected() const { return selected_; }
  void setEmptyText(const QString& text);
  void setExporting(bool on);      // no selection or hover outline while an image is written
  QRect chipRect(int index) const;

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;

  static QColor paletteColor(int index);

 signals:
  void hovered(int index);  // -1 when the mouse leaves the chips
  void clicked(int index);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  bool event(QEvent* event) override;

 private:
  const std::vector<QRect>& layoutChips(int width) const;  // cached per width
  int indexAt(const QPoint& p) const;
  void paintCharacterBrackets(QPainter& p) const;
  void relayout();

  std::vector<TokenChip> chips_;
  std::vector<QRect> rects_;
  mutable int cachedWidth_ = -1;
  mutable std::vector<QRect> cachedRects_;
  bool showIds_ = true;
  int highlighted_ = -1;
  int selected_ = -1;
  bool exporting_ = false;
  QString emptyText_;
};

}  // namespace glassbox
