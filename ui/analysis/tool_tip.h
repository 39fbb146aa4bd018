#pragma once
// Tooltips that wrap: Qt word-wraps a tooltip only when it is rich text, so a long plain sentence
// becomes one line as wide as the screen. wrappedToolTip() makes it a paragraph (about 80 characters
// wide, as QLabel sizes wrapped text). Every tooltip longer than kLongToolTip characters goes through it.
#include <QString>

namespace glassbox {

inline constexpr int kLongToolTip = 70;

inline QString wrappedToolTip(const QString& plain) {
  QString html = plain.toHtmlEscaped();
  html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
  return QStringLiteral("<p>") + html + QStringLiteral("</p>");
}

}  // namespace glassbox
