#define PCRE2_CODE_UNIT_WIDTH 8
#include "training/bpe_trainer.h"

#include <pcre2.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <queue>
#include <unordered_set>

#include "core/error.h"

namespace glassbox {
namespace {

std::uint64_t pairKey(int a, int b) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
}

std::string encodeUtf8(std::uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return s;
}

// GPT-2's bytes_to_unicode: printable Latin-1 bytes map to themselves, the other 68 to U+0100 upwards.
std::vector<std::string> makeByteLevelTable() {
  std::vector<std::string> table(256);
  int next = 0;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    table[static_cast<std::size_t>(b)] = encodeUtf8(printable ? static_cast<std::uint32_t>(b) : 256u + next++);
  }
  return table;
}

struct WordTable {
  std::vector<std::vector<int>> symbols;  // per distinct word
  std::vector<std::int64_t> freq;
};

WordTable countWords(const std::vector<std::string>& texts, GptPreTokenizer& pre) {
  std::map<std::string, std::int64_t> counts;  // ordered: word indices do not depend on hashing
  for (const auto& t : texts) pre.split(t, [&](std::string_view w) { ++counts[std::string(w)]; });
  WordTable table;
  for (const auto& [w, c] : counts) {
    std::vector<int> syms;
    for (unsigned char ch : w) syms.push_back(ch);
    table.symbols.push_back(std::move(syms));
    table.freq.push_back(c);
  }
  return table;
}

struct HeapEntry {
  std::int64_t count;
  std::uint64_t key;
  bool operator<(const HeapEntry& o) const {  // max count first, then smallest pair key
    return count != o.count ? count < o.count : key > o.key;
  }
};

// Replaces every non-overlapping (a, b), left to right, by m.
void mergeSymbols(std::vector<int>& s, int a, int b, int m) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
      s[out++] = m;
      ++i;
    } else {
      s[out++] = s[i];
    }
  }
  s.resize(out);
}

}  // namespace

const std::string& byteLevelChar(std::uint8_t byte) {
  static const std::vector<std::string> table = makeByteLevelTable();
  return table[byte];
}

std::string toByteLevel(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) out += byteLevelChar(c);
  return out;
}

GptPreTokenizer::GptPreTokenizer() {
  static const char kPattern[] =
      R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
  int err = 0;
  PCRE2_SIZE errOffset = 0;
  code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kPattern), PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &err,
                        &errOffset, nullptr);
  if (code_ == nullptr) throw Error("GPT-2 pre-tokenizer regex failed to compile");
  match_ = pcre2_match_data_create_from_pattern(static_cast<pcre2_code*>(code_), nullptr);
}

GptPreTokenizer::~GptPreTokenizer() {
  pcre2_match_data_free(static_cast<pcre2_match_data*>(match_));
  pcre2_code_free(static_cast<pcre2_code*>(code_));
}

void GptPreTokenizer::split(std::string_view text, const std::function<void(std::string_view)>& fn) {
  auto* code = static_cast<pcre2_code*>(code_);
  auto* md = static_cast<pcre2_match_data*>(match_);
  PCRE2_SIZE start = 0;
  std::uint32_t options = 0;
  while (start < text.size()) {
    const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), start, options, md,
                               nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) throw Error("pre-tokenizer: text is not valid UTF-8 near byte " + std::to_string(start));
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    if (ov[1] == ov[0]) break;  // the pattern never matches empty; guard anyway
    fn(text.substr(ov[0], ov[1] - ov[0]));
    start = ov[1];
    options = PCRE2_NO_UTF_CHECK;  // checked on the first call
  }
}

ByteLevelBpe ByteLevelBpe::train(const std::vector<std::string>& texts, int vocabSize,
                                 const std::function<void(int)>& progress, const std::vector<SpecialToken>& specials,
                                 const std::vector<std::string>& requiredTexts) {
  const int minimum = 256 + static_cast<int>(specials.size());
  if (vocabSize < minimum || vocabSize > 1 << 20)
    throw Error("BPE: vocabulary size " + std::to_string(vocabSize) + " outside " + std::to_string(minimum) +
                "..2^20 (256 bytes + " + std::to_string(specials.size()) + " special tokens)");
  ByteLevelBpe bpe;
  bpe.specials_ = specials;
  for (int b = 0; b < 256; ++b) bpe.tokens_.push_back(std::string(1, static_cast<char>(b)));
  WordTable words = countWords(texts, *bpe.pre_);

  std::unordered_map<std::uint64_t, std::int64_t> counts;
  std::unordered_map<std::uint64_t, std::vector<int>> where;  // pair -> words that had it (may be stale)
  for (std::size_t w = 0; w < words.symbols.size(); ++w) {
    const auto& s = words.symbols[w];
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      const auto k = pairKey(s[i], s[i + 1]);
      counts[k] += words.freq[w];
      auto& list = where[k];
      if (list.empty() || list.back() != static_cast<int>(w)) list.push_back(static_cast<int>(w));
    }
  }
  std::priority_queue<HeapEntry> heap;
  std::vector<std::uint64_t> keys;
  for (const auto& [k, c] : counts) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  for (auto k : keys) heap.push({counts[k], k});

  std::unordered_map<std::string, int> idOf;
  for (int b = 0; b < 256; ++b) idOf[bpe.tokens_[static_cast<std::size_t>(b)]] = b;
  std::vector<int> stamp(words.symbols.size(), -1);
  while (static_cast<int>(bpe.tokens_.size() + specials.size()) < vocabSize && !heap.empty()) {
    const HeapEntry top = heap.top();
    heap.pop();
    auto it = counts.find(top.key);
    if (it == counts.end() || it->second != top.count) continue;  // stale entry
    if (top.count < 2) break;
    const int a = static_cast<int>(top.key >> 32), b = static_cast<int>(top.key & 0xFFFFFFFFu);
    const std::string joined = bpe.tokens_[static_cast<std::size_t>(a)] + bpe.tokens_[static_cast<std::size_t>(b)];
    auto [idIt, isNew] = idOf.emplace(joined, static_cast<int>(bpe.tokens_.size()));
    if (isNew) bpe.tokens_.push_back(joined);
    const int m = idIt->second;
    const int rank = static_cast<int>(bpe.merges_.size());
    bpe.merges_.push_back({a, b, m, top.count});

    std::unordered_set<std::uint64_t> changed;
    const std::vector<int> candidates = where[top.key];
    for (int w : candidates) {
      if (stamp[static_cast<std::size_t>(w)] == rank) continue;
      stamp[static_cast<std::size_t>(w)] = rank;
      auto& s = words.symbols[static_cast<std::size_t>(w)];
      const std::int64_t f = words.freq[static_cast<std::size_t>(w)];
      for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        const auto k = pairKey(s[i], s[i + 1]);
        counts[k] -= f;
        changed.insert(k);
      }
      mergeSymbols(s, a, b, m);
      for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        const auto k = pairKey(s[i], s[i + 1]);
        counts[k] += f;
        changed.insert(k);
        if (s[i] == m || s[i + 1] == m) {
          auto& list = where[k];
          if (list.empty() || list.back() != w) list.push_back(w);
        }
      }
    }
    std::vector<std::uint64_t> sortedChanged(changed.begin(), changed.end());
    std::sort(sortedChanged.begin(), sortedChanged.end());
    for (auto k : sortedChanged) {
      if (counts[k] > 0) heap.push({counts[k], k});
    }
    counts.erase(top.key);
    bpe.rank_[top.key] = {rank, m};
    if (progress && bpe.merges_.size() % 256 == 0) progress(static_cast<int>(bpe.merges_.size()));
  }
  if (!requiredTexts.empty()) {
    std::vector<std::string> pieces;
    for (const auto& t : requiredTexts) bpe.pre_->split(t, [&](std::string_view p) { pieces.emplace_back(p); });
    const std::vector<BpeMerge> learned = bpe.merges_;
    const std::size_t target = static_cast<std::size_t>(vocabSize) - specials.size();
    for (std::size_t k = 0; k <= learned.size(); ++k) {
      bpe.keepLearnedMerges(learned.size() - k);
      bpe.addRequiredMerges(pieces);
      if (bpe.tokens_.size() <= target) break;
    }
    for (const auto& p : pieces)
      if (bpe.encode(p).size() != 1) throw Error("BPE: required piece '" + p + "' is not one token");
  }
  for (const auto& sp : specials) bpe.tokens_.push_back(sp.content);
  return bpe;
}

void ByteLevelBpe::keepLearnedMerges(std::size_t count) {
  const std::vector<BpeMerge> all = merges_;
  tokens_.resize(256);
  merges_.clear();
  rank_.clear();
  cache_.clear();
  requiredMerges_ = 0;
  std::unordered_map<std::string, int> idOf;
  for (int b = 0; b < 256; ++b) idOf[tokens_[static_cast<std::size_t>(b)]] = b;
  for (std::size_t r = 0; r < count && r < all.size(); ++r) {
    const BpeMerge& m = all[r];
    const std::string joined = tokenBytes(m.left) + tokenBytes(m.right);
    if (idOf.emplace(joined, static_cast<int>(tokens_.size())).second) tokens_.push_back(joined);
    merges_.push_back(m);
    rank_[pairKey(m.left, m.right)] = {static_cast<int>(r), m.merged};
  }
}

int ByteLevelBpe::addRequiredMerges(const std::vector<std::string>& pieces) {
  std::unordered_map<std::string, int> idOf;
  for (std::size_t id = 0; id < tokens_.size(); ++id) idOf.emplace(tokens_[id], static_cast<int>(id));
  int added = 0;
  for (const auto& piece : pieces) {
    std::vector<int> s = encode(piece);
    while (s.size() > 1) {
      const std::string joined = tokenBytes(s[0]) + tokenBytes(s[1]);
      auto [it, isNew] = idOf.emplace(joined, static_cast<int>(tokens_.size()));
      if (isNew) tokens_.push_back(joined);
      const int rank = static_cast<int>(merges_.size());
      merges_.push_back({s[0], s[1], it->second, 0});
      rank_[pairKey(s[0], s[1])] = {rank, it->second};
      s.erase(s.begin());
      s[0] = it->second;
      ++added;
    }
    cache_.clear();
  }
  requiredMerges_ = added;
  return added;
}

int ByteLevelBpe::specialId(std::string_view content) const {
  for (std::size_t i = 0; i < specials_.size(); ++i)
    if (specials_[i].content == content) return firstSpecialId() + static_cast<int>(i);
  throw Error("BPE: no special token " + std::string(content));
}

std::vector<int> ByteLevelBpe::encode(std::string_view text) {
  std::vector<int> ids;
  pre_->split(text, [&](std::string_view piece) {
    auto found = cache_.find(std::string(piece));
    if (found == cache_.end()) {
      std::vector<int> s;
      for (unsigned char c : piece) s.push_back(c);
      while (s.size() > 1) {
        int bestRank = -1, bestMerged = 0;
        std::size_t bestAt = 0;
        for (std::size_t i = 0; i + 1 < s.size(); ++i) {
          auto r = rank_.find(pairKey(s[i], s[i + 1]));
          if (r != rank_.end() && (bestRank < 0 || r->second.first < bestRank)) {
            bestRank = r->second.first;
            bestMerged = r->second.second;
            bestAt = i;
          }
        }
        if (bestRank < 0) break;
        mergeSymbols(s, s[bestAt], s[bestAt + 1], bestMerged);
      }
      found = cache_.emplace(std::string(piece), std::move(s)).first;
    }
    ids.insert(ids.end(), found->second.begin(), found->second.end());
  });
  return ids;
}

std::string ByteLevelBpe::decode(const std::vector<int>& ids) const {
  std::string out;
  for (int id : ids) {
    if (id >= 0 && id < vocabSize()) out += tokens_[static_cast<std::size_t>(id)];
  }
  return out;
}

void writeByteLevelTokenizerJson(const std::string& path, std::span<const std::string> tokens,
                                 const std::vector<std::pair<int, int>>& merges, const std::vector<std::string>& specials) {
  std::vector<SpecialToken> list;
  for (const auto& s : specials) list.push_back({s, false});
  writeByteLevelTokenizerJsonWithSpecials(path, tokens, merges, list);
}

void writeByteLevelTokenizerJsonWithSpecials(const std::string& path, std::span<const std::string> tokens,
                                             const std::vector<std::pair<int, int>>& merges,
                                             const std::vector<SpecialToken>& specials) {
  using nlohmann::ordered_json;
  const int n = static_cast<int>(tokens.size());
  ordered_json vocab = ordered_json::object();
  for (int id = 0; id < n; ++id) vocab[toByteLevel(tokens[static_cast<std::size_t>(id)])] = id;
  ordered_json added = ordered_json::array();
  for (std::size_t s = 0; s < specials.size(); ++s) {
    const int id = n + static_cast<int>(s);
    vocab[specials[s].content] = id;
    added.push_back(ordered_json{{"id", id}, {"content", specials[s].content}, {"single_word", false}, {"lstrip", specials[s].lstrip},
                                 {"rstrip", false}, {"normalized", true}, {"special", true}});
  }
  ordered_json mergeList = ordered_json::array();
  for (const auto& [left, right] : merges) {
    if (left < 0 || left >= n || right < 0 || right >= n)
      failFile(path, "merge (" + std::to_string(left) + ", " + std::to_string(right) + ") names a token outside 0.." +
                         std::to_string(n - 1));
    mergeList.push_back(toByteLevel(tokens[static_cast<std::size_t>(left)]) + " " +
                        toByteLevel(tokens[static_cast<std::size_t>(right)]));
  }
  auto byteLevel = [](bool prefix, bool trim) {
    return ordered_json{{"type", "ByteLevel"}, {"add_prefix_space", prefix}, {"trim_offsets", trim}, {"use_regex", true}};
  };
  ordered_json j;
  j["version"] = "1.0";
  j["truncation"] = nullptr;
  j["padding"] = nullptr;
  j["added_tokens"] = added;
  j["normalizer"] = nullptr;
  j["pre_tokenizer"] = byteLevel(false, true);
  j["post_processor"] = byteLevel(true, false);
  j["decoder"] = byteLevel(true, true);
  j["model"] = ordered_json{{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr},
      {"continuing_subword_prefix", ""}, {"end_of_word_suffix", ""}, {"fuse_unk", false},
      {"byte_fallback", false}, {"vocab", vocab}, {"merges", mergeList}};
  std::ofstream out(path, std::ios::binary);
  out << j.dump(1) << "\n";
  if (!out) failFile(path, "could not write tokenizer.json (hint: check the folder exists and is writable)");
}

void ByteLevelBpe::writeTokenizerJson(const std::string& path) const {
  std::vector<std::pair<int, int>> merges;
  merges.reserve(merges_.size());
  for (const auto& m : merges_) merges.emplace_back(m.left, m.right);
  const std::span<const std::string> tokens(tokens_.data(), tokens_.size() - specials_.size());
  writeByteLevelTokenizerJsonWithSpecials(path, tokens, merges, specials_);
}

void ByteLevelBpe::writeMergeHistory(const std::string& path) const {
  std::ofstream out(path, std::ios::binary);
  out << "# Byte-level BPE merge history: rank, left, right, merged token (GPT-2 byte-level form), pair count\n";
  out << "rank\tleft\tright\tmerged\tcount\n";
  for (std::size_t r = 0; r < merges_.size(); ++r) {
    const auto& m = merges_[r];
    out << r << '\t' << toByteLevel(tokens_[static_cast<std::size_t>(m.left)]) << '\t'
        << toByteLevel(tokens_[static_cast<std::size_t>(m.right)]) << '\t'
        << toByteLevel(tokens_[static_cast<std::size_t>(m.merged)]) << '\t' << m.count << '\n';
  }
  if (!out) failFile(path, "could not write the merge history");
}

}  // namespace glassbox
