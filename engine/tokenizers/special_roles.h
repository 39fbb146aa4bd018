#pragma once
// Which token plays which part (pad, mask, cls, sep, unk, bos, eos), as a model folder declares it in
// special_tokens_map.json and tokenizer_config.json (the files transformers reads beside the tokenizer),
// and the fallbacks when a folder has neither. Not part of the public API.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizers/tokenizer.h"

namespace glassbox::tok {

// Token contents named by the folder's files; special_tokens_map.json wins over tokenizer_config.json,
// as in transformers' from_pretrained.
struct FolderSpecials {
  std::optional<std::string> pad, mask, cls, sep, unk, bos, eos;
  std::vector<std::string> additional;   // "additional_special_tokens"
  std::optional<std::string> tokenizerClass;  // tokenizer_config.json "tokenizer_class" ("T5Tokenizer", ...)
  std::optional<int> extraIds;               // tokenizer_config.json "extra_ids" (T5 sentinels)
  std::optional<std::string> modelType;      // config.json "model_type" ("t5", "bert", ...)
  bool found = false;                         // at least one of the files was there

  // Every role token named, for adding the ones a tokenizer does not yet match as a whole.
  std::vector<std::string> roleTokens() const;
};

// Reads the files in the folder of `tokenizerPath` when its name is a standard one (tokenizer.json,
// spiece.model, tokenizer.model): a stray special_tokens_map.json next to an arbitrary file is not the
// model's. Missing or unreadable files give an empty result; a malformed one throws Error naming it.
FolderSpecials readFolderSpecials(const std::string& tokenizerPath);

// What the roles fall back to when the folder names none.
struct RoleFallbacks {
  std::optional<int> cls, sep;  // from a BERT/RoBERTa-shaped post-processor
  std::optional<int> pad;       // the padding's pad_id
  std::optional<int> unk;       // the model's unknown token
};

// Folder names first (looked up with `idOf`), then `fallbacks`, then well-known added tokens
// ([PAD] <pad>, [MASK] <mask>, [CLS], [SEP], [UNK] <unk>) looked up with `addedIdOf`.
SpecialTokenRoles resolveRoles(const FolderSpecials& folder, const RoleFallbacks& fallbacks,
                               const std::function<std::optional<int>(std::string_view)>& idOf,
                               const std::function<std::optional<int>(std::string_view)>& addedIdOf);

}  // namespace glassbox::tok
