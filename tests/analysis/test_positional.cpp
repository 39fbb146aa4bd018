#include <gtest/gtest.h>

#include <cmath>

#include "analysis/positional.h"
#include "core/error.h"

namespace glassbox {
namespace {

TEST(Positional, SinusoidalMatchesHandValues) {
  const DenseMatrix pe = sinusoidalEncoding(50, 8);
  ASSERT_EQ(pe.rows, 50);
  ASSERT_EQ(pe.cols, 8);
  EXPECT_FLOAT_EQ(pe.at(0, 0), 0.0f);
  EXPECT_FLOAT_EQ(pe.at(0, 1), 1.0f);
  EXPECT_NEAR(pe.at(1, 0), std::sin(1.0), 1e-6);
  EXPECT_NEAR(pe.at(1, 1), std::cos(1.0), 1e-6);
  // Pair 1 (channels 2, 3): frequency 10000^(-2/8) = 0.1.
  EXPECT_NEAR(pe.at(7, 2), std::sin(0.7), 1e-6);
  EXPECT_NEAR(pe.at(7, 3), std::cos(0.7), 1e-6);
  // Pair 3 (channels 6, 7): 10000^(-6/8) = 0.001.
  EXPECT_NEAR(pe.at(49, 6), std::sin(0.049), 1e-6);
  // Each sin/cos pair has unit norm.
  EXPECT_NEAR(pe.at(33, 4) * pe.at(33, 4) + pe.at(33, 5) * pe.at(33, 5), 1.0f, 1e-5);
  EXPECT_THROW(sinusoidalEncoding(0, 8), Error);
}

TEST(Positional, RopeFrequencies) {
  const auto f = ropeFrequencies(8, 10000.0);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_DOUBLE_EQ(f[0], 1.0);
  EXPECT_NEAR(f[1], 0.1, 1e-12);
  EXPECT_NEAR(f[2], 0.01, 1e-12);
  EXPECT_NEAR(f[3], 0.001, 1e-12);
  EXPECT_THROW(ropeFrequencies(1), Error);
  EXPECT_THROW(ropeFrequencies(8, 0.5), Error);
}

TEST(Positional, RopeFrequenciesOfAModelApplyItsScaling) {
  ModelConfig c;
  c.architecture = "llama";
  c.positions = PositionScheme::Rotary;
  c.headDim = 8;
  c.ropeTheta = 10000.0f;
  c.ropeScaling.type = RopeScalingType::Linear;
  c.ropeScaling.factor = 2.0;
  const auto f = ropeFrequencies(c);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_NEAR(f[0], 0.5, 1e-12);
  EXPECT_NEAR(f[3], 0.0005, 1e-15);
  c.ropeScaling.type = RopeScalingType::Dynamic;  // within its original context: unscaled
  c.ropeScaling.originalContext = 64;
  EXPECT_NEAR(ropeFrequencies(c)[1], 0.1, 1e-12);
  c.positions = PositionScheme::Learned;
  EXPECT_THROW(ropeFrequencies(c), Error);
}

}  // namespace
}  // namespace glassbox
