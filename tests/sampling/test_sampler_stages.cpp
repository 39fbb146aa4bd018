// Each stage against its definition, on hand-computed cases and against naive full-sort references.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "core/rng.h"
#include "sampling/sampler_chain.h"

using namespace glassbox;

namespace {

SamplingParams only(const std::string& stage) {
  SamplingParams p;
  p.temperature = 1.0f;
  p.order = {stage};
  return p;
}

std::vector<float> logitsOf(const std::vector<double>& probs) {
  std::vector<float> l;
  for (double p : probs) l.push_back(static_cast<float>(std::log(p)));
  return l;
}

std::set<int> survivors(const SampleResult& r) {
  std::set<int> s;
  for (const auto& c : r.final) s.insert(c.id);
  return s;
}

std::vector<float> randomLogits(int n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> l(static_cast<std::size_t>(n));
  for (auto& x : l) x = static_cast<float>(rng.normal() * 2.5);
  return l;
}

// Naive reference order: full sort by logit descending, then id ascending.
std::vector<int> sortedIds(const std::vector<float>& logits) {
  std::vector<int> ids(logits.size());
  std::iota(ids.begin(), ids.end(), 0);
  std::sort(ids.begin(), ids.end(), [&](int a, int b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  });
  return ids;
}

}  // namespace

TEST(TopK, KeepsExactlyKAndAllWhenKAtLeastV) {
  const auto logits = randomLogits(500, 1);
  const auto order = sortedIds(logits);
  for (int k : {1, 2, 17, 256, 499, 500, 501, 100000}) {
    SamplingParams p = only("top-k");
    p.topK = k;
    SamplerChain chain(p);
    const auto r = chain.distribution(logits, {}, {false, 1000});
    const int expected = std::min(k, 500);
    ASSERT_EQ(r.finalCount, expected) << k;
    const std::set<int> want(order.begin(), order.begin() + expected);
    EXPECT_EQ(survivors(r), want) << k;
  }
}

TEST(TopK, TiesAtTheBoundaryKeepLowerIds) {
  SamplingParams p = only("top-k");
  p.topK = 2;
  SamplerChain chain(p);
  const auto r = chain.distribution(std::vector<float>{1.f, 2.f, 2.f, 2.f, 0.f}, {});
  EXPECT_EQ(survivors(r), (std::set<int>{1, 2}));
}

TEST(TopP, KeepsMinimalPrefix) {
  const auto logits = logitsOf({0.1, 0.4, 0.2, 0.3});  // order: 1 (0.4), 3 (0.3), 2 (0.2), 0 (0.1)
  auto run = [&](float topP) {
    SamplingParams p = only("top-p");
    p.topP = topP;
    return survivors(SamplerChain(p).distribution(logits, {}));
  };
  EXPECT_EQ(run(0.0f), (std::set<int>{1}));  // always at least one
  EXPECT_EQ(run(0.35f), (std::set<int>{1}));
  EXPECT_EQ(run(0.5f), (std::set<int>{1, 3}));
  EXPECT_EQ(run(0.8f), (std::set<int>{1, 3, 2}));
  EXPECT_EQ(run(0.95f), (std::set<int>{0, 1, 2, 3}));
  EXPECT_EQ(run(1.0f), (std::set<int>{0, 1, 2, 3}));
}

TEST(TopP, TiesKeepLowerIdsAndExactMass) {
  const std::vector<float> logits(8, 0.0f);  // 8 x 0.125 exactly
  auto run = [&](float topP) {
    SamplingParams p = only("top-p");
    p.topP = topP;
    return survivors(SamplerChain(p).distribution(logits, {}));
  };
  EXPECT_EQ(run(0.5f), (std::set<int>{0, 1, 2, 3}));  // 0.5 reached exactly with 4
  EXPECT_EQ(run(0.51f), (std::set<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(run(0.0f), (std::set<int>{0}));
}

class TopPLarge : public ::testing::TestWithParam<int> {};

// 3000 exercises the selection by nth_element, 50257 the bucket selection.
INSTANTIATE_TEST_SUITE_P(Sizes, TopPLarge, ::testing::Values(3000, 50257));

TEST_P(TopPLarge, MatchesNaiveFullSort) {
  const auto logits = randomLogits(GetParam(), 4);
  const auto order = sortedIds(logits);
  std::vector<double> prob(logits.size());
  double m = *std::max_element(logits.begin(), logits.end()), s = 0;
  for (std::size_t i = 0; i < logits.size(); ++i) s += prob[i] = std::exp(logits[i] - m);
  for (float topP : {0.01f, 0.3f, 0.5f, 0.9f, 0.99f}) {
    double acc = 0, accBefore = 0;
    std::size_t n = 0;
    while (n < order.size() && acc < topP) {
      accBefore = acc;
      acc += prob[static_cast<std::size_t>(order[n++])] / s;
    }
    SamplingParams p = only("top-p");
    p.topP = topP;
    const auto r = SamplerChain(p).distribution(logits, {}, {false, 100000});
    // The kept set is always a prefix of the naive order; its length equals the double-precision
    // reference unless the boundary is within float rounding (1e-6) of p.
    const bool nearBoundary = topP - accBefore < 1e-6 || acc - topP < 1e-6;
    if (nearBoundary) EXPECT_NEAR(r.finalCount, static_cast<int>(n), 1) << topP;
    else EXPECT_EQ(r.finalCount, static_cast<int>(n)) << topP;
    const auto cut = order.begin() + r.finalCount;
    EXPECT_EQ(survivors(r), std::set<int>(order.begin(), cut)) << topP;
  }
}

TEST(MinP, KeepsTokensAboveFractionOfMax) {
  const auto logits = logitsOf({0.5, 0.25, 0.15, 0.1});
  auto run = [&](float minP) {
    SamplingParams p = only("min-p");
    p.minP = minP;
    return survivors(SamplerChain(p).distribution(logits, {}));
  };
  EXPECT_EQ(run(0.0f), (std::set<int>{0, 1, 2, 3}));
  EXPECT_EQ(run(0.1f), (std::set<int>{0, 1, 2, 3}));
  EXPECT_EQ(run(0.4f), (std::set<int>{0, 1}));   // threshold 0.2
  EXPECT_EQ(run(0.6f), (std::set<int>{0}));      // threshold 0.3
  EXPECT_EQ(run(1.0f), (std::set<int>{0}));
  SamplingParams p = only("min-p");
  p.minP = 1.0f;  // ties with the maximum all survive
  EXPECT_EQ(survivors(SamplerChain(p).distribution(std::vector<float>{1.f, 2.f, 2.f}, {})), (std::set<int>{1, 2}));
}

TEST(Typical, MatchesDefinitionOnHandComputedCase) {
  const std::vector<double> probs = {0.6, 0.2, 0.1, 0.05, 0.05};
  double h = 0;
  for (double q : probs) h -= q * std::log(q);  // 1.2275...
  // |-log p - H|: 0.6 -> 0.7167, 0.2 -> 0.3819, 0.1 -> 1.0751, 0.05 -> 1.7683
  // Most typical first: id 1 (0.2), id 0 (0.6), id 2 (0.1), ids 3, 4.
  std::vector<int> ids = {0, 1, 2, 3, 4};
  std::sort(ids.begin(), ids.end(), [&](int a, int b) {
    return std::fabs(-std::log(probs[a]) - h) < std::fabs(-std::log(probs[b]) - h);
  });
  ASSERT_EQ(ids[0], 1);
  ASSERT_EQ(ids[1], 0);
  auto run = [&](float typicalP) {
    SamplingParams p = only("typical");
    p.typicalP = typicalP;
    return survivors(SamplerChain(p).distribution(logitsOf(probs), {}));
  };
  EXPECT_EQ(run(0.0f), (std::set<int>{1}));
  EXPECT_EQ(run(0.15f), (std::set<int>{1}));
  EXPECT_EQ(run(0.5f), (std::set<int>{0, 1}));      // 0.2 + 0.6 >= 0.5
  EXPECT_EQ(run(0.85f), (std::set<int>{0, 1, 2}));  // 0.9 >= 0.85
  EXPECT_EQ(run(0.95f).size(), 4u);
}

TEST(Penalties, MatchHandComputedLogits) {
  // logits 2, -1, 0.5, 3; history counts: id0 x1, id1 x2, id3 x1.
  const std::vector<float> logits = {2.0f, -1.0f, 0.5f, 3.0f};
  SamplingParams p = only("penalties");
  p.repeatPenalty = 2.0f;
  p.frequencyPenalty = 0.5f;
  p.presencePenalty = 0.25f;
  p.penaltyLastN = -1;
  const std::vector<int> history = {0, 1, 1, 3};
  // id0: 2/2 - 0.5 - 0.25 = 0.25; id1: -1*2 - 1.0 - 0.25 = -3.25; id2: 0.5; id3: 3/2 - 0.5 - 0.25 = 0.75
  const std::vector<double> expected = {0.25, -3.25, 0.5, 0.75};
  double s = 0;
  for (double e : expected) s += std::exp(e);
  const auto r = SamplerChain(p).distribution(logits, history);
  ASSERT_EQ(r.final.size(), 4u);
  for (const auto& c : r.final) EXPECT_NEAR(c.p, std::exp(expected[static_cast<std::size_t>(c.id)]) / s, 1e-6);
}

TEST(Penalties, WindowLooksAtLastNOnly) {
  const std::vector<float> logits = {1.0f, 1.0f, 1.0f};
  SamplingParams p = only("penalties");
  p.presencePenalty = 1.0f;
  p.penaltyLastN = 1;
  const auto r = SamplerChain(p).distribution(logits, std::vector<int>{0, 2});  // only id 2 penalised
  const double s = 2 * std::exp(1.0) + std::exp(0.0);
  for (const auto& c : r.final) EXPECT_NEAR(c.p, std::exp(c.id == 2 ? 0.0 : 1.0) / s, 1e-6);
  p.penaltyLastN = 0;  // off
  const auto off = SamplerChain(p).distribution(logits, std::vector<int>{0, 2});
  for (const auto& c : off.final) EXPECT_NEAR(c.p, 1.0 / 3.0, 1e-6);
}

TEST(Penalties, ApplyAfterTopKWhenOrderSaysSo) {
  // top-k 2 keeps ids 3 and 0; penalties then push id 3 below id 0.
  const std::vector<float> logits = {2.0f, -1.0f, 0.5f, 3.0f};
  SamplingParams p;
  p.temperature = 0.0f;
  p.topK = 2;
  p.presencePenalty = 5.0f;
  p.order = {"top-k", "penalties", "temperature"};
  SamplerChain chain(p);
  EXPECT_EQ(chain.sample(logits, std::vector<int>{3}).token, 0);
}

TEST(Penalties, LargePenaltiesRecomputeInsteadOfScaling) {
  // A presence penalty of 60 moves a logit further than the in-place update allows; the chain then
  // recomputes the softmax. Both paths must agree with the definition.
  const std::vector<float> logits = {5.0f, 1.0f, 0.0f};
  for (float presence : {0.5f, 60.0f, -40.0f}) {
    SamplingParams p = only("penalties");
    p.presencePenalty = presence;
    const auto r = SamplerChain(p).distribution(logits, std::vector<int>{0});
    const std::vector<double> expected = {5.0 - presence, 1.0, 0.0};
    const double m = *std::max_element(expected.begin(), expected.end());
    double s = 0;
    for (double e : expected) s += std::exp(e - m);
    for (const auto& c : r.final)
      EXPECT_NEAR(c.p, std::exp(expected[static_cast<std::size_t>(c.id)] - m) / s, 1e-6) << presence;
    EXPECT_EQ(r.final[0].id, presence > 4.0f ? 1 : 0);
  }
}
