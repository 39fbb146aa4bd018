// The fast reading of model.vocab and model.merges (model_tables.h): what it extracts, when it gives up,
// and that a tokenizer loaded through it behaves exactly like one loaded through the ordinary JSON path.
#include <gtest/gtest.h>

#include "core/error.h"
#include "test_helpers.h"
#include "tokenizers/model_tables.h"
#include "tokenizers/models.h"

using namespace glassbox;
using glassbox::test::loadJson;

namespace {

// A small byte-level BPE; `vocabExtra` is spliced into the vocab object, `mergesJson` is the merges list.
std::string bpeJson(const std::string& mergesJson, const std::string& before = "") {
  return R"({)" + before + R"("added_tokens": [], "normalizer": null,
    "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true}, "post_processor": null,
    "decoder": {"type": "ByteLevel"},
    "model": {"type": "BPE", "merges": )" + mergesJson + R"(,
      "vocab": {"h": 0, "e": 1, "l": 2, "o": 3, "\u0120": 4, "he": 5, "ll": 6, "hell": 7, "hello": 8, "\u0120h": 9,
                "w\"q": 10, "w": 11}}})";
}

}  // namespace

TEST(ModelTables, ExtractsVocabAndBothMergeForms) {
  const std::string text = bpeJson(R"(["h e", ["l", "l"], "he ll", "hell o", "\u0120 h"])");
  tok::ModelTables t;
  const auto rest = tok::extractModelTables(text, t);
  ASSERT_TRUE(rest.has_value());
  EXPECT_NE(rest->find("\"merges\": []"), std::string::npos) << *rest;
  EXPECT_NE(rest->find("\"vocab\": {}"), std::string::npos) << *rest;
  ASSERT_TRUE(t.vocab && t.merges);
  ASSERT_EQ(t.vocab->size(), 12u);
  EXPECT_EQ((*t.vocab)[4].first, "\xC4\xA0");  // \u0120 decoded to "Ġ"
  EXPECT_EQ((*t.vocab)[10].first, "w\"q");
  EXPECT_EQ((*t.vocab)[10].second, 10);
  ASSERT_EQ(t.merges->size(), 5u);
  EXPECT_EQ((*t.merges)[1], (std::pair<std::string_view, std::string_view>{"l", "l"}));
  EXPECT_EQ((*t.merges)[4], (std::pair<std::string_view, std::string_view>{"\xC4\xA0", "h"}));
}

TEST(ModelTables, GivesUpOnAnythingUnusual) {
  const char* cases[] = {
      R"({"model": {"vocab": {"a": 1.0}}})",             // not an integer id
      R"({"model": {"vocab": {"a": 01}}})",              // leading zero
      R"({"model": {"vocab": {"a": 99999999999}}})",     // beyond int
      R"({"model": {"vocab": {"a\x": 1}}})",             // bad escape
      R"({"model": {"vocab": {"a": 1}}, "model": {}})",  // repeated model
      R"({"model": {"vocab": {"a": 1}, "vocab": {}}})",  // repeated vocab
      R"({"model": {"merges": ["ab"]}})",                // merge without a space
      R"({"model": {"vocab": {"a": 1}})",                // truncated
      R"({"model": {"vocab": {"a": 1}}} trailing)",
      R"({"model": {"type": "Unigram", "vocab": [["a", 0.0]]}})",  // nothing to extract
      R"([1, 2])",
  };
  for (const char* c : cases) {
    tok::ModelTables t;
    EXPECT_FALSE(tok::extractModelTables(c, t).has_value()) << c;
  }
  tok::ModelTables t;
  EXPECT_FALSE(tok::extractModelTables(std::string("{\"model\": {\"vocab\": {\"a\xFF\": 1}}}"), t).has_value());
  const std::string deep = "{\"x\": " + std::string(100000, '[') + std::string(100000, ']') + ", \"model\": {\"vocab\": {}}}";
  EXPECT_TRUE(tok::extractModelTables(deep, t).has_value());  // skipped without recursion
}

TEST(ModelTables, FastAndOrdinaryLoadsAgree) {
  const std::string merges = R"(["h e", ["l", "l"], "he ll", "hell o", "\u0120 h"])";
  auto fast = loadJson("tables_fast", bpeJson(merges));
  // A key the fast path does not accept ("model" twice, the first one ignored by the JSON parser) sends the
  // same tokenizer through the ordinary path.
  auto slow = loadJson("tables_slow", bpeJson(merges, R"("model": {"type": "WordLevel", "vocab": {}}, )"));
  for (const char* text : {"hello", "hello hello", "he llo", "oh well", "w\"q"}) {
    EXPECT_EQ(fast->encode(text).ids, slow->encode(text).ids) << text;
  }
  EXPECT_EQ(fast->encode("hello hello").ids, (std::vector<int>{8, 4, 8}));
  EXPECT_EQ(fast->tokenId("w\"q"), std::optional<int>(10));
}

TEST(ModelTables, ErrorsStillNameTheirPlace) {
  // A syntax error outside vocab/merges: the message comes from parsing the original text.
  const std::string bad = bpeJson(R"(["h e"])", R"("version": 1.0.0, )");
  try {
    loadJson("tables_bad", bad);
    FAIL() << "must not load";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("tokenizer.json"), std::string::npos) << e.what();
  }
  // A merge naming an unknown token: same message as the ordinary path.
  try {
    loadJson("tables_badmerge", bpeJson(R"(["h e", "x y"])"));
    FAIL() << "must not load";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("model.merges[1]"), std::string::npos) << e.what();
  }
}

TEST(Vocab, FirstIdWinsAndLookupsMiss) {
  tok::Vocab v;
  for (int i = 0; i < 1000; ++i) v.add("t" + std::to_string(i), i, "test");
  v.add("t5", 2000, "test");
  EXPECT_EQ(v.find("t5"), std::optional<int>(5));
  EXPECT_EQ(v.tokens[2000], "t5");
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(v.find("t" + std::to_string(i)), std::optional<int>(i));
  EXPECT_FALSE(v.find("t1000").has_value());
  EXPECT_FALSE(v.find("").has_value());
  EXPECT_THROW(v.add("x", -1, "test"), Error);
}
