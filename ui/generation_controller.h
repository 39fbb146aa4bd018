#pragma once
// Step-by-step generation as the window shows it. The tokens are drawn on the worker by the engine's
// Generator (the loop glassbox-cli generate runs: one seed schedule, one prefix-reuse contract); this
// object keeps the shown continuation and the branches the person abandoned, sends requests and takes
// the values that come back. Branching replaces the token of an earlier step and keeps the old
// continuation as a branch.
#include <QObject>
#include <atomic>
#include <memory>

#include "engine_types.h"
#include "generation_state.h"
#include "sampling_controls.h"

namespace glassbox {

class EngineController;

class GenerationController : public QObject {
  Q_OBJECT
 public:
  explicit GenerationController(EngineController* engine, QObject* parent = nullptr);

  // The prompt as analysed (token ids); a different one forgets the continuation.
  void setPrompt(const std::vector<int>& ids);
  void setSettings(const SamplingSettings& settings) { settings_ = settings; }
  void setMaxNewTokens(int n) { maxNew_ = n; }
  int maxNewTokens() const { return maxNew_; }
  void setContextLength(int n) { context_ = n; }

  void step();
  void generate() { generate(maxNew_); }  // up to maxNewTokens() more steps, one `changed` per step
  void generate(int count);
  void stop();
  void reset();
  void branch(int stepIndex, int tokenId);
  void switchToBranch(int branchIndex);
  // Restores a saved state; the worker computes the steps' distributions again.
  void restore(GenerationState state);
  void requestLogitsFor(int stepIndex);  // fills a restored step's logits

  const GenerationState& state() const { return state_; }
  bool isGenerating() const { return generating_; }
  bool isBusy() const { return pending_ != 0; }  // a request is on the worker

 signals:
  void changed();                 // steps or branches changed
  void runningChanged(bool running);
  void stepLogitsReady(int stepIndex);
  void message(const QString& text);

 private:
  std::uint64_t send(GenerationRequest::Action action, int count = 1, int index = -1, int token = -1);
  void onUpdate(const std::shared_ptr<const GenerationUpdate>& u);
  void applyLatest();
  void finished(const GenerationUpdate& u);
  void setRunning(bool running);

  EngineController* engine_;
  GenerationState state_;
  SamplingSettings settings_;
  std::uint64_t pending_ = 0;                  // the request whose answers are taken
  GenerationRequest::Action pendingAction_ = GenerationRequest::Action::Sync;
  std::shared_ptr<std::atomic<bool>> cancel_;  // of the pending request
  std::shared_ptr<const GenerationUpdate> latest_;  // received, applied on the next event-loop pass
  int queuedSteps_ = 0;                        // Step clicks while a request was on the worker
  bool generating_ = false;
  int maxNew_ = 32;
  int context_ = 0;
};

}  // namespace glassbox
