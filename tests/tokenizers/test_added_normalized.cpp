// Added tokens marked "normalized": true are matched on the normalized text, their content normalized the
// same way (HF AddedVocabulary::refresh_added_tokens). Expected ids are the Hugging Face library's, quoted
// in issue 22 for a TinyStories-style tokenizer; the same tokenizer is also checked against the npm
// reference on the whole corpus by the conformance test (TinyStoriesConformance).
#include <gtest/gtest.h>

#include "test_helpers.h"
#include "tinystories_tokenizer.h"
#include "tokenizers/added_tokens.h"
#include "tokenizers/normalizers.h"

using namespace glassbox;
using glassbox::test::loadJson;

namespace {
using Ids = std::vector<int>;
using Spans = std::vector<std::pair<std::size_t, std::size_t>>;
Spans spans(const Encoding& e) {
  Spans s;
  for (const auto& t : e.tokens) s.emplace_back(t.begin, t.end);
  return s;
}
}  // namespace

TEST(AddedTokensNormalized, TinyStoriesIdsOfTheLibrary) {
  auto t = loadJson("tinystories", test::tinyStoriesTokenizerJson());
  // The space before the marker becomes part of the match "▁<|end_story|>": no separate ▁ (80) before id 2.
  const Encoding a = t->encode("Hi <|end_story|> there");
  EXPECT_EQ(a.ids, (Ids{1, 80, 1158, 2, 80, 249, 57}));
  EXPECT_EQ(spans(a), (Spans{{0, 0}, {0, 1}, {0, 2}, {2, 16}, {16, 17}, {17, 20}, {20, 22}}));
  EXPECT_TRUE(a.tokens[3].special);
  EXPECT_EQ(t->decode(a.ids, false), "<s> Hi<|end_story|> there");
  // Nothing precedes the marker with a ▁, so "▁<|end_story|>" never matches: ordinary pieces.
  const Encoding b = t->encode("The end.<|end_story|>");
  EXPECT_EQ(b.ids, (Ids{1, 80, 247, 183, 10, 208, 183, 209, 210}));
  EXPECT_EQ(spans(b), (Spans{{0, 0}, {0, 1}, {0, 4}, {4, 7}, {7, 8}, {8, 10}, {10, 13}, {13, 19}, {19, 21}}));
  EXPECT_EQ(t->decode(b.ids, false), "<s> The end.<|end_story|>");
  // At the start the Prepend ▁ joins the marker (and takes the span of its first character).
  const Encoding c = t->encode("<|start_story|>Hi");
  EXPECT_EQ(c.ids, (Ids{1, 3, 1158}));
  EXPECT_EQ(spans(c), (Spans{{0, 0}, {0, 15}, {15, 17}}));
  // Two spaces: the first ▁ is a token of its own, the second joins the marker.
  EXPECT_EQ(t->encode(" <|end_story|>").ids, (Ids{1, 80, 2}));
}

TEST(AddedTokensNormalized, RawTokensStillMatchTheRawText) {
  // normalized: false: the markers are cut out of the raw text before normalization, so the space before
  // one stays with the text before it and each segment gets its own Prepend ▁.
  auto t = loadJson("tinystories_raw", test::tinyStoriesTokenizerJson(false));
  EXPECT_EQ(t->encode("Hi <|end_story|> there").ids, (Ids{1, 80, 1158, 80, 2, 80, 80, 249, 57}));
  EXPECT_EQ(t->encode("The end.<|end_story|>").ids, (Ids{1, 80, 247, 183, 10, 2}));
}

TEST(AddedTokensNormalized, PatternIsTheNormalizedContent) {
  using namespace glassbox::tok;
  const auto lower = makeNormalizer(Json::parse(R"({"type": "Sequence", "normalizers": [{"type": "NFKC"}, {"type": "Lowercase"}]})"), "t");
  AddedVocabulary v;
  v.load(Json::parse(R"([{"id": 5, "content": "Ｔｅｓｔ", "normalized": true, "special": false},
                         {"id": 6, "content": "[MASK]", "normalized": false, "special": true}])"),
         "t");
  v.build(lower.get());
  EXPECT_EQ(v.byId(5)->pattern, "test");
  EXPECT_EQ(v.byId(6)->pattern, "[MASK]");  // normalized: false keeps the content
  std::vector<AddedMatch> m;
  v.find("a test", true, m);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].id, 5);
  EXPECT_EQ(m[0].b, 2u);
  m.clear();
  v.find("a [mask]", false, m);
  EXPECT_TRUE(m.empty());
  // A content the normalizer deletes entirely can never be matched (and does not match everywhere).
  const auto strip = makeNormalizer(Json::parse(R"({"type": "BertNormalizer", "lowercase": true})"), "t");
  AddedVocabulary w;
  w.load(Json::parse(R"([{"id": 9, "content": "\u0007", "normalized": true, "special": false}])"), "t");
  w.build(strip.get());
  m.clear();
  w.find("abc", true, m);
  EXPECT_TRUE(m.empty());
}
