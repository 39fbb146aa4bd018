#pragma once
// A TinyStories-style tokenizer.json in miniature: a SentencePiece-style BPE behind the normalizer
// Sequence[Prepend("▁"), Replace(" ", "▁")], with the story markers <|start_story|> and <|end_story|> as
// special added tokens marked "normalized": true. Its ids are laid out so that the two strings of issue 22
// give exactly the ids quoted there from the Hugging Face library:
//   "Hi <|end_story|> there" -> [1, 80, 1158, 2, 80, 249, 57]
//   "The end.<|end_story|>"   -> [1, 80, 247, 183, 10, 208, 183, 209, 210]
// ("▁" = 80, "Hi" = 1158, "the" = 249, "re" = 57, "The▁" = 247, "end" = 183, "." = 10, "<|" = 208,
// "_story" = 209, "|>" = 210; the other ids up to 1158 are filler entries "[fN]").
#include <map>
#include <set>
#include <string>

#include "core/json_util.h"

namespace glassbox::test {

// `normalized` is the flag written on the two story markers.
inline std::string tinyStoriesTokenizerJson(bool normalized = true) {
  const std::map<std::string, int> fixed = {{"<unk>", 0},   {"<s>", 1},      {"<|end_story|>", 2}, {"<|start_story|>", 3},
                                            {"\u2581", 80}, {"Hi", 1158},    {"the", 249},         {"re", 57},
                                            {"The\u2581", 247}, {"end", 183}, {".", 10},           {"<|", 208},
                                            {"_story", 209}, {"|>", 210}};
  const char* rest[] = {"H", "i", "t", "h", "e", "r", "T", "n", "d", "<", "|", "_", "s", "o", "y", ">",
                        "Th", "The", "th", "en", "_s", "_st", "_sto", "_stor"};
  Json vocab = Json::object();
  std::set<int> used;
  for (const auto& [k, v] : fixed) {
    vocab[k] = v;
    used.insert(v);
  }
  int next = 4;
  for (const char* r : rest) {
    while (used.count(next)) ++next;
    vocab[r] = next;
    used.insert(next);
  }
  for (int id = 0; id <= 1158; ++id)
    if (!used.count(id)) vocab["[f" + std::to_string(id) + "]"] = id;
  const Json merges = {"H i", "t h", "th e", "r e", "T h", "Th e", "The \u2581", "e n", "en d", "< |", "| >",
                       "_ s", "_s t", "_st o", "_sto r", "_stor y"};
  auto added = [](int id, const char* content, bool norm) {
    return Json{{"id", id},       {"content", content}, {"single_word", false}, {"lstrip", false},
                {"rstrip", false}, {"normalized", norm}, {"special", true}};
  };
  auto special = [](const char* id, int type) { return Json{{"SpecialToken", {{"id", id}, {"type_id", type}}}}; };
  auto sequence = [](const char* id, int type) { return Json{{"Sequence", {{"id", id}, {"type_id", type}}}}; };
  Json j = {
      {"version", "1.0"},
      {"truncation", nullptr},
      {"padding", nullptr},
      {"added_tokens",
       Json::array({added(0, "<unk>", false), added(1, "<s>", false), added(2, "<|end_story|>", normalized),
                    added(3, "<|start_story|>", normalized)})},
      {"normalizer",
       {{"type", "Sequence"},
        {"normalizers", Json::array({Json{{"type", "Prepend"}, {"prepend", "\u2581"}},
                                     Json{{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\u2581"}}})}}},
      {"pre_tokenizer", nullptr},
      {"post_processor",
       {{"type", "TemplateProcessing"},
        {"single", Json::array({special("<s>", 0), sequence("A", 0)})},
        {"pair", Json::array({special("<s>", 0), sequence("A", 0), special("<s>", 1), sequence("B", 1)})},
        {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", Json::array({1})}, {"tokens", Json::array({"<s>"})}}}}}}},
      {"decoder",
       {{"type", "Sequence"},
        {"decoders", Json::array({Json{{"type", "Replace"}, {"pattern", {{"String", "\u2581"}}}, {"content", " "}},
                                  Json{{"type", "ByteFallback"}}, Json{{"type", "Fuse"}},
                                  Json{{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}})}}},
      {"model",
       {{"type", "BPE"},
        {"dropout", nullptr},
        {"unk_token", "<unk>"},
        {"continuing_subword_prefix", nullptr},
        {"end_of_word_suffix", nullptr},
        {"fuse_unk", true},
        {"byte_fallback", false},
        {"ignore_merges", false},
        {"vocab", vocab},
        {"merges", merges}}}};
  return j.dump();
}

}  // namespace glassbox::test
