// The model naming rule (engine/models/model_name.h): the config's name, then the file or folder, then
// the nearest parent of a generic folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "models/model_name.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

void write(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

TEST(ModelDisplayName, ConfigNameThenFolderThenParentOfAGenericFolder) {
  const auto tmp = testing::freshTempDir();
  const auto hf = tmp / "gpt2-small/hf";
  write(hf / "config.json", R"({"_name_or_path": "openai-community/gpt2", "model_type": "gpt2"})");
  EXPECT_EQ(modelDisplayName(hf.string()), "gpt2");
  EXPECT_EQ(modelDisplayName((hf / "model.safetensors").string()), "gpt2");
  const auto noName = tmp / "tinystories/hf";
  write(noName / "config.json", R"({"model_type": "llama", "_name_or_path": "/home/trainer/out/checkpoint-9"})");
  EXPECT_EQ(modelDisplayName(noName.string()), "tinystories") << "a local path in the config is not a name";
  const auto cache = tmp / "models--Qwen--Qwen2-0.5B/snapshots/0123456789abcdef0123456789abcdef01234567";
  write(cache / "config.json", R"({"model_type": "qwen2"})");
  EXPECT_EQ(modelDisplayName(cache.string()), "Qwen2-0.5B");
  write(tmp / "llama/stories15M.bin", "x");
  EXPECT_EQ(modelDisplayName((tmp / "llama/stories15M.bin").string()), "stories15M");
  write(tmp / "tales/model.bin", "x");
  EXPECT_EQ(modelDisplayName((tmp / "tales/model.bin").string()), "tales");
  write(tmp / "q/tinyllama-Q4_K_M.gguf", "x");
  EXPECT_EQ(modelDisplayName((tmp / "q/tinyllama-Q4_K_M.gguf").string()), "tinyllama-Q4_K_M");
  const auto plain = tmp / "glassbox-kjv";
  write(plain / "config.json", "{}");
  EXPECT_EQ(modelDisplayName(plain.string()), "glassbox-kjv");
  write(tmp / "broken/config.json", "{ not json");
  EXPECT_EQ(modelDisplayName((tmp / "broken").string()), "broken");
  write(tmp / "deep/config.json", std::string(100000, '['));
  EXPECT_EQ(modelDisplayName((tmp / "deep").string()), "deep");
  EXPECT_TRUE(isGenericModelFolderName("HF"));
  EXPECT_TRUE(isGenericModelFolderName(" model "));
  EXPECT_FALSE(isGenericModelFolderName("gpt2"));
}

}  // namespace
}  // namespace glassbox
