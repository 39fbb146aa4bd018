// The Positions view draws the model's own rotary frequencies: with rope_scaling in config.json they are
// the scaled ones the engine uses, not theta's alone.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/positional.h"
#include "positions_view.h"
#include "models/model.h"
#include "models/tiny_model.h"

namespace glassbox {
namespace {

TEST(PositionsFromModel, RopeScalingFromConfigIsDrawn) {
  testing::TinySpec spec;  // Llama, head dim 8
  spec.context = 64;
  spec.extraConfigJson = R"({"rope_scaling": {"rope_type": "linear", "factor": 4.0}})";
  const auto dir = testing::freshTempDir() / "scaled";
  testing::writeTinyHfModel(dir, spec, 3);
  const auto model = Model::load(dir.string());
  const PositionsData d = positionsDataFromModel(*model, 64);
  ASSERT_TRUE(d.rope);
  EXPECT_EQ(d.ropeScaling, QStringLiteral("linear ×4"));
  PositionsView view;
  view.setData(d);
  const std::vector<double> plain = ropeFrequencies(d.headDim, d.ropeTheta);
  ASSERT_EQ(view.ropeFrequencies().size(), plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i)  // linear scaling divides every frequency by the factor
    EXPECT_NEAR(view.ropeFrequencies()[i], plain[i] / 4.0, 1e-12 * plain[i]) << i;

  const auto unscaledDir = testing::freshTempDir() / "plain";
  spec.extraConfigJson.clear();
  testing::writeTinyHfModel(unscaledDir, spec, 3);
  const PositionsData u = positionsDataFromModel(*Model::load(unscaledDir.string()), 64);
  EXPECT_TRUE(u.ropeScaling.isEmpty());
  view.setData(u);
  for (std::size_t i = 0; i < plain.size(); ++i) EXPECT_NEAR(view.ropeFrequencies()[i], plain[i], 1e-12 * plain[i]) << i;
}

}  // namespace
}  // namespace glassbox
