#pragma once
// English plural forms without a translation file: tr("%n branch(es)", "", n) reads "1 branch" and
// "2 branches". Qt applies numerus forms only through a QTranslator; this one answers every source
// text that carries a "(s)" or "(es)" suffix and a count, and nothing else, so a real translation
// (a Korean .qm installed later, which Qt searches first) always wins.
#include <QString>
#include <QTranslator>

namespace glassbox {

class EnglishPluralForms : public QTranslator {
 public:
  using QTranslator::QTranslator;
  bool isEmpty() const override { return false; }
  QString translate(const char* context, const char* sourceText, const char* disambiguation = nullptr,
                    int n = -1) const override;
};

// "%n branch(es)" with n: "%n branch" for 1, "%n branches" otherwise. Text without the
// markers comes back empty (not ours to translate).
QString englishPluralForm(const QString& sourceText, int n);

// Installs one EnglishPluralForms on the application (once; later calls do nothing).
void installEnglishPluralForms();

}  // namespace glassbox
