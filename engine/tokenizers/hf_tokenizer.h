#pragma once
// Hugging Face tokenizer.json: normalizer -> pre-tokenizer -> model -> post-processor, and the decoder,
// following the semantics of the Rust `tokenizers` library.
#include <memory>
#include <string>
#include <string_view>

#include "tokenizers/tokenizer.h"

namespace glassbox::tok {

class HfTokenizer {
 public:
  static std::shared_ptr<const Tokenizer> parse(std::string_view json, const std::string& path);
};

}  // namespace glassbox::tok
