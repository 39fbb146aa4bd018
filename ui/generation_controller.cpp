#include "generation_controller.h"

#include <algorithm>

#include "engine_controller.h"
#include "sampling_bridge.h"

namespace glassbox {

GenerationController::GenerationController(EngineController* engine, QObject* parent)
    : QObject(parent), engine_(engine) {
  connect(engine_, &EngineController::generationUpdated, this, &GenerationController::onUpdate);
  connect(engine_, &EngineController::generationFailed, this, [this](std::uint64_t id, const QString& msg) {
    if (id != pending_) return;
    pending_ = 0;
    queuedSteps_ = 0;
    setRunning(false);
    emit message(msg);
  });
}

void GenerationController::setPrompt(const std::vector<int>& ids) {
  if (ids == state_.prompt) return;
  stop();
  state_ = GenerationState{};
  state_.prompt = ids;
  pending_ = 0;
  emit changed();
}

void GenerationController::setRunning(bool running) {
  if (generating_ == running) return;
  generating_ = running;
  emit runningChanged(running);
}

std::uint64_t GenerationController::send(GenerationRequest::Action action, int count, int index, int token) {
  if (cancel_) cancel_->store(true);  // the worker drops what it was doing for us
  GenerationRequest r;
  r.action = action;
  r.prompt = state_.prompt;
  for (const auto& st : state_.steps) r.continuation.push_back(st.token);
  r.params = settings_.effective();
  r.count = count;
  r.index = index;
  r.token = token;
  r.cancel = cancel_ = std::make_shared<std::atomic<bool>>(false);
  pendingAction_ = action;
  pending_ = engine_->requestGeneration(std::move(r));
  return pending_;
}

void GenerationController::step() {
  if (state_.prompt.empty()) {
    emit message(tr("Type a prompt first: generation continues it."));
    return;
  }
  if (pending_ != 0 && !generating_) {  // the step before is still on the worker: this one follows it
    ++queuedSteps_;
    return;
  }
  setRunning(false);
  send(GenerationRequest::Action::Step);
}

void GenerationController::generate(int count) {
  if (state_.prompt.empty()) {
    emit message(tr("Type a prompt first: generation continues it."));
    return;
  }
  queuedSteps_ = 0;
  setRunning(true);
  send(GenerationRequest::Action::Generate, count);
}

void GenerationController::stop() {
  if (cancel_) cancel_->store(true);  // the worker ends after the step it is on and reports it
  queuedSteps_ = 0;
  setRunning(false);
}

void GenerationController::reset() {
  stop();
  pending_ = 0;
  auto prompt = std::move(state_.prompt);
  state_ = GenerationState{};
  state_.prompt = std::move(prompt);
  emit changed();
}

// Each update holds every step, so only the newest one waiting counts: when the worker steps faster
// than the window draws, the updates queued meanwhile are taken together (several chips at once)
// instead of one redraw each, which would keep the event loop busy for the whole queue.
void GenerationController::onUpdate(const std::shared_ptr<const GenerationUpdate>& u) {
  if (u->id != pending_ || u->prompt != state_.prompt) return;
  const bool scheduled = latest_ != nullptr;
  latest_ = u;
  if (!scheduled) QMetaObject::invokeMethod(this, &GenerationController::applyLatest, Qt::QueuedConnection);
}

void GenerationController::applyLatest() {
  const std::shared_ptr<const GenerationUpdate> u = std::move(latest_);
  latest_.reset();
  if (!u || u->id != pending_ || u->prompt != state_.prompt) return;
  // The worker's steps are the continuation; a step both have keeps what the window knew of it (a
  // restored token chosen by hand stays so), and gets the distribution it lacked.
  std::vector<int> filled;
  if (pendingAction_ == GenerationRequest::Action::Sync) {  // only distributions: the steps stay the window's
    for (std::size_t i = 0; i < u->steps.size() && i < state_.steps.size(); ++i) {
      ShownStep& s = state_.steps[i];
      if (s.token != u->steps[i].token) break;
      if (!s.logits && u->steps[i].logits) filled.push_back(static_cast<int>(i));
      s.logits = u->steps[i].logits;
    }
    for (int i : filled) emit stepLogitsReady(i);
    if (!u->running) finished(*u);
    return;
  }
  std::vector<ShownStep> steps;
  steps.reserve(u->steps.size());
  for (std::size_t i = 0; i < u->steps.size(); ++i) {
    const GeneratedToken& g = u->steps[i];
    ShownStep s{g.token, g.probability, g.chosenByPerson, g.logits};
    if (i < state_.steps.size() && state_.steps[i].token == g.token) {
      s.chosenByHand = state_.steps[i].chosenByHand;
      if (!state_.steps[i].logits && g.logits) filled.push_back(static_cast<int>(i));
    }
    steps.push_back(std::move(s));
  }
  state_.steps = std::move(steps);
  emit changed();
  for (int i : filled) emit stepLogitsReady(i);
  if (!u->running) finished(*u);
}

void GenerationController::finished(const GenerationUpdate& u) {
  pending_ = 0;
  cancel_.reset();
  if (u.stopReason == "eos") emit message(tr("The model ended the text (end-of-sequence token)."));
  else if (u.stopReason == "context-full") emit message(tr("The context is full (%1 tokens): the model cannot see further.").arg(context_));
  if (queuedSteps_ > 0 && u.stopReason != "eos" && u.stopReason != "context-full") {
    --queuedSteps_;
    send(GenerationRequest::Action::Step);
    return;
  }
  queuedSteps_ = 0;
  setRunning(false);
}

void GenerationController::branch(int stepIndex, int tokenId) {
  if (stepIndex < 0 || stepIndex >= static_cast<int>(state_.steps.size())) return;
  stop();
  GenerationBranch b;
  b.fromStep = stepIndex;
  b.steps.assign(state_.steps.begin() + stepIndex, state_.steps.end());
  state_.branches.push_back(std::move(b));
  // The chosen token shows at once, with its probability under the current chain when the step's
  // distribution is here; the worker's answer (the same chain over the same logits) replaces it.
  ShownStep chosen = state_.steps[static_cast<std::size_t>(stepIndex)];
  state_.steps.resize(static_cast<std::size_t>(stepIndex));
  chosen.token = tokenId;
  chosen.chosenByHand = true;
  chosen.probability = 0;
  if (chosen.logits && tokenId >= 0 && tokenId < static_cast<int>(chosen.logits->size())) {
    ChainRun run;
    run.params = settings_.effective();
    run.maxReported = static_cast<int>(chosen.logits->size());
    for (const auto& c : runSamplerChain(*chosen.logits, state_.allTokens(), run).final)
      if (c.id == tokenId) chosen.probability = c.p;
  }
  send(GenerationRequest::Action::Choose, 1, stepIndex, tokenId);  // continues after steps [0, stepIndex)
  state_.steps.push_back(std::move(chosen));
  emit changed();
}

void GenerationController::switchToBranch(int branchIndex) {
  if (branchIndex < 0 || branchIndex >= static_cast<int>(state_.branches.size())) return;
  stop();
  GenerationBranch b = state_.branches[static_cast<std::size_t>(branchIndex)];
  if (b.fromStep > static_cast<int>(state_.steps.size())) return;
  GenerationBranch current;
  current.fromStep = b.fromStep;
  current.steps.assign(state_.steps.begin() + b.fromStep, state_.steps.end());
  state_.branches[static_cast<std::size_t>(branchIndex)] = std::move(current);
  state_.steps.resize(static_cast<std::size_t>(b.fromStep));
  state_.steps.insert(state_.steps.end(), b.steps.begin(), b.steps.end());
  emit changed();
  send(GenerationRequest::Action::Sync);  // the generator continues from the switched-to branch
}

void GenerationController::restore(GenerationState state) {
  stop();
  pending_ = 0;
  state_ = std::move(state);
  emit changed();
  if (!state_.prompt.empty()) send(GenerationRequest::Action::Sync);
}

void GenerationController::requestLogitsFor(int stepIndex) {
  if (stepIndex < 0 || stepIndex >= static_cast<int>(state_.steps.size())) return;
  if (state_.steps[static_cast<std::size_t>(stepIndex)].logits || pending_ != 0) return;  // the answer fills it
  send(GenerationRequest::Action::Sync);
}

}  // namespace glassbox
