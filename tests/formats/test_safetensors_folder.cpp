#include <gtest/gtest.h>

#include <cstring>

#include "core/error.h"
#include "formats/safetensors.h"
#include "formats/test_util.h"

using namespace glassbox;
using glassbox::testing::freshTempDir;
using glassbox::testing::writeBytes;

namespace {
float first(const TensorRef& t) {
  float f;
  std::memcpy(&f, t.data, 4);
  return f;
}
}  // namespace

TEST(SafetensorsFolder, SingleFile) {
  const auto dir = freshTempDir();
  writeSafetensors((dir / "model.safetensors").string(), {f32Tensor("w", {2}, {1.0f, 2.0f})});
  auto src = openSafetensorsFolder(dir.string());
  EXPECT_EQ(first(src->require("w", {2})), 1.0f);
}

TEST(SafetensorsFolder, ShardedIndex) {
  const auto dir = freshTempDir();
  writeSafetensors((dir / "model-00001-of-00002.safetensors").string(),
                   {f32Tensor("a", {1}, {1.0f}), f32Tensor("b", {2}, {2.0f, 2.5f})});
  writeSafetensors((dir / "model-00002-of-00002.safetensors").string(), {f32Tensor("c", {3}, {3.0f, 0, 0})});
  writeBytes(dir / "model.safetensors.index.json",
             R"({"metadata": {"total_size": 24}, "weight_map": {"a": "model-00001-of-00002.safetensors",
                 "b": "model-00001-of-00002.safetensors", "c": "model-00002-of-00002.safetensors"}})");
  auto src = openSafetensorsFolder(dir.string());
  EXPECT_EQ(src->tensors().size(), 3u);
  EXPECT_EQ(first(src->require("a", {1})), 1.0f);
  EXPECT_EQ(first(src->require("b", {2})), 2.0f);
  EXPECT_EQ(first(src->require("c", {3})), 3.0f);
  EXPECT_NE(src->require("a").file, src->require("c").file);
  EXPECT_EQ(src->fileBytes(), std::filesystem::file_size(dir / "model-00001-of-00002.safetensors") +
                                  std::filesystem::file_size(dir / "model-00002-of-00002.safetensors"));
}

TEST(SafetensorsFolder, EmptyFolderIsAClearError) {
  const auto dir = freshTempDir();
  try {
    openSafetensorsFolder(dir.string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("model.safetensors"), std::string::npos) << e.what();
  }
}
