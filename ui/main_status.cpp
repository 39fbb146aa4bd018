// MainWindow: the status bar, error messages, the empty state, and asking for a tokenizer a model lacks.
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>

#include "encoder_outputs.h"
#include "engine_controller.h"
#include "family_text.h"
#include "tool_tip.h"
#include "main_window.h"
#include "model_display_name.h"
#include "prompt_editor.h"
#include "status_message.h"
#include "tokenizers/tokenizer.h"
#include "tokens_view.h"

namespace glassbox {

void MainWindow::buildStatusBar() {
  statusMessage_ = new StatusMessage;
  statusModel_ = new QLabel;
  statusTokens_ = new QLabel;
  statusForward_ = new QLabel;
  loadProgress_ = new QProgressBar;
  loadProgress_->setRange(0, 1000);
  loadProgress_->setMaximumWidth(180);
  loadProgress_->hide();
  cancelLoad_ = new QPushButton(tr("Cancel"));
  cancelLoad_->setToolTip(tr("Stop loading this model; the previous one stays."));
  cancelLoad_->hide();
  // Messages go to their own elided field: QStatusBar::showMessage would hide the model's name.
  statusBar()->addWidget(statusModel_);
  statusBar()->addWidget(statusMessage_, 1);
  statusBar()->addPermanentWidget(loadProgress_);
  statusBar()->addPermanentWidget(cancelLoad_);
  statusBar()->addPermanentWidget(statusTokens_);
  statusBar()->addPermanentWidget(statusForward_);
  connect(cancelLoad_, &QPushButton::clicked, engine_, &EngineController::cancelLoad);
}

void MainWindow::showStatus(const QString& text, int timeoutMs) {
  if (text.isEmpty()) statusMessage_->clearMessage();
  else statusMessage_->showMessage(text, timeoutMs);
}

// Window-modal: nothing behind it can be clicked until it is closed, while the event loop (and the
// model worker's results) keeps running.
void MainWindow::showError(const QString& title, const QString& message) {
  lastError_ = message;
  showStatus(message, 10000);
  if (exportPending_) return;
  if (!errorBox_) {
    errorBox_ = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    errorBox_->setAttribute(Qt::WA_DeleteOnClose);
    errorBox_->setWindowModality(Qt::WindowModal);
  }
  errorBox_->setWindowTitle(title);
  errorBox_->setText(message);
  errorBox_->open();
}

// A model folder or checkpoint with no tokenizer beside it: instead of the command line's "pass
// --tokenizer", the person is asked to choose the file, and the model opens with it.
bool MainWindow::askForTokenizer(const QString& modelPath) {
  const QFileInfo info(modelPath);
  const bool modelThere = info.isFile() || QFileInfo::exists(QDir(modelPath).filePath(QStringLiteral("config.json")));
  if (!modelThere) return false;  // not a model at all: the loader says what is missing
  try {
    findTokenizerPath(modelPath.toStdString());
    return false;
  } catch (const std::exception&) {
  }
  const QString name = modelDisplayName(modelPath, info.fileName());
  lastError_ = tr("%1 has no tokenizer beside it.").arg(modelPath);
  if (exportPending_) {
    emit exportFinished(false, tr("%1 has no tokenizer beside it: pass --tokenizer PATH").arg(modelPath));
    return true;
  }
  auto* box = new QMessageBox(QMessageBox::Question, tr("Choose the tokenizer of %1").arg(name),
                              tr("<p><b>%1</b> has no tokenizer beside it (a <b>tokenizer.json</b> in the model "
                                 "folder, or <b>tokenizer.bin</b> beside a llama2.c checkpoint).</p><p>Choose the "
                                 "tokenizer file that belongs to this model: it turns text into the token ids the "
                                 "model was trained on.</p>").arg(name.toHtmlEscaped()),
                              QMessageBox::Cancel, this);
  QPushButton* choose = box->addButton(tr("Choose Tokenizer File…"), QMessageBox::AcceptRole);
  box->setDefaultButton(choose);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setWindowModality(Qt::WindowModal);
  connect(choose, &QPushButton::clicked, this, [this, modelPath, info] {
    const QString tokenizer = QFileDialog::getOpenFileName(
        this, tr("Choose the tokenizer"), info.isDir() ? modelPath : info.absolutePath(),
        tr("Tokenizers (tokenizer.json *.json *.bin);;All files (*)"));
    if (!tokenizer.isEmpty()) openModel(modelPath, tokenizer);
  });
  showStatus(lastError_, 10000);
  box->open();
  return true;
}

QString MainWindow::statusTokensText() const { return statusTokens_->text(); }

void MainWindow::updateStatus() {
  const auto m = engine_->model();
  const QString name = m ? modelDisplayName(m->modelPath, QString::fromStdString(m->model->info().name)) : QString();
  statusModel_->setText(m ? tr("Model: %1 · %2").arg(name, familyShortName(m->model->config().family)) : tr("No model"));
  statusModel_->setToolTip(m ? wrappedToolTip(familySentence(m->model->config().family)) : QString());
  setWindowTitle(m ? tr("Glassbox — %1").arg(name) : tr("Glassbox"));
  const int n = static_cast<int>(tokens_->data().encoding.ids.size());
  statusTokens_->setText(engine_->isAnalysing() ? tr("%n token(s) · running…", "", n) : tr("%n token(s)", "", n));
}

void MainWindow::updateEmptyState() {
  const bool haveModel = engine_->model() != nullptr;
  const bool editing = haveModel || engine_->isLoading();
  central_->setCurrentWidget(editing ? promptPage_ : emptyState_);
  fitPromptHeight();  // the empty state may take the room the prompt leaves to the views
  if (!haveModel) {
    const QString intro =
        tr("<h2>No model loaded</h2><p>Glassbox runs a real transformer language model on your computer and shows "
           "what happens inside it.</p><p>Open a Hugging Face model folder (config.json, model.safetensors, "
           "tokenizer.json), a GGUF file (its tokenizer is inside it) or a llama2.c checkpoint (.bin with its "
           "tokenizer beside it), or drop one on this "
           "window.</p>");
    emptyMessage_->setText(lastError_.isEmpty() ? intro
                                                : tr("%1<p style='color:#b91c1c'>%2</p>").arg(intro, lastError_.toHtmlEscaped()));
    tokens_->setEmptyText(tr("Open a model to see how it splits text into tokens."));
  }
}

}  // namespace glassbox
