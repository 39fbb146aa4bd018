#pragma once
// Logits before softmax, the step the lesson names: for one position, the raw logits z of the top
// tokens, the same logits divided by the temperature (z / T), and exp and normalise (the softmax),
// side by side. Pure functions so that the numbers can be checked against a direct computation.
//
// Shape legend: V = vocabulary, N = rows shown.
#include <QString>
#include <functional>
#include <span>
#include <vector>

namespace glassbox {

struct LogitRow {
  int id = -1;
  QString token;
  float logit = 0;      // z
  double scaled = 0;    // z / T (z itself at T = 0: greedy takes the largest z)
  double probability = 0;  // exp(z/T - max) / sum over the whole vocabulary
};

struct LogitSteps {
  double temperature = 1.0;  // T; 0 = greedy (the softmax becomes one-hot on the largest logit)
  double logSumExp = 0;      // log sum_v exp(z_v / T) over the whole vocabulary [V]
  int vocabSize = 0;         // V
  std::vector<LogitRow> rows;  // [N] the top logits, largest first
};

// The `top` largest logits of `logits` [V] at temperature T (the order does not depend on T > 0).
LogitSteps logitSteps(std::span<const float> logits, double temperature, int top,
                      const std::function<QString(int)>& tokenText);

}  // namespace glassbox
