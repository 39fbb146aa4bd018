#pragma once
// Character classes with the meanings the Rust `tokenizers` library gives them (char::is_whitespace,
// char::is_alphanumeric, BERT punctuation, CJK ideographs), from utf8proc's Unicode tables.
#include <string>

namespace glassbox::tok {

bool isWhitespace(char32_t c);       // Unicode White_Space (Rust char::is_whitespace)
bool isAlphanumeric(char32_t c);     // letters and numbers (Rust char::is_alphanumeric)
bool isBertPunctuation(char32_t c);  // ASCII punctuation or general category P*
bool isBertControl(char32_t c);      // general category Cc, Cf, Co, Cs, except \t \n \r
bool isChineseChar(char32_t c);      // CJK ideograph blocks as in BERT
bool isCombiningMark(char32_t c);    // general category M* (StripAccents)
bool isNonspacingMark(char32_t c);   // general category Mn (BertNormalizer's strip_accents)
bool isDigit(char32_t c);            // Rust char::is_numeric (category N*)
// Full lowercase mapping (Rust char::to_lowercase), appended to out.
void appendLowercase(char32_t c, std::u32string& out);

}  // namespace glassbox::tok
