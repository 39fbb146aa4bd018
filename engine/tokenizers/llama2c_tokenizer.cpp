#include "tokenizers/llama2c_tokenizer.h"

#include <cstring>

#include "core/error.h"
#include "core/utf8.h"
#include "tokenizers/bpe_merge.h"
#include "tokenizers/encoding_ops.h"
#include "tokenizers/normalized_string.h"

namespace glassbox::tok {

namespace {
constexpr std::int32_t kMaxVocab = 1 << 22;  // 4M tokens: far above any real vocabulary
constexpr std::int32_t kMaxTokenLength = 1 << 16;

template <class T>
T readScalar(std::string_view bytes, std::size_t& pos, const std::string& path, const char* field) {
  if (bytes.size() - pos < sizeof(T))
    failFile(path, std::string("truncated llama2.c tokenizer: file ends inside ") + field + " at byte " +
                       std::to_string(pos) + " (hint: the file is incomplete or not a tokenizer.bin)");
  T v;
  std::memcpy(&v, bytes.data() + pos, sizeof(T));
  pos += sizeof(T);
  return v;
}
}  // namespace

std::shared_ptr<const Tokenizer> Llama2cTokenizer::parse(std::string_view bytes, const std::string& path) {
  auto t = std::make_shared<Llama2cTokenizer>();
  std::size_t pos = 0;
  const auto maxLen = readScalar<std::int32_t>(bytes, pos, path, "max_token_length");
  if (maxLen <= 0 || maxLen > kMaxTokenLength)
    failFile(path, "llama2.c tokenizer max_token_length " + std::to_string(maxLen) + " is outside 1.." +
                       std::to_string(kMaxTokenLength) + " (hint: not a tokenizer.bin?)");
  while (pos < bytes.size()) {
    if (static_cast<std::int32_t>(t->pieces_.size()) >= kMaxVocab)
      failFile(path, "llama2.c tokenizer has more than " + std::to_string(kMaxVocab) + " tokens");
    const std::string field = "token " + std::to_string(t->pieces_.size());
    const auto score = readScalar<float>(bytes, pos, path, (field + " score").c_str());
    const auto len = readScalar<std::int32_t>(bytes, pos, path, (field + " length").c_str());
    if (len < 0 || len > maxLen || static_cast<std::size_t>(len) > bytes.size() - pos)
      failFile(path, field + " has length " + std::to_string(len) + " but max_token_length is " +
                         std::to_string(maxLen) + " and " + std::to_string(bytes.size() - pos) +
                         " bytes remain (hint: the file is truncated or corrupted)");
    t->pieces_.emplace_back(bytes.substr(pos, static_cast<std::size_t>(len)));
    t->scores_.push_back(score);
    pos += static_cast<std::size_t>(len);
  }
  if (t->pieces_.size() < 3 + 256)
    failFile(path, "llama2.c tokenizer has " + std::to_string(t->pieces_.size()) +
                       " tokens; expected at least 259 (<unk>, <s>, </s> and 256 byte tokens)");
  for (int i = 0; i < static_cast<int>(t->pieces_.size()); ++i) t->index_.emplace(t->pieces_[i], i);
  t->roles_.unk = 0;  // run.c's fixed layout: <unk>, <s>, </s>
  return t;
}

int Llama2cTokenizer::lookup(std::string_view s) const {
  auto it = index_.find(s);
  return it == index_.end() ? -1 : it->second;
}

Encoding Llama2cTokenizer::encodeSequence(std::string_view text) const {
  Encoding enc;
  NormalizedString s = NormalizedString::fromOriginal(text, 0, enc.inputHadInvalidUtf8);
  if (!s.empty()) {  // dummy prefix, aligned to an empty span at 0
    NormalizedString p;
    p.appendChar(" ", 0, 0);
    p.appendRange(s, 0, s.size());
    s = std::move(p);
  }
  // One symbol per character, or per byte when the character is not in the vocabulary.
  std::vector<BpeSymbol> syms;
  syms.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = utf8SequenceLength(s.text, i);
    const int id = lookup(std::string_view(s.text).substr(i, len));
    if (id >= 0) {
      syms.push_back({id, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + len)});
    } else {
      for (std::size_t k = 0; k < len; ++k)
        syms.push_back({static_cast<unsigned char>(s.text[i + k]) + 3, static_cast<std::uint32_t>(i + k),
                        static_cast<std::uint32_t>(i + k + 1)});
    }
    i += len;
  }
  for (std::size_t i = 0; i < syms.size(); ++i) {
    syms[i].prev = static_cast<int>(i) - 1;
    syms[i].next = i + 1 < syms.size() ? static_cast<int>(i) + 1 : -1;
  }
  std::string scratch;
  // As run.c, candidates are the concatenated vocabulary strings (so byte tokens merge as "<0xE2><0x82>").
  bpeMerge(syms, [&](int a, int b, const BpeSymbol&, const BpeSymbol&) -> std::optional<BpeCandidate> {
    scratch = pieces_[static_cast<std::size_t>(a)];
    scratch += pieces_[static_cast<std::size_t>(b)];
    const int id = lookup(scratch);
    if (id < 0) return std::nullopt;
    return BpeCandidate{-static_cast<double>(scores_[static_cast<std::size_t>(id)]), id};
  });
  for (int i = syms.empty() ? -1 : 0; i >= 0; i = syms[static_cast<std::size_t>(i)].next) {
    const BpeSymbol& sym = syms[static_cast<std::size_t>(i)];
    const auto [b, e] = s.originalSpan(sym.begin, sym.end);
    pushToken(enc, makePiece(sym.id, tokenRaw(sym.id), tokenBytes(sym.id), b, e, isSpecial(sym.id)), 0, 1, 0, 0);
  }
  return enc;
}

Encoding Llama2cTokenizer::postProcess(Encoding first, std::optional<Encoding> second, bool addSpecialTokens) const {
  Encoding out;
  if (addSpecialTokens) pushToken(out, makePiece(1, pieces_[1], pieces_[1], 0, 0, true), 0, 1, 1, -1);
  mergeEncoding(out, std::move(first));
  if (second) {
    second->typeIds.assign(second->ids.size(), 1);
    second->sequenceIds.assign(second->ids.size(), 1);
    mergeEncoding(out, std::move(*second));
  }
  return out;
}

std::string Llama2cTokenizer::decode(std::span<const int> ids, bool skipSpecialTokens) const {
  std::string out;
  int prev = -1;
  for (int id : ids) {
    if (id < 0 || id >= vocabSize()) {
      prev = id;
      continue;
    }
    if (!(skipSpecialTokens && isSpecial(id))) {
      std::string piece = tokenBytes(id);
      // SentencePiece strips the leading space of the piece that follows BOS (run.c decode()).
      if (prev == 1 && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
      out += piece;
    }
    prev = id;
  }
  return out;
}

std::string Llama2cTokenizer::tokenRaw(int id) const {
  return id >= 0 && id < vocabSize() ? pieces_[static_cast<std::size_t>(id)] : std::string();
}

std::string Llama2cTokenizer::tokenBytes(int id) const {
  if (id < 0 || id >= vocabSize()) return {};
  const std::string& raw = pieces_[static_cast<std::size_t>(id)];
  const int b = parseByteToken(raw);
  return b >= 0 ? std::string(1, static_cast<char>(b)) : raw;
}

std::optional<int> Llama2cTokenizer::tokenId(std::string_view raw) const {
  const int id = lookup(raw);
  return id < 0 ? std::nullopt : std::optional<int>(id);
}

}  // namespace glassbox::tok
