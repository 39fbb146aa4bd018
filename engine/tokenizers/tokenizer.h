#pragma once
// Text <-> token ids, with everything the views need to show a tokenization: the byte span of every
// token in the original text, a readable form, special-token and partial-character flags.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox {

struct TokenPiece {
  int id = 0;
  std::string raw;      // as written in the vocabulary ("Ġthe", "▁the", "<0xE2>", "##ing", "[CLS]")
  std::string bytes;    // the bytes this token stands for in text (" the", "\xE2", "ing"); may be invalid UTF-8
  std::string display;  // readable UTF-8 form of `bytes`; an incomplete character shows as "\xE2"-style hex
  std::size_t begin = 0, end = 0;  // byte span in the original input; begin == end for inserted tokens
  bool special = false;      // special or added-special token (BOS, [CLS], <|endoftext|>)
  bool partialChar = false;  // covers only part of a multi-byte UTF-8 character
};

struct Encoding {
  std::vector<int> ids;
  std::vector<TokenPiece> tokens;  // one per id
  // The input was not valid UTF-8. Every ill-formed sequence was replaced by U+FFFD before encoding
  // (offsets still refer to the original bytes).
  bool inputHadInvalidUtf8 = false;
};

// Immutable after load; encode/decode may run concurrently from any number of threads.
class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // Loads tokenizer.json (Hugging Face), tokenizer.bin (llama2.c) or the tokenizer embedded in a GGUF
  // file (tokenizers/gguf_vocab.h), chosen by content. Throws Error
  // naming the file and the unknown component / bad field.
  static std::shared_ptr<const Tokenizer> load(const std::string& path);

  // addSpecialTokens: run the post-processor (BOS, [CLS] ... [SEP]) — the "add_special_tokens" of HF.
  virtual Encoding encode(std::string_view text, bool addSpecialTokens = true) const = 0;
  virtual std::string decode(std::span<const int> ids, bool skipSpecialTokens = false) const = 0;

  virtual int vocabSize() const = 0;
  virtual std::string tokenRaw(int id) const = 0;    // vocabulary form; "" for ids out of range
  virtual std::string tokenBytes(int id) const = 0;  // bytes the token stands for (for streaming output)
  virtual bool isSpecial(int id) const = 0;
  virtual std::optional<int> tokenId(std::string_view raw) const = 0;
  virtual std::optional<int> bosId() const = 0;
  virtual std::optional<int> eosId() const = 0;
  virtual std::string kind() const = 0;  // "byte-level BPE", "SentencePiece BPE", "WordPiece", "Unigram", "llama2.c"

  // Readable UTF-8 for arbitrary bytes: valid characters as themselves, invalid bytes as "\xNN".
  static std::string displayBytes(std::string_view bytes);
};

// The tokenizer file that belongs to a model: a GGUF model file itself (its metadata holds the
// tokenizer); tokenizer.json in a model folder (or in the folder of a
// model.safetensors / config.json path); else tokenizer.bin beside a llama2.c checkpoint; else a
// tok*.bin beside it. Throws Error naming what was looked for, with a hint to pass --tokenizer.
std::string findTokenizerPath(const std::string& modelPath);

}  // namespace glassbox
