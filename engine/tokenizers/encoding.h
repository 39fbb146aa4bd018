#pragma once
// The result of tokenizing a text (or a pair of texts), and the padding / truncation settings that shape
// it. Field names follow the Hugging Face tokenizers `Encoding` (ids, type_ids, attention_mask,
// special_tokens_mask, overflowing) so that a reader of either can map one onto the other.
// Legend: T = tokens of this encoding (after special tokens, truncation and padding).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace glassbox {

struct TokenPiece {
  int id = 0;
  std::string raw;      // as written in the vocabulary ("Ġthe", "▁the", "<0xE2>", "##ing", "[CLS]")
  std::string bytes;    // the bytes this token stands for in text (" the", "\xE2", "ing"); may be invalid UTF-8
  std::string display;  // readable UTF-8 form of `bytes`; an incomplete character shows as "\xE2"-style hex
  // Byte span in the input text this token belongs to (the second text for tokens of a pair's second
  // sequence, see Encoding::sequenceIds); begin == end for inserted and padding tokens.
  std::size_t begin = 0, end = 0;
  bool special = false;      // special or added-special token (BOS, [CLS], <|endoftext|>, [PAD])
  bool partialChar = false;  // covers only part of a multi-byte UTF-8 character
};

struct Encoding {
  std::vector<int> ids;            // [T]
  std::vector<TokenPiece> tokens;  // [T] one per id
  // The per-token vectors below are [T] when the encoding comes from a Tokenizer; an Encoding built by
  // hand may leave them empty, which reads as "all tokens real, one sequence, type 0".
  std::vector<int> typeIds;            // [T] token_type_ids: the segment of a pair (template type_id), pad_type_id
  std::vector<int> attentionMask;      // [T] 1 for a token the model reads, 0 for padding
  std::vector<int> specialTokensMask;  // [T] 1 for tokens the post-processor inserted and for padding
  std::vector<int> sequenceIds;        // [T] 0 = first text, 1 = second text of a pair, -1 = inserted / padding
  // What truncation cut off (HF "overflowing"): each part is a whole encoding, with its own special tokens
  // and padding, overlapping the previous part by `stride` tokens. Empty when nothing was cut.
  std::vector<Encoding> overflowing;
  // The input was not valid UTF-8. Every ill-formed sequence was replaced by U+FFFD before encoding
  // (offsets still refer to the original bytes).
  bool inputHadInvalidUtf8 = false;

  std::size_t size() const { return ids.size(); }
  // Number of padding positions (attention mask 0).
  std::size_t paddingCount() const;
  bool truncated() const { return !overflowing.empty(); }
};

// tokenizer.json "padding". BatchLongest pads every encoding of a batch to the longest one; Fixed pads to
// a given length (an encoding already longer is left as is).
struct PaddingParams {
  std::optional<std::size_t> fixedLength;  // "strategy": {"Fixed": N}; empty = "BatchLongest"
  bool left = false;                       // "direction": "Left" puts the padding before the tokens
  std::size_t padToMultipleOf = 0;         // "pad_to_multiple_of"; 0 = none
  int padId = 0;                           // "pad_id"
  int padTypeId = 0;                       // "pad_type_id"
  std::string padToken = "[PAD]";          // "pad_token"
};

enum class TruncationStrategy { LongestFirst, OnlyFirst, OnlySecond };

// tokenizer.json "truncation". max_length counts the special tokens the post-processor adds.
struct TruncationParams {
  std::size_t maxLength = 512;                                     // "max_length"
  TruncationStrategy strategy = TruncationStrategy::LongestFirst;  // "strategy"
  std::size_t stride = 0;  // "stride": tokens each overflowing part repeats from the part before it
  bool left = false;       // "direction": "Left" cuts from the start (keeps the end of the text)
};

// How one call encodes. The defaults do what the Hugging Face library does with the tokenizer's own
// settings: special tokens, then its truncation and padding when tokenizer.json has them.
struct EncodeOptions {
  bool addSpecialTokens = true;  // run the post-processor's template (HF add_special_tokens)
  bool padding = true;           // apply padding (the tokenizer's own, or paddingParams)
  bool truncation = true;        // apply truncation (the tokenizer's own, or truncationParams)
  std::optional<PaddingParams> paddingParams;        // replaces the tokenizer's padding for this call
  std::optional<TruncationParams> truncationParams;  // replaces the tokenizer's truncation for this call
};

}  // namespace glassbox
