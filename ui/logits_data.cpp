#include "logits_data.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace glassbox {

LogitSteps logitSteps(std::span<const float> logits, double temperature, int top,
                      const std::function<QString(int)>& tokenText) {
  LogitSteps s;
  s.temperature = std::max(0.0, temperature);
  s.vocabSize = static_cast<int>(logits.size());
  if (logits.empty()) return s;
  std::vector<int> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  const int n = std::clamp(top, 1, static_cast<int>(order.size()));
  std::partial_sort(order.begin(), order.begin() + n, order.end(), [&](int a, int b) {
    return logits[static_cast<std::size_t>(a)] > logits[static_cast<std::size_t>(b)] ||
           (logits[static_cast<std::size_t>(a)] == logits[static_cast<std::size_t>(b)] && a < b);
  });
  const double mx = logits[static_cast<std::size_t>(order[0])];
  const bool greedy = s.temperature == 0.0;
  double sum = 0;
  if (!greedy)
    for (float z : logits) sum += std::exp((static_cast<double>(z) - mx) / s.temperature);
  s.logSumExp = greedy ? mx : mx / s.temperature + std::log(sum);
  for (int i = 0; i < n; ++i) {
    LogitRow r;
    r.id = order[static_cast<std::size_t>(i)];
    r.token = tokenText ? tokenText(r.id) : QString::number(r.id);
    r.logit = logits[static_cast<std::size_t>(r.id)];
    r.scaled = greedy ? r.logit : r.logit / s.temperature;
    r.probability = greedy ? (i == 0 ? 1.0 : 0.0) : std::exp((r.logit - mx) / s.temperature) / sum;
    s.rows.push_back(r);
  }
  return s;
}

}  // namespace glassbox
