// libFuzzer target: SentencePiece model files (spiece.model, a protobuf ModelProto) through
// Tokenizer::load, which picks the reader by content. A model that loads must then encode (alone, as a
// pair, in a batch) and decode a fixed text without crashing, and keep its encodings consistent.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz_util.h"
#include "tokenizers/sentencepiece_model.h"
#include "tokenizers/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = glassbox::fuzz::scratchPath("-spiece.model");
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    (void)glassbox::tok::parseSentencePieceModel(bytes, "fuzz.model");
  } catch (const glassbox::Error&) {
  }
  if (!glassbox::fuzz::writeInput(path, data, size)) return 0;
  try {
    auto tok = glassbox::Tokenizer::load(path);
    const glassbox::Encoding e = tok->encode("Hello, world! caf\xC3\xA9 \xE2\x80\x94 12 <extra_id_0> \xE4\xB8\xAD", true);
    if (e.ids.size() != e.tokens.size() || e.ids.size() != e.attentionMask.size()) std::abort();
    const glassbox::Encoding p = tok->encodePair("a b", "  c\td ");
    if (p.ids.size() != p.typeIds.size()) std::abort();
    const std::vector<std::string> batch = {"x", "y z"};
    (void)tok->encodeBatch(batch);
    (void)tok->decode(e.ids, false);
    (void)tok->decode(e.ids, true);
    for (int id : {-1, 0, tok->vocabSize() - 1, tok->vocabSize()}) {
      (void)tok->tokenRaw(id);
      (void)tok->tokenBytes(id);
    }
  } catch (const glassbox::Error&) {
  }
  return 0;
}
