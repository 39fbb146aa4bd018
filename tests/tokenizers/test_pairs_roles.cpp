// Text pairs through the post-processor's pair template (token_type_ids), and the special-token roles a
// model needs (padId, maskId, clsId, sepId) from the model folder's files or the pipeline. Expected values
// follow the reference library's processors (processors/bert.rs, roberta.rs, template.rs); the
// conformance test checks the same against the npm reference on the whole corpus.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/json_util.h"
#include "test_helpers.h"
#include "tiny_tokenizers.h"

using namespace glassbox;
using glassbox::test::loadJson;

namespace {

using Ids = std::vector<int>;

// A model folder in the temporary directory with the given files.
std::string folderWith(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) {
  const auto dir = std::filesystem::temp_directory_path() / ("glassbox_roles_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& [file, text] : files) std::ofstream(dir / file, std::ios::binary) << text;
  return dir.string();
}

std::string withPost(const std::string& json, const std::string& post) {
  Json j = Json::parse(json);
  j["post_processor"] = Json::parse(post);
  return j.dump();
}

}  // namespace

TEST(TextPairs, BertProcessingTypesTheSecondSegment) {
  auto t = loadJson("wordpiece", test::kWordPiece);  // BertProcessing [CLS]=1 [SEP]=2
  const Encoding e = t->encodePair("hello", "un cafe");
  EXPECT_EQ(e.ids, (Ids{1, 6, 2, 3, 9, 2}));
  EXPECT_EQ(e.typeIds, (Ids{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(e.sequenceIds, (Ids{-1, 0, -1, 1, 1, -1}));
  EXPECT_EQ(e.specialTokensMask, (Ids{1, 0, 1, 0, 0, 1}));
  EXPECT_EQ(e.tokens[4].begin, 3u);  // offsets of the second text refer to the second text
  EXPECT_EQ(e.tokens[4].end, 7u);
  EXPECT_EQ(t->addedTokenCount(true), 3u);
  // Without special tokens the two sequences are joined, still typed 0 and 1.
  EncodeOptions raw;
  raw.addSpecialTokens = false;
  const Encoding r = t->encodePair("hello", "un", raw);
  EXPECT_EQ(r.ids, (Ids{6, 3}));
  EXPECT_EQ(r.typeIds, (Ids{0, 1}));
}

TEST(TextPairs, TemplateAndRobertaPairs) {
  const std::string tpl = R"({"type": "TemplateProcessing",
      "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
      "pair": [{"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 2}},
               {"Sequence": {"id": "A", "type_id": 0}}],
      "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [1], "tokens": ["[CLS]"]},
                         "[SEP]": {"id": "[SEP]", "ids": [2], "tokens": ["[SEP]"]}}})";
  auto t = loadJson("wordpiece_tpl", withPost(test::kWordPiece, tpl));
  const Encoding e = t->encodePair("hello", "un");
  EXPECT_EQ(e.ids, (Ids{3, 2, 6}));  // the template's order and type ids, whatever they are
  EXPECT_EQ(e.typeIds, (Ids{1, 2, 0}));
  EXPECT_EQ(e.sequenceIds, (Ids{1, -1, 0}));
  auto r = loadJson("wordpiece_roberta",
                    withPost(test::kWordPiece, R"({"type": "RobertaProcessing", "sep": ["[SEP]", 2], "cls": ["[CLS]", 1],
                                                   "trim_offsets": true, "add_prefix_space": false})"));
  const Encoding p = r->encodePair("hello", "un");
  EXPECT_EQ(p.ids, (Ids{1, 6, 2, 2, 3, 2}));  // <s> A </s> </s> B </s>
  EXPECT_EQ(p.typeIds, (Ids{0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(r->addedTokenCount(true), 4u);
  // No post-processor: the pair is the two sequences, typed 0 and 1.
  auto n = loadJson("unigram", test::kUnigram);
  const Encoding q = n->encodePair("ab", "c");
  EXPECT_EQ(q.typeIds.front(), 0);
  EXPECT_EQ(q.typeIds.back(), 1);
}

TEST(TextPairs, BatchOfPairsPadsToTheLongest) {
  Json j = Json::parse(test::kWordPiece);
  j["padding"] = Json::parse(R"({"strategy": "BatchLongest", "direction": "Right", "pad_id": 0, "pad_type_id": 0,
                                 "pad_token": "[UNK]", "pad_to_multiple_of": null})");
  auto t = loadJson("wordpiece_batch", j.dump());
  const std::vector<std::pair<std::string, std::string>> pairs = {{"hello", "un"}, {"hello hello", "cafe cafe"}};
  const auto b = t->encodeBatch(pairs);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].ids, (Ids{1, 6, 2, 3, 2, 0, 0}));
  EXPECT_EQ(b[0].attentionMask, (Ids{1, 1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(b[0].typeIds, (Ids{0, 0, 0, 1, 1, 0, 0}));
  EXPECT_EQ(b[1].ids, (Ids{1, 6, 6, 2, 9, 9, 2}));
}

TEST(SpecialRoles, FromThePipelineAndWellKnownTokens) {
  auto t = loadJson("wordpiece", test::kWordPiece);
  EXPECT_EQ(t->clsId(), 1);  // BertProcessing
  EXPECT_EQ(t->sepId(), 2);
  EXPECT_EQ(t->unkId(), 0);
  EXPECT_FALSE(t->maskId());  // no [MASK] in this vocabulary
  EXPECT_FALSE(t->padId());
  Json j = Json::parse(test::kWordPiece);
  j["added_tokens"].push_back(Json::parse(R"({"id": 10, "content": "[MASK]", "special": true, "normalized": false})"));
  j["added_tokens"].push_back(Json::parse(R"({"id": 11, "content": "<pad>", "special": true, "normalized": false})"));
  auto m = loadJson("wordpiece_mask", j.dump());
  EXPECT_EQ(m->maskId(), 10);
  EXPECT_EQ(m->padId(), 11);
  EXPECT_EQ(m->encode("the [MASK] sat", false).ids[1], 10);  // typed in text, it is the mask token
  // The padding's pad_id names the pad token when nothing else does.
  j = Json::parse(test::kWordPiece);
  j["padding"] = Json::parse(R"({"strategy": "BatchLongest", "pad_id": 7, "pad_token": ","})");
  EXPECT_EQ(loadJson("wordpiece_padid", j.dump())->padId(), 7);
}

TEST(SpecialRoles, FromTheModelFolderFiles) {
  // "cafe" plays the mask (a role name the vocabulary has but tokenizer.json does not list as added): as
  // transformers does, the named token becomes a whole-token match in text.
  const std::string dir = folderWith(
      "folder", {{"tokenizer.json", test::kWordPiece},
                 {"special_tokens_map.json", R"({"mask_token": {"content": "cafe", "lstrip": false}, "pad_token": "hello"})"},
                 {"tokenizer_config.json", R"({"mask_token": "un", "sep_token": "!", "tokenizer_class": "BertTokenizer"})"}});
  auto t = Tokenizer::load(dir + "/tokenizer.json");
  EXPECT_EQ(t->maskId(), 9);  // special_tokens_map.json wins over tokenizer_config.json
  EXPECT_EQ(t->padId(), 6);
  EXPECT_EQ(t->sepId(), 8);   // from tokenizer_config.json
  EXPECT_EQ(t->clsId(), 1);   // nothing named: the post-processor's
  EXPECT_TRUE(t->isSpecial(9));
  EXPECT_EQ(t->encode("uncafeable", false).ids, (Ids{3, 9, 0}));  // "cafe" is cut out whole, even inside a word
  // A stray special_tokens_map.json beside a file with another name is not read.
  const std::string other = folderWith("stray", {{"my.json", test::kWordPiece}, {"special_tokens_map.json", R"({"mask_token": "cafe"})"}});
  EXPECT_FALSE(Tokenizer::load(other + "/my.json")->maskId());
  // A malformed file of the folder is refused by name.
  const std::string bad = folderWith("bad", {{"tokenizer.json", test::kWordPiece}, {"special_tokens_map.json", "{\"mask_token\": "}});
  try {
    Tokenizer::load(bad + "/tokenizer.json");
    FAIL() << "a malformed special_tokens_map.json must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("special_tokens_map.json"), std::string::npos) << e.what();
  }
}

TEST(SpecialRoles, MiniLmFixtureMaskTypedInText) {
  const std::string path = std::string(GLASSBOX_SHARED_DIR) + "/fixtures/all-MiniLM-L6-v2-tokenizer/tokenizer.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is missing (the ../shared fixtures are not here)";
  auto t = Tokenizer::load(path);
  EXPECT_EQ(t->padId(), 0);
  EXPECT_EQ(t->maskId(), 103);
  EXPECT_EQ(t->clsId(), 101);
  EXPECT_EQ(t->sepId(), 102);
  EXPECT_EQ(t->unkId(), 100);
  EncodeOptions o;
  o.padding = false;
  EXPECT_EQ(t->encode("The capital of France is [MASK].", o).ids, (Ids{101, 1996, 3007, 1997, 2605, 2003, 103, 1012, 102}));
  const Encoding pair = t->encodePair("A man is eating.", "Someone eats.", o);
  EXPECT_EQ(pair.typeIds.front(), 0);
  EXPECT_EQ(pair.typeIds.back(), 1);
}
