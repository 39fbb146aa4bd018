// MainWindow: sessions — the current state as SessionData, and back.
#include <QFileInfo>
#include <QStatusBar>

#include "engine_controller.h"
#include "generation_controller.h"
#include "generation_view.h"
#include "main_window.h"
#include "next_token_view.h"
#include "prompt_editor.h"
#include "tokens_view.h"

namespace glassbox {

SessionData MainWindow::currentSession() const {
  SessionData s;
  s.prompt = editor_->prompt();
  if (auto m = engine_->model()) {
    s.modelPath = m->modelPath;
    s.tokenizerPath = m->tokenizerPath;
  }
  s.sampling = next_->controls()->settings();
  s.maxNewTokens = gen_->maxNewTokens();
  s.selectedPosition = selectedPosition_;
  s.generation = gen_->state();
  s.view = captureViewState();
  s.target = target();
  if (encoderDecoder()) s.attentionStream = QString::fromLatin1(attentionStreamName(stream_));
  s.encoder = captureEncoderState();
  return s;
}

bool MainWindow::saveSession(const QString& path) {
  const QString error = saveSessionFile(path, currentSession());
  if (!error.isEmpty()) {
    showError(tr("Could not save the session"), error);
    return false;
  }
  statusBar()->showMessage(tr("Session saved to %1").arg(path), 5000);
  return true;
}

void MainWindow::openSession(const QString& path) {
  SessionData s;
  try {
    s = loadSessionFile(path);
  } catch (const std::exception& e) {
    showError(tr("Could not open the session"), QString::fromStdString(e.what()));
    return;  // the file is left as it is
  }
  const auto m = engine_->model();
  const bool sameModel = m && (s.modelPath.isEmpty() || QFileInfo(m->modelPath) == QFileInfo(s.modelPath));
  if (sameModel) {
    applySession(s);
    return;
  }
  pendingSession_ = std::make_shared<const SessionData>(s);
  setPrompt(s.prompt);
  openModel(s.modelPath, s.tokenizerPath);
}

void MainWindow::applySession(const SessionData& s) {
  next_->controls()->setSettings(s.sampling);
  gen_->setSettings(s.sampling);
  gen_->setMaxNewTokens(s.maxNewTokens);
  genView_->setMaxNewTokens(s.maxNewTokens);
  genView_->setSampling(s.sampling.sample);
  selectedStep_ = -1;
  setTarget(s.target);  // before the prompt: the analysis it starts forces this output
  seq2seqInputIds_.clear();  // the restored continuation belongs to this input
  for (AttentionStream a : {AttentionStream::EncoderSelf, AttentionStream::DecoderSelf, AttentionStream::Cross})
    if (s.attentionStream == QLatin1String(attentionStreamName(a))) setAttentionStream(a);
  setPrompt(s.prompt);  // encodes now: the selection below is checked against this encoding
  selectedPosition_ = s.selectedPosition;
  selectionIds_ = tokens_->data().encoding.ids;
  if (selectedPosition_ >= 0) {
    followLatest_ = false;
    genView_->setFollowLatest(false);
  }
  gen_->restore(s.generation);
  applyViewState(s.view);
  applyEncoderState(s.encoder);
  engine_->analyseNow();
}

}  // namespace glassbox
