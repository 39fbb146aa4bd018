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
#include <QComboBox>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>

#include "compare_tokenizer_dialog.h"
#include "embeddings_data.h"
#include "engine_controller.h"
#include "example_prompts.h"
#include "exportable_view.h"
#include "generation_view.h"
#include "model_info_view.h"
#include "next_token_view.h"
#include "tokens_view.h"
#include "main_window.h"
#include "model_display_name.h"
#include "tool_tip.h"
#include "view_export.h"

namespace glassbox {

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* openFolder = file->addAction(tr("Open &Model Folder…"), this, [this] { openModelDialog(true); });
  openFolder->setShortcut(QKeySequence::Open);
  openFolder->setToolTip(wrappedToolTip(tr("A Hugging Face folder with config.json, model.safetensors and tokenizer.json.")));
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
  QAction* caption = captionAction_ = file->addAction(tr("Caption on Exported &Images"));
  caption->setCheckable(true);
  caption->setChecked(exportCaption_);
  caption->setToolTip(wrappedToolTip(tr("Write the view, its settings, the model and the start of the prompt above "
                                        "every exported image.")));
  connect(caption, &QAction::toggled, this, &MainWindow::setExportCaption);
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);
  updateRecentMenu();

  examplesMenu_ = menuBar()->addMenu(tr("&Examples"));
  fillExamplesMenu(examplesMenu_);

  viewMenu_ = menuBar()->addMenu(tr("&View"));
  int key = Qt::Key_1;
  for (QDockWidget* d : docks_) {
    QAction* a = d->toggleViewAction();
    a->setShortcut(QKeySequence(Qt::ALT | key++));
    viewMenu_->addAction(a);
  }

  createSettingsMenu();

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* keys = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
  keys->setShortcut(QKeySequence::HelpContents);
  help->addAction(tr("&About Glassbox"), this, &MainWindow::showAbout);
  addLessonActions(file, help);
}

// One section per idea; each example sets the prompt and brings forward the view that shows the idea.
void MainWindow::fillExamplesMenu(QMenu* menu) {
  QString group;
  for (const ExamplePrompt& e : examplePrompts()) {
    if (e.group != group) {
      group = e.group;
      menu->addSection(group);
    }
    QAction* a = menu->addAction(e.title, this, [this, e] { applyExample(e); });
    a->setToolTip(wrappedToolTip(e.idea));
    a->setStatusTip(e.idea);
    a->setData(e.prompt);
  }
  menu->setToolTipsVisible(true);
}

void MainWindow::applyExample(const ExamplePrompt& e) {
  setPrompt(e.prompt);
  showStatus(e.idea, 10000);
  switch (e.view) {
    case ExampleView::Tokens: showDock(docks_[0]); break;
    case ExampleView::NextToken: showDock(docks_[1]); break;
    case ExampleView::Generation: showDock(docks_[2]); break;
    case ExampleView::Attention: showDock(attentionDock_); break;
    case ExampleView::EmbeddingsHidden:
      embMode_->setCurrentIndex(1);
      showDock(embeddingsDock_);
      break;
    case ExampleView::EmbeddingsCompare:
      showDock(embeddingsDock_);
      compareWord(e.word, e.otherSentence);
      break;
  }
}

void MainWindow::openCompareDialog() {
  QSettings settings;
  const auto m = engine_->model();
  const auto choices = recentTokenizerChoices(settings.value("model/recent").toStringList(), m ? m->tokenizerPath : QString(),
                                              [&settings](const QString& model) {
                                                return settings.value("model/tokenizer/" + model).toString();
                                              });
  CompareTokenizerDialog dialog(choices, tokens_->comparing(), this);
  runCompareDialog(dialog);
  if (dialog.result() != QDialog::Accepted) return;
  if (dialog.outcome() == CompareTokenizerDialog::Outcome::Stop) tokens_->setCompareTokenizer(nullptr, {});
  else if (dialog.outcome() == CompareTokenizerDialog::Outcome::Compare) engine_->loadCompareTokenizer(dialog.chosenPath());
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
    QAction* a = recentMenu_->addAction(tr("%1  —  %2").arg(modelDisplayName(path, QFileInfo(path).fileName()), path), this, [this, path] {
      openModel(path, QSettings().value("model/tokenizer/" + path).toString());
    });
    a->setToolTip(wrappedToolTip(path));
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
         "<tr><td><b>Examples</b></td><td>Prompts grouped by the idea each one shows; choosing one brings its view forward</td></tr>"
         "<tr><td><b>Ctrl+Q</b></td><td>Quit</td></tr></table>"));
}

}  // namespace glassbox
