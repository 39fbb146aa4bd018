// glassbox-cli on GGUF files: generate (run as a process, as a person would) reproduces llama.cpp's greedy
// text for stories260K F32 and Q8_0; info lists every tensor's type and bits per weight; tokenize reads
// the tokenizer embedded in a GGUF file.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_common.h"
#include "core/json_util.h"

namespace glassbox {
namespace {

const std::string kStories = GLASSBOX_SHARED_DIR "/fixtures/stories260K-gguf";
const std::string kCli = GLASSBOX_BINARY_DIR "/bin/glassbox-cli";

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string runCli(const std::string& args, int& status) {
  std::string out;
  FILE* p = popen((kCli + " " + args + " 2>&1").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  status = pclose(p);
  return out;
}

Json captured(int (*command)(const std::vector<std::string>&), const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  const int rc = command(args);
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0);
  return parseJson(out, "command output");
}

class CliGguf : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kStories + "/stories260K.gguf")) GTEST_SKIP() << kStories << " is absent (the shared fixtures are not part of a fresh clone)";
  }
};

TEST_F(CliGguf, GenerateReproducesLlamaCppGreedyText) {
  if (!std::filesystem::exists(kCli)) GTEST_SKIP() << kCli << " was not built";
  for (const char* type : {"F32", "Q8_0"}) {
    const std::string file = kStories + (std::string(type) == "F32" ? "/stories260K.gguf" : "/stories260K-Q8_0.gguf");
    int status = -1;
    const std::string out = runCli("generate --model " + file + " --prompt 'Once upon a time' --temperature 0 --max-new-tokens 100", status);
    EXPECT_EQ(status, 0) << out;
    // llama.cpp prints the prompt's pieces (with SentencePiece's leading space), the CLI the prompt as typed.
    // Both end with newlines (the CLI one, llama.cpp's log two): compared without them.
    auto trimmed = [](std::string s) {
      while (!s.empty() && s.back() == '\n') s.pop_back();
      return s;
    };
    const std::string expected = readText(kStories + "/llamacpp_greedy_once_upon_a_time_n100_" + type + ".txt");
    EXPECT_EQ(" " + trimmed(out), trimmed(expected)) << type;
  }
}

TEST_F(CliGguf, InfoListsTensorTypesAndBitsPerWeight) {
  const Json j = captured(cli::runInfo, {"--model", kStories + "/stories260K-Q4_0.gguf", "--json"});
  EXPECT_EQ(j["format"], "gguf");
  EXPECT_EQ(j["architecture"], "LlamaForCausalLM");
  EXPECT_EQ(j["kv_heads"], 4);
  std::map<std::string, Json> byName;
  for (const Json& t : j["tensors"]) byName[t["name"].get<std::string>()] = t;
  EXPECT_EQ(byName.size(), 48u);
  EXPECT_EQ(byName["blk.0.attn_q.weight"]["type"], "Q4_0");
  EXPECT_EQ(byName["blk.0.attn_q.weight"]["bits_per_weight"], 4.5);
  EXPECT_EQ(byName["output.weight"]["type"], "Q8_0");
  EXPECT_EQ(byName["blk.4.ffn_down.weight"]["bits_per_weight"], 16.0);
  EXPECT_EQ(byName["token_embd.weight"]["shape"], Json::array({512, 64}));
}

TEST_F(CliGguf, TokenizeWithTheEmbeddedTokenizer) {
  const Json j = captured(cli::runTokenize, {"--tokenizer", kStories + "/stories260K.gguf", "--text", "Once upon a time", "--json"});
  ASSERT_GE(j["ids"].size(), 2u);
  EXPECT_EQ(j["ids"][0], 1);  // BOS
  const Json m = captured(cli::runTokenize, {"--model", kStories + "/stories260K.gguf", "--text", "Once upon a time", "--json"});
  EXPECT_EQ(m["ids"], j["ids"]);  // no tokenizer file needed beside the model
}

}  // namespace
}  // namespace glassbox
