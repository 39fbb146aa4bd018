#include "tokenizers/normalized_string.h"

#include "core/utf8.h"

namespace glassbox::tok {

NormalizedString NormalizedString::fromOriginal(std::string_view original, std::size_t offset, bool& hadInvalid) {
  NormalizedString s;
  s.anchor = static_cast<std::uint32_t>(offset);
  s.text.reserve(original.size());
  s.begin.reserve(original.size());
  s.end.reserve(original.size());
  std::size_t i = 0;
  while (i < original.size()) {
    const std::size_t len = utf8SequenceLength(original, i);
    if (len > 0) {
      for (std::size_t k = 0; k < len; ++k) {
        s.text.push_back(original[i + k]);
        s.begin.push_back(static_cast<std::uint32_t>(offset + i));
        s.end.push_back(static_cast<std::uint32_t>(offset + i + len));
      }
      i += len;
      continue;
    }
    // One U+FFFD per maximal ill-formed subpart, exactly as sanitizeUtf8 does.
    hadInvalid = true;
    std::size_t j = i + 1;
    // Extend while the bytes so far still form a single maximal ill-formed subpart (one U+FFFD).
    while (j < original.size() && j < i + 4 && sanitizeUtf8(original.substr(i, j + 1 - i)) ==
                                                    std::string("\xEF\xBF\xBD")) ++j;
    s.appendChar("\xEF\xBF\xBD", static_cast<std::uint32_t>(offset + i), static_cast<std::uint32_t>(offset + j));
    i = j;
  }
  return s;
}

std::pair<std::size_t, std::size_t> NormalizedString::originalSpan(std::size_t b, std::size_t e) const {
  if (b >= e || b >= text.size()) {
    std::size_t p = b < text.size() ? begin[b] : (text.empty() ? anchor : end.back());
    return {p, p};
  }
  return {refine(b, true), refine(e - 1, false)};
}

// Exact byte inside a character that was not changed by normalization (a byte-fallback token covers
// one byte of a multi-byte character); otherwise the whole character's span.
std::size_t NormalizedString::refine(std::size_t i, bool wantBegin) const {
  std::size_t cs = i;
  while (cs > 0 && i - cs < 3 && (static_cast<unsigned char>(text[cs]) & 0xC0) == 0x80 && begin[cs - 1] == begin[i]) --cs;
  std::size_t ce = i + 1;
  while (ce < text.size() && ce - cs < 4 && (static_cast<unsigned char>(text[ce]) & 0xC0) == 0x80 &&
         begin[ce] == begin[i])
    ++ce;
  if (end[i] - begin[i] != ce - cs) return wantBegin ? begin[i] : end[i];
  return wantBegin ? begin[i] + (i - cs) : begin[i] + (i - cs) + 1;
}

NormalizedString NormalizedString::slice(std::size_t b, std::size_t e) const {
  NormalizedString s;
  s.anchor = static_cast<std::uint32_t>(originalSpan(b, b).first);
  s.text.assign(text, b, e - b);
  s.begin.assign(begin.begin() + static_cast<std::ptrdiff_t>(b), begin.begin() + static_cast<std::ptrdiff_t>(e));
  s.end.assign(end.begin() + static_cast<std::ptrdiff_t>(b), end.begin() + static_cast<std::ptrdiff_t>(e));
  return s;
}

void NormalizedString::appendChar(std::string_view bytes, std::uint32_t ob, std::uint32_t oe) {
  text.append(bytes);
  begin.insert(begin.end(), bytes.size(), ob);
  end.insert(end.end(), bytes.size(), oe);
}

void NormalizedString::appendRange(const NormalizedString& src, std::size_t b, std::size_t e) {
  text.append(src.text, b, e - b);
  begin.insert(begin.end(), src.begin.begin() + static_cast<std::ptrdiff_t>(b),
               src.begin.begin() + static_cast<std::ptrdiff_t>(e));
  end.insert(end.end(), src.end.begin() + static_cast<std::ptrdiff_t>(b), src.end.begin() + static_cast<std::ptrdiff_t>(e));
}

}  // namespace glassbox::tok
