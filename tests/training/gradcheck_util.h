#pragma once
// Central finite differences against an analytic gradient, per named slice of a parameter vector.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/rng.h"

namespace glassbox::testing_support {

// Relative error |numeric - analytic| / max(|numeric|, |analytic|) over params[begin, end), where loss()
// reads params. The analytic gradient must also be non-zero so that a dead path cannot pass.
inline void expectGradientMatches(std::vector<double>& params, const std::vector<double>& analytic, std::size_t begin,
                                  std::size_t end, const std::function<double()>& loss, const std::string& what,
                                  double tolerance = 1e-6, double h = 1e-5) {
  double diff2 = 0, num2 = 0, ana2 = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const double saved = params[i];
    params[i] = saved + h;
    const double up = loss();
    params[i] = saved - h;
    const double down = loss();
    params[i] = saved;
    const double numeric = (up - down) / (2 * h);
    diff2 += (numeric - analytic[i]) * (numeric - analytic[i]);
    num2 += numeric * numeric;
    ana2 += analytic[i] * analytic[i];
  }
  const double rel = std::sqrt(diff2) / std::max({std::sqrt(num2), std::sqrt(ana2), 1e-12});
  EXPECT_LT(rel, tolerance) << what;
  EXPECT_GT(std::sqrt(ana2), 1e-8) << what << ": gradient is zero";
}

inline std::vector<double> randomVector(std::size_t n, std::uint64_t seed, double scale = 1.0) {
  Rng rng(seed);
  std::vector<double> v(n);
  for (auto& x : v) x = scale * rng.normal();
  return v;
}

}  // namespace glassbox::testing_support
