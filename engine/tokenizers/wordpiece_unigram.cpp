// WordPiece (BERT: greedy longest match with "##" continuation pieces) and Unigram (SentencePiece:
// Viterbi over piece scores), as in the Rust `tokenizers` library.
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/error.h"
#include "core/utf8.h"
#include "tokenizers/models.h"

namespace glassbox::tok {

namespace {

class WordPieceModel final : public Model {
 public:
  WordPieceModel(const Json& j, const std::string& what, const ModelTables* tables) {
    loadVocabObject(j, tables, "WordPiece", vocab_, what);
    const std::string unk = jsonStringOr(j, "unk_token", "[UNK]", what);
    unk_ = vocab_.find(unk);
    if (!unk_) throw Error(what + ": WordPiece unk_token \"" + unk + "\" is not in the vocabulary");
    prefix_ = jsonStringOr(j, "continuing_subword_prefix", "##", what);
    maxChars_ = static_cast<std::size_t>(std::max<std::int64_t>(0, jsonIntOr(j, "max_input_chars_per_word", 100, what)));
  }
  std::string kind() const override { return "WordPiece"; }
  std::string continuingPrefix() const override { return prefix_; }

  void tokenize(std::string_view text, bool, std::vector<ModelToken>& out) const override {
    const auto n = static_cast<std::uint32_t>(text.size());
    if (utf8CodePointCount(text) > maxChars_) {
      out.push_back({*unk_, 0, n});
      return;
    }
    const std::size_t first = out.size();
    std::string s;
    for (std::size_t start = 0; start < text.size();) {
      std::size_t end = text.size();
      std::optional<int> found;
      while (start < end) {
        s.clear();
        if (start > 0) s += prefix_;
        s.append(text.substr(start, end - start));
        if ((found = vocab_.find(s))) break;
        do --end;  // previous character boundary
        while (end > start && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80);
      }
      if (!found) {
        out.resize(first);
        out.push_back({*unk_, 0, n});
        return;
      }
      out.push_back({*found, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)});
      start = end;
    }
  }

 private:
  std::optional<int> unk_;
  std::string prefix_;
  std::size_t maxChars_ = 100;
};

class UnigramModel final : public Model {
 public:
  UnigramModel(const Json& j, const std::string& what) {
    if (!j.contains("vocab") || !j["vocab"].is_array()) throw Error(what + ": Unigram model.vocab must be a list of [piece, score]");
    const Json& v = j["vocab"];
    scores_.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_array() || v[i].size() != 2 || !v[i][0].is_string() || !v[i][1].is_number())
        throw Error(what + ": Unigram model.vocab[" + std::to_string(i) + "] is not [piece, score]");
      std::string piece = v[i][0].get<std::string>();
      maxPieceBytes_ = std::max(maxPieceBytes_, piece.size());
      vocab_.add(std::move(piece), static_cast<int>(i), what);
      scores_.push_back(v[i][1].get<double>());
      minScore_ = std::min(minScore_, scores_.back());
    }
    if (j.contains("unk_id") && j["unk_id"].is_number_integer()) {
      const auto u = j["unk_id"].get<std::int64_t>();
      if (u < 0 || u >= static_cast<std::int64_t>(v.size())) throw Error(what + ": Unigram unk_id " + std::to_string(u) + " is outside the vocabulary");
      unk_ = static_cast<int>(u);
    }
    byteFallback_ = jsonBoolOr(j, "byte_fallback", false, what);
    for (int b = 0; b < 256; ++b) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "<0x%02X>", b);
      byteIds_[static_cast<std::size_t>(b)] = vocab_.find(buf).value_or(-1);
    }
  }
  std::string kind() const override { return "Unigram"; }

  void tokenize(std::string_view text, bool, std::vector<ModelToken>& out) const override;

 private:
  std::vector<double> scores_;
  double minScore_ = std::numeric_limits<double>::max();
  std::size_t maxPieceBytes_ = 0;
  std::optional<int> unk_;
  bool byteFallback_ = false;
  std::array<int, 256> byteIds_{};
};

// Viterbi: best[e] = best path over text[0, e); ties keep the first candidate found (shorter pieces and
// earlier starts first), as the reference lattice does. A position no piece covers by one character gets
// the unknown piece with score min_score - 10. Consecutive unknown pieces are fused.
void UnigramModel::tokenize(std::string_view text, bool, std::vector<ModelToken>& out) const {
  const std::size_t n = text.size();
  if (n == 0) return;
  struct Node {
    double score = 0;
    int id = -1;
    std::int64_t start = -1;
  };
  std::vector<Node> best(n + 1);
  best[0].start = 0;
  const double unkScore = minScore_ - 10.0;
  for (std::size_t s = 0; s < n;) {
    const std::size_t clen = std::max<std::size_t>(1, utf8SequenceLength(text, s));
    const double base = best[s].score;
    bool single = false;
    for (std::size_t e = s + clen; e <= n && e - s <= maxPieceBytes_;) {
      if (auto id = vocab_.find(text.substr(s, e - s))) {
        const double cand = base + scores_[static_cast<std::size_t>(*id)];
        if (best[e].start < 0 || cand > best[e].score) best[e] = {cand, *id, static_cast<std::int64_t>(s)};
        if (e - s == clen) single = true;
      }
      if (e == n) break;
      e += std::max<std::size_t>(1, utf8SequenceLength(text, e));
    }
    if (!single) {
      const std::size_t e = s + clen;
      const double cand = base + unkScore;
      if (best[e].start < 0 || cand > best[e].score) best[e] = {cand, unk_.value_or(-1), static_cast<std::int64_t>(s)};
    }
    s += clen;
  }
  // Backtrack into (start, end, id) pieces, fusing runs of unknowns.
  std::vector<ModelToken> pieces;
  for (std::size_t e = n; e > 0;) {
    const Node& node = best[e];
    const auto s = static_cast<std::size_t>(node.start);
    const bool isUnk = unk_ && node.id == *unk_;
    if (isUnk && !pieces.empty() && pieces.back().id == *unk_ && pieces.back().b == e)
      pieces.back().b = static_cast<std::uint32_t>(s);
    else
      pieces.push_back({node.id, static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(e)});
    e = s;
  }
  for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) {
    const std::string_view str = text.substr(it->b, it->e - it->b);
    const auto known = vocab_.find(str);
    if (known) {
      out.push_back({*known, it->b, it->e});
      continue;
    }
    if (byteFallback_) {
      bool all = true;
      for (unsigned char c : str) all = all && byteIds_[c] >= 0;
      if (all) {
        for (std::size_t k = 0; k < str.size(); ++k)
          out.push_back({byteIds_[static_cast<unsigned char>(str[k])], static_cast<std::uint32_t>(it->b + k),
                         static_cast<std::uint32_t>(it->b + k + 1)});
        continue;
      }
    }
    if (!unk_) throw Error("Unigram model: text has a character no piece covers and the model has no unk_id");
    out.push_back({*unk_, it->b, it->e});
  }
}

}  // namespace

std::unique_ptr<Model> makeWordPiece(const Json& j, const std::string& what, const ModelTables* tables) {
  return std::make_unique<WordPieceModel>(j, what, tables);
}
std::unique_ptr<Model> makeUnigram(const Json& j, const std::string& what) { return std::make_unique<UnigramModel>(j, what); }

}  // namespace glassbox::tok
