// MainWindow: Settings ▸ Language. Choosing a language asks the WindowHost to rebuild the window in it;
// the session (model, prompt, continuation, sliders, views) is handed over, so nothing is lost.
#include <QActionGroup>
#include <utility>
#include <QMenu>
#include <QMenuBar>

#include "language.h"
#include "main_window.h"

namespace glassbox {

void MainWindow::createSettingsMenu() {
  QMenu* settings = menuBar()->addMenu(tr("&Settings"));
  QMenu* language = settings->addMenu(tr("&Language"));
  language->setObjectName(QStringLiteral("languageMenu"));
  auto* group = new QActionGroup(language);
  const QString saved = options_.persistSettings ? savedLanguageChoice() : installedLanguage();
  // The names of the languages are written in their own language, as language menus do.
  const std::pair<QString, QString> choices[] = {{QStringLiteral("ko"), QStringLiteral("한국어")},
                                                 {QStringLiteral("en"), QStringLiteral("English")},
                                                 {QStringLiteral("system"), tr("System Language")}};
  for (const auto& choice : choices) {
    const QString code = choice.first;
    QAction* a = language->addAction(choice.second);
    a->setObjectName(QStringLiteral("language_") + code);
    a->setCheckable(true);
    a->setChecked(code == saved);
    group->addAction(a);
    connect(a, &QAction::triggered, this, [this, code] { emit languageChangeRequested(code); });
  }
}

}  // namespace glassbox
