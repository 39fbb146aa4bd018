// Truncation and padding of encodings with the semantics of the Hugging Face library: the length tables
// of its own unit tests (utils/truncation.rs truncate_encodings_longest_first, utils/padding.rs
// pad_to_multiple), stride and direction worked out by hand from Encoding::truncate, the tokenizer.json
// fields, EncodeOptions, and the real all-MiniLM-L6-v2 tokenizer of issue 22.
#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>

#include "core/error.h"
#include "test_helpers.h"
#include "tiny_tokenizers.h"
#include "tokenizers/encoding_ops.h"

using namespace glassbox;
using namespace glassbox::tok;
using glassbox::test::loadJson;

namespace {

using Ids = std::vector<int>;

// n tokens with ids first, first + 1, ...
Encoding tokens(int n, int first = 1) {
  Encoding e;
  for (int i = 0; i < n; ++i) {
    TokenPiece p;
    p.id = first + i;
    pushToken(e, p, 0, 1, 0, 0);
  }
  return e;
}

std::pair<std::size_t, std::size_t> longestFirst(int n1, int n2, std::size_t max) {
  Encoding a = tokens(n1), b = tokens(n2);
  TruncationParams p;
  p.maxLength = max;
  truncateSequences(a, &b, p);
  return {a.ids.size(), b.ids.size()};
}

// Replaces the "padding" / "truncation" of a tokenizer.json text.
std::string withSettings(std::string json, const std::string& padding, const std::string& truncation) {
  Json j = Json::parse(json);
  j["padding"] = padding.empty() ? Json() : Json::parse(padding);
  j["truncation"] = truncation.empty() ? Json() : Json::parse(truncation);
  return j.dump();
}

}  // namespace

TEST(Truncation, LongestFirstLengthsOfTheReference) {
  // {n1, n2} -> {kept1, kept2} with max_length 7, the table of the reference's own test.
  const int lens[] = {0, 2, 4, 8};  // empty, short, medium, long
  const std::pair<std::size_t, std::size_t> want[4][4] = {{{0, 0}, {0, 2}, {0, 4}, {0, 7}},
                                                          {{2, 0}, {2, 2}, {2, 4}, {2, 5}},
                                                          {{4, 0}, {4, 2}, {3, 4}, {3, 4}},
                                                          {{7, 0}, {5, 2}, {4, 3}, {3, 4}}};
  for (int i = 0; i < 4; ++i)
    for (int k = 0; k < 4; ++k) EXPECT_EQ(longestFirst(lens[i], lens[k], 7), want[i][k]) << lens[i] << " + " << lens[k];
  EXPECT_EQ(longestFirst(8, 8, 0), (std::pair<std::size_t, std::size_t>{0, 0}));  // max_length 0 empties both
}

TEST(Truncation, StrideAndDirection) {
  // 10 tokens, keep 4 with stride 1: parts start every 3 tokens; the kept part is the first (right).
  Encoding e = tokens(10);
  truncateEncoding(e, 4, 1, false);
  EXPECT_EQ(e.ids, (Ids{1, 2, 3, 4}));
  ASSERT_EQ(e.overflowing.size(), 2u);
  EXPECT_EQ(e.overflowing[0].ids, (Ids{4, 5, 6, 7}));
  EXPECT_EQ(e.overflowing[1].ids, (Ids{7, 8, 9, 10}));
  // From the left the kept part is the end, the parts walk back towards the start.
  Encoding l = tokens(10);
  truncateEncoding(l, 4, 1, true);
  EXPECT_EQ(l.ids, (Ids{7, 8, 9, 10}));
  ASSERT_EQ(l.overflowing.size(), 2u);  // the part reaching the first token is the last one
  EXPECT_EQ(l.overflowing[0].ids, (Ids{4, 5, 6, 7}));
  EXPECT_EQ(l.overflowing[1].ids, (Ids{1, 2, 3, 4}));
  // Keeping 0 moves everything into one part; a stride as long as what is kept is refused.
  Encoding z = tokens(3);
  truncateEncoding(z, 0, 0, false);
  EXPECT_TRUE(z.ids.empty());
  ASSERT_EQ(z.overflowing.size(), 1u);
  EXPECT_EQ(z.overflowing[0].ids, (Ids{1, 2, 3}));
  Encoding s = tokens(10);
  EXPECT_THROW(truncateEncoding(s, 4, 4, false), Error);
}

TEST(Truncation, OnlyFirstOnlySecond) {
  TruncationParams p;
  p.maxLength = 6;
  p.strategy = TruncationStrategy::OnlySecond;
  Encoding a = tokens(3), b = tokens(5);
  truncateSequences(a, &b, p);
  EXPECT_EQ(a.ids.size(), 3u);
  EXPECT_EQ(b.ids.size(), 3u);
  Encoding single = tokens(9);
  EXPECT_THROW(truncateSequences(single, nullptr, p), Error);  // no second sequence to cut
  p.strategy = TruncationStrategy::OnlyFirst;
  Encoding c = tokens(2), d = tokens(8);
  EXPECT_THROW(truncateSequences(c, &d, p), Error);  // the first has too few tokens to remove 4
}

TEST(Padding, MultipleOfAndDirection) {
  const TokenPiece pad = [] {
    TokenPiece p;
    p.id = 0;
    p.raw = "[PAD]";
    return p;
  }();
  PaddingParams p;
  p.fixedLength = 7;
  p.padToMultipleOf = 8;
  std::vector<Encoding> batch = {tokens(5), tokens(3)};
  padEncodings(batch, p, pad);
  EXPECT_EQ(batch[0].ids.size(), 8u);
  EXPECT_EQ(batch[1].ids.size(), 8u);
  p.fixedLength.reset();  // BatchLongest
  p.padToMultipleOf = 6;
  batch = {tokens(5), tokens(3)};
  padEncodings(batch, p, pad);
  EXPECT_EQ(batch[0].ids, (Ids{1, 2, 3, 4, 5, 0}));
  EXPECT_EQ(batch[1].attentionMask, (Ids{1, 1, 1, 0, 0, 0}));
  EXPECT_EQ(batch[1].specialTokensMask, (Ids{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(batch[1].sequenceIds, (Ids{0, 0, 0, -1, -1, -1}));
  p.padToMultipleOf = 0;  // no rounding, no crash
  p.left = true;
  p.padTypeId = 1;
  batch = {tokens(2), tokens(4)};
  padEncodings(batch, p, pad);
  EXPECT_EQ(batch[0].ids, (Ids{0, 0, 1, 2}));
  EXPECT_EQ(batch[0].typeIds, (Ids{1, 1, 0, 0}));
  EXPECT_EQ(batch[0].tokens[0].raw, "[PAD]");
}

TEST(Padding, TokenizerJsonSettingsAndOptions) {
  const std::string json = withSettings(test::kWordPiece,
                                        R"({"strategy": {"Fixed": 8}, "direction": "Right", "pad_to_multiple_of": null,
                                            "pad_id": 0, "pad_type_id": 0, "pad_token": "[UNK]"})",
                                        R"({"max_length": 5, "strategy": "LongestFirst", "stride": 0, "direction": "Right"})");
  auto t = loadJson("wordpiece_pad", json);
  ASSERT_TRUE(t->padding());
  EXPECT_EQ(*t->padding()->fixedLength, 8u);
  EXPECT_EQ(t->truncation()->maxLength, 5u);
  const Encoding e = t->encode("hello hello hello hello");  // [CLS] hello x3 [SEP], cut at 5 with the specials
  EXPECT_EQ(e.ids, (Ids{1, 6, 6, 6, 2, 0, 0, 0}));
  EXPECT_EQ(e.attentionMask, (Ids{1, 1, 1, 1, 1, 0, 0, 0}));
  EXPECT_EQ(e.paddingCount(), 3u);
  ASSERT_EQ(e.overflowing.size(), 1u);
  EXPECT_EQ(e.overflowing[0].ids, (Ids{1, 6, 2, 0, 0, 0, 0, 0}));  // the cut part gets its own specials and padding
  EXPECT_TRUE(e.truncated());
  EncodeOptions raw;
  raw.padding = false;
  raw.truncation = false;
  EXPECT_EQ(t->encode("hello hello hello hello", raw).ids, (Ids{1, 6, 6, 6, 6, 2}));
  EncodeOptions wider;
  wider.truncationParams = TruncationParams{};
  wider.truncationParams->maxLength = 4;
  wider.paddingParams = PaddingParams{};  // BatchLongest for one text: no padding
  EXPECT_EQ(t->encode("hello hello hello", wider).ids, (Ids{1, 6, 6, 2}));
  // A batch pads to the fixed length; the old bool overload still applies the file's settings.
  const std::vector<std::string> texts = {"hello", "un"};
  const auto batch = t->encodeBatch(texts);
  EXPECT_EQ(batch[0].ids, (Ids{1, 6, 2, 0, 0, 0, 0, 0}));
  EXPECT_EQ(batch[1].ids, (Ids{1, 3, 2, 0, 0, 0, 0, 0}));
  EXPECT_EQ(t->encode("hello", false).ids, (Ids{6, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(Padding, BadSettingsAreRefusedByName) {
  auto load = [](const std::string& padding, const std::string& truncation) {
    return loadJson("wordpiece_bad", withSettings(test::kWordPiece, padding, truncation));
  };
  auto message = [&](const std::string& padding, const std::string& truncation) -> std::string {
    try {
      load(padding, truncation);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message(R"({"strategy": {"Fixed": 99999999999}})", "").find("Fixed"), std::string::npos);
  EXPECT_NE(message(R"({"strategy": "Longest"})", "").find("strategy"), std::string::npos);
  EXPECT_NE(message(R"({"direction": "Up"})", "").find("direction"), std::string::npos);
  EXPECT_NE(message("", R"({"max_length": -1})").find("max_length"), std::string::npos);
  EXPECT_NE(message("", R"({"max_length": 8, "strategy": "Middle"})").find("strategy"), std::string::npos);
  // No room for the specials fails every encode; a stride as long as what is kept fails when a text needs
  // cutting (the reference panics there).
  auto tight = load("", R"({"max_length": 1, "strategy": "LongestFirst", "stride": 0})");
  EXPECT_THROW(tight->encode("hello"), Error);
  auto strided = load("", R"({"max_length": 4, "strategy": "LongestFirst", "stride": 2})");
  EXPECT_EQ(strided->encode("hello").ids, (Ids{1, 6, 2}));  // nothing to cut: fine
  EXPECT_THROW(strided->encode("hello hello hello"), Error);
}

TEST(Padding, MiniLmFixtureOnceUponATime) {
  const std::string path = std::string(GLASSBOX_SHARED_DIR) + "/fixtures/all-MiniLM-L6-v2-tokenizer/tokenizer.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is missing (the ../shared fixtures are not here)";
  auto t = Tokenizer::load(path);
  const Encoding e = t->encode("Once upon a time");
  ASSERT_EQ(e.ids.size(), 128u);
  EXPECT_EQ(Ids(e.ids.begin(), e.ids.begin() + 8), (Ids{101, 2320, 2588, 1037, 2051, 102, 0, 0}));
  EXPECT_EQ(std::accumulate(e.attentionMask.begin(), e.attentionMask.end(), 0), 6);
  EXPECT_EQ(e.paddingCount(), 122u);
  EXPECT_EQ(e.tokens[6].raw, "[PAD]");
  EXPECT_EQ(e.typeIds, Ids(128, 0));
  EncodeOptions raw;
  raw.padding = false;
  EXPECT_EQ(t->encode("Once upon a time", raw).ids, (Ids{101, 2320, 2588, 1037, 2051, 102}));
  std::string longText;
  for (int i = 0; i < 200; ++i) longText += "word ";
  const Encoding cut = t->encode(longText);
  EXPECT_EQ(cut.ids.size(), 128u);
  EXPECT_EQ(cut.ids.back(), 102);  // [SEP] after the kept 126 words
  EXPECT_TRUE(cut.truncated());
  raw.truncation = false;
  EXPECT_EQ(t->encode(longText, raw).ids.size(), 202u);
}

TEST(Truncation, PairsThatWouldExplodeAreRefused) {
  // A stride close to max_length makes one part per token; a pair of two such texts would combine every
  // part of one with every part of the other (90,000 encodings here): refused before building them.
  auto t = loadJson("unigram_stride", withSettings(test::kUnigram, "", R"({"max_length": 8, "strategy": "LongestFirst", "stride": 3})"));
  std::string text;
  for (int i = 0; i < 300; ++i) text += "ab ";
  EXPECT_NO_THROW(t->encode(text));  // one text: about 300 parts, fine
  try {
    t->encodePair(text, text);
    FAIL() << "the pair must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("overflowing parts"), std::string::npos) << e.what();
  }
}
