#pragma once
// The text between pipeline stages: a list of splits, each a byte range of one aligned buffer. Splitting
// only adds ranges (no copies); a stage that rewrites text (Metaspace, ByteLevel's prefix space) gives the
// split a new buffer.
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "tokenizers/normalized_string.h"

namespace glassbox::tok {

struct Split {
  std::uint32_t buf = 0, b = 0, e = 0;  // bufs[buf].text[b, e)
  int addedId = -1;                     // an added token matched before pre-tokenization (kept as is)
  bool byteLevel = false;               // model input is to be read through the byte-level map
};

struct PreTokenized {
  std::vector<NormalizedString> bufs;
  std::vector<Split> splits;

  std::string_view text(const Split& s) const {
    return std::string_view(bufs[s.buf].text).substr(s.b, s.e - s.b);
  }
  // Original span of bytes [b, e) of split s.
  std::pair<std::size_t, std::size_t> originalSpan(const Split& s, std::size_t b, std::size_t e) const {
    return bufs[s.buf].originalSpan(s.b + b, s.b + e);
  }
  NormalizedString copyOf(const Split& s) const { return bufs[s.buf].slice(s.b, s.e); }
  // Replaces split s's text by ns (a new buffer).
  void replace(Split& s, NormalizedString ns) {
    s.b = 0;
    s.e = static_cast<std::uint32_t>(ns.size());
    bufs.push_back(std::move(ns));
    s.buf = static_cast<std::uint32_t>(bufs.size() - 1);
  }
};

// How the pieces found by a pattern are kept (HF SplitDelimiterBehavior).
enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

// Given the matches [(b, e)] in text of length n, appends the kept pieces (relative ranges, none empty).
void applySplitBehavior(std::size_t n, const std::vector<std::pair<std::size_t, std::size_t>>& matches,
                        SplitBehavior behavior, bool invert, std::vector<std::pair<std::size_t, std::size_t>>& out);

}  // namespace glassbox::tok
