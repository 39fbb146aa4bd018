// llama2.c tokenizer.bin: expected ids come from an independent transcription of run.c's encode()
// (plain O(n^2) merge loop) run on the aidreams260K tokenizer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "tokenizers/tokenizer.h"

using namespace glassbox;

namespace {
const std::string kTok = GLASSBOX_SHARED_DIR "/fixtures/aidreams260K/tok512.bin";

std::shared_ptr<const Tokenizer> loadOrSkip() {
  if (!std::filesystem::exists(kTok)) return nullptr;
  return Tokenizer::load(kTok);
}

std::string tempFile(const std::string& name, const std::string& bytes) {
  const auto p = std::filesystem::temp_directory_path() / ("glassbox_tok_" + name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}
}  // namespace

TEST(Llama2cTokenizer, MatchesRunCEncode) {
  auto t = loadOrSkip();
  if (!t) GTEST_SKIP() << "fixture absent: " << kTok;
  EXPECT_EQ(t->kind(), "llama2.c");
  EXPECT_EQ(t->vocabSize(), 512);
  EXPECT_EQ(t->encode("I was flying").ids, (std::vector<int>{1, 303, 272, 340, 279, 438, 451, 264}));
  EXPECT_EQ(t->encode("Hello world!").ids, (std::vector<int>{1, 429, 480, 375, 438, 437, 272, 284, 438, 441, 36}));
  EXPECT_EQ(t->encode("h\xC3\xA9llo \xE2\x82\xAC" "5 \xF0\x9F\x99\x82 \xE6\x97\xA5\xE6\x9C\xAC").ids,
            (std::vector<int>{1, 309, 198, 172, 438, 438, 437, 429, 229, 133, 175, 476, 429, 243, 162, 156, 133, 429,
                              233, 154, 168, 233, 159, 175}));
  EXPECT_EQ(t->encode("").ids, (std::vector<int>{1}));
  EXPECT_EQ(t->encode(" two  spaces\n\tend").ids,
            (std::vector<int>{1, 429, 263, 449, 437, 429, 420, 435, 404, 13, 12, 267, 441}));
  EXPECT_EQ(t->encode("I was flying", false).ids, (std::vector<int>{303, 272, 340, 279, 438, 451, 264}));
}

TEST(Llama2cTokenizer, RoundTripsAndOffsets) {
  auto t = loadOrSkip();
  if (!t) GTEST_SKIP() << "fixture absent: " << kTok;
  for (std::string text : {"I was flying", "h\xC3\xA9llo \xE2\x82\xAC" "5 \xF0\x9F\x99\x82", "a\n\n b  c\t", "x"}) {
    const Encoding e = t->encode(text);
    EXPECT_EQ(t->decode(e.ids, true), text);
    EXPECT_EQ(t->decode(e.ids), "\n<s>\n" + text);
    ASSERT_EQ(e.tokens.size(), e.ids.size());
    EXPECT_TRUE(e.tokens[0].special);
    EXPECT_EQ(e.tokens[0].begin, 0u);
    EXPECT_EQ(e.tokens[0].end, 0u);
    // Spans tile the input (the dummy-prefix space covers nothing of it); byte tokens of one character
    // all span that character.
    std::size_t pos = 0;
    for (std::size_t i = 1; i < e.tokens.size(); ++i) {
      if (e.tokens[i].partialChar && e.tokens[i].begin < pos) {
        EXPECT_EQ(e.tokens[i].end, pos) << text << " token " << i;
        continue;
      }
      EXPECT_EQ(e.tokens[i].begin, pos) << text << " token " << i;
      pos = e.tokens[i].end;
    }
    EXPECT_EQ(pos, text.size());
  }
  // Byte-fallback pieces of a 4-byte character are partial and stand for raw bytes.
  const Encoding e = t->encode("\xF0\x9F\x99\x82");
  ASSERT_GE(e.tokens.size(), 3u);
  const TokenPiece& last = e.tokens.back();
  EXPECT_EQ(last.raw, "<0x82>");
  EXPECT_EQ(last.bytes, "\x82");
  EXPECT_EQ(last.display, "\\x82");
  EXPECT_TRUE(last.partialChar);
  EXPECT_EQ(last.begin, 0u);  // a partial token spans its whole character
  EXPECT_EQ(last.end, 4u);
}

TEST(Llama2cTokenizer, InvalidUtf8IsReplacedNotFatal) {
  auto t = loadOrSkip();
  if (!t) GTEST_SKIP() << "fixture absent: " << kTok;
  const Encoding e = t->encode("a\xFF" "b");
  EXPECT_TRUE(e.inputHadInvalidUtf8);
  EXPECT_EQ(t->decode(e.ids, true), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(e.tokens.back().end, 3u);
}

TEST(Llama2cTokenizer, HostileFilesAreErrors) {
  const std::string head = std::string("\x0A\x00\x00\x00", 4);
  EXPECT_THROW(Tokenizer::load(tempFile("empty.bin", "")), Error);
  EXPECT_THROW(Tokenizer::load(tempFile("neglen.bin", std::string("\xFF\xFF\xFF\xFF", 4))), Error);
  // One token whose length runs past the end of the file.
  std::string bad = head + std::string("\x00\x00\x00\x00", 4) + std::string("\x09\x00\x00\x00", 4) + "ab";
  EXPECT_THROW(Tokenizer::load(tempFile("trunc.bin", bad)), Error);
  // Length above max_token_length.
  std::string big = head + std::string("\x00\x00\x00\x00", 4) + std::string("\x00\x10\x00\x00", 4);
  EXPECT_THROW(Tokenizer::load(tempFile("big.bin", big)), Error);
  EXPECT_THROW(Tokenizer::load(tempFile("short.bin", head)), Error);  // too few tokens
}

TEST(Tokenizer, DisplayBytes) {
  EXPECT_EQ(Tokenizer::displayBytes("abc"), "abc");
  EXPECT_EQ(Tokenizer::displayBytes("\xE2\x82\xAC"), "\xE2\x82\xAC");
  EXPECT_EQ(Tokenizer::displayBytes("\xE2\x82"), "\\xE2\\x82");
  EXPECT_EQ(Tokenizer::displayBytes("a\xFFz"), "a\\xFFz");
}
