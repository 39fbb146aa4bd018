#pragma once
// The Unicode Script of a character as the Hugging Face UnicodeScripts pre-tokenizer (and SentencePiece's
// IsValidSentencePiece) sees it: Unicode 9.0 data, characters unassigned there have the script "Any".
#include <cstdint>

namespace glassbox::tok {

// 0 is "Any"; other values are distinct scripts (see unicode_scripts_table.inc for the names).
std::uint8_t unicodeScript(char32_t c);

// As the pre-tokenizer compares them: Hiragana, Katakana and U+30FC (prolonged sound mark) count as Han,
// and a space (U+0020 only) counts as Any.
std::uint8_t unicodeScriptForSplit(char32_t c);

}  // namespace glassbox::tok
