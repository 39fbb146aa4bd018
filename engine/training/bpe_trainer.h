#pragma once
// Byte-level BPE (the GPT-2 scheme): text is split by the GPT-2 pre-tokenization regex, each piece is a
// sequence of bytes, and merges learned from pair frequencies join adjacent symbols. Tokens are written
// with GPT-2's byte-to-unicode alphabet (space -> "Ġ", newline -> "Ċ") so tokenizer.json holds only
// printable strings.
//
// Token ids: 0..255 are the single bytes in byte order, merges add ids from 256 in merge order, then the
// special tokens in the order given ("<|endoftext|>" alone by default, so it is the last id).
#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace glassbox {

inline constexpr const char* kEndOfText = "<|endoftext|>";

// A special (added) token of tokenizer.json. lstrip: the whitespace before it in a text belongs to it,
// as for RoBERTa's <mask>, so "teacher [MASK] the" gives "teacher", "[MASK]", " the" and the mask stands
// for a word with its leading space.
struct SpecialToken {
  std::string content;
  bool lstrip = false;
};

struct BpeMerge {
  int left = 0, right = 0, merged = 0;  // token ids
  std::int64_t count = 0;               // occurrences of the pair in the corpus when it was merged
};

// The GPT-2 byte -> printable code point map, as UTF-8 (byte 0x20 -> "Ġ").
const std::string& byteLevelChar(std::uint8_t byte);
// Bytes -> byte-level string ("\n the" -> "ĊĠthe").
std::string toByteLevel(std::string_view bytes);

// Writes a GPT-2-style byte-level BPE tokenizer.json (model BPE, ByteLevel pre-tokenizer, decoder and
// post-processor): ids 0..n-1 are `tokens` (raw bytes, written in byte-level form), then each of
// `specials` as a special added token (ids n, n+1, ...); `merges` are (left id, right id) pairs in rank
// order. Throws Error when the file cannot be written.
void writeByteLevelTokenizerJson(const std::string& path, std::span<const std::string> tokens,
                                 const std::vector<std::pair<int, int>>& merges,
                                 const std::vector<std::string>& specials = {"<|endoftext|>"});
// The same with each special token's lstrip flag (a different name: a braced list of strings would
// otherwise match both).
void writeByteLevelTokenizerJsonWithSpecials(const std::string& path, std::span<const std::string> tokens,
                                             const std::vector<std::pair<int, int>>& merges,
                                             const std::vector<SpecialToken>& specials);

// The GPT-2 pre-tokenizer ('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+),
// via PCRE2 with Unicode properties. Throws Error on invalid UTF-8.
class GptPreTokenizer {
 public:
  GptPreTokenizer();
  ~GptPreTokenizer();
  GptPreTokenizer(const GptPreTokenizer&) = delete;
  GptPreTokenizer& operator=(const GptPreTokenizer&) = delete;
  // Calls fn(piece) for each piece of text, in order. Not concurrent (owns match data).
  void split(std::string_view text, const std::function<void(std::string_view)>& fn);

 private:
  void* code_ = nullptr;
  void* match_ = nullptr;
};

class ByteLevelBpe {
 public:
  // Learns merges until the vocabulary (bytes + merged tokens + specials) has vocabSize entries, or
  // no pair occurs twice. progress(mergesDone) is called every 256 merges.
  //
  // requiredTexts: every pre-tokenized piece of these texts must end up as one token. When the learned
  // merges do not make it one, the last k learned merges are dropped and replaced by the k merges that
  // join each missing piece left to right (k as small as possible, so the vocabulary size is kept).
  // Those merges come last, carry count 0 in merges(), and requiredMergeCount() says how many there are.
  static ByteLevelBpe train(const std::vector<std::string>& texts, int vocabSize,
                            const std::function<void(int)>& progress = {},
                            const std::vector<SpecialToken>& specials = {{kEndOfText, false}},
                            const std::vector<std::string>& requiredTexts = {});

  int vocabSize() const { return static_cast<int>(tokens_.size()); }
  int endOfTextId() const { return specialId(kEndOfText); }
  // Id of a special token given to train(); throws Error when there is none of that name.
  int specialId(std::string_view content) const;
  int firstSpecialId() const { return vocabSize() - static_cast<int>(specials_.size()); }
  const std::string& tokenBytes(int id) const { return tokens_.at(static_cast<std::size_t>(id)); }
  const std::vector<BpeMerge>& merges() const { return merges_; }
  int requiredMergeCount() const { return requiredMerges_; }

  // Applies merges by rank (lowest first) within each pre-tokenized piece. Not concurrent (caches).
  std::vector<int> encode(std::string_view text);
  std::string decode(const std::vector<int>& ids) const;

  // Hugging Face tokenizer.json (model BPE, ByteLevel pre-tokenizer/decoder/post-processor).
  void writeTokenizerJson(const std::string& path) const;
  // One merge a line: rank, left, right, merged (byte-level strings), pair count.
  void writeMergeHistory(const std::string& path) const;

 private:
  std::vector<std::string> tokens_;  // raw bytes of each id; the specials' contents come last
  std::vector<SpecialToken> specials_;
  std::vector<BpeMerge> merges_;
  int requiredMerges_ = 0;

  void keepLearnedMerges(std::size_t count);              // replays the first `count` merges
  int addRequiredMerges(const std::vector<std::string>& pieces);  // returns how many were added
  std::unordered_map<std::uint64_t, std::pair<int, int>> rank_;  // (left, right) -> (rank, merged id)
  std::unordered_map<std::string, std::vector<int>> cache_;
  std::unique_ptr<GptPreTokenizer> pre_ = std::make_unique<GptPreTokenizer>();
};

}  // namespace glassbox
