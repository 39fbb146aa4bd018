// libFuzzer target: tokenizer.json loading (Tokenizer::load on a file). A tokenizer that loads must
// then encode and decode a fixed text without crashing.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz_util.h"
#include "tokenizers/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = glassbox::fuzz::scratchPath("-tokenizer.json");
  if (!glassbox::fuzz::writeInput(path, data, size)) return 0;
  try {
    auto tok = glassbox::Tokenizer::load(path);
    const glassbox::Encoding e = tok->encode("Hello, world! caf\xC3\xA9 \xE2\x80\x94 12 ab<s>", true);
    if (e.ids.size() != e.tokens.size() || e.ids.size() != e.attentionMask.size()) std::abort();
    // Pairs and batches go through the pair template, truncation and BatchLongest padding of the file.
    const glassbox::Encoding p = tok->encodePair("one two three", "four five");
    if (p.ids.size() != p.typeIds.size()) std::abort();
    const std::vector<std::string> batch = {"a", "b c d e f g"};
    (void)tok->encodeBatch(batch);
    (void)tok->decode(e.ids, false);
    (void)tok->decode(e.ids, true);
    for (int id : {-1, 0, tok->vocabSize() - 1, tok->vocabSize()}) {
      (void)tok->tokenRaw(id);
      (void)tok->tokenBytes(id);
      (void)tok->isSpecial(id);
    }
  } catch (const glassbox::Error&) {
  }
  return 0;
}
