#pragma once
// Truncation, padding and joining of encodings, with the semantics of the Hugging Face tokenizers
// `Encoding::truncate`, `truncate_encodings`, `Encoding::merge_with`, `Encoding::pad` and `pad_encodings`
// (tokenizers/src/tokenizer/encoding.rs, utils/truncation.rs, utils/padding.rs). Not part of the public API.
#include <cstddef>
#include <optional>
#include <span>
#include <string>

#include "core/json_util.h"
#include "tokenizers/encoding.h"

namespace glassbox::tok {

// Upper bound on the overflowing parts one call may produce (a pair of long texts truncated with a large
// stride multiplies them); past it the call fails with an Error instead of exhausting memory.
inline constexpr std::size_t kMaxOverflowingParts = std::size_t{1} << 16;

// Keeps maxLength tokens (the first ones, or the last ones when `left`); what is cut becomes overflowing
// parts of at most maxLength tokens, each repeating `stride` tokens of its neighbour. maxLength 0 moves
// everything into one overflowing part. Throws Error when stride >= maxLength > 0.
void truncateEncoding(Encoding& e, std::size_t maxLength, std::size_t stride, bool left);

// The truncation strategy over one sequence or a pair (second may be null). Throws Error when the strategy
// names a second sequence that is not there or the sequence to cut is too short.
void truncateSequences(Encoding& first, Encoding* second, const TruncationParams& p);

// Appends `other` to `into` (offsets unchanged), combining their overflowing parts as the reference does:
// every part of `into` with `other` and with each part of `other`, then `into` with each part of `other`.
void mergeEncoding(Encoding& into, Encoding other);

// Pads `e` (and its overflowing parts) to `length` tokens with `pad`: attention 0, special 1, type
// padTypeId, sequence -1, empty span.
void padEncoding(Encoding& e, std::size_t length, const PaddingParams& p, const TokenPiece& pad);

// Pads every encoding to the fixed length or to the longest of the batch, rounded up to pad_to_multiple_of.
void padEncodings(std::span<Encoding> batch, const PaddingParams& p, const TokenPiece& pad);

// Appends one token to `e` with the given type, attention, special and sequence values.
void pushToken(Encoding& e, TokenPiece piece, int typeId, int attention, int special, int sequence);

// tokenizer.json "padding" / "truncation" (null gives nullopt). Throws Error naming the field.
std::optional<PaddingParams> parsePadding(const Json& j, const std::string& what);
std::optional<TruncationParams> parseTruncation(const Json& j, const std::string& what);

}  // namespace glassbox::tok
