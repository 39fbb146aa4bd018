#pragma once
// tokenizer.json "normalizer": NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, BertNormalizer, Prepend,
// Replace, Strip, Precompiled, ByteLevel, Sequence. Every normalizer keeps the alignment back to the
// original bytes.
#include <memory>
#include <string>

#include "core/json_util.h"
#include "tokenizers/normalized_string.h"

namespace glassbox::tok {

class Normalizer {
 public:
  virtual ~Normalizer() = default;
  virtual void normalize(NormalizedString& s) const = 0;
};

// `what` names the file for errors. Returns nullptr for JSON null. Throws Error naming an unknown type.
std::unique_ptr<Normalizer> makeNormalizer(const Json& j, const std::string& what);

// The pattern of a Replace or Split, {"String": ...} or {"Regex": ...}, as a PCRE2 pattern.
std::string patternOf(const Json& j, const std::string& what);

// Unicode normalization form "NFC", "NFD", "NFKC" or "NFKD" with alignment.
void unicodeNormalize(NormalizedString& s, const std::string& form);

}  // namespace glassbox::tok
