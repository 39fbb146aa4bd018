#include "plural_forms.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace glassbox {

QString englishPluralForm(const QString& sourceText, int n) {
  static const QRegularExpression marker(QStringLiteral("\\((e?s)\\)"));
  if (!sourceText.contains(marker)) return {};
  QString out = sourceText;
  const bool one = n == 1;
  out.replace(marker, one ? QString() : QStringLiteral("\\1"));
  return out;
}

QString EnglishPluralForms::translate(const char*, const char* sourceText, const char*, int n) const {
  if (n < 0 || !sourceText) return {};  // no count: not a numerus message
  return englishPluralForm(QString::fromUtf8(sourceText), n);
}

void installEnglishPluralForms() {
  static bool installed = false;
  if (installed || !QCoreApplication::instance()) return;
  installed = true;
  QCoreApplication::installTranslator(new EnglishPluralForms(QCoreApplication::instance()));
}

}  // namespace glassbox
