#include "analysis/positional.h"

#include <cmath>
#include <string>

#include "core/error.h"
#include "formats/rope_scaling.h"

namespace glassbox {

DenseMatrix sinusoidalEncoding(int positions, int channels) {
  if (positions < 1 || channels < 1 || positions > (1 << 21) || channels > (1 << 17) ||
      static_cast<long long>(positions) * channels > (1LL << 28))
    throw Error("sinusoidal encoding: " + std::to_string(positions) + " positions x " + std::to_string(channels) +
                " channels is out of range");
  DenseMatrix pe(positions, channels);
  for (int c = 0; c < channels; ++c) {
    const int pair = c / 2;
    const double freq = std::pow(10000.0, -2.0 * pair / channels);
    for (int p = 0; p < positions; ++p) {
      const double angle = p * freq;
      pe.at(p, c) = static_cast<float>(c % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  }
  return pe;
}

namespace {

void checkRope(int headDim, double theta) {
  if (headDim < 2 || headDim > (1 << 16))
    throw Error("rope frequencies: head dimension " + std::to_string(headDim) + " is out of range");
  if (!(theta > 1.0)) throw Error("rope frequencies: theta must be above 1 (config.json rope_theta)");
}

}  // namespace

std::vector<double> ropeFrequencies(int headDim, double theta) {
  checkRope(headDim, theta);
  std::vector<double> f(headDim / 2);
  for (int i = 0; i < headDim / 2; ++i) f[i] = std::pow(theta, -2.0 * i / headDim);
  return f;
}

std::vector<double> ropeFrequencies(const ModelConfig& config) {
  if (config.positions != PositionScheme::Rotary)
    throw Error("rope frequencies: " + config.architectureName + " has no rotary embeddings");
  checkRope(config.headDim, config.ropeTheta);
  return ropeInverseFrequencies(config, config.ropeScaling.originalContext);
}

}  // namespace glassbox
