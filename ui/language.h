#pragma once
// The interface language: English (the source texts) or Korean (resources/translations/glassbox_ko.ts,
// built into :/i18n/glassbox_ko.qm). The choice is "ko", "en" or "system" (follow the system locale); it
// persists under ui/language, and the command line's --lang overrides it for one run.
#include <QString>
#include <QStringList>

namespace glassbox {

// "ko" or "en" for a choice of "ko", "en" or "system"; "system" reads `systemLocaleName` (e.g. "ko_KR").
QString resolveLanguage(const QString& choice, const QString& systemLocaleName);
// Languages the app has a translation for, besides English (today {"ko"}).
QStringList translatedLanguages();

// Installs the translator for "ko" or "en" on the application (replacing the previous one) and sets the
// default locale, so that numbers and plural forms follow. Returns false when the translation is missing.
bool installLanguage(const QString& code);
QString installedLanguage();

// The saved choice ("system" when none was saved) and saving it.
QString savedLanguageChoice();
void saveLanguageChoice(const QString& choice);

// Font fallbacks so that Hangul and emoji never show as empty boxes: the app's font family gets Noto
// Sans CJK KR (or another Korean font found) and Noto Color Emoji as substitutes.
void setFontFallbacks();

}  // namespace glassbox
