// The pre-training objectives: BERT's masking (count, 80/10/10, specials never chosen) and T5's span
// corruption (the input and the target together give back the window, spans and sentinels in order).
#include <gtest/gtest.h>

#include <numeric>

#include "training/objectives.h"

namespace glassbox {
namespace {

std::vector<int> window(int n, int vocab) {
  std::vector<int> w(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) w[static_cast<std::size_t>(i)] = (i * 7 + 3) % vocab;
  return w;
}

TEST(Objectives, MaskedLanguageModelChoosesFifteenPercentWith801010) {
  const int firstSpecial = 90, mask = 95;
  std::vector<int> w = window(128, firstSpecial);
  w[5] = 91;  // a special token (a document separator) is never chosen
  std::size_t masked = 0, random = 0, kept = 0;
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    Rng rng(seed);
    const Example ex = maskedLanguageModel(w, rng, mask, firstSpecial);
    std::size_t chosen = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (ex.targets[i] < 0) {
        ASSERT_EQ(ex.input[i], w[i]);
        continue;
      }
      ++chosen;
      ASSERT_NE(i, 5u);
      ASSERT_EQ(ex.targets[i], w[i]);
      if (ex.input[i] == mask) ++masked;
      else if (ex.input[i] == w[i]) ++kept;  // includes the rare random draw of the same token
      else ++random;
      ASSERT_LT(ex.input[i] == mask ? 0 : ex.input[i], firstSpecial);
    }
    ASSERT_EQ(chosen, 19u);  // round(0.15 * 128)
  }
  const double total = static_cast<double>(masked + random + kept);
  EXPECT_NEAR(masked / total, 0.8, 0.02);
  EXPECT_NEAR(random / total, 0.1, 0.015);
  EXPECT_NEAR(kept / total, 0.1, 0.015);
  Rng rng(1);
  const Example all = maskedLanguageModel(w, rng, mask, firstSpecial, 0.15, true);
  for (std::size_t i = 0; i < w.size(); ++i)
    if (all.targets[i] >= 0) EXPECT_EQ(all.input[i], mask);
}

TEST(Objectives, SpanCorruptionReconstructsTheWindow) {
  SpanCorruption s;
  s.sentinel0 = 200;
  s.sentinels = 32;
  s.eos = 199;
  s.decoderStart = 198;
  const std::vector<int> w = window(128, 150);
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    Rng rng(seed);
    const Example ex = corruptSpans(w, rng, s);
    // Spans: 19 noise tokens (round(0.15 * 128)) in round(19 / 3) = 6 spans.
    int sentinelsIn = 0;
    for (int id : ex.input) sentinelsIn += id >= s.sentinel0;
    ASSERT_EQ(sentinelsIn, 6);
    ASSERT_EQ(ex.input.size(), 128u - 19 + 6);
    ASSERT_EQ(ex.targets.size(), 19u + 6 + 2);  // spans, their sentinels, the final sentinel, eos
    ASSERT_EQ(ex.targets.back(), s.eos);
    ASSERT_EQ(ex.targets[ex.targets.size() - 2], s.sentinel0 + 6);
    ASSERT_EQ(ex.decoderInput.front(), s.decoderStart);
    ASSERT_TRUE(std::equal(ex.decoderInput.begin() + 1, ex.decoderInput.end(), ex.targets.begin()));
    // Put every span back in place of its sentinel: the window again.
    std::vector<int> rebuilt;
    for (int id : ex.input) {
      if (id < s.sentinel0) {
        rebuilt.push_back(id);
        continue;
      }
      auto at = std::find(ex.targets.begin(), ex.targets.end(), id);
      ASSERT_NE(at, ex.targets.end());
      for (++at; *at < s.sentinel0 && *at != s.eos; ++at) rebuilt.push_back(*at);
    }
    ASSERT_EQ(rebuilt, w) << "seed " << seed;
    // The first token is always kept (T5 starts with a kept run); sentinels appear in order.
    ASSERT_EQ(ex.input.front(), w.front());
  }
  Rng a(7), b(7);
  EXPECT_EQ(corruptSpans(w, a, s).input, corruptSpans(w, b, s).input);
}

}  // namespace
}  // namespace glassbox
