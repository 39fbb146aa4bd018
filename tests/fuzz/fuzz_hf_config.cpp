// libFuzzer target: config.json text -> ModelConfig. Accepted configs must satisfy the range checks
// the header promises.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "models/registry.h"
#include "models/stack_runner.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const glassbox::ModelConfig c = glassbox::parseHfConfig(text, "fuzz/config.json");
    if (c.numLayers <= 0 || c.numLayers > glassbox::kMaxLayers) std::abort();
    if (c.dModel <= 0 || c.dModel > glassbox::kMaxDim) std::abort();
    if (c.numHeads <= 0 || c.numKvHeads <= 0 || c.headDim <= 0) std::abort();
    if (c.vocabSize <= 0 || c.vocabSize > glassbox::kMaxVocab) std::abort();
    if (c.contextLength <= 0 || c.contextLength > glassbox::kMaxContext) std::abort();
    glassbox::architectureByKey(c.architecture).validate(c, "fuzz/config.json");
    if (c.positions == glassbox::PositionScheme::RelativeBuckets) {
      // A validated relative-bucket config gives every distance a bucket of the table [B][H].
      for (int d : {0, 1, -1, 7, -100, 100000, -2000000})
        for (bool bidirectional : {true, false}) {
          const int b = glassbox::relativePositionBucket(d, bidirectional, c.relativeBuckets, c.relativeMaxDistance);
          if (b < 0 || b >= c.relativeBuckets) std::abort();
        }
    }
  } catch (const glassbox::Error&) {
  }
  return 0;
}
