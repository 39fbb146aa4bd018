#pragma once
// Template definitions for normalized_string.h.
#include "core/utf8.h"

namespace glassbox::tok {

template <class Fn>
void mapChars(NormalizedString& s, Fn&& fn) {
  NormalizedString out;
  out.anchor = s.anchor;
  out.text.reserve(s.text.size());
  out.begin.reserve(s.text.size());
  out.end.reserve(s.text.size());
  std::u32string repl;
  std::string enc;
  for (std::size_t i = 0; i < s.text.size();) {
    const std::size_t start = i;
    const char32_t cp = decodeUtf8(s.text, i);
    repl.clear();
    fn(cp, repl);
    enc.clear();
    for (char32_t r : repl) appendUtf8(enc, r);
    for (std::size_t k = 0; k < enc.size(); ++k) {
      out.text.push_back(enc[k]);
      out.begin.push_back(s.begin[start]);
      out.end.push_back(s.end[i - 1]);
    }
  }
  if (!s.text.empty() && out.text.empty()) out.anchor = s.begin[0];
  s = std::move(out);
}

}  // namespace glassbox::tok
