#include "training/objectives.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace glassbox {
namespace {

// Splits `items` into `segments` positive lengths, uniformly over the ways to do so (T5's
// _random_segmentation: segments - 1 distinct cut points among the items - 1 gaps).
std::vector<int> randomSegmentation(int items, int segments, Rng& rng) {
  std::vector<int> gaps(static_cast<std::size_t>(items - 1));
  for (int i = 0; i < items - 1; ++i) gaps[static_cast<std::size_t>(i)] = i + 1;
  for (int i = 0; i < segments - 1; ++i) {  // partial Fisher-Yates
    const std::size_t j = static_cast<std::size_t>(i) + rng.below(gaps.size() - static_cast<std::size_t>(i));
    std::swap(gaps[static_cast<std::size_t>(i)], gaps[j]);
  }
  std::vector<int> cuts(gaps.begin(), gaps.begin() + (segments - 1));
  std::sort(cuts.begin(), cuts.end());
  std::vector<int> lengths;
  int prev = 0;
  for (int c : cuts) {
    lengths.push_back(c - prev);
    prev = c;
  }
  lengths.push_back(items - prev);
  return lengths;
}

}  // namespace

Example maskedLanguageModel(std::span<const int> window, Rng& rng, int maskId, int firstSpecial, double rate,
                            bool allMasked) {
  Example ex;
  ex.input.assign(window.begin(), window.end());
  ex.targets.assign(window.size(), -1);
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < window.size(); ++i)
    if (window[i] >= 0 && window[i] < firstSpecial) candidates.push_back(i);
  if (candidates.empty()) return ex;
  const std::size_t want = std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(rate * static_cast<double>(window.size()))),
                                                   1, candidates.size());
  for (std::size_t i = 0; i < want; ++i) {
    const std::size_t j = i + rng.below(candidates.size() - i);
    std::swap(candidates[i], candidates[j]);
    const std::size_t at = candidates[i];
    ex.targets[at] = window[at];
    const double u = rng.uniform();
    if (allMasked || u < 0.8) ex.input[at] = maskId;
    else if (u < 0.9) ex.input[at] = static_cast<int>(rng.below(static_cast<std::uint64_t>(firstSpecial)));
  }
  return ex;
}

Example corruptSpans(std::span<const int> window, Rng& rng, const SpanCorruption& s) {
  const int n = static_cast<int>(window.size());
  if (n < 2) throw Error("span corruption: a window needs at least 2 tokens");
  const int noise = std::clamp(static_cast<int>(std::lround(s.density * n)), 1, n - 1);
  const int spans = std::clamp(static_cast<int>(std::lround(noise / s.meanSpan)), 1, std::min(noise, s.sentinels - 1));
  const std::vector<int> noiseLengths = randomSegmentation(noise, spans, rng);
  const std::vector<int> keptLengths = randomSegmentation(n - noise, std::min(spans, n - noise), rng);
  Example ex;
  int at = 0;
  for (int i = 0; i < spans; ++i) {
    const int keep = i < static_cast<int>(keptLengths.size()) ? keptLengths[static_cast<std::size_t>(i)] : 0;
    for (int k = 0; k < keep; ++k) ex.input.push_back(window[static_cast<std::size_t>(at++)]);
    ex.input.push_back(s.sentinel0 + i);
    ex.targets.push_back(s.sentinel0 + i);
    for (int k = 0; k < noiseLengths[static_cast<std::size_t>(i)]; ++k) ex.targets.push_back(window[static_cast<std::size_t>(at++)]);
  }
  while (at < n) ex.input.push_back(window[static_cast<std::size_t>(at++)]);  // rounding leftovers stay kept
  ex.targets.push_back(s.sentinel0 + spans);
  ex.targets.push_back(s.eos);
  ex.decoderInput.push_back(s.decoderStart);
  ex.decoderInput.insert(ex.decoderInput.end(), ex.targets.begin(), ex.targets.end() - 1);
  return ex;
}

}  // namespace glassbox
