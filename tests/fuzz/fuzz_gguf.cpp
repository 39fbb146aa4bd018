// libFuzzer target: a GGUF file -> GgufFile (header, every metadata type, tensor infos, data section), then
// what the engine reads from it: the model configuration, the embedded tokenizer (encode/decode a fixed
// text) and the first row of every tensor it decodes. Every view must lie inside the file.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/error.h"
#include "core/quant_blocks.h"
#include "formats/gguf.h"
#include "formats/gguf_model.h"
#include "fuzz_util.h"
#include "tokenizers/gguf_vocab.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = glassbox::fuzz::scratchPath(".gguf");
  if (!glassbox::fuzz::writeInput(path, data, size)) return 0;
  std::shared_ptr<const glassbox::GgufFile> g;
  try {
    g = glassbox::GgufFile::open(path);
  } catch (const glassbox::Error&) {
    return 0;
  }
  unsigned sum = 0;
  for (const auto& t : g->tensors()) {
    if (t.bytes) sum += t.data[0] + t.data[t.bytes - 1];
    if (!t.dtype || t.dims[0] > (1 << 16)) continue;
    std::vector<float> row(static_cast<std::size_t>(t.dims[0]));
    glassbox::dequantizeRow(*t.dtype, t.data, row.data(), t.dims[0]);
    sum += row.empty() ? 0u : static_cast<unsigned>(row[0] == row[0]);
  }
  try {
    const glassbox::ModelConfig c = glassbox::ggufModelConfig(*g);
    sum += static_cast<unsigned>(c.vocabSize);
  } catch (const glassbox::Error&) {
  }
  try {
    const auto tok = glassbox::ggufTokenizer(*g);
    const auto enc = tok->encode("Hello, world! 123 \xC3\xA9\xF0\x9F\x9A\x80", true);
    sum += static_cast<unsigned>(tok->decode(enc.ids).size());
  } catch (const glassbox::Error&) {
  }
  if (sum == 0xFFFFFFFFu) std::abort();
  return 0;
}
