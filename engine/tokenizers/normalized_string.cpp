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
  return {begin[b], end[e - 1]};
}

void NormalizedString::prependAligned(std::string_view bytes) {
  NormalizedString out;
  out.anchor = anchor;
  if (text.empty()) {
    out.appendChar(bytes, anchor, anchor);
  } else {
    // As the reference library does: inserted characters take the span of the character they precede.
    out.appendChar(bytes, begin[0], end[0]);
    out.appendRange(*this, 0, size());
  }
  *this = std::move(out);
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
