#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "analysis/tsne.h"
#include "core/error.h"
#include "core/rng.h"

namespace glassbox {
namespace {

// `clusters` Gaussian blobs of `per` points in `dims` dimensions, centres 20 apart, unit spread.
DenseMatrix blobs(int clusters, int per, int dims, std::uint64_t seed) {
  Rng rng(seed);
  DenseMatrix x(clusters * per, dims);
  for (int c = 0; c < clusters; ++c)
    for (int i = 0; i < per; ++i)
      for (int d = 0; d < dims; ++d)
        x.at(c * per + i, d) = static_cast<float>((d % clusters == c ? 20.0 : 0.0) + rng.normal());
  return x;
}

// Fraction of points whose `k` nearest 2D neighbours all share its cluster.
double neighbourPurity(const DenseMatrix& y, int per, int k) {
  int pure = 0;
  for (int i = 0; i < y.rows; ++i) {
    std::vector<std::pair<double, int>> d;
    for (int j = 0; j < y.rows; ++j) {
      if (j == i) continue;
      const double dx = y.at(i, 0) - y.at(j, 0), dy = y.at(i, 1) - y.at(j, 1);
      d.push_back({dx * dx + dy * dy, j});
    }
    std::partial_sort(d.begin(), d.begin() + k, d.end());
    bool ok = true;
    for (int t = 0; t < k; ++t) ok = ok && (d[t].second / per == i / per);
    pure += ok ? 1 : 0;
  }
  return static_cast<double>(pure) / y.rows;
}

TEST(Tsne, PerplexityCalibration) {
  Rng rng(11);
  DenseMatrix d2(3, 40);
  for (auto& v : d2.values) v = static_cast<float>(rng.uniform() * 10.0);
  const DenseMatrix p = conditionalAffinities(d2, 8.0);
  for (int i = 0; i < 3; ++i) {
    double sum = 0.0;
    for (float v : p.row(i)) sum += v;
    EXPECT_NEAR(sum, 1.0, 1e-5);
    EXPECT_NEAR(perplexityOf(p.row(i)), 8.0, 0.01);
  }
}

TEST(Tsne, ExactKlDecreasesAndClustersStaySeparated) {
  const DenseMatrix x = blobs(3, 30, 10, 5);
  TsneOptions o;
  o.method = TsneMethod::Exact;
  o.perplexity = 10;
  o.iterations = 500;
  o.reportEvery = 50;
  std::vector<double> kls;
  const TsneResult r = tsne(x, o, [&](int it, double kl, std::span<const float> pts) {
    EXPECT_EQ(pts.size(), 90u * 2);
    if (it > o.exaggerationIterations) kls.push_back(kl);
    return true;
  });
  EXPECT_FALSE(r.barnesHut);
  ASSERT_GE(kls.size(), 4u);
  EXPECT_LT(kls.back(), kls.front());
  for (std::size_t i = 1; i < kls.size(); ++i) EXPECT_LE(kls[i], kls[i - 1] * 1.01) << i;
  EXPECT_GT(kls.back(), 0.0);
  EXPECT_GE(neighbourPurity(r.points, 30, 5), 0.99);
}

TEST(Tsne, BarnesHutSeparatesClustersAndAgreesWithExact) {
  const DenseMatrix x = blobs(4, 50, 12, 9);
  TsneOptions o;
  o.perplexity = 15;
  o.iterations = 600;
  o.method = TsneMethod::BarnesHut;
  const TsneResult bh = tsne(x, o);
  o.method = TsneMethod::Exact;
  const TsneResult ex = tsne(x, o);
  EXPECT_TRUE(bh.barnesHut);
  EXPECT_GE(neighbourPurity(bh.points, 50, 5), 0.98);
  EXPECT_GE(neighbourPurity(ex.points, 50, 5), 0.98);
  // Roughly the same optimum: KL within 25% (BH uses sparse P over 3 * perplexity neighbours).
  EXPECT_NEAR(bh.kl, ex.kl, 0.25 * ex.kl);
}

TEST(Tsne, SameSeedSameOutputDifferentSeedDifferent) {
  const DenseMatrix x = blobs(2, 40, 6, 1);
  TsneOptions o;
  o.iterations = 300;
  o.perplexity = 10;
  for (TsneMethod m : {TsneMethod::Exact, TsneMethod::BarnesHut}) {
    o.method = m;
    o.seed = 42;
    const TsneResult a = tsne(x, o);
    o.parallel = false;  // the thread count must not matter either
    const TsneResult b = tsne(x, o);
    o.parallel = true;
    o.seed = 43;
    const TsneResult c = tsne(x, o);
    EXPECT_EQ(a.points.values, b.points.values);
    EXPECT_NE(a.points.values, c.points.values);
  }
}

TEST(Tsne, CallbackCanCancel) {
  const DenseMatrix x = blobs(2, 20, 4, 2);
  TsneOptions o;
  o.iterations = 1000;
  o.reportEvery = 10;
  int calls = 0;
  const TsneResult r = tsne(x, o, [&](int, double, std::span<const float>) { return ++calls < 3; });
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.iterations, 30);
  EXPECT_EQ(calls, 3);
}

TEST(Tsne, RejectsBadInput) {
  DenseMatrix x(4, 2);
  x.at(1, 1) = std::nanf("");
  EXPECT_THROW(tsne(x), Error);
  TsneOptions o;
  o.iterations = 0;
  EXPECT_THROW(tsne(DenseMatrix(4, 2), o), Error);
  EXPECT_EQ(tsne(DenseMatrix(1, 3)).points.rows, 1);
}

}  // namespace
}  // namespace glassbox
