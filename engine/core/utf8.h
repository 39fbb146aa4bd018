#pragma once
// UTF-8 helpers shared by tokenizers and views.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace glassbox {

// Length in bytes of the well-formed UTF-8 sequence starting at s[i], or 0 when it is not well formed
// (overlong, surrogate, truncated, > U+10FFFF, stray continuation byte).
std::size_t utf8SequenceLength(std::string_view s, std::size_t i);

bool isValidUtf8(std::string_view s);

// Replaces every ill-formed sequence by U+FFFD (one per maximal ill-formed subpart, as the Unicode
// standard recommends and as browsers and Hugging Face tokenizers do).
std::string sanitizeUtf8(std::string_view s);

// Number of code points, counting each ill-formed byte as one.
std::size_t utf8CodePointCount(std::string_view s);

void appendUtf8(std::string& out, char32_t cp);

// Decodes the code point at s[i] (assumed well formed) and advances i.
char32_t decodeUtf8(std::string_view s, std::size_t& i);

}  // namespace glassbox
