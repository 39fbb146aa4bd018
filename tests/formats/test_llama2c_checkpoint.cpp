#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "formats/llama2c_checkpoint.h"
#include "formats/test_util.h"

using namespace glassbox;
using glassbox::testing::freshTempDir;
using glassbox::testing::writeBytes;

namespace {

std::string int32s(std::initializer_list<std::int32_t> v) {
  std::string out;
  for (std::int32_t x : v) out.append(reinterpret_cast<const char*>(&x), 4);
  return out;
}

// Floats 0, 1, 2, ... so every tensor's first element is its offset (in floats) after the header.
std::string countingFloats(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    const float f = static_cast<float>(i);
    out.append(reinterpret_cast<const char*>(&f), 4);
  }
  return out;
}

float first(const TensorRef& t) {
  float f;
  std::memcpy(&f, t.data, 4);
  return f;
}

}  // namespace

// dim 4, hidden 6, 2 layers, 2 heads, 1 kv head, vocab 5 (negative: separate classifier), seq 3.
// D = 2, H*D = 4, K*D = 2. Offsets in floats, by hand: embed [0,20) rms_att [20,28) wq [28,60)
// wk [60,76) wv [76,92) wo [92,124) rms_ffn [124,132) w1 [132,180) w2 [180,228) w3 [228,276)
// rms_final [276,280) freq_cis [280,286) wcls [286,306).
TEST(Llama2c, SyntheticUntiedLayoutAndNames) {
  const auto dir = freshTempDir();
  const std::string path = (dir / "tiny.bin").string();
  writeBytes(path, int32s({4, 6, 2, 2, 1, -5, 3}) + countingFloats(306));
  const Llama2cCheckpoint ck = openLlama2cCheckpoint(path);
  const ModelConfig& c = ck.config;
  EXPECT_EQ(c.architecture, "llama");
  EXPECT_EQ(c.architectureName, "llama2.c");
  EXPECT_EQ(c.modelType, "llama");
  EXPECT_EQ(c.dModel, 4);
  EXPECT_EQ(c.hiddenDim, 6);
  EXPECT_EQ(c.numLayers, 2);
  EXPECT_EQ(c.numHeads, 2);
  EXPECT_EQ(c.numKvHeads, 1);
  EXPECT_EQ(c.headDim, 2);
  EXPECT_EQ(c.vocabSize, 5);
  EXPECT_EQ(c.contextLength, 3);
  EXPECT_FALSE(c.tiedEmbeddings);
  EXPECT_EQ(c.ropeStyle, RopeStyle::Interleaved);
  EXPECT_FLOAT_EQ(c.normEps, 1e-5f);
  EXPECT_EQ(c.bosTokenId, 1);
  EXPECT_EQ(c.eosTokenIds, std::vector<int>{2});

  const TensorSource& t = *ck.tensors;
  EXPECT_EQ(t.tensors().size(), 1u + 2u * 9u + 1u + 1u);
  EXPECT_EQ(first(t.require("model.embed_tokens.weight", {5, 4})), 0.0f);
  EXPECT_EQ(first(t.require("model.layers.1.input_layernorm.weight", {4})), 24.0f);
  EXPECT_EQ(first(t.require("model.layers.0.self_attn.q_proj.weight", {4, 4})), 28.0f);
  EXPECT_EQ(first(t.require("model.layers.1.self_attn.q_proj.weight", {4, 4})), 44.0f);
  EXPECT_EQ(first(t.require("model.layers.1.self_attn.k_proj.weight", {2, 4})), 68.0f);
  EXPECT_EQ(first(t.require("model.layers.0.self_attn.v_proj.weight", {2, 4})), 76.0f);
  EXPECT_EQ(first(t.require("model.layers.1.self_attn.o_proj.weight", {4, 4})), 108.0f);
  EXPECT_EQ(first(t.require("model.layers.0.post_attention_layernorm.weight", {4})), 124.0f);
  EXPECT_EQ(first(t.require("model.layers.1.mlp.gate_proj.weight", {6, 4})), 156.0f);
  EXPECT_EQ(first(t.require("model.layers.1.mlp.down_proj.weight", {4, 6})), 204.0f);
  EXPECT_EQ(first(t.require("model.layers.0.mlp.up_proj.weight", {6, 4})), 228.0f);
  EXPECT_EQ(first(t.require("model.norm.weight", {4})), 276.0f);
  const TensorRef& head = t.require("lm_head.weight", {5, 4});
  EXPECT_EQ(first(head), 286.0f);
  EXPECT_EQ(head.byteSize, 80u);
  EXPECT_EQ(head.data + head.byteSize, head.file->data() + head.file->size());
}

TEST(Llama2c, SyntheticTiedHasNoLmHead) {
  const auto dir = freshTempDir();
  const std::string path = (dir / "tied.bin").string();
  writeBytes(path, int32s({4, 6, 2, 2, 1, 5, 3}) + countingFloats(286));
  const Llama2cCheckpoint ck = openLlama2cCheckpoint(path);
  EXPECT_TRUE(ck.config.tiedEmbeddings);
  EXPECT_EQ(ck.tensors->find("lm_head.weight"), nullptr);
  EXPECT_EQ(ck.tensors->tensors().size(), 20u);
}

TEST(Llama2c, RealAidreamsCheckpoint) {
  const std::string path = GLASSBOX_SHARED_DIR "/fixtures/aidreams260K/aidreams260K.bin";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared fixture absent: " << path;
  const Llama2cCheckpoint ck = openLlama2cCheckpoint(path);
  const ModelConfig& c = ck.config;
  EXPECT_EQ(c.dModel, 64);
  EXPECT_EQ(c.hiddenDim, 172);
  EXPECT_EQ(c.numLayers, 4);
  EXPECT_EQ(c.numHeads, 4);
  EXPECT_EQ(c.numKvHeads, 4);
  EXPECT_EQ(c.headDim, 16);
  EXPECT_EQ(c.vocabSize, 512);
  EXPECT_EQ(c.contextLength, 128);
  EXPECT_TRUE(c.tiedEmbeddings);
  const TensorSource& t = *ck.tensors;
  EXPECT_EQ(t.tensors().size(), 38u);
  EXPECT_EQ(t.find("lm_head.weight"), nullptr);
  t.require("model.layers.3.mlp.down_proj.weight", {64, 172});
  // Everything but the 28-byte header and the two 128 x 8 freq_cis tables is exposed.
  EXPECT_EQ(t.totalBytes() + 28u + 2u * 128u * 8u * 4u, t.fileBytes());
  // The final norm's gains are trained values near 1, not embeddings or rope tables.
  const TensorRef& norm = t.require("model.norm.weight", {64});
  std::vector<float> g(64);
  std::memcpy(g.data(), norm.data, 256);
  double mean = 0;
  for (float x : g) {
    ASSERT_TRUE(std::isfinite(x));
    mean += x / 64.0;
  }
  EXPECT_GT(mean, 0.2);
  EXPECT_LT(mean, 5.0);
}
