#pragma once
// Byte-level BPE (the GPT-2 scheme): text is split by the GPT-2 pre-tokenization regex, each piece is a
// sequence of bytes, and merges learned from pair frequencies join adjacent symbols. Tokens are written
// with GPT-2's byte-to-unicode alphabet (space -> "Ġ", newline -> "Ċ") so tokenizer.json holds only
// printable strings.
//
// Token ids: 0..255 are the single bytes in byte order, merges add ids from 256 in merge order, and
// "<|endoftext|>" is the last id.
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
  // Learns merges until the vocabulary (bytes + merged tokens + <|endoftext|>) has vocabSize entries, or
  // no pair occurs twice. progress(mergesDone) is called every 256 merges.
  static ByteLevelBpe train(const std::vector<std::string>& texts, int vocabSize,
                            const std::function<void(int)>& progress = {});

  int vocabSize() const { return static_cast<int>(tokens_.size()); }
  int endOfTextId() const { return vocabSize() - 1; }
  const std::string& tokenBytes(int id) const { return tokens_.at(static_cast<std::size_t>(id)); }
  const std::vector<BpeMerge>& merges() const { return merges_; }

  // Applies merges by rank (lowest first) within each pre-tokenized piece. Not concurrent (caches).
  std::vector<int> encode(std::string_view text);
  std::string decode(const std::vector<int>& ids) const;

  // Hugging Face tokenizer.json (model BPE, ByteLevel pre-tokenizer/decoder/post-processor).
  void writeTokenizerJson(const std::string& path) const;
  // One merge a line: rank, left, right, merged (byte-level strings), pair count.
  void writeMergeHistory(const std::string& path) const;

 private:
  std::vector<std::string> tokens_;  // raw bytes of each id; the last is "<|endoftext|>"
  std::vector<BpeMerge> merges_;
  std::unordered_map<std::uint64_t, std::pair<int, int>> rank_;  // (left, right) -> (rank, merged id)
  std::unordered_map<std::string, std::vector<int>> cache_;
  std::unique_ptr<GptPreTokenizer> pre_ = std::make_unique<GptPreTokenizer>();
};

}  // namespace glassbox
