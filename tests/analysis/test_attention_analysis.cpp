#include <gtest/gtest.h>

#include <cmath>

#include "analysis/attention_analysis.h"
#include "core/error.h"
#include "core/rng.h"

namespace glassbox {
namespace {

constexpr int kT = 12;

DenseMatrix previousTokenHead(int t) {
  DenseMatrix m(t, t);
  m.at(0, 0) = 1;
  for (int q = 1; q < t; ++q) m.at(q, q - 1) = 1;
  return m;
}
DenseMatrix uniformHead(int t) {
  DenseMatrix m(t, t);
  for (int q = 0; q < t; ++q)
    for (int k = 0; k <= q; ++k) m.at(q, k) = 1.0f / (q + 1);
  return m;
}
DenseMatrix identityHead(int t) {
  DenseMatrix m(t, t);
  for (int q = 0; q < t; ++q) m.at(q, q) = 1;
  return m;
}
DenseMatrix sinkHead(int t, float onFirst) {
  DenseMatrix m(t, t);
  m.at(0, 0) = 1;
  for (int q = 1; q < t; ++q) {
    m.at(q, 0) = onFirst;
    for (int k = 1; k <= q; ++k) m.at(q, k) = (1 - onFirst) / q;
  }
  return m;
}
// A random causal softmax head (rows sum to 1).
DenseMatrix randomHead(int t, Rng& rng) {
  DenseMatrix m(t, t);
  for (int q = 0; q < t; ++q) {
    double sum = 0;
    for (int k = 0; k <= q; ++k) sum += (m.at(q, k) = static_cast<float>(std::exp(2 * rng.normal())));
    for (int k = 0; k <= q; ++k) m.at(q, k) = static_cast<float>(m.at(q, k) / sum);
  }
  return m;
}

void expectRowsSumToOne(const DenseMatrix& m, double tol = 1e-5) {
  for (int q = 0; q < m.rows; ++q) {
    double s = 0;
    for (float v : m.row(q)) s += v;
    EXPECT_NEAR(s, 1.0, tol) << "row " << q;
  }
}

TEST(AttentionPatterns, LabelsConstructedHeads) {
  const HeadPattern prev = classifyHead(previousTokenHead(kT));
  EXPECT_EQ(prev.kind, HeadPatternKind::PreviousToken);
  EXPECT_NEAR(prev.score, 1.0, 1e-9);
  EXPECT_NEAR(prev.uniform, 0.0, 1e-9);

  const HeadPattern uni = classifyHead(uniformHead(kT));
  EXPECT_EQ(uni.kind, HeadPatternKind::Uniform);
  EXPECT_NEAR(uni.score, 1.0, 1e-6);

  const HeadPattern self = classifyHead(identityHead(kT));
  EXPECT_EQ(self.kind, HeadPatternKind::Self);
  EXPECT_NEAR(self.score, 1.0, 1e-9);

  const HeadPattern sink = classifyHead(sinkHead(kT, 0.8f));
  EXPECT_EQ(sink.kind, HeadPatternKind::FirstToken);
  EXPECT_NEAR(sink.score, 0.8, 1e-6);
  EXPECT_STREQ(headPatternName(sink.kind), "first-token");
}

TEST(AttentionPatterns, RandomHeadIsMixed) {
  Rng rng(4);
  const HeadPattern p = classifyHead(randomHead(kT, rng));
  EXPECT_EQ(p.kind, HeadPatternKind::Mixed);
  EXPECT_LT(p.score, 0.9);
}

TEST(AttentionEntropy, HandValues) {
  // Uniform: row q has entropy log(q + 1); normalised 1.
  const HeadEntropy u = attentionEntropy(uniformHead(4));
  EXPECT_NEAR(u.meanNats, (0 + std::log(2.0) + std::log(3.0) + std::log(4.0)) / 4, 1e-6);
  EXPECT_NEAR(u.meanNormalised, 1.0, 1e-6);
  const HeadEntropy p = attentionEntropy(previousTokenHead(4));
  EXPECT_NEAR(p.meanNats, 0.0, 1e-12);
}

TEST(AttentionAggregates, MeanMaxAndRollout) {
  Rng rng(8);
  std::vector<DenseMatrix> heads;
  const int layers = 3, numHeads = 4;
  for (int i = 0; i < layers * numHeads; ++i) heads.push_back(randomHead(kT, rng));
  const auto copy = heads;
  const AttentionSource s = attentionFromDense(heads, layers, numHeads);
  for (int l = 0; l < layers; ++l) {
    const DenseMatrix mean = meanOverHeads(s, l), mx = maxOverHeads(s, l);
    expectRowsSumToOne(mean);
    expectRowsSumToOne(attentionRollout(s, l));
    for (int q = 0; q < kT; ++q)
      for (int k = 0; k < kT; ++k) {
        float m = 0, x = 0;
        for (int h = 0; h < numHeads; ++h) {
          m += copy[l * numHeads + h].at(q, k) / numHeads;
          x = std::max(x, copy[l * numHeads + h].at(q, k));
        }
        EXPECT_NEAR(mean.at(q, k), m, 1e-6);
        EXPECT_EQ(mx.at(q, k), x);
        EXPECT_EQ(headAttention(s, l, 1).at(q, k), copy[l * numHeads + 1].at(q, k));
      }
  }
  // Rollout stays causal.
  const DenseMatrix r = attentionRollout(s, layers - 1);
  for (int q = 0; q < kT; ++q)
    for (int k = q + 1; k < kT; ++k) EXPECT_EQ(r.at(q, k), 0.0f);
}

TEST(AttentionAggregates, RolloutOfIdentityLayersIsIdentity) {
  std::vector<DenseMatrix> heads(4 * 2, identityHead(6));
  const AttentionSource s = attentionFromDense(heads, 4, 2);
  const DenseMatrix r = attentionRollout(s, 3);
  for (int q = 0; q < 6; ++q)
    for (int k = 0; k < 6; ++k) EXPECT_NEAR(r.at(q, k), q == k ? 1.0f : 0.0f, 1e-7);
}

TEST(AttentionAggregates, RolloutOfOneLayerByHand) {
  // One layer, one head: A = previous-token on 3 tokens. A' = 0.5 A + 0.5 I (row 0: 1 on itself).
  const AttentionSource s = attentionFromDense({previousTokenHead(3)}, 1, 1);
  const DenseMatrix r = attentionRollout(s, 0);
  EXPECT_NEAR(r.at(0, 0), 1.0f, 1e-7);
  EXPECT_NEAR(r.at(1, 0), 0.5f, 1e-7);
  EXPECT_NEAR(r.at(1, 1), 0.5f, 1e-7);
  EXPECT_NEAR(r.at(2, 1), 0.5f, 1e-7);
  EXPECT_NEAR(r.at(2, 2), 0.5f, 1e-7);
  EXPECT_NEAR(r.at(2, 0), 0.0f, 1e-7);
  // Two such layers: R = A'A', row 2 = 0.25 on k0, 0.5 on k1, 0.25 on k2.
  const AttentionSource s2 = attentionFromDense({previousTokenHead(3), previousTokenHead(3)}, 2, 1);
  const DenseMatrix r2 = attentionRollout(s2, 1);
  EXPECT_NEAR(r2.at(2, 0), 0.25f, 1e-7);
  EXPECT_NEAR(r2.at(2, 1), 0.5f, 1e-7);
  EXPECT_NEAR(r2.at(2, 2), 0.25f, 1e-7);
}

TEST(AttentionAggregates, GroupedQueryMappingAndErrors) {
  EXPECT_EQ(kvHeadOf(0, 8, 2), 0);
  EXPECT_EQ(kvHeadOf(3, 8, 2), 0);
  EXPECT_EQ(kvHeadOf(4, 8, 2), 1);
  EXPECT_EQ(kvHeadOf(7, 8, 2), 1);
  EXPECT_EQ(kvHeadOf(5, 8, 8), 5);
  EXPECT_THROW(attentionFromDense({identityHead(3)}, 2, 1), Error);
  const AttentionSource s = attentionFromDense({identityHead(3)}, 1, 1);
  EXPECT_THROW(headAttention(s, 1, 0), Error);
  EXPECT_THROW(meanOverHeads(s, -1), Error);
}

}  // namespace
}  // namespace glassbox
