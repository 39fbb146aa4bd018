#pragma once
// The tokenizer embedded in a GGUF file's metadata (tokenizer.ggml.*), so a GGUF model needs no tokenizer
// file beside it. tokenizer.ggml.model picks the algorithm:
//   llama: SentencePiece-style scores with byte fallback, merged highest score first (llama.cpp's SPM
//          tokenizer, gguf_spm.cpp);
//   gpt2:  byte-level BPE over tokenizer.ggml.merges, with the pre-tokenizer regexes llama.cpp uses for
//          tokenizer.ggml.pre;
//   bert:  WordPiece ("##" continuations, BERT normalisation);
//   t5:    Unigram over the scores, normalised by tokenizer.ggml.precompiled_charsmap.
// The last three are assembled as the equivalent tokenizer.json and run by the Hugging Face tokenizer.
// Token types (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte), the BOS/EOS/UNK/PAD ids
// and add_bos_token / add_eos_token / add_space_prefix are honoured.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tokenizers/tokenizer.h"

namespace glassbox {

class GgufFile;

namespace tok {

enum class GgufTokenType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

// tokenizer.ggml.* as read from the file, checked (array lengths agree, ids inside the vocabulary).
struct GgufVocab {
  std::string path;
  std::string model;  // tokenizer.ggml.model
  std::string pre;    // tokenizer.ggml.pre ("" when absent)
  std::vector<std::string> tokens;
  std::vector<float> scores;  // [V] (0 when absent)
  std::vector<int> types;     // [V] (1 when absent)
  std::vector<std::string> merges;
  std::vector<std::uint8_t> charsmap;  // t5 precompiled_charsmap
  std::optional<int> bos, eos, unk, pad, sep, mask;
  std::optional<bool> addBos, addEos, addSpacePrefix, removeExtraWhitespaces;
};

GgufVocab readGgufVocab(const GgufFile& file);
std::shared_ptr<const Tokenizer> makeGgufSpmTokenizer(GgufVocab vocab);  // gguf_spm.cpp

}  // namespace tok

// Throws Error naming the file and the key, or the tokenizer model it does not support.
std::shared_ptr<const Tokenizer> loadGgufTokenizer(const std::string& path);
std::shared_ptr<const Tokenizer> ggufTokenizer(const GgufFile& file);

}  // namespace glassbox
