#include "language.h"
#include "plural_forms.h"

#include <QApplication>
#include <QFont>
#include <QFontDatabase>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <memory>

namespace glassbox {
namespace {

std::unique_ptr<QTranslator>& translator() {
  static std::unique_ptr<QTranslator> t;
  return t;
}

QString& current() {
  static QString code = QStringLiteral("en");
  return code;
}

}  // namespace

QString resolveLanguage(const QString& choice, const QString& systemLocaleName) {
  if (choice == QLatin1String("ko") || choice == QLatin1String("en")) return choice;
  return systemLocaleName.startsWith(QLatin1String("ko")) ? QStringLiteral("ko") : QStringLiteral("en");
}

QStringList translatedLanguages() { return {QStringLiteral("ko")}; }

bool installLanguage(const QString& code) {
  // English plural forms first: a translator installed later is asked first, so Korean wins.
  installEnglishPluralForms();
  auto& t = translator();
  if (t) {
    QCoreApplication::removeTranslator(t.get());
    t.reset();
  }
  current() = QStringLiteral("en");
  QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
  if (code != QLatin1String("ko")) return code == QLatin1String("en");
  auto next = std::make_unique<QTranslator>();
  if (!next->load(QStringLiteral(":/i18n/glassbox_ko.qm"))) return false;
  QCoreApplication::installTranslator(next.get());
  t = std::move(next);
  current() = code;
  QLocale::setDefault(QLocale(QLocale::Korean, QLocale::SouthKorea));
  return true;
}

QString installedLanguage() { return current(); }

QString savedLanguageChoice() { return QSettings().value("ui/language", QStringLiteral("system")).toString(); }

void saveLanguageChoice(const QString& choice) { QSettings().setValue("ui/language", choice); }

void setFontFallbacks() {
  const QStringList families = QFontDatabase::families();
  QStringList fallbacks;
  for (const char* f : {"Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "UnDotum", "Noto Color Emoji"})
    if (families.contains(QString::fromLatin1(f))) fallbacks << QString::fromLatin1(f);
  if (fallbacks.isEmpty()) return;
  const QString base = QApplication::font().family();
  for (const QString& family : {base, QStringLiteral("DejaVu Sans"), QStringLiteral("Sans Serif"), QStringLiteral("monospace"),
                                QStringLiteral("DejaVu Sans Mono")})
    QFont::insertSubstitutions(family, fallbacks);
}

}  // namespace glassbox
