// glassbox-cli info and trace, run in-process with stdout captured.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_common.h"
#include "core/error.h"
#include "core/json_util.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

Json runCaptured(int (*command)(const std::vector<std::string>&), const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  int rc = -1;
  try {
    rc = command(args);
  } catch (...) {
    ::testing::internal::GetCapturedStdout();
    throw;
  }
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0);
  return parseJson(out, "command output");
}

TEST(CliModel, InfoJsonDescribesTheModel) {
  const auto dir = testing::freshTempDir() / "m";
  testing::TinySpec s;
  s.heads = 4, s.kvHeads = 2, s.tied = false, s.dtype = DType::BF16;
  testing::writeTinyHfModel(dir, s, 3);
  const Json j = runCaptured(cli::runInfo, {"--model", dir.string(), "--json"});
  EXPECT_EQ(j["family"], "llama");
  EXPECT_EQ(j["layers"], 2);
  EXPECT_EQ(j["heads"], 4);
  EXPECT_EQ(j["kv_heads"], 2);
  EXPECT_EQ(j["d_model"], 32);
  EXPECT_EQ(j["context"], 32);
  EXPECT_EQ(j["vocab"], 50);
  EXPECT_EQ(j["dtype"], "BF16");
  EXPECT_EQ(j["tied_embeddings"], false);
  EXPECT_EQ(j["file_bytes"].get<std::uint64_t>(), std::filesystem::file_size(dir / "model.safetensors"));
  EXPECT_THROW(cli::runInfo({"--model", dir.string(), "--jsn"}), Error);
}

TEST(CliModel, InfoShowsRopeScalingAndSlidingWindow) {
  const auto dir = testing::freshTempDir() / "m";
  testing::TinySpec s;
  s.architectureName = "Qwen2ForCausalLM";
  s.modelType = "qwen2";
  s.layers = 3;
  s.qkvBias = true;
  s.context = 64;
  s.extraConfigJson = R"({"use_sliding_window": true, "sliding_window": 8, "max_window_layers": 1,
    "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                     "original_max_position_embeddings": 32}})";
  testing::writeTinyHfModel(dir, s, 4);
  const Json j = runCaptured(cli::runInfo, {"--model", dir.string(), "--json"});
  EXPECT_EQ(j["rope_scaling"]["rope_type"], "llama3");
  EXPECT_EQ(j["rope_scaling"]["factor"], 8.0);
  EXPECT_EQ(j["rope_scaling"]["original_context"], 32);
  EXPECT_EQ(j["sliding_window"], 8);
  EXPECT_EQ(j["sliding_window_layers"], Json::array({1, 2}));
  ::testing::internal::CaptureStdout();
  cli::runInfo({"--model", dir.string()});
  const std::string text = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(text.find("rope scaling  llama3 x8 (low 1, high 4, original context 32)"), std::string::npos) << text;
  EXPECT_NE(text.find("window        8 tokens, layers 1-2"), std::string::npos) << text;
}

TEST(CliModel, TraceJsonHasEveryAttentionMatrix) {
  const std::string fixture = GLASSBOX_SHARED_DIR "/fixtures/aidreams260K";
  if (!std::filesystem::exists(fixture + "/aidreams260K.bin"))
    GTEST_SKIP() << fixture << " is absent (needs a model with a tokenizer)";
  const Json j = runCaptured(cli::runTrace, {"--model", fixture + "/aidreams260K.bin", "--tokenizer",
                                             fixture + "/tok512.bin", "--prompt", "I was flying", "--json"});
  const auto& tokens = j["tokens"];
  ASSERT_GE(tokens.size(), 2u);
  EXPECT_EQ(tokens[0]["id"], 1);
  const std::size_t T = tokens.size();
  ASSERT_EQ(j["attention"].size(), 4u);
  for (const auto& layer : j["attention"]) {
    ASSERT_EQ(layer.size(), 4u);
    for (const auto& head : layer) {
      ASSERT_EQ(head.size(), T);
      for (std::size_t q = 0; q < T; ++q) {
        double sum = 0;
        for (std::size_t k = 0; k < T; ++k) {
          sum += head[q][k].get<double>();
          if (k > q) EXPECT_EQ(head[q][k].get<double>(), 0.0);
        }
        EXPECT_NEAR(sum, 1.0, 1e-4);
      }
    }
  }
  EXPECT_THROW(cli::runTrace({"--model", fixture + "/aidreams260K.bin", "--json"}), Error);  // no prompt
}

}  // namespace
}  // namespace glassbox
