#pragma once
// The prompt editor: plain text, with the span of a hovered token highlighted, and the byte under the
// mouse reported so the Tokens view can highlight the chip that covers it.
#include <QPlainTextEdit>
#include <vector>

namespace glassbox {

class PromptEditor : public QPlainTextEdit {
  Q_OBJECT
 public:
  explicit PromptEditor(QWidget* parent = nullptr);

  void setPrompt(const QString& text);  // replaces the text (one undo step)
  QString prompt() const { return toPlainText(); }
  // Highlights the UTF-8 byte span [begin, end) of the prompt; begin < 0 clears.
  void highlightBytes(int begin, int end);
  // Highlights several byte spans, each as strongly as its weight in [0, 1] (the input tokens an output
  // token attends to); empty clears.
  struct WeightedSpan {
    int begin = 0, end = 0;
    double weight = 0;
  };
  void highlightWeightedBytes(const std::vector<WeightedSpan>& spans);

 signals:
  void promptChanged(const QString& text);
  void hoveredByte(int byteOffset);  // -1 when outside the text

 protected:
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  void rebuildIndex();
  std::vector<int> utf16OfByte_;  // [bytes + 1]
  int lastHovered_ = -1;
};

}  // namespace glassbox
