#pragma once
// The output (decoder) pane of an encoder-decoder model, beside the input editor: the output typed to
// force it (teacher forcing) and the decoder's tokens as chips — decoder_start, the forced tokens, then
// any generated continuation — with Step / Generate / Stop for the continuation and "Keep" to make it
// part of the forced output (so the attention views trace it).
#include <QWidget>
#include <vector>

#include "token_chips_widget.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace glassbox {

class OutputPane : public QWidget {
  Q_OBJECT
 public:
  explicit OutputPane(QWidget* parent = nullptr);

  QString target() const;
  void setTarget(const QString& text);  // no targetChanged
  // chips: the traced decoder tokens first (`traced` of them), then the generated ones.
  void setTokens(std::vector<TokenChip> chips, int traced);
  int tracedTokens() const { return traced_; }
  void setRunning(bool running);
  void setSelectedToken(int index);
  TokenChipsWidget* chips() const { return chips_; }
  QPlainTextEdit* targetEdit() const { return edit_; }
  QPushButton* stepButton() const { return step_; }
  QPushButton* generateButton() const { return generate_; }
  QPushButton* stopButton() const { return stop_; }
  QPushButton* keepButton() const { return keep_; }

 signals:
  void targetChanged(const QString& text);
  void stepRequested();
  void generateRequested();
  void stopRequested();
  void keepRequested();         // make the generated continuation part of the forced output
  void tokenHovered(int index); // -1: none
  void tokenClicked(int index);

 private:
  QPlainTextEdit* edit_ = nullptr;
  TokenChipsWidget* chips_ = nullptr;
  QPushButton *step_ = nullptr, *generate_ = nullptr, *stop_ = nullptr, *keep_ = nullptr;
  int traced_ = 0;
};

}  // namespace glassbox
