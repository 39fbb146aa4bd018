#include "generation_controller.h"

#include <algorithm>

#include "engine_controller.h"
#include "sampling_bridge.h"

namespace glassbox {

GenerationController::GenerationController(EngineController* engine, QObject* parent)
    : QObject(parent), engine_(engine) {
  connect(engine_, &EngineController::stepDone, this, &GenerationController::onStepDone);
  connect(engine_, &EngineController::stepFailed, this, [this](std::uint64_t id, const QString& msg) {
    if (id != pending_) return;
    pending_ = 0;
    wantStep_ = false;
    setRunning(false);
    emit message(msg);
  });
}

void GenerationController::setPrompt(const std::vector<int>& ids, std::shared_ptr<const std::vector<float>> lastLogits) {
  if (ids != state_.prompt) {
    stop();
    state_ = GenerationState{};
    state_.prompt = ids;
    pending_ = 0;
    emit changed();
  }
  if (state_.steps.empty()) nextLogits_ = std::move(lastLogits);
}

void GenerationController::setRunning(bool running) {
  if (generating_ == running) return;
  generating_ = running;
  emit runningChanged(running);
}

void GenerationController::step() {
  if (state_.prompt.empty()) {
    emit message(tr("Type a prompt first: generation continues it."));
    return;
  }
  if (context_ > 0 && static_cast<int>(state_.allTokens().size()) >= context_) {
    setRunning(false);
    emit message(tr("The context is full (%1 tokens): the model cannot see further.").arg(context_));
    return;
  }
  if (nextLogits_) {
    appendFrom(nextLogits_, -1);
    return;
  }
  wantStep_ = true;
  if (pending_ == 0) requestNext();
}

void GenerationController::generate() {
  remaining_ = maxNew_;
  setRunning(true);
  step();
}

void GenerationController::stop() {
  remaining_ = 0;
  wantStep_ = false;
  setRunning(false);
}

void GenerationController::reset() {
  stop();
  wantFillStep_ = -1;
  auto prompt = state_.prompt;
  std::shared_ptr<const std::vector<float>> first = state_.steps.empty() ? nextLogits_ : state_.steps.front().logits;
  state_ = GenerationState{};
  state_.prompt = std::move(prompt);
  nextLogits_ = first;
  pending_ = 0;
  emit changed();
}

void GenerationController::appendFrom(std::shared_ptr<const std::vector<float>> logits, int forcedToken) {
  const int index = static_cast<int>(state_.steps.size());
  ChainRun run;
  run.params = settings_.effective();
  run.greedy = !settings_.sample;
  run.maxReported = 1;
  // One seed per step: the same seed and settings give the same continuation, step after step.
  run.drawSeed = settings_.params.seed * 1000003ull + static_cast<std::uint64_t>(index);
  const auto history = state_.allTokens();
  GenerationStep s;
  s.logits = logits;
  if (forcedToken >= 0) {
    s.token = forcedToken;
    s.chosenByHand = true;
    run.drawSeed.reset();
    run.maxReported = static_cast<int>(logits->size());
    const SampleResult r = runSamplerChain(*logits, history, run);
    for (const auto& c : r.final)
      if (c.id == forcedToken) s.probability = c.p;
  } else {
    const SampleResult r = runSamplerChain(*logits, history, run);
    s.token = r.token;
    s.probability = r.probability;
  }
  state_.steps.push_back(s);
  nextLogits_.reset();
  emit changed();
  if (std::find(eos_.begin(), eos_.end(), s.token) != eos_.end()) {
    setRunning(false);
    emit message(tr("The model ended the text (end-of-sequence token)."));
    return;
  }
  if (generating_ && --remaining_ <= 0) setRunning(false);
  wantStep_ = generating_;
  requestNext();  // fetch the following distribution now, so the next Step is instant
}

void GenerationController::requestNext() {
  pendingFillStep_ = -1;
  pending_ = engine_->requestStep(state_.allTokens());
}

void GenerationController::requestLogitsFor(int stepIndex) {
  if (stepIndex < 0 || stepIndex >= static_cast<int>(state_.steps.size())) return;
  if (pending_ != 0) {  // asked for once the request in flight is answered
    wantFillStep_ = stepIndex;
    return;
  }
  wantFillStep_ = -1;
  pendingFillStep_ = stepIndex;
  pending_ = engine_->requestStep(state_.tokens(static_cast<std::size_t>(stepIndex)));
}

void GenerationController::onStepDone(const std::shared_ptr<const StepResult>& r) {
  if (r->id != pending_) return;
  pending_ = 0;
  handleStepDone(r);
  if (pending_ == 0 && wantFillStep_ >= 0) requestLogitsFor(wantFillStep_);
}

void GenerationController::handleStepDone(const std::shared_ptr<const StepResult>& r) {
  auto logits = std::make_shared<const std::vector<float>>(r->logits);
  if (pendingFillStep_ >= 0) {
    const int i = pendingFillStep_;
    pendingFillStep_ = -1;
    if (i < static_cast<int>(state_.steps.size()) && r->tokens == state_.tokens(static_cast<std::size_t>(i))) {
      state_.steps[static_cast<std::size_t>(i)].logits = logits;
      emit stepLogitsReady(i);
    }
    return;
  }
  if (r->tokens != state_.allTokens()) return;  // the continuation changed meanwhile
  nextLogits_ = logits;
  if (wantStep_) {
    wantStep_ = false;
    step();
  }
}

void GenerationController::branch(int stepIndex, int tokenId) {
  if (stepIndex < 0 || stepIndex >= static_cast<int>(state_.steps.size())) return;
  auto logits = state_.steps[static_cast<std::size_t>(stepIndex)].logits;
  if (!logits) return;
  stop();
  GenerationBranch b;
  b.fromStep = stepIndex;
  b.steps.assign(state_.steps.begin() + stepIndex, state_.steps.end());
  state_.branches.push_back(std::move(b));
  state_.steps.resize(static_cast<std::size_t>(stepIndex));
  pending_ = 0;
  appendFrom(logits, tokenId);
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
  nextLogits_.reset();
  pending_ = 0;
  emit changed();
  requestNext();
}

void GenerationController::restore(GenerationState state) {
  stop();
  wantFillStep_ = -1;
  state_ = std::move(state);
  nextLogits_.reset();
  pending_ = 0;
  emit changed();
  if (!state_.prompt.empty()) requestNext();
}

}  // namespace glassbox
