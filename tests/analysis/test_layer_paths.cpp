#include <gtest/gtest.h>

#include <cmath>

#include "analysis/layer_paths.h"
#include "core/error.h"
#include "core/rng.h"

namespace glassbox {
namespace {

// N random points in C dimensions.
DenseMatrix randomPoints(int n, int c, std::uint64_t seed) {
  Rng rng(seed);
  DenseMatrix m(n, c);
  for (auto& v : m.values) v = static_cast<float>(rng.normal());
  return m;
}

// layer b = base + shifts[b] * direction: every point moves by the same vector between two layers.
std::vector<DenseMatrix> translatedLayers(const DenseMatrix& base, const std::vector<double>& shifts,
                                          const std::vector<double>& direction) {
  std::vector<DenseMatrix> layers;
  for (double s : shifts) {
    DenseMatrix m = base;
    for (int i = 0; i < m.rows; ++i)
      for (int c = 0; c < m.cols; ++c) m.at(i, c) = static_cast<float>(base.at(i, c) + s * direction[static_cast<std::size_t>(c)]);
    layers.push_back(std::move(m));
  }
  return layers;
}

TEST(LayerPaths, TranslatedStatesGiveParallelEqualSteps) {
  const int n = 12, c = 6;
  const DenseMatrix base = randomPoints(n, c, 11);
  const std::vector<double> direction = {4, -2, 1, 0.5, 3, -1};
  const std::vector<double> shifts = {0, 1, 3, 3.5, 6};  // uneven steps
  const auto layers = translatedLayers(base, shifts, direction);
  const LayerPaths paths = sharedLayerPca(layers, 2);
  ASSERT_EQ(paths.boundaries(), 5);
  ASSERT_EQ(paths.points[0].rows, n);
  ASSERT_EQ(paths.points[0].cols, 2);
  for (int b = 0; b + 1 < 5; ++b) {
    // The step of every point equals (shift difference) * (direction projected on the axes), by hand.
    for (int k = 0; k < 2; ++k) {
      double expected = 0.0;
      for (int j = 0; j < c; ++j) expected += (shifts[b + 1] - shifts[b]) * direction[static_cast<std::size_t>(j)] * paths.fit.axes.at(k, j);
      for (int i = 0; i < n; ++i) {
        const double step = paths.points[b + 1].at(i, k) - paths.points[b].at(i, k);
        EXPECT_NEAR(step, expected, 1e-3 * (1 + std::abs(expected))) << "boundary " << b << " point " << i << " axis " << k;
      }
    }
  }
  // The drift dominates: the first axis is (close to) the direction of travel.
  double norm = 0.0, dot = 0.0;
  for (int j = 0; j < c; ++j) norm += direction[static_cast<std::size_t>(j)] * direction[static_cast<std::size_t>(j)];
  for (int j = 0; j < c; ++j) dot += direction[static_cast<std::size_t>(j)] * paths.fit.axes.at(0, j);
  EXPECT_GT(std::abs(dot) / std::sqrt(norm), 0.95);
}

TEST(LayerPaths, PerLayerPcaLosesTheCommonDrift) {
  // The reason for the shared projection: centred per layer, translated layers all look the same.
  const DenseMatrix base = randomPoints(10, 5, 3);
  const auto layers = translatedLayers(base, {0, 2, 5}, {1, 1, 0, 0, 2});
  const auto each = perLayerPca(layers, 2);
  ASSERT_EQ(each.size(), 3u);
  for (std::size_t b = 1; b < 3; ++b)
    for (std::size_t v = 0; v < each[0].projected.values.size(); ++v)
      EXPECT_NEAR(each[b].projected.values[v], each[0].projected.values[v], 1e-4);
  const LayerPaths shared = sharedLayerPca(layers, 2);
  EXPECT_GT(std::abs(shared.points[2].at(0, 0) - shared.points[0].at(0, 0)), 1.0);
}

TEST(LayerPaths, CoordinatesAreTheStackedPcaProjection) {
  // Independent reference: stack the layers by hand, fit one PCA, project each state onto its axes.
  const std::vector<DenseMatrix> layers = {randomPoints(7, 9, 1), randomPoints(7, 9, 2), randomPoints(7, 9, 3)};
  DenseMatrix stacked(21, 9);
  for (int b = 0; b < 3; ++b)
    for (int i = 0; i < 7; ++i)
      for (int j = 0; j < 9; ++j) stacked.at(b * 7 + i, j) = layers[static_cast<std::size_t>(b)].at(i, j);
  const PcaResult ref = pca(stacked, 3);
  const LayerPaths paths = sharedLayerPca(layers, 3);
  EXPECT_EQ(paths.fit.axes.values, ref.axes.values);
  EXPECT_TRUE(paths.fit.projected.empty());
  for (int b = 0; b < 3; ++b)
    for (int i = 0; i < 7; ++i)
      for (int k = 0; k < 3; ++k) {
        double dot = 0.0;
        for (int j = 0; j < 9; ++j)
          dot += (layers[static_cast<std::size_t>(b)].at(i, j) - ref.mean[static_cast<std::size_t>(j)]) * ref.axes.at(k, j);
        EXPECT_NEAR(paths.points[static_cast<std::size_t>(b)].at(i, k), dot, 1e-4);
      }
  const DenseMatrix p = paths.path(4);
  ASSERT_EQ(p.rows, 3);
  EXPECT_EQ(p.at(2, 1), paths.points[2].at(4, 1));
}

TEST(LayerPaths, StopsWhenAskedAndRejectsBadInput) {
  const std::vector<DenseMatrix> layers = {randomPoints(4, 3, 1), randomPoints(4, 3, 2)};
  EXPECT_TRUE(sharedLayerPca(layers, 2, [] { return true; }).points.empty());
  EXPECT_TRUE(perLayerPca(layers, 2, [] { return true; }).empty());
  EXPECT_THROW(sharedLayerPca({}, 2), Error);
  EXPECT_THROW(sharedLayerPca({randomPoints(4, 3, 1), randomPoints(5, 3, 1)}, 2), Error);
  EXPECT_THROW(sharedLayerPca({randomPoints(4, 3, 1), randomPoints(4, 2, 1)}, 2), Error);
  DenseMatrix broken(4, 3);
  broken.values.resize(5);
  EXPECT_THROW(sharedLayerPca({randomPoints(4, 3, 1), broken}, 2), Error);
}

}  // namespace
}  // namespace glassbox
