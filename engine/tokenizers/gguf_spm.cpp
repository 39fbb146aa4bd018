// tokenizer.ggml.model "llama": SentencePiece-style vocabularies with scores, as llama.cpp tokenizes them
// (llm_tokenizer_spm): special and user-defined tokens are cut out of the text first; each remaining
// fragment gets a leading space when it follows a special token or starts the text (add_space_prefix),
// spaces become U+2581, every UTF-8 character starts as one symbol, and the adjacent pair whose
// concatenation is a token with the highest score merges first (ties: leftmost). Symbols that are not
// tokens fall back to their bytes as <0xNN> tokens.
#include <algorithm>
#include <queue>
#include <unordered_map>

#include "core/error.h"
#include "core/json_util.h"
#include "core/utf8.h"
#include "tokenizers/added_tokens.h"
#include "tokenizers/encoding_ops.h"
#include "tokenizers/gguf_vocab.h"
#include "tokenizers/normalized_string.h"
#include "tokenizers/tokenizer_internal.h"

namespace glassbox::tok {

namespace {

constexpr const char* kSpace = "\xE2\x96\x81";  // U+2581, SentencePiece's visible space

class GgufSpmTokenizer final : public Tokenizer {
 public:
  explicit GgufSpmTokenizer(GgufVocab v);

  std::size_t addedTokenCount(bool pair) const override {
    return (pair ? 2 : 1) * ((addBos_ ? 1 : 0) + (addEos_ ? 1 : 0));
  }
  std::string decode(std::span<const int> ids, bool skipSpecialTokens = false) const override;
  int vocabSize() const override { return static_cast<int>(v_.tokens.size()); }
  std::string tokenRaw(int id) const override { return valid(id) ? v_.tokens[static_cast<std::size_t>(id)] : std::string(); }
  std::string tokenBytes(int id) const override { return valid(id) ? bytes_[static_cast<std::size_t>(id)] : std::string(); }
  bool isSpecial(int id) const override {
    if (!valid(id)) return false;
    const int t = v_.types[static_cast<std::size_t>(id)];
    return t == static_cast<int>(GgufTokenType::Control) || t == static_cast<int>(GgufTokenType::Unknown);
  }
  std::optional<int> tokenId(std::string_view raw) const override { return lookup(raw); }
  std::optional<int> bosId() const override { return v_.bos; }
  std::optional<int> eosId() const override { return v_.eos; }
  std::string kind() const override { return "SentencePiece (GGUF)"; }

 protected:
  Encoding encodeSequence(std::string_view text) const override;
  Encoding postProcess(Encoding first, std::optional<Encoding> second, bool addSpecialTokens) const override;

 private:
  bool valid(int id) const { return id >= 0 && id < vocabSize(); }
  std::optional<int> lookup(std::string_view s) const {
    auto it = index_.find(s);
    return it == index_.end() ? std::nullopt : std::optional<int>(it->second);
  }
  int byteToken(unsigned char b) const;
  void tokenizeFragment(const NormalizedString& s, Encoding& enc) const;
  void append(Encoding& enc, int id, std::size_t b, std::size_t e) const;

  GgufVocab v_;
  std::vector<std::string> bytes_;  // [V] what each token stands for in text
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> index_;  // first id of each string
  AddedVocabulary specials_;        // control, unknown and user-defined tokens, matched in the text
  bool addSpacePrefix_ = true, addBos_ = true, addEos_ = false;
};

GgufSpmTokenizer::GgufSpmTokenizer(GgufVocab v) : v_(std::move(v)) {
  addSpacePrefix_ = v_.addSpacePrefix.value_or(true);
  addBos_ = v_.addBos.value_or(true) && v_.bos;
  addEos_ = v_.addEos.value_or(false) && v_.eos;
  if (!v_.bos) v_.bos = vocabSize() > 1 ? std::optional<int>(1) : std::nullopt;  // llama.cpp's defaults
  if (!v_.eos) v_.eos = vocabSize() > 2 ? std::optional<int>(2) : std::nullopt;
  if (!v_.unk) v_.unk = 0;
  Json list = Json::array();
  bytes_.resize(v_.tokens.size());
  for (std::size_t id = 0; id < v_.tokens.size(); ++id) {
    const std::string& t = v_.tokens[id];
    index_.emplace(t, static_cast<int>(id));
    const int type = v_.types[id];
    const bool special = type == static_cast<int>(GgufTokenType::Control) || type == static_cast<int>(GgufTokenType::Unknown);
    if ((special || type == static_cast<int>(GgufTokenType::UserDefined)) && !t.empty())
      list.push_back({{"id", id}, {"content", t}, {"special", special}, {"normalized", false}});
    const int b = parseByteToken(t);
    if (type == static_cast<int>(GgufTokenType::Byte) && b >= 0) {
      bytes_[id] = std::string(1, static_cast<char>(b));
    } else if (special || type == static_cast<int>(GgufTokenType::UserDefined)) {
      bytes_[id] = t;
    } else {
      std::string s = t;
      for (std::size_t p = s.find(kSpace); p != std::string::npos; p = s.find(kSpace, p + 1)) s.replace(p, 3, " ");
      bytes_[id] = std::move(s);
    }
  }
  specials_.load(list, v_.path);
}

int GgufSpmTokenizer::byteToken(unsigned char b) const {
  static const char* const hex = "0123456789ABCDEF";
  const char name[7] = {'<', '0', 'x', hex[b >> 4], hex[b & 15], '>', 0};
  if (auto id = lookup(name)) return *id;
  if (auto id = lookup(std::string_view(reinterpret_cast<const char*>(&b), 1))) return *id;
  return *v_.unk;
}

void GgufSpmTokenizer::append(Encoding& enc, int id, std::size_t b, std::size_t e) const {
  pushToken(enc, makePiece(id, tokenRaw(id), tokenBytes(id), b, e, isSpecial(id)), 0, 1, 0, 0);
}

// llama.cpp's SPM merge loop on one escaped fragment. Symbols are byte spans of s.text.
void GgufSpmTokenizer::tokenizeFragment(const NormalizedString& s, Encoding& enc) const {
  struct Symbol {
    int prev, next;
    std::uint32_t b, n;  // span in s.text; n = 0 once merged away
  };
  struct Bigram {
    int left, right;
    float score;
    std::uint32_t size;
    bool operator<(const Bigram& o) const { return score < o.score || (score == o.score && left > o.left); }
  };
  std::vector<Symbol> sym;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = std::max<std::size_t>(1, utf8SequenceLength(s.text, i));
    const int k = static_cast<int>(sym.size());
    sym.push_back({k - 1, i + len < s.size() ? k + 1 : -1, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(len)});
    i += len;
  }
  std::priority_queue<Bigram> queue;
  auto tryPair = [&](int l, int r) {
    if (l < 0 || r < 0) return;
    const std::string_view text = std::string_view(s.text).substr(sym[l].b, sym[l].n + sym[r].n);
    if (auto id = lookup(text)) queue.push({l, r, v_.scores[static_cast<std::size_t>(*id)], static_cast<std::uint32_t>(text.size())});
  };
  for (int i = 1; i < static_cast<int>(sym.size()); ++i) tryPair(i - 1, i);
  while (!queue.empty()) {
    const Bigram g = queue.top();
    queue.pop();
    Symbol& L = sym[g.left];
    Symbol& R = sym[g.right];
    if (L.n == 0 || R.n == 0 || L.n + R.n != g.size) continue;  // stale: one side merged meanwhile
    L.n += R.n;
    R.n = 0;
    L.next = R.next;
    if (R.next >= 0) sym[R.next].prev = g.left;
    tryPair(L.prev, g.left);
    tryPair(g.left, L.next);
  }
  for (int i = sym.empty() ? -1 : 0; i >= 0; i = sym[i].next) {
    const Symbol& x = sym[i];
    const std::string_view text = std::string_view(s.text).substr(x.b, x.n);
    if (auto id = lookup(text)) {
      const auto [b, e] = s.originalSpan(x.b, x.b + x.n);
      append(enc, *id, b, e);
      continue;
    }
    for (std::uint32_t k = 0; k < x.n; ++k) {
      const auto [b, e] = s.originalSpan(x.b + k, x.b + k + 1);
      append(enc, byteToken(static_cast<unsigned char>(text[k])), b, e);
    }
  }
}

// BOS / EOS around each sequence as llama.cpp adds them (add_bos_token, add_eos_token); a pair's second
// sequence gets type id 1.
Encoding GgufSpmTokenizer::postProcess(Encoding first, std::optional<Encoding> second, bool addSpecialTokens) const {
  Encoding out;
  auto special = [&](Encoding& e, int id, std::size_t at, int type) {
    pushToken(e, makePiece(id, tokenRaw(id), tokenBytes(id), at, at, true), type, 1, 1, -1);
  };
  auto wrap = [&](Encoding seq, int type) {
    const std::size_t end = seq.tokens.empty() ? 0 : seq.tokens.back().end;
    if (addSpecialTokens && addBos_ && v_.bos) special(out, *v_.bos, 0, type);
    if (type == 1) {
      seq.typeIds.assign(seq.ids.size(), 1);
      seq.sequenceIds.assign(seq.ids.size(), 1);
    }
    mergeEncoding(out, std::move(seq));
    if (addSpecialTokens && addEos_ && v_.eos) special(out, *v_.eos, end, type);
  };
  wrap(std::move(first), 0);
  if (second) wrap(std::move(*second), 1);
  return out;
}

Encoding GgufSpmTokenizer::encodeSequence(std::string_view text) const {
  Encoding enc;
  const NormalizedString all = NormalizedString::fromOriginal(text, 0, enc.inputHadInvalidUtf8);
  std::vector<AddedMatch> matches;
  specials_.find(all.text, false, matches);
  bool afterSpecial = true;  // the text's start counts as "after a special token"
  std::size_t pos = 0;
  auto fragment = [&](std::size_t b, std::size_t e) {
    if (e <= b) return;
    NormalizedString s;
    const auto [ob, oe] = all.originalSpan(b, b);
    if (addSpacePrefix_ && afterSpecial) s.appendChar(kSpace, static_cast<std::uint32_t>(ob), static_cast<std::uint32_t>(oe));
    for (std::size_t i = b; i < e; ++i) {
      if (all.text[i] == ' ') s.appendChar(kSpace, all.begin[i], all.end[i]);
      else s.appendRange(all, i, i + 1);
    }
    tokenizeFragment(s, enc);
    afterSpecial = false;
  };
  for (const AddedMatch& m : matches) {
    fragment(pos, m.b);
    const auto [b, e] = all.originalSpan(m.b, m.e);
    append(enc, m.id, b, e);
    afterSpecial = true;
    pos = m.e;
  }
  fragment(pos, all.size());
  return enc;
}

// SentencePiece's decode: pieces concatenated, U+2581 as spaces, the leading space of the first piece
// of the text (or after BOS) removed when the tokenizer adds one.
std::string GgufSpmTokenizer::decode(std::span<const int> ids, bool skipSpecialTokens) const {
  std::string out;
  bool first = true;
  for (int id : ids) {
    if (!valid(id)) continue;
    if (isSpecial(id)) {
      if (!skipSpecialTokens) out += tokenRaw(id);
      continue;
    }
    std::string piece = tokenBytes(id);
    if (first && addSpacePrefix_ && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
    first = false;
    out += piece;
  }
  return out;
}

}  // namespace

std::shared_ptr<const Tokenizer> makeGgufSpmTokenizer(GgufVocab vocab) {
  return std::make_shared<GgufSpmTokenizer>(std::move(vocab));
}

}  // namespace glassbox::tok
