#pragma once
// Drives step-by-step generation: asks the worker for the logits after the current tokens, runs the
// sampler chain on them here, appends the token and, while generating, asks for the next one. Branching
// replaces the token of an earlier step and keeps the old continuation as a branch.
#include <QObject>
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

  // The prompt as analysed, with the logits of its last position (the first step's distribution).
  void setPrompt(const std::vector<int>& ids, std::shared_ptr<const std::vector<float>> lastLogits);
  void setSettings(const SamplingSettings& settings) { settings_ = settings; }
  void setMaxNewTokens(int n) { maxNew_ = n; }
  int maxNewTokens() const { return maxNew_; }
  void setEosIds(std::vector<int> ids) { eos_ = std::move(ids); }
  void setContextLength(int n) { context_ = n; }

  void step();
  void generate();
  void stop();
  void reset();
  void branch(int stepIndex, int tokenId);
  void switchToBranch(int branchIndex);
  // Restores a saved state (logits are fetched again when a step is looked at).
  void restore(GenerationState state);
  void requestLogitsFor(int stepIndex);  // fills a restored step's logits

  const GenerationState& state() const { return state_; }
  bool isGenerating() const { return generating_; }

 signals:
  void changed();                 // steps or branches changed
  void runningChanged(bool running);
  void stepLogitsReady(int stepIndex);
  void message(const QString& text);

 private:
  void onStepDone(const std::shared_ptr<const StepResult>& r);
  void handleStepDone(const std::shared_ptr<const StepResult>& r);
  void appendFrom(std::shared_ptr<const std::vector<float>> logits, int forcedToken);
  void requestNext();
  void setRunning(bool running);

  EngineController* engine_;
  GenerationState state_;
  SamplingSettings settings_;
  std::shared_ptr<const std::vector<float>> nextLogits_;  // distribution of the step after the last one
  std::uint64_t pending_ = 0;
  int pendingFillStep_ = -1;  // >= 0: the pending request fills that restored step
  int wantFillStep_ = -1;     // >= 0: a restored step whose logits are asked for after the pending request
  bool wantStep_ = false;
  bool generating_ = false;
  int remaining_ = 0;
  int maxNew_ = 32;
  int context_ = 0;
  std::vector<int> eos_;
};

}  // namespace glassbox
