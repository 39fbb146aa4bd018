#include "status_message.h"

#include <QResizeEvent>

#include "tool_tip.h"

namespace glassbox {

StatusMessage::StatusMessage(QWidget* parent) : QLabel(parent) {
  setTextFormat(Qt::PlainText);
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  timeout_.setSingleShot(true);
  connect(&timeout_, &QTimer::timeout, this, &StatusMessage::clearMessage);
}

void StatusMessage::showMessage(const QString& text, int timeoutMs) {
  full_ = text;
  setToolTip(text.size() > kLongToolTip ? wrappedToolTip(text) : text);
  elide();
  if (timeoutMs > 0) timeout_.start(timeoutMs);
  else timeout_.stop();
}

void StatusMessage::clearMessage() {
  full_.clear();
  setToolTip({});
  setText({});
  timeout_.stop();
}

void StatusMessage::resizeEvent(QResizeEvent* event) {
  QLabel::resizeEvent(event);
  elide();
}

void StatusMessage::elide() {
  QString line = full_;
  line.replace(QLatin1Char('\n'), QStringLiteral(" — "));
  setText(fontMetrics().elidedText(line, Qt::ElideRight, std::max(20, width() - 4)));
}

}  // namespace glassbox
