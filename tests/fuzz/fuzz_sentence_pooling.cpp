// libFuzzer target: a sentence-transformers folder's modules.json and Pooling config.json (the input
// holds both, split at the first NUL byte) -> SentencePooling. Anything but a result or an Error is a
// bug.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "models/sentence_pooling.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::size_t cut = text.find('\0');
  const std::string modules = text.substr(0, cut);
  const std::string pooling = cut == std::string::npos ? "" : text.substr(cut + 1);
  try {
    (void)glassbox::poolingModulePath(modules, "fuzz/modules.json");
    const glassbox::SentencePooling p = glassbox::parseSentencePooling(modules, pooling, "fuzz");
    if (p.pooling == glassbox::Pooling::None) std::abort();  // a folder never asks for no pooling
  } catch (const glassbox::Error&) {
  }
  return 0;
}
