#pragma once
// The "Precompiled" normalizer: a SentencePiece precompiled_charsmap (e.g. nmt_nfkc), applied the way the
// Rust `tokenizers` library applies it: grapheme by grapheme, each looked up in the charsmap's
// double-array trie, falling back to character by character.
#include <memory>
#include <string>

#include "tokenizers/normalizers.h"

namespace glassbox::tok {

// `base64` is the precompiled_charsmap field. Throws Error naming `what` when it is malformed.
std::unique_ptr<Normalizer> makePrecompiled(const std::string& base64, const std::string& what);

}  // namespace glassbox::tok
