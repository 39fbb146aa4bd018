#include "tokenizers/normalizers.h"

#include <utf8proc.h>

#include <cstdlib>
#include <vector>

#include "core/error.h"
#include "core/utf8.h"
#include "tokenizers/byte_level.h"
#include "tokenizers/precompiled_charsmap.h"
#include "tokenizers/regex.h"
#include "tokenizers/unicode_props.h"

namespace glassbox::tok {

namespace {

bool isAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string utf8procMap(std::string_view s, int options) {
  utf8proc_uint8_t* dst = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()),
                              &dst, static_cast<utf8proc_option_t>(options));
  if (n < 0) return std::string(s);  // cannot happen on valid UTF-8
  std::string out(reinterpret_cast<const char*>(dst), static_cast<std::size_t>(n));
  std::free(dst);
  return out;
}

// Appends `norm` (the normalization of s.text[cs, ce)) to out with an alignment as close as possible to the
// reference library's: characters normalized on their own align to themselves; a composed character takes
// the span of the first character it was composed from.
void alignChunk(const NormalizedString& s, std::size_t cs, std::size_t ce, const std::string& norm, int options,
                NormalizedString& out) {
  NormalizedString perChar;
  for (std::size_t i = cs; i < ce;) {
    const std::size_t len = std::max<std::size_t>(1, utf8SequenceLength(s.text, i));
    const std::string one = utf8procMap(std::string_view(s.text).substr(i, len), options);
    perChar.appendChar(one, s.begin[i], s.end[i]);
    i += len;
  }
  if (perChar.text == norm) {
    out.appendRange(perChar, 0, perChar.size());
    return;
  }
  const bool composed = utf8CodePointCount(norm) <= utf8CodePointCount(std::string_view(s.text).substr(cs, ce - cs));
  std::size_t ip = cs;
  for (std::size_t k = 0; k < norm.size();) {
    const std::size_t step = std::max<std::size_t>(1, utf8SequenceLength(norm, k));
    const std::string_view ch = std::string_view(norm).substr(k, step);
    if (!composed) {
      out.appendChar(ch, s.begin[cs], s.end[ce - 1]);
    } else {
      const std::size_t at = std::min(ip, ce - 1);
      out.appendChar(ch, s.begin[at], s.end[at]);
      for (std::size_t n = utf8CodePointCount(utf8procMap(ch, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE)); n > 0 && ip < ce; --n)
        ip += std::max<std::size_t>(1, utf8SequenceLength(s.text, ip));
    }
    k += step;
  }
}

// Normalizes s chunk by chunk; a chunk starts at a starter (fine) or at an ASCII character (coarse, always
// exact: no ASCII character composes with what precedes it).
NormalizedString byChunks(const NormalizedString& s, int options, bool fine) {
  NormalizedString out;
  out.anchor = s.anchor;
  std::size_t cs = 0;
  auto flush = [&](std::size_t ce) {
    if (ce == cs) return;
    const std::string_view in = std::string_view(s.text).substr(cs, ce - cs);
    if (isAscii(in)) out.appendRange(s, cs, ce);
    else alignChunk(s, cs, ce, utf8procMap(in, options), options, out);
    cs = ce;
  };
  for (std::size_t i = 0; i < s.text.size();) {
    const std::size_t start = i;
    const char32_t cp = decodeUtf8(s.text, i);
    const bool boundary = fine ? utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class == 0
                               : cp < 0x80;
    if (boundary) flush(start);
  }
  flush(s.text.size());
  return out;
}

}  // namespace

void unicodeNormalize(NormalizedString& s, const std::string& form) {
  int options = UTF8PROC_STABLE;
  if (form == "NFC") options |= UTF8PROC_COMPOSE;
  else if (form == "NFD") options |= UTF8PROC_DECOMPOSE;
  else if (form == "NFKC") options |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
  else options |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT;
  if (isAscii(s.text)) return;
  const std::string whole = utf8procMap(s.text, options);
  if (whole == s.text) return;
  NormalizedString r = byChunks(s, options, true);
  if (r.text != whole) r = byChunks(s, options, false);
  if (r.text != whole) {  // not expected; keep the text right even if offsets coarsen
    r = NormalizedString();
    r.anchor = s.anchor;
    r.appendChar(whole, s.begin.front(), s.end.back());
  }
  s = std::move(r);
}

namespace {

class UnicodeNormalizer final : public Normalizer {
 public:
  explicit UnicodeNormalizer(std::string form) : form_(std::move(form)) {}
  void normalize(NormalizedString& s) const override { unicodeNormalize(s, form_); }

 private:
  std::string form_;
};

class Lowercase final : public Normalizer {
 public:
  void normalize(NormalizedString& s) const override {
    mapChars(s, [](char32_t c, std::u32string& out) { appendLowercase(c, out); });
  }
};

class StripAccents final : public Normalizer {
 public:
  void normalize(NormalizedString& s) const override {
    mapChars(s, [](char32_t c, std::u32string& out) {
      if (!isCombiningMark(c)) out.push_back(c);
    });
  }
};

class BertNormalizer final : public Normalizer {
 public:
  BertNormalizer(bool clean, bool chinese, bool strip, bool lower)
      : clean_(clean), chinese_(chinese), strip_(strip), lower_(lower) {}
  void normalize(NormalizedString& s) const override {
    if (clean_)
      mapChars(s, [](char32_t c, std::u32string& out) {
        if (c == 0 || c == 0xFFFD || isBertControl(c)) return;
        out.push_back(isWhitespace(c) ? U' ' : c);
      });
    if (chinese_)
      mapChars(s, [](char32_t c, std::u32string& out) {
        if (isChineseChar(c)) out.append({U' ', c, U' '});
        else out.push_back(c);
      });
    if (strip_) {
      unicodeNormalize(s, "NFD");
      mapChars(s, [](char32_t c, std::u32string& out) {
        if (!isNonspacingMark(c)) out.push_back(c);
      });
    }
    if (lower_) Lowercase().normalize(s);
  }

 private:
  bool clean_, chinese_, strip_, lower_;
};

class Prepend final : public Normalizer {
 public:
  explicit Prepend(std::string p) : prepend_(std::move(p)) {}
  void normalize(NormalizedString& s) const override {
    if (!s.empty()) s.prependAligned(prepend_);
  }

 private:
  std::string prepend_;
};

class Replace final : public Normalizer {
 public:
  Replace(const std::string& pattern, std::string content, const std::string& what)
      : regex_(pattern, what), content_(std::move(content)) {}
  void normalize(NormalizedString& s) const override {
    std::vector<std::pair<std::size_t, std::size_t>> m;
    regex_.findAll(s.text, m);
    if (m.empty()) return;
    NormalizedString out;
    out.anchor = s.anchor;
    std::size_t pos = 0;
    for (auto [b, e] : m) {
      if (e == b) continue;
      out.appendRange(s, pos, b);
      // The replacement takes the span of the match's last character, as in the reference alignment.
      if (!content_.empty()) out.appendChar(content_, s.begin[e - 1], s.end[e - 1]);
      pos = e;
    }
    out.appendRange(s, pos, s.size());
    if (out.empty() && !s.empty()) out.anchor = s.begin[0];
    s = std::move(out);
  }

 private:
  Regex regex_;
  std::string content_;
};

class Strip final : public Normalizer {
 public:
  Strip(bool left, bool right) : left_(left), right_(right) {}
  void normalize(NormalizedString& s) const override {
    std::size_t b = 0, e = s.size();
    if (left_)
      for (std::size_t i = b; i < e;) {
        if (!isWhitespace(decodeUtf8(s.text, i))) break;
        b = i;
      }
    if (right_)
      while (e > b) {
        std::size_t cs = e - 1;
        while (cs > b && (static_cast<unsigned char>(s.text[cs]) & 0xC0) == 0x80) --cs;
        std::size_t i = cs;
        if (!isWhitespace(decodeUtf8(s.text, i))) break;
        e = cs;
      }
    if (b != 0 || e != s.size()) s = s.slice(b, e);
  }

 private:
  bool left_, right_;
};

// HF normalizers.ByteLevel: every byte becomes its GPT-2 byte-level character ("é" -> "Ã©"); all the
// characters made from one input character keep that character's span.
class ByteLevelNormalizer final : public Normalizer {
 public:
  void normalize(NormalizedString& s) const override {
    NormalizedString out;
    out.anchor = s.anchor;
    out.text.reserve(s.size() * 2);
    for (std::size_t i = 0; i < s.size(); ++i)
      out.appendChar(byteLevelChar(static_cast<unsigned char>(s.text[i])), s.begin[i], s.end[i]);
    s = std::move(out);
  }
};

class SequenceNormalizer final : public Normalizer {
 public:
  explicit SequenceNormalizer(std::vector<std::unique_ptr<Normalizer>> parts) : parts_(std::move(parts)) {}
  void normalize(NormalizedString& s) const override {
    for (const auto& p : parts_) p->normalize(s);
  }

 private:
  std::vector<std::unique_ptr<Normalizer>> parts_;
};

}  // namespace

std::string patternOf(const Json& j, const std::string& what) {
  if (j.is_object() && j.contains("String") && j["String"].is_string()) return Regex::escape(j["String"].get<std::string>());
  if (j.is_object() && j.contains("Regex") && j["Regex"].is_string()) return j["Regex"].get<std::string>();
  throw Error(what + ": pattern must be {\"String\": ...} or {\"Regex\": ...}");
}

std::unique_ptr<Normalizer> makeNormalizer(const Json& j, const std::string& what) {
  if (j.is_null()) return nullptr;
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
    throw Error(what + ": normalizer has no \"type\"");
  const std::string type = j["type"].get<std::string>();
  const std::string where = what + ": normalizer " + type;
  if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD") return std::make_unique<UnicodeNormalizer>(type);
  if (type == "Lowercase") return std::make_unique<Lowercase>();
  if (type == "StripAccents") return std::make_unique<StripAccents>();
  if (type == "BertNormalizer") {
    const bool lower = jsonBoolOr(j, "lowercase", true, where);
    const bool strip = j.contains("strip_accents") && j["strip_accents"].is_boolean() ? j["strip_accents"].get<bool>() : lower;
    return std::make_unique<BertNormalizer>(jsonBoolOr(j, "clean_text", true, where),
                                            jsonBoolOr(j, "handle_chinese_chars", true, where), strip, lower);
  }
  if (type == "Prepend") return std::make_unique<Prepend>(jsonStringOr(j, "prepend", "", where));
  if (type == "Replace")
    return std::make_unique<Replace>(patternOf(j.value("pattern", Json()), where), jsonStringOr(j, "content", "", where), where);
  if (type == "Strip") return std::make_unique<Strip>(jsonBoolOr(j, "strip_left", true, where), jsonBoolOr(j, "strip_right", true, where));
  if (type == "Sequence") {
    std::vector<std::unique_ptr<Normalizer>> parts;
    if (!j.contains("normalizers") || !j["normalizers"].is_array()) throw Error(where + ": \"normalizers\" must be a list");
    for (const auto& n : j["normalizers"])
      if (auto p = makeNormalizer(n, what)) parts.push_back(std::move(p));
    return std::make_unique<SequenceNormalizer>(std::move(parts));
  }
  if (type == "ByteLevel") return std::make_unique<ByteLevelNormalizer>();
  if (type == "Precompiled") {
    if (!j.contains("precompiled_charsmap") || !j["precompiled_charsmap"].is_string())
      throw Error(where + ": \"precompiled_charsmap\" must be a base64 string");
    return makePrecompiled(j["precompiled_charsmap"].get<std::string>(), where);
  }
  throw Error(what + ": unknown normalizer type \"" + type +
              "\" (supported: NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, BertNormalizer, Prepend, Replace, Strip, Precompiled, "
              "ByteLevel, Sequence)");
}

}  // namespace glassbox::tok
