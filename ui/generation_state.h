#pragma once
// The continuation of the prompt, step by step, and the branches the person abandoned. Plain data:
// saved in sessions, drawn by the generation view.
#include <memory>
#include <vector>

namespace glassbox {

// One step as the window shows and saves it (the engine's own record is sampling/generator.h's
// GenerationStep, from which the worker fills these).
struct ShownStep {
  int token = 0;
  float probability = 0;  // in the distribution it was drawn from (after the sampler chain)
  bool chosenByHand = false;
  std::shared_ptr<const std::vector<float>> logits;  // [V] the step's distribution; null after a restore
};

// A continuation that was replaced from step `fromStep` on.
struct GenerationBranch {
  int fromStep = 0;
  std::vector<ShownStep> steps;  // the replaced steps fromStep..
};

struct GenerationState {
  std::vector<int> prompt;             // token ids of the prompt
  std::vector<ShownStep> steps;   // the continuation
  std::vector<GenerationBranch> branches;

  std::vector<int> tokens(std::size_t upToStep) const {  // prompt + steps[0..upToStep)
    std::vector<int> t = prompt;
    for (std::size_t i = 0; i < upToStep && i < steps.size(); ++i) t.push_back(steps[i].token);
    return t;
  }
  std::vector<int> allTokens() const { return tokens(steps.size()); }
};

}  // namespace glassbox
