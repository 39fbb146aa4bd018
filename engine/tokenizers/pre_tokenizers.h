#pragma once
// tokenizer.json "pre_tokenizer": ByteLevel, Split, Whitespace, WhitespaceSplit, BertPreTokenizer,
// Metaspace, Punctuation, Digits, CharDelimiterSplit, UnicodeScripts, Sequence. Splits that hold added
// tokens are left alone.
#include <memory>
#include <string>

#include "core/json_util.h"
#include "tokenizers/pretokenized.h"

namespace glassbox::tok {

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  virtual void preTokenize(PreTokenized& pt) const = 0;
};

// Returns nullptr for JSON null. Throws Error naming an unknown type.
std::unique_ptr<PreTokenizer> makePreTokenizer(const Json& j, const std::string& what);

// The GPT-2 pre-tokenization pattern used by ByteLevel with use_regex.
extern const char* const kGpt2Pattern;

}  // namespace glassbox::tok
