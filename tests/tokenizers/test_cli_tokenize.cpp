// glassbox-cli tokenize run in-process with stdout captured: the JSON fields of the Hugging Face Encoding
// (ids, attention_mask, type_ids, overflowing) and the --no-padding / --no-truncation switches, on a
// tokenizer.json with padding and truncation written by the test and on the real MiniLM tokenizer.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_common.h"
#include "core/error.h"
#include "core/json_util.h"
#include "test_helpers.h"
#include "tiny_tokenizers.h"

namespace glassbox {
namespace {

std::string runCaptured(const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  int rc = -1;
  try {
    rc = cli::runTokenize(args);
  } catch (...) {
    ::testing::internal::GetCapturedStdout();
    throw;
  }
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0);
  return out;
}

std::string paddedWordPiece() {
  Json j = Json::parse(test::kWordPiece);
  j["padding"] = Json::parse(R"({"strategy": {"Fixed": 6}, "direction": "Right", "pad_id": 0, "pad_type_id": 0, "pad_token": "[UNK]"})");
  j["truncation"] = Json::parse(R"({"max_length": 4, "strategy": "LongestFirst", "stride": 0, "direction": "Right"})");
  return test::writeTemp("cli_wordpiece.json", j.dump());
}

using Ids = std::vector<int>;

}  // namespace

TEST(CliTokenize, JsonReportsMasksAndOverflow) {
  const std::string path = paddedWordPiece();
  const Json j = parseJson(runCaptured({"--tokenizer", path, "--text", "hello hello hello", "--json"}), "tokenize output");
  EXPECT_EQ(j["ids"].get<Ids>(), (Ids{1, 6, 6, 2, 0, 0}));
  EXPECT_EQ(j["attention_mask"].get<Ids>(), (Ids{1, 1, 1, 1, 0, 0}));
  EXPECT_EQ(j["type_ids"].get<Ids>(), (Ids{0, 0, 0, 0, 0, 0}));
  ASSERT_EQ(j["overflowing"].size(), 1u);
  EXPECT_EQ(j["overflowing"][0]["ids"].get<Ids>(), (Ids{1, 6, 2, 0, 0, 0}));
  EXPECT_EQ(j["offsets"].size(), 6u);
  const Json raw = parseJson(runCaptured({"--tokenizer", path, "--text", "hello hello hello", "--json", "--no-padding",
                                          "--no-truncation"}),
                             "tokenize output");
  EXPECT_EQ(raw["ids"].get<Ids>(), (Ids{1, 6, 6, 6, 2}));
  EXPECT_EQ(raw["attention_mask"].get<Ids>(), (Ids{1, 1, 1, 1, 1}));
  EXPECT_TRUE(raw["overflowing"].empty());
  const Json unpadded = parseJson(runCaptured({"--tokenizer", path, "--text", "hello", "--json", "--no-padding"}), "output");
  EXPECT_EQ(unpadded["ids"].get<Ids>(), (Ids{1, 6, 2}));
}

TEST(CliTokenize, TableCollapsesPaddingAndMarksTruncation) {
  const std::string out = runCaptured({"--tokenizer", paddedWordPiece(), "--text", "hello hello hello"});
  EXPECT_NE(out.find("6 tokens"), std::string::npos) << out;
  EXPECT_NE(out.find("+ 2 padding \"[UNK]\""), std::string::npos) << out;
  EXPECT_NE(out.find("truncated"), std::string::npos) << out;
  EXPECT_THROW(cli::runTokenize({"--tokenizer", paddedWordPiece(), "--text", "x", "--no-paddin"}), Error);
}

TEST(CliTokenize, MiniLmLikeTheLibrary) {
  const std::string path = std::string(GLASSBOX_SHARED_DIR) + "/fixtures/all-MiniLM-L6-v2-tokenizer/tokenizer.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is missing (the ../shared fixtures are not here)";
  const Json j = parseJson(runCaptured({"--tokenizer", path, "--text", "Once upon a time", "--json"}), "tokenize output");
  ASSERT_EQ(j["ids"].size(), 128u);
  EXPECT_EQ(Ids(j["ids"].begin(), j["ids"].begin() + 7), (Ids{101, 2320, 2588, 1037, 2051, 102, 0}));
  Ids mask = j["attention_mask"].get<Ids>();
  EXPECT_EQ(std::count(mask.begin(), mask.end(), 1), 6);
  const Json raw = parseJson(runCaptured({"--tokenizer", path, "--text", "Once upon a time", "--json", "--no-padding"}), "out");
  EXPECT_EQ(raw["ids"].get<Ids>(), (Ids{101, 2320, 2588, 1037, 2051, 102}));
}

}  // namespace glassbox
