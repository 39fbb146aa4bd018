#include "formats/rope_scaling.h"

#include <algorithm>
#include <cmath>

namespace glassbox {

namespace {

constexpr double kTwoPi = 6.283185307179586476925286766559;

std::vector<double> plainFrequencies(double theta, int D) {
  std::vector<double> f(static_cast<std::size_t>(D / 2));
  for (int i = 0; i < D / 2; ++i) f[static_cast<std::size_t>(i)] = std::pow(theta, -2.0 * i / D);
  return f;
}

// Llama 3.1: long wavelengths (> original / low) are interpolated by `factor`, short ones
// (< original / high) kept, and the band between blended linearly in original / wavelength.
void applyLlama3(const RopeScaling& s, std::vector<double>& f) {
  const double lowWavelength = s.originalContext / s.lowFreqFactor;
  const double highWavelength = s.originalContext / s.highFreqFactor;
  for (double& inv : f) {
    const double wavelength = kTwoPi / inv;
    if (wavelength < highWavelength) continue;
    if (wavelength > lowWavelength) {
      inv /= s.factor;
      continue;
    }
    const double smooth = (s.originalContext / wavelength - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
    inv = (1.0 - smooth) * inv / s.factor + smooth * inv;
  }
}

}  // namespace

std::vector<double> ropeInverseFrequencies(const ModelConfig& c, int seqLen) {
  const RopeScaling& s = c.ropeScaling;
  const int D = c.headDim;
  switch (s.type) {
    case RopeScalingType::None:
      return plainFrequencies(c.ropeTheta, D);
    case RopeScalingType::Linear: {
      std::vector<double> f = plainFrequencies(c.ropeTheta, D);
      for (double& v : f) v /= s.factor;
      return f;
    }
    case RopeScalingType::Llama3: {
      std::vector<double> f = plainFrequencies(c.ropeTheta, D);
      applyLlama3(s, f);
      return f;
    }
    case RopeScalingType::Dynamic: {
      // NTK-aware: theta' = theta * (factor * L / L0 - (factor - 1))^(D / (D - 2)) with L = max(seqLen, L0);
      // the config reader refuses D = 2.
      const double L0 = s.originalContext, L = std::max<double>(seqLen, L0);
      const double grown = c.ropeTheta * std::pow(s.factor * L / L0 - (s.factor - 1.0), static_cast<double>(D) / (D - 2));
      return plainFrequencies(grown, D);
    }
  }
  return plainFrequencies(c.ropeTheta, D);
}

int dynamicRopeLength(int previousLength, int seqLen, int originalContext) {
  if (seqLen > previousLength) return seqLen;
  if (seqLen < originalContext && previousLength > originalContext) return originalContext;
  return previousLength;
}

const char* ropeScalingName(RopeScalingType t) {
  switch (t) {
    case RopeScalingType::None: return "none";
    case RopeScalingType::Linear: return "linear";
    case RopeScalingType::Llama3: return "llama3";
    case RopeScalingType::Dynamic: return "dynamic";
  }
  return "none";
}

}  // namespace glassbox
