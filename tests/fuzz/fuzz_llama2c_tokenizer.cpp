// libFuzzer target: a llama2.c tokenizer.bin (int32 max_token_length, then score/length/bytes per
// token), parsed in memory. A vocabulary that loads must then encode and decode a fixed text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.h"
#include "tokenizers/llama2c_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    auto tok = glassbox::tok::Llama2cTokenizer::parse(bytes, "fuzz/tokenizer.bin");
    const glassbox::Encoding e = tok->encode("Once upon a time, caf\xC3\xA9 \xFF!", true);
    if (e.ids.size() != e.tokens.size()) std::abort();
    (void)tok->decode(e.ids, false);
    (void)tok->tokenRaw(tok->vocabSize());
  } catch (const glassbox::Error&) {
  }
  return 0;
}
