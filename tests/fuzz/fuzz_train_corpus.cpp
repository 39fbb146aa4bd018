// libFuzzer target: the corpus readers of glassbox-train. The first byte chooses the reader: even ->
// a WordNet data.* file (parseWordNetData), odd -> a bible-kjv-text container (decodeBibleData, then
// parseKjvChapters). Only glassbox::Error may leave them; every accepted synset must be a cleaned
// document (non-empty, ends in '\n', no double spaces).
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "core/error.h"
#include "train/kjv_corpus.h"
#include "train/wordnet_corpus.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> rest(data + 1, size - 1);
  try {
    if (data[0] % 2 == 0) {
      const std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
      for (const auto& s : glassbox::parseWordNetData(text, 'n', "fuzz/data.noun"))
        if (s.text.empty() || s.text.back() != '\n' || s.text.find("  ") != std::string::npos) std::abort();
    } else {
      glassbox::parseKjvChapters(glassbox::decodeBibleData(rest, "fuzz/bible.data"));
    }
  } catch (const glassbox::Error&) {
  }
  return 0;
}
