#include "tokenizers/pre_tokenizers.h"

#include <functional>

#include "core/error.h"
#include "core/utf8.h"
#include "tokenizers/normalizers.h"
#include "tokenizers/regex.h"
#include "tokenizers/unicode_props.h"
#include "tokenizers/unicode_scripts.h"

namespace glassbox::tok {

const char* const kGpt2Pattern = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;

void applySplitBehavior(std::size_t n, const Ranges& matches, SplitBehavior behavior, bool invert, Ranges& out) {
  // Alternate non-match / match pieces covering [0, n).
  struct Piece { std::size_t b, e; bool match; };
  std::vector<Piece> pieces;
  std::size_t pos = 0;
  for (auto [b, e] : matches) {
    if (b > pos) pieces.push_back({pos, b, invert});
    pieces.push_back({b, e, !invert});
    pos = e;
  }
  if (pos < n) pieces.push_back({pos, n, invert});
  const std::size_t first = out.size();
  bool prevWasMatch = false;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    switch (behavior) {
      case SplitBehavior::Removed:
        if (!p.match) out.emplace_back(p.b, p.e);
        break;
      case SplitBehavior::Isolated:
        out.emplace_back(p.b, p.e);
        break;
      case SplitBehavior::MergedWithPrevious:
        if (p.match && out.size() > first && !prevWasMatch) out.back().second = p.e;
        else out.emplace_back(p.b, p.e);
        break;
      case SplitBehavior::MergedWithNext:
        if (!p.match && out.size() > first && prevWasMatch) out.back().second = p.e;
        else out.emplace_back(p.b, p.e);
        break;
      case SplitBehavior::Contiguous:
        if (p.match && prevWasMatch && out.size() > first) out.back().second = p.e;
        else out.emplace_back(p.b, p.e);
        break;
    }
    prevWasMatch = p.match;
  }
  // Pieces are never empty.
  std::size_t w = first;
  for (std::size_t r = first; r < out.size(); ++r)
    if (out[r].second > out[r].first) out[w++] = out[r];
  out.resize(w);
}

namespace {

// Replaces every non-added split by the sub-ranges fn finds in its text.
void splitEach(PreTokenized& pt, const std::function<void(std::string_view, Ranges&)>& fn) {
  std::vector<Split> next;
  next.reserve(pt.splits.size());
  Ranges pieces;
  for (const Split& s : pt.splits) {
    if (s.addedId >= 0) {
      next.push_back(s);
      continue;
    }
    pieces.clear();
    fn(pt.text(s), pieces);
    for (auto [b, e] : pieces) {
      Split c = s;
      c.b = s.b + static_cast<std::uint32_t>(b);
      c.e = s.b + static_cast<std::uint32_t>(e);
      next.push_back(c);
    }
  }
  pt.splits = std::move(next);
}

// Matches are the characters for which pred holds.
void charMatches(std::string_view t, const std::function<bool(char32_t)>& pred, Ranges& m) {
  for (std::size_t i = 0; i < t.size();) {
    const std::size_t start = i;
    if (pred(decodeUtf8(t, i))) m.emplace_back(start, i);
  }
}

class CharSplit final : public PreTokenizer {
 public:
  CharSplit(std::function<bool(char32_t)> pred, SplitBehavior b) : pred_(std::move(pred)), behavior_(b) {}
  void preTokenize(PreTokenized& pt) const override {
    Ranges m;
    splitEach(pt, [&](std::string_view t, Ranges& out) {
      m.clear();
      charMatches(t, pred_, m);
      applySplitBehavior(t.size(), m, behavior_, false, out);
    });
  }

 private:
  std::function<bool(char32_t)> pred_;
  SplitBehavior behavior_;
};

class RegexSplit final : public PreTokenizer {
 public:
  RegexSplit(const std::string& pattern, SplitBehavior b, bool invert, const std::string& what)
      : regex_(pattern, what), behavior_(b), invert_(invert) {}
  void preTokenize(PreTokenized& pt) const override {
    Ranges m;
    splitEach(pt, [&](std::string_view t, Ranges& out) {
      m.clear();
      regex_.findAll(t, m);
      applySplitBehavior(t.size(), m, behavior_, invert_, out);
    });
  }

 private:
  Regex regex_;
  SplitBehavior behavior_;
  bool invert_;
};

class ByteLevelPre final : public PreTokenizer {
 public:
  ByteLevelPre(bool addPrefixSpace, bool useRegex)
      : addPrefixSpace_(addPrefixSpace), regex_(useRegex ? std::make_unique<Regex>(kGpt2Pattern, "ByteLevel") : nullptr) {}
  void preTokenize(PreTokenized& pt) const override {
    if (addPrefixSpace_)
      for (Split& s : pt.splits) {
        if (s.addedId >= 0 || pt.text(s).starts_with(' ')) continue;
        NormalizedString ns = pt.copyOf(s);
        ns.prependAligned(" ");
        pt.replace(s, std::move(ns));
      }
    if (regex_) {
      Ranges m;
      splitEach(pt, [&](std::string_view t, Ranges& out) {
        m.clear();
        regex_->findAll(t, m);
        applySplitBehavior(t.size(), m, SplitBehavior::Isolated, false, out);
      });
    }
    for (Split& s : pt.splits)
      if (s.addedId < 0) s.byteLevel = true;
  }

 private:
  bool addPrefixSpace_;
  std::unique_ptr<Regex> regex_;
};

enum class PrependScheme { Always, First, Never };

class Metaspace final : public PreTokenizer {
 public:
  Metaspace(std::string replacement, PrependScheme scheme, bool split)
      : rep_(std::move(replacement)), scheme_(scheme), split_(split) {}
  void preTokenize(PreTokenized& pt) const override {
    for (Split& s : pt.splits) {
      if (s.addedId >= 0) continue;
      NormalizedString ns = pt.copyOf(s);
      mapSpaces(ns);
      const bool prepend = !ns.text.starts_with(rep_) &&
                           (scheme_ == PrependScheme::Always ||
                            (scheme_ == PrependScheme::First && pt.originalSpan(s, 0, 0).first == 0));
      if (prepend) ns.prependAligned(rep_);
      pt.replace(s, std::move(ns));
    }
    if (!split_) return;
    Ranges m;
    splitEach(pt, [&](std::string_view t, Ranges& out) {
      m.clear();
      for (std::size_t p = t.find(rep_); p != std::string_view::npos; p = t.find(rep_, p + rep_.size()))
        m.emplace_back(p, p + rep_.size());
      applySplitBehavior(t.size(), m, SplitBehavior::MergedWithNext, false, out);
    });
  }

 private:
  void mapSpaces(NormalizedString& ns) const {
    if (ns.text.find(' ') == std::string::npos) return;
    NormalizedString out;
    out.anchor = ns.anchor;
    for (std::size_t i = 0; i < ns.size(); ++i) {
      if (ns.text[i] == ' ') out.appendChar(rep_, ns.begin[i], ns.end[i]);
      else out.appendRange(ns, i, i + 1);
    }
    ns = std::move(out);
  }
  std::string rep_;
  PrependScheme scheme_;
  bool split_;
};

// HF UnicodeScripts: a split starts wherever the script changes, spaces (script Any) joining whatever
// surrounds them. As in the reference, a split is cut only at the first character of a known script, so
// leading spaces are dropped and a split of spaces alone vanishes.
class UnicodeScripts final : public PreTokenizer {
 public:
  void preTokenize(PreTokenized& pt) const override {
    splitEach(pt, [](std::string_view t, Ranges& out) {
      std::vector<std::size_t> cuts;
      int last = -1;  // script of the previous non-Any character; -1 before the first
      for (std::size_t i = 0; i < t.size();) {
        const std::size_t start = i;
        const int script = unicodeScriptForSplit(decodeUtf8(t, i));
        if (script == 0) continue;
        if (script != last) cuts.push_back(start);
        last = script;
      }
      cuts.push_back(t.size());
      for (std::size_t k = 0; k + 1 < cuts.size(); ++k) out.emplace_back(cuts[k], cuts[k + 1]);
    });
  }
};

class SequencePre final : public PreTokenizer {
 public:
  explicit SequencePre(std::vector<std::unique_ptr<PreTokenizer>> parts) : parts_(std::move(parts)) {}
  void preTokenize(PreTokenized& pt) const override {
    for (const auto& p : parts_) p->preTokenize(pt);
  }

 private:
  std::vector<std::unique_ptr<PreTokenizer>> parts_;
};

SplitBehavior parseBehavior(const std::string& s, const std::string& where) {
  if (s == "Removed") return SplitBehavior::Removed;
  if (s == "Isolated") return SplitBehavior::Isolated;
  if (s == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
  if (s == "MergedWithNext") return SplitBehavior::MergedWithNext;
  if (s == "Contiguous") return SplitBehavior::Contiguous;
  throw Error(where + ": unknown split behavior \"" + s + "\"");
}

// Rust regex's Unicode \w and \s, which PCRE2's UCP classes do not quite match (marks, joiners).
const char* const kWordClass = R"(\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\x{200C}\x{200D})";

std::unique_ptr<PreTokenizer> makeMetaspace(const Json& j, const std::string& where) {
  std::string rep = jsonStringOr(j, "replacement", "\xE2\x96\x81", where);
  PrependScheme scheme = PrependScheme::Always;
  if (j.contains("prepend_scheme") && j["prepend_scheme"].is_string()) {
    const std::string s = j["prepend_scheme"].get<std::string>();
    if (s == "always") scheme = PrependScheme::Always;
    else if (s == "first") scheme = PrependScheme::First;
    else if (s == "never") scheme = PrependScheme::Never;
    else throw Error(where + ": unknown prepend_scheme \"" + s + "\"");
  } else if (j.contains("add_prefix_space")) {
    scheme = jsonBoolOr(j, "add_prefix_space", true, where) ? PrependScheme::Always : PrependScheme::Never;
  }
  return std::make_unique<Metaspace>(std::move(rep), scheme, jsonBoolOr(j, "split", true, where));
}

}  // namespace

std::unique_ptr<PreTokenizer> makePreTokenizer(const Json& j, const std::string& what) {
  if (j.is_null()) return nullptr;
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) throw Error(what + ": pre_tokenizer has no \"type\"");
  const std::string type = j["type"].get<std::string>();
  const std::string where = what + ": pre_tokenizer " + type;
  if (type == "ByteLevel")
    return std::make_unique<ByteLevelPre>(jsonBoolOr(j, "add_prefix_space", true, where), jsonBoolOr(j, "use_regex", true, where));
  if (type == "Split")
    return std::make_unique<RegexSplit>(patternOf(j.value("pattern", Json()), where),
                                        parseBehavior(jsonStringOr(j, "behavior", "Isolated", where), where),
                                        jsonBoolOr(j, "invert", false, where), where);
  if (type == "Whitespace") {
    const std::string w = kWordClass;
    return std::make_unique<RegexSplit>("[" + w + "]+|[^" + w + "\\s]+", SplitBehavior::Removed, true, where);  // keep the matches
  }
  if (type == "WhitespaceSplit") return std::make_unique<CharSplit>(isWhitespace, SplitBehavior::Removed);
  if (type == "BertPreTokenizer") {
    std::vector<std::unique_ptr<PreTokenizer>> parts;
    parts.push_back(std::make_unique<CharSplit>(isWhitespace, SplitBehavior::Removed));
    parts.push_back(std::make_unique<CharSplit>(isBertPunctuation, SplitBehavior::Isolated));
    return std::make_unique<SequencePre>(std::move(parts));
  }
  if (type == "Metaspace") return makeMetaspace(j, where);
  if (type == "Punctuation")
    return std::make_unique<CharSplit>(isBertPunctuation, parseBehavior(jsonStringOr(j, "behavior", "Isolated", where), where));
  if (type == "Digits")
    return std::make_unique<CharSplit>(isDigit, jsonBoolOr(j, "individual_digits", false, where) ? SplitBehavior::Isolated
                                                                                                  : SplitBehavior::Contiguous);
  if (type == "CharDelimiterSplit") {
    const std::string d = jsonStringOr(j, "delimiter", " ", where);
    std::size_t i = 0;
    const char32_t c = d.empty() ? U' ' : decodeUtf8(d, i);
    return std::make_unique<CharSplit>([c](char32_t x) { return x == c; }, SplitBehavior::Removed);
  }
  if (type == "UnicodeScripts") return std::make_unique<UnicodeScripts>();
  if (type == "Sequence") {
    if (!j.contains("pretokenizers") || !j["pretokenizers"].is_array()) throw Error(where + ": \"pretokenizers\" must be a list");
    std::vector<std::unique_ptr<PreTokenizer>> parts;
    for (const auto& p : j["pretokenizers"])
      if (auto q = makePreTokenizer(p, what)) parts.push_back(std::move(q));
    return std::make_unique<SequencePre>(std::move(parts));
  }
  throw Error(what + ": unknown pre_tokenizer type \"" + type +
              "\" (supported: ByteLevel, Split, Whitespace, WhitespaceSplit, BertPreTokenizer, Metaspace, Punctuation, "
              "Digits, CharDelimiterSplit, UnicodeScripts, Sequence)");
}

}  // namespace glassbox::tok
