#pragma once
// Text being normalized, with an alignment from every byte back to the original input, so that every
// token can report the byte span it came from even after NFKC, lowercasing or an inserted "▁".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glassbox::tok {

struct NormalizedString {
  std::string text;                  // current (normalized) UTF-8
  std::vector<std::uint32_t> begin;  // [text.size()] original byte span of the character each byte came from
  std::vector<std::uint32_t> end;    // [text.size()]
  std::uint32_t anchor = 0;          // original position of an empty string (for inserted tokens)

  // The original input, made valid UTF-8: ill-formed sequences become U+FFFD aligned to the bytes they replace.
  static NormalizedString fromOriginal(std::string_view original, std::size_t offset, bool& hadInvalid);

  std::size_t size() const { return text.size(); }
  bool empty() const { return text.empty(); }
  // Original span of normalized bytes [b, e); an empty range maps to a point. A byte inside a character
  // maps to the whole character's span.
  std::pair<std::size_t, std::size_t> originalSpan(std::size_t b, std::size_t e) const;
  NormalizedString slice(std::size_t b, std::size_t e) const;
  void appendChar(std::string_view bytes, std::uint32_t ob, std::uint32_t oe);
  void appendRange(const NormalizedString& src, std::size_t b, std::size_t e);
  void prependAligned(std::string_view bytes);
};

// Rebuilds `s` character by character. `fn(cp, out)` appends the replacement code points for cp to `out`
// (nothing to delete it); every replacement inherits the span of the character it replaces.
template <class Fn>
void mapChars(NormalizedString& s, Fn&& fn);

}  // namespace glassbox::tok

#include "tokenizers/normalized_string_impl.h"
