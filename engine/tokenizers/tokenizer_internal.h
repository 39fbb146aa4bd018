#pragma once
// Pieces shared by the tokenizer implementations (not part of the public API).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizers/tokenizer.h"

namespace glassbox::tok {

// A TokenPiece with display and partial-character flag derived from its bytes.
TokenPiece makePiece(int id, std::string raw, std::string bytes, std::size_t begin, std::size_t end, bool special);

// Parses "<0xNN>" (upper or lower hex); returns -1 when `raw` is not such a byte token.
int parseByteToken(std::string_view raw);

// Hash for heterogeneous lookup of std::string keys by string_view. Deliberately not noexcept: libstdc++
// then stores each key's hash in its node instead of rehashing keys while walking a bucket, which made
// vocabulary lookups several times slower.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace glassbox::tok
