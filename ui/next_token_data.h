#pragma once
// What the next-token view draws, computed from one step's logits and the sampler chain's report.
#include <QString>
#include <span>
#include <vector>

#include "sampling/sampler_chain.h"

namespace glassbox {

class Tokenizer;

struct NextTokenBar {
  int id = 0;
  QString label;          // visible token text
  float original = 0;     // untouched softmax, T = 1
  float adjusted = 0;     // after the whole chain (0 when removed)
  QString removedBy;      // the stage that removed it, empty for survivors
  bool actual = false;    // the token that really came next
};

struct NextTokenData {
  QString title;                      // "After “the” (position 4)"
  QString hint;                       // what a click does here; on screen only, not in exported images
  std::vector<NextTokenBar> bars;     // top N of the untouched softmax, most likely first
  std::vector<float> cumulative;      // cumulative probability the top-p stage sees, in bar order
  float topP = 1.0f;
  int topPKept = -1;                  // tokens the top-p stage keeps (-1: top-p is off)
  double entropyOriginal = 0, entropyFinal = 0;  // nats
  int survivors = 0;
  int vocabSize = 0;
  int actualId = -1;                  // -1: nothing came next yet
  int actualRank = -1;                // 0-based rank in the untouched softmax
  float actualProbability = 0;        // untouched softmax
  QString actualLabel;
  bool empty() const { return bars.empty(); }
};

// result: the chain's report for `logits` [V]; topN: bars to show.
NextTokenData buildNextTokenData(std::span<const float> logits, const SampleResult& result, const Tokenizer& tokenizer,
                                 const SamplingParams& params, int topN, int actualId);

}  // namespace glassbox
