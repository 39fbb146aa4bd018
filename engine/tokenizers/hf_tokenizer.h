#pragma once
// Hugging Face tokenizer.json: normalizer -> pre-tokenizer -> model -> post-processor, and the decoder,
// following the semantics of the Rust `tokenizers` library.
#include <memory>
#include <string>
#include <string_view>

#include "core/json_util.h"
#include "tokenizers/special_roles.h"
#include "tokenizers/tokenizer.h"

namespace glassbox::tok {

class HfTokenizer {
 public:
  // `json` is the file's text; `folder` what the model folder's special-token files say (may be empty).
  static std::shared_ptr<const Tokenizer> parse(std::string_view json, const std::string& path,
                                                const FolderSpecials& folder = {});
  // An already parsed tokenizer.json document (the SentencePiece reader builds one). `what` names the
  // source in errors.
  static std::shared_ptr<const Tokenizer> fromJson(const Json& j, const std::string& what, const FolderSpecials& folder = {});
};

}  // namespace glassbox::tok
