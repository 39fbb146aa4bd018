// MainWindow: what Next token shows, and which selections stay valid.
//
// Next token shows the last prompt token, or — while it follows generation (the default) — each new
// generation step as it comes. A click on a token of the prompt (Tokens) or of the continuation
// (Generation) pins that position and stops the following; "Next token follows" in the Generation view
// turns it back on. Rule for every selection: after a change it either still means the same thing or
// it is cleared. A pinned prompt position survives an edit only while the tokens up to it are unchanged;
// a new model clears every selection (its tokens and distributions are different ones).
#include <QStatusBar>

#include "attention_head_view.h"
#include "engine_controller.h"
#include "generation_controller.h"
#include "generation_view.h"
#include "architecture_map_view.h"
#include "main_window.h"
#include "next_token_view.h"
#include "token_text.h"
#include "tokens_view.h"

namespace glassbox {

void MainWindow::pinPosition(int position) {
  if (encoderDecoder()) {  // the encoder predicts nothing: the distributions are the decoder's
    showStatus(tr("The input has no next token: click a token of the output (right) to see what the decoder predicted there."), 6000);
    return;
  }
  selectedStep_ = -1;
  genView_->setSelectedStep(-1);
  if (const auto a = engine_->analysis()) selectionIds_ = a->encoding.ids;
  followLatest_ = false;
  genView_->setFollowLatest(false);
  showPosition(position);
}

void MainWindow::pinStep(int step) {
  followLatest_ = false;
  genView_->setFollowLatest(false);
  showGenerationStep(step);
}

void MainWindow::setFollowLatest(bool follow) {
  followLatest_ = follow;
  genView_->setFollowLatest(follow);
  if (!follow) return;
  const auto& steps = gen_->state().steps;
  if (!steps.empty()) {
    showGenerationStep(static_cast<int>(steps.size()) - 1);
    return;
  }
  selectedStep_ = -1;
  genView_->setSelectedStep(-1);
  showPosition(-1);
}

void MainWindow::onGenerationChanged() {
  genView_->setState(gen_->state());
  const int steps = static_cast<int>(gen_->state().steps.size());
  if (steps == 0) genView_->setMessage({});  // "the model ended the text" spoke of a continuation now gone
  if (selectedStep_ >= steps) {
    selectedStep_ = -1;
    genView_->setSelectedStep(-1);
  }
  if (followLatest_) {
    if (steps > 0) showGenerationStep(steps - 1);
    else if (selectedStep_ < 0) showPosition(selectedPosition_);
  }
  scheduleAutosave();
}

void MainWindow::keepValidSelections(const Encoding& encoding) {
  if (selectedPosition_ < 0) return;
  const auto p = static_cast<std::size_t>(selectedPosition_);
  const bool same = p < encoding.ids.size() && p < selectionIds_.size() &&
                    std::equal(encoding.ids.begin(), encoding.ids.begin() + static_cast<std::ptrdiff_t>(p) + 1, selectionIds_.begin());
  if (same) {
    selectionIds_ = encoding.ids;
    return;
  }
  // The pinned token changed or went: back to the last token, and to following generation.
  selectedPosition_ = -1;
  selectionIds_.clear();
  positionLogits_.reset();
  tokens_->setSelectedToken(-1);
  followLatest_ = true;
  genView_->setFollowLatest(true);
}

void MainWindow::clearSelectionsForNewModel() {
  selectedPosition_ = -1;
  selectedStep_ = -1;
  selectionIds_.clear();
  positionLogits_.reset();
  tokens_->setSelectedToken(-1);
  genView_->setSelectedStep(-1);
  followLatest_ = true;
  genView_->setFollowLatest(true);
  attHead_->selectQuery(-1);
  next_->clearSource();
}

void MainWindow::showPosition(int position) {
  if (encoderDecoder()) return showDecoderPosition(position);  // a position of the output
  const auto a = engine_->analysis();
  if (!a || !a->trace || a->trace->output().numTokens == 0) {
    next_->clearSource();
    return;
  }
  const Trace& trace = *a->trace;
  const int last = trace.output().numTokens - 1;
  const int p = position < 0 || position > last ? last : position;
  selectedPosition_ = p == last ? -1 : p;
  tokens_->setSelectedToken(selectedPosition_);
  if (map_) map_->setPosition(p);
  DistributionSource src;
  if (!positionDistribution(a, p, p == last, src)) return;  // shown by the positionLogitsReady handler
  src.history.assign(a->encoding.ids.begin(), a->encoding.ids.begin() + p + 1);
  const auto& piece = a->encoding.tokens[static_cast<std::size_t>(p)];
  const QString tokenText = piece.special ? QString::fromStdString(piece.raw) : visibleTokenText(piece.bytes);
  if (p < last) {
    src.actualId = a->encoding.ids[static_cast<std::size_t>(p + 1)];
    src.title = tr("After “%1” (token %2 of %3): what the model predicted").arg(tokenText).arg(p + 1).arg(trace.output().numTokens);
    src.hint = tr("▶ marks the token that really came next in the prompt.");
    src.fileStem = QStringLiteral("after-token-%1").arg(p + 1);
  } else {
    src.title = tr("After “%1”, the last token: what comes next?").arg(tokenText);
    src.fileStem = QStringLiteral("after-the-prompt");
  }
  next_->setSource(std::move(src));
}

// The logits after output position p: the trace's last ones, or those the worker computed for p. When
// neither is at hand, asks the worker (the trace keeps only the last position's logits; one GEMV from the
// traced final hidden state) and returns false.
bool MainWindow::positionDistribution(const std::shared_ptr<const PromptAnalysis>& a, int p, bool last,
                                      DistributionSource& src) {
  if (last) {
    src.owner = a;
    src.logits = a->trace->lastLogits;
  } else if (positionLogits_ && positionLogits_->analysisId == a->id && positionLogits_->position == p) {
    src.owner = positionLogits_;
    src.logits = positionLogits_->logits;
  } else {
    engine_->requestPositionLogits(a, p);
    return false;
  }
  return true;
}

void MainWindow::showGenerationStep(int step) {
  const auto& st = gen_->state();
  if (step < 0 || step >= static_cast<int>(st.steps.size())) return;
  selectedStep_ = step;
  genView_->setSelectedStep(step);
  tokens_->setSelectedToken(-1);
  const ShownStep& s = st.steps[static_cast<std::size_t>(step)];
  if (!s.logits) {
    gen_->requestLogitsFor(step);
    return;
  }
  DistributionSource src;
  src.owner = s.logits;
  src.logits = *s.logits;
  src.history = st.tokens(static_cast<std::size_t>(step));
  src.actualId = s.token;
  const bool latest = step + 1 == static_cast<int>(st.steps.size());
  src.title = latest ? tr("Generation step %1, the latest").arg(step + 1) : tr("Generation step %1").arg(step + 1);
  src.hint = tr("Click a bar to continue with that token instead (the old continuation is kept as a branch).");
  src.fileStem = QStringLiteral("step-%1").arg(step + 1);
  next_->setSource(std::move(src));
}

void MainWindow::onTokenChosen(int tokenId) {
  if (selectedStep_ >= 0) {
    gen_->branch(selectedStep_, tokenId);
    showGenerationStep(selectedStep_);
  } else {
    showStatus(tr("Click a generated token in the Generation view first, then a bar to branch from it."), 6000);
  }
}

}  // namespace glassbox
