// MainWindow: menus, actions and the dialogs they open.
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>

#include "exportable_view.h"
#include "generation_view.h"
#include "model_info_view.h"
#include "next_token_view.h"
#include "tokens_view.h"
#include "main_window.h"
#include "view_export.h"

namespace glassbox {

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* openFolder = file->addAction(tr("Open &Model Folder…"), this, [this] { openModelDialog(true); });
  openFolder->setShortcut(QKeySequence::Open);
  openFolder->setToolTip(tr("A Hugging Face folder with config.json, model.safetensors and tokenizer.json"));
  QAction* openFile = file->addAction(tr("Open Model &File (GGUF, llama2.c)…"), this, [this] { openModelDialog(false); });
  openFile->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  file->addSeparator();
  file->addAction(tr("Open &Session…"), this, &MainWindow::openSessionDialog);
  QAction* save = file->addAction(tr("&Save Session…"), this, &MainWindow::saveSessionDialog);
  save->setShortcut(QKeySequence::Save);
  file->addSeparator();
  QAction* exportView = file->addAction(tr("&Export View…"), this, &MainWindow::exportCurrentView);
  exportView->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
  updateRecentMenu();

  viewMenu_ = menuBar()->addMenu(tr("&View"));
  int key = Qt::Key_1;
  for (QDockWidget* d : docks_) {
    QAction* a = d->toggleViewAction();
    a->setShortcut(QKeySequence(Qt::ALT | key++));
    viewMenu_->addAction(a);
  }
  viewMenu_->addSeparator();
  QMenu* examples = viewMenu_->addMenu(tr("&Example Prompts"));
  loadExamplePrompts(examples);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* keys = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
  keys->setShortcut(QKeySequence::HelpContents);
  help->addAction(tr("&About Glassbox"), this, &MainWindow::showAbout);
}

void MainWindow::loadExamplePrompts(QMenu* menu) {
  QFile f(QStringLiteral(":/glassbox/example_prompts.json"));
  if (!f.open(QIODevice::ReadOnly)) return;
  const QJsonArray items = QJsonDocument::fromJson(f.readAll()).array();
  for (const auto& v : items) {
    const QJsonObject o = v.toObject();
    const QString prompt = o.value("prompt").toString();
    QAction* a = menu->addAction(o.value("title").toString(), this, [this, prompt] { setPrompt(prompt); });
    a->setToolTip(o.value("idea").toString());
    a->setStatusTip(o.value("idea").toString());
  }
  menu->setToolTipsVisible(true);
}

void MainWindow::openModelDialog(bool folder) {
  QSettings settings;
  const QString start = QFileInfo(settings.value("model/last").toString()).absolutePath();
  const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Open a model folder"), start)
                              : QFileDialog::getOpenFileName(this, tr("Open a model file"), start,
                                                             tr("Model files (*.gguf *.bin);;GGUF models (*.gguf);;"
                                                                "llama2.c checkpoints (*.bin);;All files (*)"));
  if (!path.isEmpty()) openModel(path);
}

void MainWindow::updateRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = QSettings().value("model/recent").toStringList();
  for (const QString& path : recent) {
    recentMenu_->addAction(QFileInfo(path).fileName() + QStringLiteral("  —  ") + path, this, [this, path] {
      openModel(path, QSettings().value("model/tokenizer/" + path).toString());
    });
  }
  recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::openSessionDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), {}, tr("Glassbox sessions (*.json)"));
  if (!path.isEmpty()) openSession(path);
}

void MainWindow::saveSessionDialog() {
  QString path = QFileDialog::getSaveFileName(this, tr("Save session"), tr("session.glassbox.json"),
                                              tr("Glassbox sessions (*.json)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(QLatin1String(".json"))) path += QStringLiteral(".glassbox.json");
  saveSession(path);
}

void MainWindow::exportCurrentView() {
  // The view whose dock has focus, else the next-token view.
  ExportableView* target = next_;
  const QWidget* focus = QApplication::focusWidget();
  for (ExportableView* v : views()) {
    const QWidget* w = dynamic_cast<QWidget*>(v);
    if (focus && w && (w == focus || w->isAncestorOf(focus))) target = v;
  }
  exportViewInteractively(*target, this);
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About Glassbox"),
                     tr("<h3>Glassbox %1</h3><p>Opens a transformer language model like a glass box: how text "
                        "becomes tokens, what the model expects next, and how temperature, top-k and top-p "
                        "reshape that expectation.</p><p>Everything runs on this computer with Glassbox's own "
                        "inference engine.</p>")
                         .arg(QApplication::applicationVersion()));
}

void MainWindow::showShortcuts() {
  QMessageBox::information(
      this, tr("Keyboard shortcuts"),
      tr("<table cellpadding='3'>"
         "<tr><td><b>Ctrl+O</b></td><td>Open a model folder</td></tr>"
         "<tr><td><b>Ctrl+Shift+O</b></td><td>Open a llama2.c checkpoint</td></tr>"
         "<tr><td><b>Ctrl+S</b></td><td>Save the session</td></tr>"
         "<tr><td><b>Ctrl+E</b></td><td>Export the focused view</td></tr>"
         "<tr><td><b>Ctrl+Enter</b></td><td>Generate one token (Step)</td></tr>"
         "<tr><td><b>Alt+1 … Alt+7</b></td><td>Show or hide Tokens, Next token, Generation, Model, Attention, Embeddings, Positions</td></tr>"
         "<tr><td><b>Ctrl+Q</b></td><td>Quit</td></tr></table>"));
}

}  // namespace glassbox
