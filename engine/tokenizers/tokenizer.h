#pragma once
// Text <-> token ids, with everything the views need to show a tokenization: the byte span of every
// token in the original text, a readable form, special-token and partial-character flags.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokenizers/encoding.h"

namespace glassbox {

// Special-token roles a model needs (BERT's [CLS] [SEP] [MASK] [PAD], T5's <pad>), from
// special_tokens_map.json / tokenizer_config.json beside the tokenizer file when present, else from the
// post-processor, the padding settings and well-known added tokens.
struct SpecialTokenRoles {
  std::optional<int> pad, mask, cls, sep, unk;
};

// Immutable after load; encode/decode may run concurrently from any number of threads.
class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // Loads tokenizer.json (Hugging Face), a SentencePiece model (spiece.model, ModelProto protobuf),
  // tokenizer.bin (llama2.c) or the tokenizer embedded in a GGUF file (tokenizers/gguf_vocab.h), chosen by
  // content. Throws Error naming the file and the unknown component / bad field.
  static std::shared_ptr<const Tokenizer> load(const std::string& path);

  // addSpecialTokens: run the post-processor (BOS, [CLS] ... [SEP]) — the "add_special_tokens" of HF.
  // Truncation and padding of the tokenizer apply, as in the HF library.
  Encoding encode(std::string_view text, bool addSpecialTokens = true) const;
  Encoding encode(std::string_view text, const EncodeOptions& options) const;
  // A text pair through the post-processor's "pair" template ([CLS] A [SEP] B [SEP]); typeIds tell the
  // two segments apart and the offsets of the second text's tokens refer to `second`.
  Encoding encodePair(std::string_view first, std::string_view second, const EncodeOptions& options = {}) const;
  // Each text encoded as by encode(), then padded together (BatchLongest pads to the longest).
  std::vector<Encoding> encodeBatch(std::span<const std::string> texts, const EncodeOptions& options = {}) const;
  std::vector<Encoding> encodeBatch(std::span<const std::pair<std::string, std::string>> pairs,
                                    const EncodeOptions& options = {}) const;
  virtual std::string decode(std::span<const int> ids, bool skipSpecialTokens = false) const = 0;

  virtual int vocabSize() const = 0;
  virtual std::string tokenRaw(int id) const = 0;    // vocabulary form; "" for ids out of range
  virtual std::string tokenBytes(int id) const = 0;  // bytes the token stands for (for streaming output)
  virtual bool isSpecial(int id) const = 0;
  virtual std::optional<int> tokenId(std::string_view raw) const = 0;
  virtual std::optional<int> bosId() const = 0;
  virtual std::optional<int> eosId() const = 0;
  virtual std::string kind() const = 0;  // "byte-level BPE", "SentencePiece BPE", "WordPiece", "Unigram", "llama2.c"

  std::optional<int> padId() const { return roles_.pad; }
  std::optional<int> maskId() const { return roles_.mask; }
  std::optional<int> clsId() const { return roles_.cls; }
  std::optional<int> sepId() const { return roles_.sep; }
  std::optional<int> unkId() const { return roles_.unk; }
  // The tokenizer's own settings (tokenizer.json "padding" / "truncation"); empty when it has none.
  const std::optional<PaddingParams>& padding() const { return padding_; }
  const std::optional<TruncationParams>& truncation() const { return truncation_; }
  // Special tokens the post-processor adds around one text (false) or a pair (true).
  virtual std::size_t addedTokenCount(bool pair) const { return 0; }

  // Readable UTF-8 for arbitrary bytes: valid characters as themselves, invalid bytes as "\xNN".
  static std::string displayBytes(std::string_view bytes);

 protected:
  // One text through normalizer, pre-tokenizer and model, nothing added: typeIds 0, attention 1,
  // specialTokensMask 0, sequenceIds 0.
  virtual Encoding encodeSequence(std::string_view text) const = 0;
  // Special tokens around one or two sequences (HF PostProcessor::process), setting type and sequence ids;
  // applied to the overflowing parts too. The default joins the sequences and adds nothing.
  virtual Encoding postProcess(Encoding first, std::optional<Encoding> second, bool addSpecialTokens) const;

  std::optional<PaddingParams> padding_;
  std::optional<TruncationParams> truncation_;
  SpecialTokenRoles roles_;

 private:
  Encoding encodeOne(std::string_view first, const std::string_view* second, const EncodeOptions& options) const;
};

// The tokenizer file that belongs to a model: a GGUF model file itself (its metadata holds the
// tokenizer); tokenizer.json in a model folder (or in the folder of a model.safetensors / config.json
// path), else the folder's spiece.model; else tokenizer.bin beside a llama2.c checkpoint; else a tok*.bin
// beside it. Throws Error naming what was looked for, with a hint to pass --tokenizer.
std::string findTokenizerPath(const std::string& modelPath);

}  // namespace glassbox
