#include <gtest/gtest.h>

#include "core/utf8.h"

using namespace glassbox;

TEST(Utf8, ValidSequences) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("hello"));
  EXPECT_TRUE(isValidUtf8("h\xC3\xA9llo"));                 // é
  EXPECT_TRUE(isValidUtf8("\xE2\x82\xAC"));                 // €
  EXPECT_TRUE(isValidUtf8("\xF0\x9F\x98\x80"));             // 😀
}

TEST(Utf8, InvalidSequences) {
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(isValidUtf8("\x80"));              // stray continuation
  EXPECT_FALSE(isValidUtf8("\xFF"));
}

TEST(Utf8, SanitizeReplacesMaximalSubparts) {
  EXPECT_EQ(sanitizeUtf8("a\xE2\x82z"), "a\xEF\xBF\xBDz");            // one U+FFFD for a truncated sequence
  EXPECT_EQ(sanitizeUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");     // two for an overlong pair
  EXPECT_EQ(sanitizeUtf8("ok"), "ok");
}

TEST(Utf8, DecodeAndAppendRoundTrip) {
  for (char32_t cp : {U'a', U'\u00e9', U'\u20ac', U'\U0001F600', U'\U0010FFFF'}) {
    std::string s;
    appendUtf8(s, cp);
    std::size_t i = 0;
    EXPECT_EQ(decodeUtf8(s, i), cp);
    EXPECT_EQ(i, s.size());
  }
  EXPECT_EQ(utf8CodePointCount("h\xC3\xA9\xFF"), 3u);
}
