#include "tokenizers/decoders.h"

#include "core/error.h"
#include "core/utf8.h"
#include "tokenizers/byte_level.h"
#include "tokenizers/normalizers.h"
#include "tokenizers/regex.h"
#include "tokenizers/tokenizer_internal.h"

namespace glassbox::tok {

namespace {

void replaceAll(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  std::size_t p = s.find(from);
  if (p == std::string::npos) return;
  std::string out;
  std::size_t pos = 0;
  for (; p != std::string::npos; p = s.find(from, pos)) {
    out.append(s, pos, p - pos);
    out.append(to);
    pos = p + from.size();
  }
  out.append(s, pos);
  s = std::move(out);
}

class ByteLevelDec final : public Decoder {
 public:
  void decodeChain(std::vector<std::string>& tokens) const override {
    std::string bytes;
    for (const auto& t : tokens) {
      std::string one;
      if (byteLevelDecode(t, one)) bytes += one;
      else bytes += t;
    }
    tokens.assign(1, sanitizeUtf8(bytes));
  }
};

class MetaspaceDec final : public Decoder {
 public:
  MetaspaceDec(std::string rep, bool stripFirst) : rep_(std::move(rep)), stripFirst_(stripFirst) {}
  void decodeChain(std::vector<std::string>& tokens) const override {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      replaceAll(tokens[i], rep_, " ");
      if (i == 0 && stripFirst_ && !tokens[i].empty() && tokens[i][0] == ' ') tokens[i].erase(0, 1);
    }
  }

 private:
  std::string rep_;
  bool stripFirst_;
};

// The WordPiece decoder's cleanup of tokenization artifacts (spaces before punctuation, split contractions).
void wordPieceCleanup(std::string& t) {
  for (auto [from, to] : {std::pair{" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"},
                          {" 'm", "'m"}, {" do not", " don't"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}})
    replaceAll(t, from, to);
}

class WordPieceDec final : public Decoder {
 public:
  WordPieceDec(std::string prefix, bool cleanup) : prefix_(std::move(prefix)), cleanup_(cleanup) {}
  void decodeChain(std::vector<std::string>& tokens) const override {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      std::string& t = tokens[i];
      if (i > 0) {
        if (t.starts_with(prefix_)) t.erase(0, prefix_.size());
        else t.insert(0, " ");
      }
      if (cleanup_) wordPieceCleanup(t);
    }
  }

 private:
  std::string prefix_;
  bool cleanup_;
};

class ByteFallbackDec final : public Decoder {
 public:
  void decodeChain(std::vector<std::string>& tokens) const override {
    std::vector<std::string> out;
    std::string pending;
    std::size_t pendingCount = 0;
    auto flush = [&] {
      if (pendingCount == 0) return;
      if (isValidUtf8(pending)) out.push_back(pending);
      else
        for (std::size_t k = 0; k < pendingCount; ++k) out.emplace_back("\xEF\xBF\xBD");
      pending.clear();
      pendingCount = 0;
    };
    for (auto& t : tokens) {
      const int b = parseByteToken(t);
      if (b >= 0) {
        pending.push_back(static_cast<char>(b));
        ++pendingCount;
      } else {
        flush();
        out.push_back(std::move(t));
      }
    }
    flush();
    tokens = std::move(out);
  }
};

class FuseDec final : public Decoder {
 public:
  void decodeChain(std::vector<std::string>& tokens) const override {
    std::string all;
    for (const auto& t : tokens) all += t;
    tokens.assign(1, std::move(all));
  }
};

class StripDec final : public Decoder {
 public:
  StripDec(std::string content, std::size_t start, std::size_t stop) : content_(std::move(content)), start_(start), stop_(stop) {}
  void decodeChain(std::vector<std::string>& tokens) const override {
    if (content_.empty()) return;
    for (auto& t : tokens) {
      for (std::size_t k = 0; k < start_ && t.starts_with(content_); ++k) t.erase(0, content_.size());
      for (std::size_t k = 0; k < stop_ && t.ends_with(content_); ++k) t.erase(t.size() - content_.size());
    }
  }

 private:
  std::string content_;
  std::size_t start_, stop_;
};

class ReplaceDec final : public Decoder {
 public:
  ReplaceDec(const std::string& pattern, std::string content, const std::string& what)
      : regex_(pattern, what), content_(std::move(content)) {}
  void decodeChain(std::vector<std::string>& tokens) const override {
    std::vector<std::pair<std::size_t, std::size_t>> m;
    for (auto& t : tokens) {
      if (!isValidUtf8(t)) continue;  // the matcher requires valid UTF-8
      m.clear();
      regex_.findAll(t, m);
      if (m.empty()) continue;
      std::string out;
      std::size_t pos = 0;
      for (auto [b, e] : m) {
        out.append(t, pos, b - pos);
        out += content_;
        pos = e;
      }
      out.append(t, pos);
      t = std::move(out);
    }
  }

 private:
  Regex regex_;
  std::string content_;
};

class BpeDec final : public Decoder {
 public:
  explicit BpeDec(std::string suffix) : suffix_(std::move(suffix)) {}
  void decodeChain(std::vector<std::string>& tokens) const override {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      auto& t = tokens[i];
      const std::size_t p = t.find(suffix_);
      if (!suffix_.empty() && p != std::string::npos) t.replace(p, suffix_.size(), i + 1 == tokens.size() ? "" : " ");
    }
  }

 private:
  std::string suffix_;
};

// HF decoders.CTC (speech models' character output): runs of the same token collapse to one, the pad token
// is deleted, and with cleanup the WordPiece cleanup runs and the word delimiter becomes a space.
class CtcDec final : public Decoder {
 public:
  CtcDec(std::string pad, std::string delimiter, bool cleanup)
      : pad_(std::move(pad)), delimiter_(std::move(delimiter)), cleanup_(cleanup) {}
  void decodeChain(std::vector<std::string>& tokens) const override {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (i > 0 && tokens[i] == tokens[i - 1]) continue;
      std::string t = tokens[i];
      replaceAll(t, pad_, "");
      if (cleanup_) {
        wordPieceCleanup(t);
        replaceAll(t, delimiter_, " ");
      }
      if (!t.empty()) out.push_back(std::move(t));
    }
    tokens = std::move(out);
  }

 private:
  std::string pad_, delimiter_;
  bool cleanup_;
};

class SequenceDec final : public Decoder {
 public:
  explicit SequenceDec(std::vector<std::unique_ptr<Decoder>> parts) : parts_(std::move(parts)) {}
  void decodeChain(std::vector<std::string>& tokens) const override {
    for (const auto& p : parts_) p->decodeChain(tokens);
  }

 private:
  std::vector<std::unique_ptr<Decoder>> parts_;
};

}  // namespace

std::unique_ptr<Decoder> makeDecoder(const Json& j, const std::string& what) {
  if (j.is_null()) return nullptr;
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) throw Error(what + ": decoder has no \"type\"");
  const std::string type = j["type"].get<std::string>();
  const std::string where = what + ": decoder " + type;
  if (type == "ByteLevel") return std::make_unique<ByteLevelDec>();
  if (type == "Metaspace") {
    bool strip = true;
    if (j.contains("prepend_scheme") && j["prepend_scheme"].is_string()) strip = j["prepend_scheme"].get<std::string>() != "never";
    else if (j.contains("add_prefix_space")) strip = jsonBoolOr(j, "add_prefix_space", true, where);
    return std::make_unique<MetaspaceDec>(jsonStringOr(j, "replacement", "\xE2\x96\x81", where), strip);
  }
  if (type == "WordPiece") return std::make_unique<WordPieceDec>(jsonStringOr(j, "prefix", "##", where), jsonBoolOr(j, "cleanup", true, where));
  if (type == "ByteFallback") return std::make_unique<ByteFallbackDec>();
  if (type == "Fuse") return std::make_unique<FuseDec>();
  if (type == "Strip")
    return std::make_unique<StripDec>(jsonStringOr(j, "content", " ", where), static_cast<std::size_t>(jsonIntOr(j, "start", 0, where)),
                                      static_cast<std::size_t>(jsonIntOr(j, "stop", 0, where)));
  if (type == "Replace") return std::make_unique<ReplaceDec>(patternOf(j.value("pattern", Json()), where), jsonStringOr(j, "content", "", where), where);
  if (type == "BPEDecoder") return std::make_unique<BpeDec>(jsonStringOr(j, "suffix", "</w>", where));
  if (type == "CTC")
    return std::make_unique<CtcDec>(jsonStringOr(j, "pad_token", "<pad>", where), jsonStringOr(j, "word_delimiter_token", "|", where),
                                    jsonBoolOr(j, "cleanup", true, where));
  if (type == "Sequence") {
    std::vector<std::unique_ptr<Decoder>> parts;
    for (const auto& d : j.value("decoders", Json::array()))
      if (auto q = makeDecoder(d, what)) parts.push_back(std::move(q));
    return std::make_unique<SequenceDec>(std::move(parts));
  }
  throw Error(what + ": unknown decoder type \"" + type +
              "\" (supported: ByteLevel, Metaspace, WordPiece, ByteFallback, Fuse, Strip, Replace, BPEDecoder, CTC, "
              "Sequence)");
}

}  // namespace glassbox::tok
