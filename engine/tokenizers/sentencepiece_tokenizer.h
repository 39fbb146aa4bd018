#pragma once
// A tokenizer from a SentencePiece model file alone (folders that ship spiece.model but no
// tokenizer.json: older t5 and mT5 repositories). The model is turned into the tokenizer.json that
// transformers' converter (convert_slow_tokenizer.py, SpmConverter / T5Converter) writes for it, and that
// document goes through the same loader as any tokenizer.json, so both files of one model give the same
// ids:
//   model          Unigram over the pieces and scores, unk_id, byte_fallback;
//   normalizer     Precompiled(precompiled_charsmap) then Replace(" {2,}" -> " ") (remove_extra_whitespaces);
//   pre-tokenizer  Metaspace("▁", prepend_scheme "always" with add_dummy_prefix, else "never");
//   decoder        Metaspace (ByteFallback and Fuse before it with byte_fallback);
//   added tokens   control and unknown pieces as special tokens, user-defined pieces as plain added tokens;
//   T5             <extra_id_0> ... <extra_id_{n-1}> appended as special tokens (n = tokenizer_config.json
//                  "extra_ids", 100 by default; <extra_id_0> gets the last id, as T5Tokenizer does) and a
//                  post-processor that appends </s> ($A </s>, pair $A </s> $B </s>).
// A model is read as T5's when tokenizer_config.json names a T5/MT5 tokenizer class, config.json a t5/mt5
// model type, or — with neither file — its special ids have T5's layout (pad 0, eos 1, unk 2, no bos).
#include <memory>
#include <string>
#include <string_view>

#include "core/json_util.h"
#include "tokenizers/sentencepiece_model.h"
#include "tokenizers/special_roles.h"
#include "tokenizers/tokenizer.h"

namespace glassbox::tok {

// The tokenizer.json document for `m`. Throws Error for model types and options it cannot express
// (BPE / Word / Char models, whitespace as suffix, unescaped whitespace), with a hint.
Json sentencePieceToTokenizerJson(const SentencePieceModel& m, const FolderSpecials& folder, const std::string& path);

// Parses `bytes` (the whole file) and builds the tokenizer.
std::shared_ptr<const Tokenizer> loadSentencePieceModel(std::string_view bytes, const std::string& path,
                                                        const FolderSpecials& folder);

}  // namespace glassbox::tok
