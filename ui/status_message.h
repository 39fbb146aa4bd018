#pragma once
// The status bar's message field: one line, elided to its width so that a long error never pushes
// the model, token-count and timing fields off the bar (QStatusBar::showMessage hides them); the
// whole text is in its tooltip. A message clears itself after its timeout.
#include <QLabel>
#include <QTimer>

namespace glassbox {

class StatusMessage : public QLabel {
  Q_OBJECT
 public:
  explicit StatusMessage(QWidget* parent = nullptr);

  void showMessage(const QString& text, int timeoutMs = 0);  // 0: until the next message
  void clearMessage();
  QString message() const { return full_; }  // as given, not elided

  QSize minimumSizeHint() const override { return {40, QLabel::minimumSizeHint().height()}; }

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void elide();
  QString full_;
  QTimer timeout_;
};

}  // namespace glassbox
