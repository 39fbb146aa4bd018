// glassbox-cli generate and trace on a random T5 folder with the real flan-t5-small tokenizer, run
// in-process with stdout captured: decoder output only, encoder_tokens, --target, the three maps.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_common.h"
#include "core/error.h"
#include "core/json_util.h"
#include "tiny_model.h"
#include "tiny_t5.h"

namespace glassbox {
namespace {

const std::string kTokenizer = GLASSBOX_SHARED_DIR "/fixtures/flan-t5-small-tokenizer/tokenizer.json";

std::string captured(int (*command)(const std::vector<std::string>&), const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  int rc = -1;
  try {
    rc = command(args);
  } catch (...) {
    ::testing::internal::GetCapturedStdout();
    throw;
  }
  EXPECT_EQ(rc, 0);
  return ::testing::internal::GetCapturedStdout();
}

// A small T5 over flan-t5's whole vocabulary, so that the real tokenizer's ids fit.
std::filesystem::path flanVocabularyT5() {
  const auto dir = testing::freshTempDir() / "t5";
  testing::T5Spec s;
  s.vocab = 32128;
  s.gated = true;
  s.tied = false;
  testing::writeTinyT5(dir, s, 77);
  return dir;
}

TEST(CliT5, GenerateJsonHasEncoderTokensAndDecoderSteps) {
  if (!std::filesystem::exists(kTokenizer)) GTEST_SKIP() << "flan-t5-small tokenizer fixture absent";
  const auto dir = flanVocabularyT5();
  const std::vector<std::string> base{"--model", dir.string(), "--tokenizer", kTokenizer, "--prompt",
                                      "translate English to German: Hello", "--temperature", "0",
                                      "--max-new-tokens", "5"};
  std::vector<std::string> args = base;
  args.push_back("--json");
  const Json j = parseJson(captured(cli::runGenerate, args), "generate output");
  ASSERT_TRUE(j.contains("encoder_tokens"));
  EXPECT_EQ(j["encoder_tokens"].back(), 1);  // </s> appended by the tokenizer
  EXPECT_GT(j["encoder_tokens"].size(), 3u);
  EXPECT_EQ(j["prompt_tokens"], Json::array({0}));  // decoder_start_token_id
  EXPECT_EQ(j["steps"].size(), 5u);
  EXPECT_EQ(j["text"], j["continuation"]);  // the decoder's output, not the prompt again
  // Plain output: the decoder's text alone.
  const std::string text = captured(cli::runGenerate, base);
  EXPECT_EQ(text, j["continuation"].get<std::string>() + "\n");
  // --target forces the decoder's prefix; generation continues after it.
  args.push_back("--target");
  args.push_back("Hallo Welt");
  const Json forced = parseJson(captured(cli::runGenerate, args), "generate output");
  EXPECT_GT(forced["prompt_tokens"].size(), 2u);
  EXPECT_EQ(forced["prompt_tokens"][0], 0);
}

TEST(CliT5, InfoShowsBothStacks) {
  const auto dir = testing::freshTempDir() / "t5";
  testing::T5Spec s;
  s.decoderLayers = 3;
  testing::writeTinyT5(dir, s, 78);
  const Json j = parseJson(captured(cli::runInfo, {"--model", dir.string(), "--json"}), "info output");
  EXPECT_EQ(j["family"], "t5");
  EXPECT_EQ(j["model_family"], "encoder-decoder");
  EXPECT_EQ(j["encoder_layers"], 2);
  EXPECT_EQ(j["decoder_layers"], 3);
  EXPECT_EQ(j["relative_buckets"], 8);
  EXPECT_EQ(j["positions"], "relative buckets");
  const std::string text = captured(cli::runInfo, {"--model", dir.string()});
  EXPECT_NE(text.find("2 encoder + 3 decoder"), std::string::npos) << text;
}

TEST(CliT5, TraceJsonHasBothSidesAndThreeMaps) {
  if (!std::filesystem::exists(kTokenizer)) GTEST_SKIP() << "flan-t5-small tokenizer fixture absent";
  const auto dir = flanVocabularyT5();
  const Json j = parseJson(captured(cli::runTrace, {"--model", dir.string(), "--tokenizer", kTokenizer, "--prompt",
                                                    "translate English to German: The house", "--target", "Das Haus",
                                                    "--json"}),
                           "trace output");
  EXPECT_EQ(j["family"], "encoder-decoder");
  const std::size_t Te = j["encoder_tokens"].size(), Td = j["decoder_tokens"].size();
  EXPECT_EQ(j["encoder_tokens"].back()["id"], 1);
  EXPECT_EQ(j["decoder_tokens"][0]["id"], 0);
  EXPECT_GE(Td, 3u);
  std::map<std::string, std::pair<std::size_t, std::size_t>> expected{
      {"encoder-self", {Te, Te}}, {"decoder-self", {Td, Td}}, {"cross", {Td, Te}}};
  ASSERT_EQ(j["maps"].size(), 3u);
  for (const Json& m : j["maps"]) {
    const auto [q, k] = expected.at(m["stream"].get<std::string>());
    EXPECT_EQ(m["queries"].get<std::size_t>(), q);
    EXPECT_EQ(m["keys"].get<std::size_t>(), k);
    for (const Json& layer : m["attention"])
      for (const Json& head : layer)
        for (std::size_t r = 0; r < q; ++r) {
          double sum = 0;
          for (std::size_t c = 0; c < k; ++c) {
            sum += head[r][c].get<double>();
            if (m["stream"] == "decoder-self" && c > r) EXPECT_EQ(head[r][c].get<double>(), 0.0);
          }
          EXPECT_NEAR(sum, 1.0, 1e-4);
        }
  }
  EXPECT_THROW(cli::runTrace({"--model", dir.string(), "--tokenizer", kTokenizer, "--json"}), Error);
}

}  // namespace
}  // namespace glassbox
