// The backward pass of the training model against central finite differences, per parameter tensor, in
// double precision.
#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.h"
#include "training/gpt2_model.h"

namespace glassbox {
namespace {

Gpt2Config tinyConfig() {
  Gpt2Config c;
  c.vocabSize = 11;
  c.context = 7;
  c.layers = 2;
  c.heads = 2;
  c.embd = 8;
  c.inner = 12;
  return c;
}

// Random parameters well away from the initialisation (LayerNorm weights not 1, biases not 0), so every
// term of the backward pass matters.
std::vector<double> randomParams(const Gpt2Config& c, std::uint64_t seed) {
  std::vector<double> p = gpt2Init<double>(c, seed);
  Rng rng(seed + 1);
  for (auto& x : p) x += 0.3 * rng.normal();
  return p;
}

TEST(Gradcheck, EveryTensorMatchesFiniteDifferences) {
  const Gpt2Config c = tinyConfig();
  std::vector<double> params = randomParams(c, 7);
  const std::vector<int> tokens = {3, 1, 4, 1, 5, 9, 2};
  const std::vector<int> targets = {1, 4, 1, 5, -1, 2, 6};  // one skipped target
  const int n = static_cast<int>(tokens.size());
  const double scale = 0.37;
  Gpt2Activations<double> acts;
  std::vector<double> grads(params.size(), 0.0);
  gpt2ForwardBackward<double>(c, params.data(), tokens.data(), targets.data(), n, scale, grads.data(), acts);

  auto loss = [&]() {
    return scale * gpt2ForwardBackward<double>(c, params.data(), tokens.data(), targets.data(), n, 1.0, nullptr, acts);
  };
  const double h = 1e-5;
  for (const auto& t : gpt2Layout(c)) {
    double diff2 = 0, num2 = 0, ana2 = 0;
    for (std::size_t i = t.offset; i < t.offset + t.size; ++i) {
      const double saved = params[i];
      params[i] = saved + h;
      const double up = loss();
      params[i] = saved - h;
      const double down = loss();
      params[i] = saved;
      const double numeric = (up - down) / (2 * h);
      diff2 += (numeric - grads[i]) * (numeric - grads[i]);
      num2 += numeric * numeric;
      ana2 += grads[i] * grads[i];
    }
    const double rel = std::sqrt(diff2) / std::max({std::sqrt(num2), std::sqrt(ana2), 1e-12});
    EXPECT_LT(rel, 1e-3) << t.name;
    // A tensor whose gradient is identically zero would pass vacuously; every tensor here must matter.
    EXPECT_GT(std::sqrt(ana2), 1e-8) << t.name;
  }
}

TEST(Gradcheck, FloatPathAgreesWithDouble) {
  const Gpt2Config c = tinyConfig();
  const std::vector<double> pd = randomParams(c, 11);
  const std::vector<float> pf(pd.begin(), pd.end());
  const std::vector<int> tokens = {0, 10, 2, 7, 7, 3};
  const std::vector<int> targets = {10, 2, 7, 7, 3, 0};
  Gpt2Activations<double> ad;
  Gpt2Activations<float> af;
  std::vector<double> gd(pd.size(), 0.0);
  std::vector<float> gf(pf.size(), 0.0f);
  const double ld = gpt2ForwardBackward<double>(c, pd.data(), tokens.data(), targets.data(), 6, 1.0, gd.data(), ad);
  const double lf = gpt2ForwardBackward<float>(c, pf.data(), tokens.data(), targets.data(), 6, 1.0f, gf.data(), af);
  EXPECT_NEAR(lf, ld, 1e-4 * std::abs(ld));
  double diff2 = 0, norm2 = 0;
  for (std::size_t i = 0; i < gd.size(); ++i) {
    diff2 += (gf[i] - gd[i]) * (gf[i] - gd[i]);
    norm2 += gd[i] * gd[i];
  }
  EXPECT_LT(std::sqrt(diff2 / norm2), 1e-4);
}

TEST(Gradcheck, LossOfUniformLogitsIsLogVocab) {
  // All-zero weights give zero logits: every target costs exactly ln V.
  Gpt2Config c = tinyConfig();
  std::vector<double> params(gpt2ParamCount(c), 0.0);
  const std::vector<int> tokens = {1, 2, 3}, targets = {2, 3, 4};
  Gpt2Activations<double> acts;
  const double loss = gpt2ForwardBackward<double>(c, params.data(), tokens.data(), targets.data(), 3, 1.0, nullptr, acts);
  EXPECT_NEAR(loss, 3 * std::log(11.0), 1e-12);
}

}  // namespace
}  // namespace glassbox
