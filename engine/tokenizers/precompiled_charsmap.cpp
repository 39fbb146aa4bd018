#include "tokenizers/precompiled_charsmap.h"

#include <utf8proc.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/utf8.h"

namespace glassbox::tok {

namespace {

std::string decodeBase64(const std::string& in, const std::string& what) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  out.reserve(in.size() / 4 * 3);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    const int v = value(c);
    if (v < 0) throw Error(what + ": precompiled_charsmap is not base64");
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

// Layout: u32 trie byte size, the trie (darts-clone double array of u32 units), then NUL-terminated
// replacement strings that trie values point into.
class Precompiled final : public Normalizer {
 public:
  Precompiled(const std::string& bytes, const std::string& what) {
    if (bytes.size() < 4) throw Error(what + ": precompiled_charsmap is shorter than its 4-byte header");
    std::uint32_t trieBytes = 0;
    std::memcpy(&trieBytes, bytes.data(), 4);
    if (trieBytes % 4 != 0 || trieBytes > bytes.size() - 4 || trieBytes == 0)
      throw Error(what + ": precompiled_charsmap trie size " + std::to_string(trieBytes) + " does not fit its " +
                  std::to_string(bytes.size()) + " bytes");
    units_.resize(trieBytes / 4);
    std::memcpy(units_.data(), bytes.data() + 4, trieBytes);
    normalized_ = bytes.substr(4 + trieBytes);
  }

  void normalize(NormalizedString& s) const override;

 private:
  // Replacement for the shortest prefix of `key` present in the trie (as the reference takes the first
  // result of its common-prefix search).
  std::optional<std::string_view> transform(std::string_view key) const {
    std::size_t pos = 0;
    auto offset = [](std::uint32_t u) { return (u >> 10) << ((u & (1u << 9)) >> 6); };
    pos ^= offset(units_[0]);
    for (unsigned char c : key) {
      if (c == 0) break;
      pos ^= c;
      if (pos >= units_.size()) return std::nullopt;
      const std::uint32_t u = units_[pos];
      if ((u & ((1u << 31) | 0xFFu)) != c) return std::nullopt;
      pos ^= offset(u);
      if (pos >= units_.size()) return std::nullopt;
      if ((u >> 8) & 1u) {
        const std::size_t at = units_[pos] & ((1u << 31) - 1);
        if (at >= normalized_.size()) return std::nullopt;
        const std::size_t end = normalized_.find('\0', at);
        return std::string_view(normalized_).substr(at, (end == std::string::npos ? normalized_.size() : end) - at);
      }
    }
    return std::nullopt;
  }

  std::vector<std::uint32_t> units_;
  std::string normalized_;
};

void Precompiled::normalize(NormalizedString& s) const {
  NormalizedString out;
  out.anchor = s.anchor;
  out.text.reserve(s.size());
  auto emit = [&](std::size_t b, std::size_t e) {  // s.text[b, e): one grapheme or one character
    const std::string_view piece = std::string_view(s.text).substr(b, e - b);
    const auto r = transform(piece);
    if (!r) return false;
    // Replacement character k takes the span of original character k (the last one when there are more),
    // as the reference's alignment does.
    std::size_t from = b;
    for (std::size_t k = 0; k < r->size();) {
      const std::size_t len = std::max<std::size_t>(1, utf8SequenceLength(*r, k));
      out.appendChar(r->substr(k, len), s.begin[from], s.end[from]);
      const std::size_t next = from + std::max<std::size_t>(1, utf8SequenceLength(s.text, from));
      if (next < e) from = next;
      k += len;
    }
    return true;
  };
  utf8proc_int32_t state = 0;
  std::size_t gb = 0;
  char32_t prev = 0;
  for (std::size_t i = 0; i <= s.size();) {
    const std::size_t start = i;
    const char32_t cp = i < s.size() ? decodeUtf8(s.text, i) : 0;
    const bool boundary = start == s.size() || (start > 0 && utf8proc_grapheme_break_stateful(
                                                                  static_cast<utf8proc_int32_t>(prev),
                                                                  static_cast<utf8proc_int32_t>(cp), &state));
    if (boundary && start > gb) {
      if (!(start - gb < 6 && emit(gb, start))) {
        for (std::size_t c = gb; c < start;) {
          const std::size_t len = std::max<std::size_t>(1, utf8SequenceLength(s.text, c));
          if (!emit(c, c + len)) out.appendRange(s, c, c + len);
          c += len;
        }
      }
      gb = start;
    }
    if (start == s.size()) break;
    prev = cp;
  }
  if (out.empty() && !s.empty()) out.anchor = s.begin[0];
  s = std::move(out);
}

}  // namespace

std::unique_ptr<Normalizer> makePrecompiled(const std::string& base64, const std::string& what) {
  return std::make_unique<Precompiled>(decodeBase64(base64, what), what);
}

}  // namespace glassbox::tok
