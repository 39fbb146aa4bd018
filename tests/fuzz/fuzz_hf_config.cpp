// libFuzzer target: config.json text -> ModelConfig. Accepted configs must satisfy the range checks
// the header promises.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "models/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const glassbox::ModelConfig c = glassbox::parseHfConfig(text, "fuzz/config.json");
    if (c.numLayers <= 0 || c.numLayers > glassbox::kMaxLayers) std::abort();
    if (c.dModel <= 0 || c.dModel > glassbox::kMaxDim) std::abort();
    if (c.numHeads <= 0 || c.numKvHeads <= 0 || c.headDim <= 0) std::abort();
    if (c.vocabSize <= 0 || c.vocabSize > glassbox::kMaxVocab) std::abort();
    if (c.contextLength <= 0 || c.contextLength > glassbox::kMaxContext) std::abort();
  } catch (const glassbox::Error&) {
  }
  return 0;
}
