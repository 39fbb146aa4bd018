#pragma once
// The sampler chain: small stages applied in order to one step's logits, each able to report what it
// did, which is what the next-token view draws. Mirrors llama.cpp's sampler chain.
//
// Legend: V = vocabulary size, N = surviving candidates.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/rng.h"

namespace glassbox {

// One candidate token. `logit` is what the stages transform; `p` is filled by softmax.
struct Candidate {
  int id = 0;
  float logit = 0.0f;
  float p = 0.0f;
};

// What one stage did: the survivors (sorted by probability, descending; ties by ascending id) with their
// renormalised probabilities, and how many it removed.
struct StageSnapshot {
  std::string stage;               // "temperature", "top-k", ...
  std::vector<Candidate> kept;     // [N] renormalised, sum to 1 (may be truncated to `maxReported`)
  int keptCount = 0;               // N before any truncation for reporting
  int removedCount = 0;            // removed by this stage
  std::vector<int> removedIds;     // ids removed by this stage (at most maxReported of them)
};

struct SamplingParams {
  float temperature = 1.0f;      // 0 = greedy argmax; logits are divided by T before the softmax
  int topK = 0;                  // 0 = off
  float topP = 1.0f;             // 1 = off
  float minP = 0.0f;             // 0 = off
  float typicalP = 1.0f;         // 1 = off
  float repeatPenalty = 1.0f;    // 1 = off (divides positive logits, multiplies negative ones)
  float frequencyPenalty = 0.0f;
  float presencePenalty = 0.0f;
  int penaltyLastN = 64;         // window of previous tokens the penalties look at (-1 = all)
  std::uint64_t seed = 0;
  // Stage names, in order: "penalties", "top-k", "typical", "top-p", "min-p", "temperature".
  std::vector<std::string> order = {"penalties", "top-k", "typical", "top-p", "min-p", "temperature"};
};

struct SampleResult {
  int token = -1;
  float probability = 0.0f;      // in the final distribution it was drawn from
  int rankInOriginal = 0;        // 0-based rank in the untouched softmax (T = 1)
  float originalProbability = 0.0f;
  std::vector<Candidate> original;         // untouched softmax, top `maxReported`, sorted
  std::vector<StageSnapshot> stages;       // one per stage, in order (when snapshots requested)
  std::vector<Candidate> final;            // distribution drawn from (top maxReported)
  int finalCount = 0;                      // survivors of the whole chain
  double entropyOriginal = 0, entropyFinal = 0;  // nats
};

}  // namespace glassbox
