#pragma once
// How a token's text is shown in the views: whitespace made visible (· space, ⏎ newline, → tab),
// bytes that are not valid UTF-8 as \xNN, and conversions between UTF-8 byte offsets (the engine's)
// and UTF-16 positions (Qt's).
#include <QString>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox {

struct Encoding;

// Readable form of the bytes a token stands for.
QString visibleTokenText(std::string_view bytes);

// utf16Index[b] = UTF-16 position of byte offset b in `utf8` (size()+1 entries). Bytes inside a
// multi-byte character map to the position of that character.
std::vector<int> utf16IndexOfBytes(const std::string& utf8);

// Each token's own byte range [begin, end) in `text`. The tokenizer gives every byte token of a multi-byte
// character the character's whole span; here a run of tokens whose spans overlap and whose bytes, in
// order, spell exactly that stretch of the text gets one range per token (one byte each for byte
// tokens). Other tokens keep the tokenizer's span.
std::vector<std::pair<std::size_t, std::size_t>> ownByteRanges(const Encoding& encoding, const std::string& text);

// Byte tokens that together make characters: a run of tokens whose spans overlap (as in ownByteRanges)
// with at least one token holding part of a character. The Tokens view draws a bracket under each,
// naming the characters (한, 🙂, or "안녕" when a token straddles two characters).
struct CharacterGroup {
  std::size_t firstToken = 0, lastToken = 0;  // indices into encoding.tokens, inclusive
  std::size_t begin = 0, end = 0;             // bytes of the text the group spells
  QString text;                               // those bytes as characters
};
std::vector<CharacterGroup> characterGroups(const Encoding& encoding, const std::string& text);

// "byte 5" or "bytes 5–7" (inclusive) for the range [begin, end); "no bytes" when empty.
QString byteRangeText(std::size_t begin, std::size_t end);

}  // namespace glassbox
