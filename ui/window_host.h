#pragma once
// Owns the main window and rebuilds it when the language changes: the old window's session, geometry
// and dock layout go to a new window built under the new translator (every text, menu and tooltip is
// created again in the new language), then the old one is deleted.
#include <QObject>
#include <memory>

#include "main_window.h"

namespace glassbox {

class WindowHost : public QObject {
  Q_OBJECT
 public:
  explicit WindowHost(const StartupOptions& options, QObject* parent = nullptr);
  ~WindowHost() override;

  MainWindow* window() const { return window_.get(); }
  // "ko", "en" or "system". Saves the choice when the options persist settings.
  void switchLanguage(const QString& choice);

 signals:
  // A new window replaced the old one (connect its signals again).
  void windowReplaced(MainWindow* window);

 private:
  void adopt(std::unique_ptr<MainWindow> w);

  StartupOptions options_;
  std::unique_ptr<MainWindow> window_;
};

}  // namespace glassbox
