#include "prompt_editor.h"

#include <QMouseEvent>
#include <QTextBlock>
#include <algorithm>

#include "token_text.h"

namespace glassbox {

PromptEditor::PromptEditor(QWidget* parent) : QPlainTextEdit(parent) {
  setPlaceholderText(tr("Type a prompt — every keystroke re-runs the model."));
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 1.25);
  setFont(f);
  setMouseTracking(true);
  viewport()->setMouseTracking(true);
  setTabChangesFocus(false);
  connect(this, &QPlainTextEdit::textChanged, this, [this] {
    rebuildIndex();
    emit promptChanged(toPlainText());
  });
  rebuildIndex();
}

void PromptEditor::setPrompt(const QString& text) {
  if (text == toPlainText()) return;
  QTextCursor c(document());
  c.select(QTextCursor::Document);
  c.insertText(text);
}

void PromptEditor::rebuildIndex() { utf16OfByte_ = utf16IndexOfBytes(toPlainText().toStdString()); }

void PromptEditor::highlightBytes(int begin, int end) {
  QList<QTextEdit::ExtraSelection> selections;
  if (begin >= 0 && end > begin && !utf16OfByte_.empty()) {
    const int last = static_cast<int>(utf16OfByte_.size()) - 1;
    QTextEdit::ExtraSelection sel;
    sel.cursor = QTextCursor(document());
    sel.cursor.setPosition(utf16OfByte_[static_cast<std::size_t>(std::min(begin, last))]);
    sel.cursor.setPosition(utf16OfByte_[static_cast<std::size_t>(std::min(end, last))], QTextCursor::KeepAnchor);
    sel.format.setBackground(QColor(253, 224, 71));
    sel.format.setForeground(QColor(17, 24, 39));
    selections.append(sel);
  }
  setExtraSelections(selections);
}

void PromptEditor::highlightWeightedBytes(const std::vector<WeightedSpan>& spans) {
  QList<QTextEdit::ExtraSelection> selections;
  const int last = static_cast<int>(utf16OfByte_.size()) - 1;
  for (const WeightedSpan& s : spans) {
    if (last < 0 || s.begin < 0 || s.end <= s.begin) continue;
    QTextEdit::ExtraSelection sel;
    sel.cursor = QTextCursor(document());
    sel.cursor.setPosition(utf16OfByte_[static_cast<std::size_t>(std::min(s.begin, last))]);
    sel.cursor.setPosition(utf16OfByte_[static_cast<std::size_t>(std::min(s.end, last))], QTextCursor::KeepAnchor);
    QColor c(234, 88, 12);
    c.setAlphaF(static_cast<float>(std::clamp(s.weight, 0.0, 1.0)));
    sel.format.setBackground(c);
    sel.format.setForeground(QColor(17, 24, 39));
    selections.append(sel);
  }
  setExtraSelections(selections);
}

void PromptEditor::mouseMoveEvent(QMouseEvent* event) {
  QPlainTextEdit::mouseMoveEvent(event);
  const QTextCursor c = cursorForPosition(event->position().toPoint());
  int pos = c.position();
  // cursorForPosition gives the nearest gap; take the character to its right when the mouse is on it.
  const QRect r = cursorRect(c);
  if (event->position().x() < r.x() && pos > 0) --pos;
  int byte = -1;
  const auto it = std::lower_bound(utf16OfByte_.begin(), utf16OfByte_.end(), pos);
  if (it != utf16OfByte_.end() && *it == pos && std::next(it) != utf16OfByte_.end())
    byte = static_cast<int>(it - utf16OfByte_.begin());
  if (byte != lastHovered_) {
    lastHovered_ = byte;
    emit hoveredByte(byte);
  }
}

void PromptEditor::leaveEvent(QEvent* event) {
  QPlainTextEdit::leaveEvent(event);
  if (lastHovered_ != -1) {
    lastHovered_ = -1;
    emit hoveredByte(-1);
  }
}

}  // namespace glassbox
