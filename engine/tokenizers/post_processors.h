#pragma once
// tokenizer.json "post_processor": TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel,
// Sequence. They put special tokens around one sequence or a pair and set the token type ids, as the
// Hugging Face tokenizers processors do (tokenizers/src/processors/*.rs).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json_util.h"
#include "tokenizers/encoding.h"

namespace glassbox::tok {

struct SpecialInsert {
  int id;
  std::string token;
};

// The piece of an inserted special token (vocabulary form, bytes, flags), given its id.
using SpecialPieceFn = std::function<TokenPiece(int id)>;

class PostProcessor {
 public:
  virtual ~PostProcessor() = default;
  // Special tokens added around one sequence (pair = false) or a pair (HF added_tokens).
  virtual std::size_t addedTokens(bool pair) const = 0;
  // HF process_encodings: one or two encodings whose type and sequence ids are already set; a template
  // or BERT/RoBERTa processor wraps them in special tokens (their overflowing parts too).
  virtual void processEncodings(std::vector<Encoding>& encodings, bool addSpecialTokens, const SpecialPieceFn& piece) const = 0;
  // Special tokens put before and after a single sequence (for the BOS / EOS / CLS / SEP roles).
  virtual void surround(std::vector<SpecialInsert>& before, std::vector<SpecialInsert>& after) const = 0;
  // "BertProcessing", "RobertaProcessing", "TemplateProcessing", ...
  virtual std::string type() const = 0;
};

// Returns nullptr for JSON null. Throws Error naming an unknown type.
std::unique_ptr<PostProcessor> makePostProcessor(const Json& j, const std::string& what);

// HF PostProcessor::process: type id i and sequence id i for the i-th encoding, the processor (when not
// null; else the sequences are simply joined), then everything merged into one encoding.
Encoding runPostProcessor(const PostProcessor* p, Encoding first, std::optional<Encoding> second, bool addSpecialTokens,
                          const SpecialPieceFn& piece);

}  // namespace glassbox::tok
