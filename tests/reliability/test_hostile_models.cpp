// Model files that parse but must not be used: NaN/Inf weights (the app must say so, not draw
// garbage) and models larger than the memory the loader may use.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <string>

#include "core/error.h"
#include "models/model.h"
#include "reliability/hostile_model.h"

using namespace glassbox;
using namespace glassbox::reliability;

namespace {

// Overwrites element `index` of the F32 tensor `name`.
void poison(std::vector<TensorToWrite>& tensors, const std::string& name, std::size_t index, float value) {
  for (TensorToWrite& t : tensors)
    if (t.name == name) {
      ASSERT_LT(index * 4 + 4, t.data.size() + 1);
      std::memcpy(t.data.data() + index * 4, &value, 4);
      return;
    }
  FAIL() << "no tensor " << name;
}

std::string loadError(const std::string& dir, const LoadOptions& options = {}) {
  try {
    Model::load(dir, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(HostileModels, NanWeightIsAnErrorNamingTheTensorAndElement) {
  const auto dir = glassbox::testing::freshTempDir();
  writeGpt2(dir, TinyGpt2{}, 3, [](auto& t) {
    poison(t, "transformer.h.1.mlp.c_fc.weight", 37, std::numeric_limits<float>::quiet_NaN());
  });
  const std::string msg = loadError(dir.string());
  EXPECT_NE(msg.find("transformer.h.1.mlp.c_fc.weight"), std::string::npos) << msg;
  EXPECT_NE(msg.find("NaN"), std::string::npos) << msg;
  EXPECT_NE(msg.find("37"), std::string::npos) << msg;
}

TEST(HostileModels, InfiniteWeightIsAnErrorNamingTheTensor) {
  for (float bad : {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()}) {
    const auto dir = glassbox::testing::freshTempDir();
    writeGpt2(dir, TinyGpt2{}, 4, [bad](auto& t) { poison(t, "transformer.ln_f.bias", 0, bad); });
    const std::string msg = loadError(dir.string());
    EXPECT_NE(msg.find("transformer.ln_f.bias"), std::string::npos) << msg;
    EXPECT_NE(msg.find("infinite"), std::string::npos) << msg;
  }
}

TEST(HostileModels, ModelLargerThanTheMemoryLimitFailsWithTheNumbers) {
  const auto dir = glassbox::testing::freshTempDir();
  TinyGpt2 spec;
  spec.vocab = 50000;  // wte alone: 50000 * 16 * 4 B = 3.2 MB
  writeGpt2(dir, spec, 5);
  LoadOptions options;
  options.memoryLimitBytes = 1'000'000;
  double lastProgress = -1.0;
  options.progress = [&](double p) {
    lastProgress = p;
    return true;
  };
  const std::string msg = loadError(dir.string(), options);
  EXPECT_NE(msg.find("1.0 MB are allowed"), std::string::npos) << msg;
  EXPECT_NE(msg.find("need 3."), std::string::npos) << msg;  // 3.2 MB of weights and a little more
  EXPECT_NE(msg.find(dir.filename().string()), std::string::npos) << msg;  // names what was opened
  // Refused before any weight was read or converted: no progress past the start.
  EXPECT_LE(lastProgress, 0.0);

  options.memoryLimitBytes = 100'000'000;
  EXPECT_NO_THROW(Model::load(dir.string(), options));
}
