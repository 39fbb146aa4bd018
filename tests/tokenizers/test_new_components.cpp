// WordLevel, the CTC decoder, the UnicodeScripts pre-tokenizer, the ByteLevel normalizer and pair templates,
// on small tokenizer.json files whose results are worked out by hand from the reference library's rules
// (its own unit-test examples where it has them). tests/conformance checks the same components against
// the reference on the whole corpus.
#include <gtest/gtest.h>

#include "core/error.h"
#include "test_helpers.h"
#include "tokenizers/unicode_scripts.h"

using namespace glassbox;
using glassbox::test::loadJson;

namespace {

using Spans = std::vector<std::pair<std::size_t, std::size_t>>;

Spans spans(const Encoding& e) {
  Spans s;
  for (const auto& t : e.tokens) s.emplace_back(t.begin, t.end);
  return s;
}

std::vector<std::string> raws(const Tokenizer& t, const Encoding& e) {
  std::vector<std::string> r;
  for (int id : e.ids) r.push_back(t.tokenRaw(id));
  return r;
}

// A WordLevel tokenizer over whole words with the given pre-tokenizer and decoder (JSON fragments).
std::string wordLevel(const std::string& preTokenizer, const std::string& decoder, const std::string& unk = "[UNK]") {
  return R"({"added_tokens": [{"id": 0, "content": "[UNK]", "special": true}, {"id": 1, "content": "[CLS]", "special": true},
                               {"id": 2, "content": "[SEP]", "special": true}],
    "normalizer": {"type": "Lowercase"},
    "pre_tokenizer": )" + preTokenizer + R"(,
    "post_processor": {"type": "TemplateProcessing",
      "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
      "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
               {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
               {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
      "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [1], "tokens": ["[CLS]"]},
                         "[SEP]": {"id": "[SEP]", "ids": [2], "tokens": ["[SEP]"]}}},
    "decoder": )" + decoder + R"(,
    "model": {"type": "WordLevel", "unk_token": ")" + unk + R"(",
      "vocab": {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "hello": 3, "world": 4, "!": 5, "it": 6, "'": 7, "s": 8}}})";
}

}  // namespace

TEST(WordLevel, WholeWordsUnknownsAndPairTemplate) {
  auto t = loadJson("wordlevel", wordLevel(R"({"type": "Whitespace"})", "null"));
  EXPECT_EQ(t->kind(), "WordLevel");
  // Whitespace splits \w+ and runs of other non-space characters: "Hello", "world", "!!", "It", "'", "s".
  const Encoding e = t->encode("Hello world!! It's");
  EXPECT_EQ(e.ids, (std::vector<int>{1, 3, 4, 0, 6, 7, 8, 2}));
  EXPECT_EQ(spans(e), (Spans{{0, 0}, {0, 5}, {6, 11}, {11, 13}, {14, 16}, {16, 17}, {17, 18}, {0, 0}}));
  EXPECT_EQ(t->encode("hello", false).ids, (std::vector<int>{3}));
  // No decoder: tokens joined with spaces.
  EXPECT_EQ(t->decode(std::vector<int>{1, 3, 4, 2}, true), "hello world");
  EXPECT_EQ(t->decode(std::vector<int>{1, 3, 4, 2}, false), "[CLS] hello world [SEP]");
}

TEST(WordLevel, MissingUnknownTokenIsAnErrorOnlyForUnknownWords) {
  auto t = loadJson("wordlevel_nounk", wordLevel(R"({"type": "WhitespaceSplit"})", "null", "<missing>"));
  EXPECT_EQ(t->encode("hello world", false).ids, (std::vector<int>{3, 4}));
  try {
    t->encode("hello there", false);
    FAIL() << "an unknown word without an unk_token must throw";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("<missing>"), std::string::npos) << e.what();
  }
}

TEST(PairTemplate, BrokenPairTemplateIsRefused) {
  std::string json = wordLevel(R"({"type": "Whitespace"})", "null");
  const std::string good = R"({"SpecialToken": {"id": "[SEP]", "type_id": 1}}])";
  const auto at = json.find(good);
  ASSERT_NE(at, std::string::npos);
  json.replace(at, good.size(), R"({"SpecialToken": {"id": "[EOS]", "type_id": 1}}])");
  try {
    loadJson("pair_bad", json);
    FAIL() << "a pair template naming an undeclared special token must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("[EOS]"), std::string::npos) << e.what();
  }
}

TEST(CtcDecoder, CollapsesRunsDropsPadAndMapsDelimiter) {
  const std::string json = R"({"added_tokens": [{"id": 0, "content": "<pad>", "special": true}],
    "normalizer": null, "pre_tokenizer": {"type": "WhitespaceSplit"}, "post_processor": null,
    "decoder": {"type": "CTC", "pad_token": "<pad>", "word_delimiter_token": "|", "cleanup": true},
    "model": {"type": "WordLevel", "unk_token": "<unk>",
              "vocab": {"<pad>": 0, "<unk>": 1, "|": 2, "h": 3, "e": 4, "l": 5, "o": 6, "w": 7, "r": 8, "d": 9, ".": 10}}})";
  auto t = loadJson("ctc", json);
  // The reference's own example: "<pad> <pad> h e e l l <pad> l o o o <pad> <pad> | <pad> w o o o r <pad> <pad> l l d".
  const std::vector<int> ids = {0, 0, 3, 4, 4, 5, 5, 0, 5, 6, 6, 6, 0, 0, 2, 0, 7, 6, 6, 6, 8, 0, 0, 5, 5, 9, 0, 0};
  EXPECT_EQ(t->decode(ids), "hello world");
  // Cleanup runs per token: a delimiter token becomes " ", and " ." inside one token would become ".".
  EXPECT_EQ(t->decode(std::vector<int>{3, 2, 2, 10}), "h .");
}

TEST(UnicodeScripts, ScriptTable) {
  using tok::unicodeScript;
  using tok::unicodeScriptForSplit;
  // The reference's own expectations: Han for kanji, kana and U+30FC; Latin letters; Common digits and
  // symbols; a space is Any; U+FFFD is Common.
  EXPECT_EQ(unicodeScriptForSplit(U'京'), unicodeScriptForSplit(U'い'));
  EXPECT_EQ(unicodeScriptForSplit(U'京'), unicodeScriptForSplit(U'グ'));
  EXPECT_EQ(unicodeScriptForSplit(U'京'), unicodeScriptForSplit(U'ー'));
  EXPECT_EQ(unicodeScript(U'a'), unicodeScript(U'A'));
  EXPECT_EQ(unicodeScript(U'0'), unicodeScript(U'$'));
  EXPECT_EQ(unicodeScript(U'0'), unicodeScript(U' '));
  EXPECT_EQ(unicodeScript(U'0'), unicodeScript(U'\uFFFD'));
  EXPECT_NE(unicodeScript(U'a'), unicodeScript(U'0'));
  EXPECT_NE(unicodeScript(U'a'), unicodeScript(U'я'));
  EXPECT_EQ(unicodeScriptForSplit(U' '), 0);
  // Assigned after Unicode 9.0 (bitcoin sign, 10.0; smiling face with hearts, 11.0): Any. Unassigned: Any.
  EXPECT_EQ(unicodeScript(U'\u20BF'), 0);
  EXPECT_EQ(unicodeScript(U'\U0001F970'), 0);
  EXPECT_EQ(unicodeScript(U'\U0010FFFD'), 0);
  EXPECT_NE(unicodeScript(U'\u20BE'), 0);  // lari sign, 8.0
}

TEST(UnicodeScripts, SplitsWhereTheScriptChanges) {
  const std::string json = R"({"added_tokens": [], "normalizer": null, "pre_tokenizer": {"type": "UnicodeScripts"},
    "post_processor": null, "decoder": null,
    "model": {"type": "WordLevel", "unk_token": "?", "vocab": {"?": 0, "どこで生れ": 1, "。": 2, "Yes": 3, "Apples are ": 4,
              "りんご 林檎": 5, "abc": 6, "123": 7}}})";
  auto t = loadJson("scripts", json);
  // The reference's examples: "どこで生れ。Yes" -> どこで生れ | 。 | Yes; spaces join what surrounds them.
  const Encoding a = t->encode("どこで生れ。Yes");
  EXPECT_EQ(a.ids, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(spans(a), (Spans{{0, 15}, {15, 18}, {18, 21}}));
  EXPECT_EQ(t->encode("Apples are りんご 林檎").ids, (std::vector<int>{4, 5}));
  // Leading spaces precede the first cut and are dropped; spaces alone give nothing.
  const Encoding c = t->encode("  abc123");
  EXPECT_EQ(c.ids, (std::vector<int>{6, 7}));
  EXPECT_EQ(spans(c), (Spans{{2, 5}, {5, 8}}));
  EXPECT_TRUE(t->encode("   ").ids.empty());
}

TEST(ByteLevelNormalizer, BytesBecomeByteLevelCharactersWithTheirCharacterSpan) {
  const std::string json = R"({"added_tokens": [], "normalizer": {"type": "ByteLevel"},
    "pre_tokenizer": {"type": "Split", "pattern": {"String": "Ġ"}, "behavior": "Removed", "invert": false},
    "post_processor": null, "decoder": {"type": "ByteLevel"},
    "model": {"type": "WordLevel", "unk_token": "?", "vocab": {"?": 0, "caf": 1, "Ã©": 2, "cafÃ©": 3, "ðŁĺĢ": 4}}})";
  auto t = loadJson("bytelevel_norm", json);
  // "café 😀" -> "cafÃ©ĠðŁĺĢ"; split on Ġ: "cafÃ©" and "ðŁĺĢ", each spanning its original characters.
  const Encoding e = t->encode("caf\xC3\xA9 \xF0\x9F\x98\x80");
  EXPECT_EQ(e.ids, (std::vector<int>{3, 4}));
  EXPECT_EQ(spans(e), (Spans{{0, 5}, {6, 10}}));
  EXPECT_EQ(e.tokens[0].bytes, "caf\xC3\xA9");
  EXPECT_EQ(e.tokens[1].bytes, "\xF0\x9F\x98\x80");
  EXPECT_EQ(t->decode(e.ids), "caf\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(raws(*t, e), (std::vector<std::string>{"cafÃ©", "ðŁĺĢ"}));
}
