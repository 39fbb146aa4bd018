// The chain as a whole: softmax with temperature, greedy, snapshots, statistics, seeds, hostile input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"
#include "core/rng.h"
#include "sampling/sampler_chain.h"

using namespace glassbox;

namespace {

SamplingParams neutral() {
  SamplingParams p;
  p.temperature = 1.0f;
  return p;
}

std::vector<float> randomLogits(int n, std::uint64_t seed, double scale = 2.0) {
  Rng rng(seed);
  std::vector<float> l(static_cast<std::size_t>(n));
  for (auto& x : l) x = static_cast<float>(rng.normal() * scale);
  return l;
}

// Independent reference: softmax(logits / T) in double.
std::vector<double> softmaxRef(const std::vector<float>& logits, double t) {
  double m = -1e300;
  for (float l : logits) m = std::max(m, l / t);
  std::vector<double> p(logits.size());
  double s = 0;
  for (std::size_t i = 0; i < p.size(); ++i) s += p[i] = std::exp(logits[i] / t - m);
  for (auto& x : p) x /= s;
  return p;
}

double sumP(const std::vector<Candidate>& c) {
  double s = 0;
  for (const auto& x : c) s += x.p;
  return s;
}

}  // namespace

TEST(SamplerChain, FinalIsSoftmaxOfLogitsOverTForRangeOfT) {
  const auto logits = randomLogits(200, 1);
  for (float t : {0.05f, 0.3f, 0.7f, 1.0f, 1.5f, 4.0f, 100.0f}) {
    SamplingParams p = neutral();
    p.temperature = t;
    SamplerChain chain(p);
    const auto r = chain.distribution(logits, {}, {true, 1000});
    const auto ref = softmaxRef(logits, t);
    ASSERT_EQ(r.finalCount, 200);
    ASSERT_EQ(r.final.size(), 200u);
    for (const auto& c : r.final) EXPECT_NEAR(c.p, ref[static_cast<std::size_t>(c.id)], 1e-6) << "T=" << t;
    EXPECT_NEAR(sumP(r.final), 1.0, 1e-6);
    // Sorted by probability descending.
    for (std::size_t i = 1; i < r.final.size(); ++i) EXPECT_GE(r.final[i - 1].p, r.final[i].p);
    // Entropy from the reference.
    double h = 0;
    for (double q : ref) h -= q > 0 ? q * std::log(q) : 0;
    EXPECT_NEAR(r.entropyFinal, h, 1e-4);
  }
}

TEST(SamplerChain, TemperatureZeroAndTinyTemperatureGiveArgmax) {
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const auto logits = randomLogits(1000, seed + 100);
    const int argmax = static_cast<int>(std::max_element(logits.begin(), logits.end()) - logits.begin());
    for (float t : {0.0f, 1e-3f}) {
      SamplingParams p = neutral();
      p.temperature = t;
      p.seed = seed;
      SamplerChain chain(p);
      const auto r = chain.sample(logits, {});
      EXPECT_EQ(r.token, argmax) << "T=" << t;
      EXPECT_EQ(r.rankInOriginal, 0);
    }
  }
}

TEST(SamplerChain, GreedyTieBrokenByLowerId) {
  const std::vector<float> logits = {1.0f, 3.0f, -2.0f, 3.0f, 3.0f};
  SamplingParams p = neutral();
  p.temperature = 0.0f;
  SamplerChain chain(p);
  const auto r = chain.sample(logits, {});
  EXPECT_EQ(r.token, 1);
  EXPECT_EQ(r.finalCount, 1);
  EXPECT_FLOAT_EQ(r.probability, 1.0f);
  // The untouched ranking lists tied tokens by ascending id.
  ASSERT_GE(r.original.size(), 3u);
  EXPECT_EQ(r.original[0].id, 1);
  EXPECT_EQ(r.original[1].id, 3);
  EXPECT_EQ(r.original[2].id, 4);
}

TEST(SamplerChain, EverySnapshotSumsToOne) {
  const auto logits = randomLogits(5000, 7, 3.0);
  SamplingParams p;
  p.temperature = 0.7f;
  p.topK = 400;
  p.typicalP = 0.95f;
  p.topP = 0.9f;
  p.minP = 0.01f;
  p.repeatPenalty = 1.3f;
  p.frequencyPenalty = 0.2f;
  p.presencePenalty = 0.1f;
  const std::vector<int> history = {5, 17, 17, 900, 4999, 3};
  SamplerChain chain(p);
  const auto r = chain.sample(logits, history, {true, 5000});
  ASSERT_EQ(r.stages.size(), 6u);
  EXPECT_NEAR(sumP(r.original), 1.0, 1e-6);
  int before = 5000;
  for (const auto& s : r.stages) {
    EXPECT_EQ(static_cast<int>(s.kept.size()), s.keptCount) << s.stage;
    EXPECT_NEAR(sumP(s.kept), 1.0, 1e-6) << s.stage;
    EXPECT_EQ(before - s.removedCount, s.keptCount) << s.stage;
    before = s.keptCount;
  }
  EXPECT_EQ(r.finalCount, r.stages.back().keptCount);
  EXPECT_NEAR(sumP(r.final), 1.0, 1e-6);
  EXPECT_GT(r.probability, 0.0f);
}

TEST(SamplerChain, CappedReportsKeepExactCounts) {
  const auto logits = randomLogits(50257, 9);
  SamplingParams p = neutral();
  p.topP = 0.9f;
  SamplerChain chain(p);
  const auto r = chain.sample(logits, {}, {true, 32});
  EXPECT_EQ(r.original.size(), 32u);
  EXPECT_EQ(r.stages[3].stage, "top-p");
  EXPECT_EQ(r.stages[3].kept.size(), 32u);
  EXPECT_GT(r.stages[3].keptCount, 32);
  EXPECT_EQ(r.stages[3].keptCount + r.stages[3].removedCount, 50257);
  EXPECT_EQ(r.stages[3].removedIds.size(), 32u);
}

TEST(SamplerChain, ChiSquareOf100000Draws) {
  // Known distribution: p = softmax(logits), 8 categories.
  const std::vector<float> logits = {0.0f, 1.0f, -1.0f, 2.0f, 0.5f, -3.0f, 1.5f, 0.25f};
  const auto ref = softmaxRef(logits, 1.0);
  SamplingParams p = neutral();
  p.seed = 12345;
  SamplerChain chain(p);
  std::vector<int> counts(logits.size(), 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) counts[static_cast<std::size_t>(chain.sample(logits, {}, {false, 8}).token)]++;
  double chi2 = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double e = n * ref[i];
    chi2 += (counts[i] - e) * (counts[i] - e) / e;
  }
  EXPECT_LT(chi2, 24.32);  // 7 degrees of freedom, p = 0.001
  // A biased sampler (always the top token) fails it, so the test can fail.
  double biased = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double e = n * ref[i], o = i == 3 ? n : 0;
    biased += (o - e) * (o - e) / e;
  }
  EXPECT_GT(biased, 24.32);
}

TEST(SamplerChain, SameSeedSameSequence) {
  const auto logits = randomLogits(300, 3);
  SamplingParams p = neutral();
  p.temperature = 1.2f;
  p.seed = 99;
  SamplerChain a(p), b(p);
  p.seed = 100;
  SamplerChain c(p);
  bool differs = false;
  for (int i = 0; i < 200; ++i) {
    const int x = a.sample(logits, {}).token;
    EXPECT_EQ(x, b.sample(logits, {}).token);
    differs |= x != c.sample(logits, {}).token;
  }
  EXPECT_TRUE(differs);
  // An explicit generator with the same seed reproduces too.
  Rng r1(5), r2(5);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(a.sample(logits, {}, r1).token, b.sample(logits, {}, r2).token);
}

TEST(SamplerChain, RankAndOriginalProbabilityOfDrawnToken) {
  const std::vector<float> logits = {0.0f, 2.0f, 1.0f, 1.0f};
  const auto ref = softmaxRef(logits, 1.0);
  SamplingParams p = neutral();
  p.topK = 3;
  p.seed = 1;
  SamplerChain chain(p);
  for (int i = 0; i < 50; ++i) {
    const auto r = chain.sample(logits, {});
    const int expectedRank = r.token == 1 ? 0 : r.token == 2 ? 1 : r.token == 3 ? 2 : 3;
    EXPECT_NE(r.token, 0);  // removed by top-k (lowest logit)
    EXPECT_EQ(r.rankInOriginal, expectedRank);
    EXPECT_NEAR(r.originalProbability, ref[static_cast<std::size_t>(r.token)], 1e-6);
  }
}

TEST(SamplerChain, DistributionLabelsTheStageThatRemovedEachToken) {
  // probabilities roughly 0.46, 0.25, 0.17, 0.06, 0.03, ... ; top-p 0.8 keeps 3, then top-k 2 keeps 2.
  const std::vector<float> logits = {3.0f, 2.4f, 2.0f, 1.0f, 0.3f, -1.0f, -2.0f};
  SamplingParams p = neutral();
  p.topP = 0.8f;
  p.topK = 2;
  p.order = {"top-p", "top-k", "temperature"};
  SamplerChain chain(p);
  const auto r = chain.distribution(logits, {});
  EXPECT_EQ(r.token, -1);
  ASSERT_EQ(r.original.size(), 7u);
  ASSERT_EQ(r.originalRemovedBy.size(), 7u);
  const std::vector<std::string> expected = {"", "", "top-k", "top-p", "top-p", "top-p", "top-p"};
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(r.originalRemovedBy[i], expected[i]) << i;
  const auto ref = softmaxRef({3.0f, 2.4f}, 1.0);
  EXPECT_NEAR(r.originalFinalProbability[0], ref[0], 1e-6);
  EXPECT_NEAR(r.originalFinalProbability[1], ref[1], 1e-6);
  EXPECT_EQ(r.originalFinalProbability[2], 0.0f);
  EXPECT_EQ(r.finalCount, 2);
  ASSERT_EQ(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[0].keptCount, 3);
  EXPECT_EQ(r.stages[1].keptCount, 2);
  EXPECT_TRUE(r.stages[0].kept.empty());  // distribution() skips the per-stage lists by default
}

TEST(SamplerChain, OrderIsDataAndTemperatureIsAppendedWhenMissing) {
  EXPECT_EQ(parseSamplerOrder("top_k, TOP-P min-p"),
            (std::vector<std::string>{"top-k", "top-p", "min-p", "temperature"}));
  EXPECT_THROW(parseSamplerOrder("top-k,top-k"), Error);
  EXPECT_THROW(parseSamplerOrder("top-k,nucleus"), Error);
  SamplingParams p = neutral();
  p.order = {"min-p"};
  p.temperature = 0.0f;
  SamplerChain chain(p);
  EXPECT_EQ(chain.stageOrder().size(), 2u);
  EXPECT_EQ(chain.sample(std::vector<float>{0.f, 5.f, 1.f}, {}).token, 1);
}

TEST(SamplerChain, HostileParametersAreErrors) {
  auto bad = [](auto mutate) {
    SamplingParams p;
    mutate(p);
    EXPECT_THROW(SamplerChain{p}, Error);
    SamplerChain ok;
    EXPECT_THROW(ok.setParams(p), Error);
  };
  bad([](SamplingParams& p) { p.temperature = -0.5f; });
  bad([](SamplingParams& p) { p.temperature = std::nanf(""); });
  bad([](SamplingParams& p) { p.temperature = std::numeric_limits<float>::infinity(); });
  bad([](SamplingParams& p) { p.topK = -1; });
  bad([](SamplingParams& p) { p.topP = 1.5f; });
  bad([](SamplingParams& p) { p.topP = -0.1f; });
  bad([](SamplingParams& p) { p.topP = std::nanf(""); });
  bad([](SamplingParams& p) { p.minP = 2.0f; });
  bad([](SamplingParams& p) { p.typicalP = -1.0f; });
  bad([](SamplingParams& p) { p.repeatPenalty = 0.0f; });
  bad([](SamplingParams& p) { p.repeatPenalty = std::nanf(""); });
  bad([](SamplingParams& p) { p.frequencyPenalty = std::numeric_limits<float>::infinity(); });
  bad([](SamplingParams& p) { p.penaltyLastN = -2; });
  bad([](SamplingParams& p) { p.order = {"top-k", "bogus"}; });
}

TEST(SamplerChain, HostileLogits) {
  const float inf = std::numeric_limits<float>::infinity();
  SamplerChain chain(neutral());
  EXPECT_THROW(chain.sample(std::vector<float>{}, {}), Error);
  EXPECT_THROW(chain.sample(std::vector<float>{1.0f, std::nanf(""), 0.0f}, {}), Error);
  EXPECT_THROW(chain.sample(std::vector<float>{-inf, -inf}, {}), Error);
  // -inf tokens are masked: never drawn, not counted as survivors.
  for (int i = 0; i < 100; ++i) {
    const auto r = chain.sample(std::vector<float>{-inf, 0.0f, -inf, 0.0f}, {});
    EXPECT_TRUE(r.token == 1 || r.token == 3);
    EXPECT_EQ(r.maskedCount, 2);
    EXPECT_EQ(r.finalCount, 2);
    EXPECT_FLOAT_EQ(r.probability, 0.5f);
  }
  // +inf tokens share all the probability.
  for (int i = 0; i < 100; ++i) {
    const auto r = chain.sample(std::vector<float>{3.0f, inf, 1e30f, inf}, {});
    EXPECT_TRUE(r.token == 1 || r.token == 3);
    EXPECT_FLOAT_EQ(r.probability, 0.5f);
    EXPECT_FLOAT_EQ(r.originalProbability, 0.5f);
  }
  // Huge finite logits do not overflow.
  const auto r = chain.distribution(std::vector<float>{3e38f, -3e38f, 3e38f}, {});
  EXPECT_NEAR(r.final[0].p, 0.5, 1e-6);
  // Absurd temperatures and penalties keep the probabilities finite.
  SamplingParams tiny = neutral();
  tiny.temperature = 1e-38f;
  SamplerChain cold(tiny);
  const auto c = cold.sample(std::vector<float>{1e3f, 2e3f, -5e3f}, {});
  EXPECT_EQ(c.token, 1);
  EXPECT_FLOAT_EQ(c.probability, 1.0f);
  SamplingParams wild = neutral();
  wild.frequencyPenalty = -3e38f;
  wild.repeatPenalty = 1e30f;
  SamplerChain wildChain(wild);
  const auto w = wildChain.sample(std::vector<float>{1.0f, -2.0f, 0.5f}, std::vector<int>{0, 0, 1, 2});
  EXPECT_EQ(w.token, 0);  // pushed to the top of the float range, still a valid distribution
  double sum = 0;
  for (const auto& x : w.final) {
    EXPECT_TRUE(std::isfinite(x.p));
    sum += x.p;
  }
  EXPECT_NEAR(sum, 1.0, 1e-6);
  // Penalty history with ids outside the vocabulary is ignored, not a crash.
  SamplingParams p = neutral();
  p.repeatPenalty = 2.0f;
  SamplerChain pen(p);
  EXPECT_NO_THROW(pen.sample(std::vector<float>{1.0f, 2.0f}, std::vector<int>{-5, 7, 1000000}));
}
