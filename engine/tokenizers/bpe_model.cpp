// BPE as in the Rust `tokenizers` library: characters (or bytes through the byte-level map) looked up in
// the vocabulary with continuing_subword_prefix / end_of_word_suffix, unknown characters to byte tokens
// (byte_fallback) or to unk_token (fused when fuse_unk), then merges applied lowest rank first.
#include <array>
#include <cstdio>
#include <mutex>

#include "core/error.h"
#include "core/utf8.h"
#include "tokenizers/bpe_merge.h"
#include "tokenizers/byte_level.h"
#include "tokenizers/models.h"

namespace glassbox::tok {

namespace {

constexpr std::size_t kCacheCapacity = 1 << 16;  // words; cleared when full
constexpr std::size_t kMaxCachedWordBytes = 256;

// (leftId << 32 | rightId) -> (rank, merged id): open addressing, linear probing, at most half full. Flat
// so that loading 280k merges allocates once and a lookup touches one cache line.
class MergeTable {
 public:
  struct Merge {
    int rank, newId;
  };
  void reserve(std::size_t n) {
    std::size_t want = 16;
    while (want < 2 * n) want *= 2;
    if (want > slots_.size()) grow(want);
  }
  // Keeps the first (lowest-rank) entry for a pair, as a map's emplace did.
  void insert(std::uint64_t key, Merge m) {
    if (2 * (count_ + 1) > slots_.size()) grow(std::max<std::size_t>(16, slots_.size() * 2));
    std::size_t i = slotOf(key);
    for (; slots_[i].key != kEmpty; i = (i + 1) & (slots_.size() - 1))
      if (slots_[i].key == key) return;
    slots_[i] = {key, m};
    ++count_;
  }
  const Merge* find(std::uint64_t key) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = slotOf(key);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i].key == key) return &slots_[i].merge;
      if (slots_[i].key == kEmpty) return nullptr;
    }
  }

 private:
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};  // ids are < 2^24, so no real key is all ones
  struct Slot {
    std::uint64_t key = kEmpty;
    Merge merge{};
  };
  std::size_t slotOf(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 20) & (slots_.size() - 1);
  }
  void grow(std::size_t n) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(n, Slot{});
    count_ = 0;
    for (const Slot& sl : old)
      if (sl.key != kEmpty) insert(sl.key, sl.merge);
  }
  std::vector<Slot> slots_;
  std::size_t count_ = 0;
};

class BpeModel final : public Model {
 public:
  BpeModel(const Json& j, const std::string& what, const ModelTables* tables);
  void tokenize(std::string_view text, bool byteLevel, std::vector<ModelToken>& out) const override;
  std::string kind() const override { return "BPE"; }
  std::string continuingPrefix() const override { return prefix_; }
  std::string endOfWordSuffix() const override { return suffix_; }

 private:
  void initSymbols(std::string_view text, bool byteLevel, std::vector<BpeSymbol>& syms) const;
  void tokenizeUncached(std::string_view text, bool byteLevel, std::vector<ModelToken>& out) const;

  MergeTable merges_;  // (leftId, rightId) -> rank, merged id
  std::string prefix_, suffix_;
  std::optional<int> unk_;
  bool fuseUnk_ = false, byteFallback_ = false, ignoreMerges_ = false;
  std::array<int, 256> byteLevelIds_{};   // id of each byte's byte-level character (-1 if absent)
  std::array<int, 256> byteTokenIds_{};   // id of "<0xNN>" (-1 if absent)

  mutable std::mutex cacheMutex_;
  mutable std::array<std::unordered_map<std::string, std::vector<ModelToken>, StringHash, std::equal_to<>>, 2> cache_;
};

std::uint64_t pairKey(int a, int b) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}

// Merges come as "a b" strings or as [a, b] pairs. The views point into the JSON value.
std::pair<std::string_view, std::string_view> parseMerge(const Json& m, std::size_t index, const std::string& what) {
  if (m.is_string()) {
    const std::string_view s = m.get_ref<const std::string&>();
    const auto sp = s.find(' ', 1);
    if (sp == std::string::npos)
      throw Error(what + ": model.merges[" + std::to_string(index) + "] \"" + std::string(s) + "\" is not \"a b\"");
    return {s.substr(0, sp), s.substr(sp + 1)};
  }
  if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string())
    return {m[0].get_ref<const std::string&>(), m[1].get_ref<const std::string&>()};
  throw Error(what + ": model.merges[" + std::to_string(index) + "] must be \"a b\" or [a, b]");
}

std::string optString(const Json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

BpeModel::BpeModel(const Json& j, const std::string& what, const ModelTables* tables) {
  loadVocabObject(j, tables, "BPE", vocab_, what);
  prefix_ = optString(j, "continuing_subword_prefix");
  suffix_ = optString(j, "end_of_word_suffix");
  if (j.contains("unk_token") && j["unk_token"].is_string()) unk_ = vocab_.find(j["unk_token"].get<std::string>());
  fuseUnk_ = jsonBoolOr(j, "fuse_unk", false, what);
  byteFallback_ = jsonBoolOr(j, "byte_fallback", false, what);
  ignoreMerges_ = jsonBoolOr(j, "ignore_merges", false, what);
  std::string merged;
  auto addMerge = [&](std::string_view a, std::string_view b, std::size_t r) {
    const auto ia = vocab_.find(a), ib = vocab_.find(b);
    if (!ia || !ib) throw Error(what + ": model.merges[" + std::to_string(r) + "] uses a token missing from the vocabulary");
    merged.assign(a);
    merged.append(b, b.starts_with(prefix_) ? prefix_.size() : 0);
    const auto im = vocab_.find(merged);
    if (!im) throw Error(what + ": model.merges[" + std::to_string(r) + "] makes \"" + merged + "\", not in the vocabulary");
    merges_.insert(pairKey(*ia, *ib), {static_cast<int>(r), *im});
  };
  if (tables && tables->merges) {
    merges_.reserve(tables->merges->size());
    for (std::size_t r = 0; r < tables->merges->size(); ++r) addMerge((*tables->merges)[r].first, (*tables->merges)[r].second, r);
  } else {
    const Json& merges = j.contains("merges") ? j["merges"] : Json::array();
    if (!merges.is_array()) throw Error(what + ": model.merges must be a list");
    merges_.reserve(merges.size());
    for (std::size_t r = 0; r < merges.size(); ++r) {
      const auto [a, b] = parseMerge(merges[r], r, what);
      addMerge(a, b, r);
    }
  }
  for (int b = 0; b < 256; ++b) {
    byteLevelIds_[static_cast<std::size_t>(b)] = vocab_.find(byteLevelChar(static_cast<unsigned char>(b))).value_or(-1);
    char buf[8];
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    byteTokenIds_[static_cast<std::size_t>(b)] = vocab_.find(buf).value_or(-1);
  }
}

void BpeModel::initSymbols(std::string_view text, bool byteLevel, std::vector<BpeSymbol>& syms) const {
  const bool plain = prefix_.empty() && suffix_.empty();
  std::string s;
  std::optional<BpeSymbol> pendingUnk;
  auto push = [&](int id, std::size_t b, std::size_t e) {
    syms.push_back({id, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)});
  };
  auto flushUnk = [&] {
    if (pendingUnk) syms.push_back(*pendingUnk);
    pendingUnk.reset();
  };
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t len = byteLevel ? 1 : std::max<std::size_t>(1, utf8SequenceLength(text, i));
    const std::size_t end = i + len;
    std::optional<int> id;
    if (byteLevel && plain) {
      const int v = byteLevelIds_[static_cast<unsigned char>(text[i])];
      if (v >= 0) id = v;
      s = byteLevelChar(static_cast<unsigned char>(text[i]));
    } else {
      s.clear();
      if (i > 0) s += prefix_;
      if (byteLevel) s += byteLevelChar(static_cast<unsigned char>(text[i]));
      else s.append(text.substr(i, len));
      if (end == text.size()) s += suffix_;
      id = vocab_.find(s);
    }
    if (id) {
      flushUnk();
      push(*id, i, end);
    } else {
      bool done = false;
      if (byteFallback_) {
        bool all = true;
        for (unsigned char c : s) all = all && byteTokenIds_[c] >= 0;
        if (all && s.size() == len) {
          for (std::size_t k = 0; k < len; ++k) push(byteTokenIds_[static_cast<unsigned char>(s[k])], i + k, i + k + 1);
          done = true;
        }
      }
      if (!done && unk_) {
        if (pendingUnk && fuseUnk_) {
          pendingUnk->end = static_cast<std::uint32_t>(end);
        } else {
          flushUnk();
          pendingUnk = BpeSymbol{*unk_, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end)};
        }
      }
    }
    i = end;
  }
  flushUnk();
}

void BpeModel::tokenizeUncached(std::string_view text, bool byteLevel, std::vector<ModelToken>& out) const {
  if (ignoreMerges_) {
    const auto whole = byteLevel ? vocab_.find(byteLevelEncode(text)) : vocab_.find(text);
    if (whole) {
      out.push_back({*whole, 0, static_cast<std::uint32_t>(text.size())});
      return;
    }
  }
  std::vector<BpeSymbol> syms;
  syms.reserve(text.size());
  initSymbols(text, byteLevel, syms);
  for (std::size_t i = 0; i < syms.size(); ++i) {
    syms[i].prev = static_cast<int>(i) - 1;
    syms[i].next = i + 1 < syms.size() ? static_cast<int>(i) + 1 : -1;
  }
  if (syms.size() > 1)
    bpeMerge(syms, [&](int a, int b, const BpeSymbol&, const BpeSymbol&) -> std::optional<BpeCandidate> {
      const MergeTable::Merge* m = merges_.find(pairKey(a, b));
      if (!m) return std::nullopt;
      return BpeCandidate{static_cast<double>(m->rank), m->newId};
    });
  for (int i = syms.empty() ? -1 : 0; i >= 0; i = syms[static_cast<std::size_t>(i)].next)
    out.push_back({syms[static_cast<std::size_t>(i)].id, syms[static_cast<std::size_t>(i)].begin, syms[static_cast<std::size_t>(i)].end});
}

void BpeModel::tokenize(std::string_view text, bool byteLevel, std::vector<ModelToken>& out) const {
  if (text.size() > kMaxCachedWordBytes) {
    tokenizeUncached(text, byteLevel, out);
    return;
  }
  auto& cache = cache_[byteLevel ? 1 : 0];
  {
    std::lock_guard lock(cacheMutex_);
    auto it = cache.find(text);
    if (it != cache.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  const std::size_t first = out.size();
  tokenizeUncached(text, byteLevel, out);
  std::lock_guard lock(cacheMutex_);
  if (cache.size() >= kCacheCapacity) cache.clear();
  cache.emplace(std::string(text), std::vector<ModelToken>(out.begin() + static_cast<std::ptrdiff_t>(first), out.end()));
}

}  // namespace

std::unique_ptr<Model> makeBpe(const Json& j, const std::string& what, const ModelTables* tables) {
  return std::make_unique<BpeModel>(j, what, tables);
}

std::unique_ptr<Model> makeModel(const Json& j, const std::string& what, const ModelTables* tables) {
  if (!j.is_object()) throw Error(what + ": \"model\" must be an object");
  std::string type = j.contains("type") && j["type"].is_string() ? j["type"].get<std::string>() : "";
  if (type.empty()) {  // older files omit the type; infer it from the fields
    if (j.contains("merges")) type = "BPE";
    else if (j.contains("vocab") && j["vocab"].is_array()) type = "Unigram";
    else if (j.contains("max_input_chars_per_word")) type = "WordPiece";
  }
  if (type == "BPE") return makeBpe(j, what, tables);
  if (type == "WordPiece") return makeWordPiece(j, what, tables);
  if (type == "Unigram") return makeUnigram(j, what);
  if (type == "WordLevel") return makeWordLevel(j, what, tables);
  throw Error(what + ": unknown model type \"" + type + "\" (supported: BPE, WordPiece, Unigram, WordLevel)");
}

}  // namespace glassbox::tok
