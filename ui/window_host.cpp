#include "window_host.h"

#include <QLocale>

#include "engine_controller.h"
#include "language.h"

namespace glassbox {

WindowHost::WindowHost(const StartupOptions& options, QObject* parent) : QObject(parent), options_(options) {
  adopt(std::make_unique<MainWindow>(options_));
}

WindowHost::~WindowHost() = default;

void WindowHost::adopt(std::unique_ptr<MainWindow> w) {
  window_ = std::move(w);
  connect(window_.get(), &MainWindow::languageChangeRequested, this, &WindowHost::switchLanguage);
}

void WindowHost::switchLanguage(const QString& choice) {
  if (options_.persistSettings) saveLanguageChoice(choice);
  const QString code = resolveLanguage(choice, QLocale::system().name());
  if (code == installedLanguage()) return;
  installLanguage(code);
  StartupOptions o = options_;
  o.modelPath.clear();
  o.tokenizerPath.clear();
  o.restoreAutosave = false;
  if (window_->engine()->model()) o.resume = std::make_shared<const SessionData>(window_->currentSession());
  else o.prompt = window_->currentSession().prompt;
  auto next = std::make_unique<MainWindow>(o);
  next->restoreGeometry(window_->saveGeometry());
  next->restoreState(window_->saveState(MainWindow::kLayoutVersion), MainWindow::kLayoutVersion);
  const bool visible = window_->isVisible();
  std::unique_ptr<MainWindow> old = std::move(window_);
  adopt(std::move(next));
  if (visible) window_->show();
  window_->start();
  old->hide();
  old.release()->deleteLater();  // we may be inside one of its menu actions
  emit windowReplaced(window_.get());
}

}  // namespace glassbox
