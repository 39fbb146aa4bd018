#include <gtest/gtest.h>

#include <cmath>

#include "analysis/pca.h"
#include "core/error.h"
#include "core/rng.h"

namespace glassbox {
namespace {

// Points = mean + 5 a u + 2 b v + 0.1 noise with orthonormal u, v in 4D: the axes must come back as
// +-u then +-v, with the sign convention (largest |loading| positive) applied.
TEST(Pca, RecoversKnownAxes) {
  const double s = 1.0 / std::sqrt(2.0);
  const double u[4] = {s, s, 0, 0};
  const double v[4] = {0, 0, -0.6, 0.8};
  const double mean[4] = {3, -1, 2, 7};
  Rng rng(7);
  const int n = 400;
  DenseMatrix x(n, 4);
  for (int i = 0; i < n; ++i) {
    const double a = rng.normal(), b = rng.normal();
    for (int c = 0; c < 4; ++c) x.at(i, c) = static_cast<float>(mean[c] + 5 * a * u[c] + 2 * b * v[c] + 0.1 * rng.normal());
  }
  const PcaResult r = pca(x, 2);
  ASSERT_EQ(r.axes.rows, 2);
  ASSERT_EQ(r.axes.cols, 4);
  // First axis: u; largest |loading| ties between c=0,1 -> positive either way.
  for (int c = 0; c < 4; ++c) EXPECT_NEAR(r.axes.at(0, c), u[c], 0.02) << c;
  // Second axis: v has largest |loading| 0.8 positive already.
  for (int c = 0; c < 4; ++c) EXPECT_NEAR(r.axes.at(1, c), v[c], 0.02) << c;
  EXPECT_NEAR(r.variances[0], 25.0, 25.0 * 0.2);
  EXPECT_NEAR(r.variances[1], 4.0, 4.0 * 0.2);
  EXPECT_GT(r.variances[0] + r.variances[1], 0.99 * r.totalVariance);
  for (int c = 0; c < 4; ++c) EXPECT_NEAR(r.mean[c], mean[c], 0.5);
  // Projection = (x - mean) . axis.
  double dot = 0.0;
  for (int c = 0; c < 4; ++c) dot += (x.at(5, c) - r.mean[c]) * r.axes.at(0, c);
  EXPECT_NEAR(r.projected.at(5, 0), dot, 1e-3);
}

TEST(Pca, SignConventionMakesLargestLoadingPositive) {
  // Data along (-0.8, 0.6): the axis must come back as (0.8, -0.6).
  DenseMatrix x(5, 2);
  for (int i = 0; i < 5; ++i) {
    x.at(i, 0) = static_cast<float>(-0.8 * (i - 2));
    x.at(i, 1) = static_cast<float>(0.6 * (i - 2));
  }
  const PcaResult r = pca(x, 1);
  EXPECT_NEAR(r.axes.at(0, 0), 0.8, 1e-5);
  EXPECT_NEAR(r.axes.at(0, 1), -0.6, 1e-5);
  EXPECT_NEAR(r.projected.at(4, 0), -2.0, 1e-5);  // point 4 is at +2 along (-0.8, 0.6)
}

TEST(Pca, GramPathAgreesWithCovariancePath) {
  // N < C uses the Gram matrix; compare with the same data padded to N >= C by repeating rows
  // (repeats change the variance scale but not the axes).
  Rng rng(3);
  DenseMatrix small(6, 10), big(60, 10);
  for (int i = 0; i < 6; ++i)
    for (int c = 0; c < 10; ++c) small.at(i, c) = static_cast<float>(rng.normal() * (c + 1));
  for (int i = 0; i < 60; ++i)
    for (int c = 0; c < 10; ++c) big.at(i, c) = small.at(i % 6, c);
  const PcaResult a = pca(small, 3), b = pca(big, 3);
  for (int k = 0; k < 3; ++k)
    for (int c = 0; c < 10; ++c) EXPECT_NEAR(a.axes.at(k, c), b.axes.at(k, c), 1e-4) << k << "," << c;
}

TEST(Pca, RejectsBadInput) {
  EXPECT_THROW(pca(DenseMatrix(), 2), Error);
  DenseMatrix bad(2, 2);
  bad.values.resize(3);
  EXPECT_THROW(pca(bad, 1), Error);
  EXPECT_THROW(pca(DenseMatrix(3, 3), 0), Error);
}

}  // namespace
}  // namespace glassbox
