#include <gtest/gtest.h>

#include "core/error.h"
#include "formats/hf_config.h"
#include "formats/test_util.h"

using namespace glassbox;
using glassbox::testing::freshTempDir;
using glassbox::testing::writeBytes;

namespace {

// openai-community/gpt2's config.json.
const char* kGpt2 = R"({"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"],
  "attn_pdrop": 0.1, "bos_token_id": 50256, "embd_pdrop": 0.1, "eos_token_id": 50256,
  "initializer_range": 0.02, "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": 1024,
  "n_embd": 768, "n_head": 12, "n_inner": null, "n_layer": 12, "n_positions": 1024, "resid_pdrop": 0.1,
  "summary_activation": null, "task_specific_params": {"text-generation": {"do_sample": true}},
  "vocab_size": 50257})";

// HuggingFaceTB/SmolLM2-135M's config.json (abridged to the fields that matter plus a few extras).
const char* kSmolLm2 = R"({"architectures": ["LlamaForCausalLM"], "attention_bias": false,
  "bos_token_id": 0, "eos_token_id": 0, "head_dim": 64, "hidden_act": "silu", "hidden_size": 576,
  "intermediate_size": 1536, "max_position_embeddings": 8192, "model_type": "llama",
  "num_attention_heads": 9, "num_hidden_layers": 30, "num_key_value_heads": 3, "rms_norm_eps": 1e-05,
  "rope_scaling": null, "rope_theta": 100000, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
  "vocab_size": 49152})";

// Qwen/Qwen2.5-0.5B-Instruct's config.json (abridged).
const char* kQwen2 = R"({"architectures": ["Qwen2ForCausalLM"], "bos_token_id": 151643,
  "eos_token_id": [151645, 151643], "hidden_act": "silu", "hidden_size": 896, "intermediate_size": 4864,
  "max_position_embeddings": 32768, "model_type": "qwen2", "num_attention_heads": 14,
  "num_hidden_layers": 24, "num_key_value_heads": 2, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
  "sliding_window": 32768, "tie_word_embeddings": true, "use_sliding_window": false, "vocab_size": 151936})";

}  // namespace

TEST(HfConfig, Gpt2) {
  const ModelConfig c = parseHfConfig(kGpt2, "gpt2/config.json");
  EXPECT_EQ(c.architecture, Architecture::Gpt2);
  EXPECT_EQ(c.architectureName, "GPT2LMHeadModel");
  EXPECT_EQ(c.modelType, "gpt2");
  EXPECT_EQ(c.dModel, 768);
  EXPECT_EQ(c.numLayers, 12);
  EXPECT_EQ(c.numHeads, 12);
  EXPECT_EQ(c.numKvHeads, 12);
  EXPECT_EQ(c.headDim, 64);
  EXPECT_EQ(c.hiddenDim, 3072);
  EXPECT_EQ(c.vocabSize, 50257);
  EXPECT_EQ(c.contextLength, 1024);
  EXPECT_FLOAT_EQ(c.normEps, 1e-5f);
  EXPECT_TRUE(c.tiedEmbeddings);
  EXPECT_TRUE(c.attentionBias);
  EXPECT_EQ(c.bosTokenId, 50256);
  EXPECT_EQ(c.eosTokenIds, std::vector<int>{50256});
}

TEST(HfConfig, Gpt2UsesNCtxAndExplicitNInner) {
  const ModelConfig c = parseHfConfig(
      R"({"model_type": "gpt2", "n_embd": 64, "n_layer": 2, "n_head": 4, "n_ctx": 128, "n_inner": 100,
          "vocab_size": 300})",
      "tiny");
  EXPECT_EQ(c.architectureName, "GPT2LMHeadModel");
  EXPECT_EQ(c.contextLength, 128);
  EXPECT_EQ(c.hiddenDim, 100);
  EXPECT_EQ(c.bosTokenId, -1);
  EXPECT_TRUE(c.eosTokenIds.empty());
}

TEST(HfConfig, SmolLm2) {
  const ModelConfig c = parseHfConfig(kSmolLm2, "smollm2");
  EXPECT_EQ(c.architecture, Architecture::Llama);
  EXPECT_EQ(c.architectureName, "LlamaForCausalLM");
  EXPECT_EQ(c.dModel, 576);
  EXPECT_EQ(c.numLayers, 30);
  EXPECT_EQ(c.numHeads, 9);
  EXPECT_EQ(c.numKvHeads, 3);
  EXPECT_EQ(c.headDim, 64);
  EXPECT_EQ(c.hiddenDim, 1536);
  EXPECT_EQ(c.contextLength, 8192);
  EXPECT_FLOAT_EQ(c.ropeTheta, 100000.0f);
  EXPECT_EQ(c.ropeStyle, RopeStyle::RotateHalf);
  EXPECT_TRUE(c.tiedEmbeddings);
  EXPECT_FALSE(c.attentionBias);
  EXPECT_EQ(c.bosTokenId, 0);
  EXPECT_EQ(c.eosTokenIds, std::vector<int>{0});
}

TEST(HfConfig, Qwen2ImpliesBiasAndTakesEosList) {
  const ModelConfig c = parseHfConfig(kQwen2, "qwen");
  EXPECT_EQ(c.architecture, Architecture::Llama);
  EXPECT_EQ(c.modelType, "qwen2");
  EXPECT_TRUE(c.attentionBias);
  EXPECT_EQ(c.headDim, 64);
  EXPECT_EQ(c.numKvHeads, 2);
  EXPECT_FLOAT_EQ(c.normEps, 1e-6f);
  EXPECT_FLOAT_EQ(c.ropeTheta, 1e6f);
  EXPECT_EQ(c.eosTokenIds, (std::vector<int>{151645, 151643}));
}

TEST(HfConfig, LlamaDefaults) {
  const ModelConfig c = parseHfConfig(
      R"({"model_type": "mistral", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
          "intermediate_size": 128, "max_position_embeddings": 256, "vocab_size": 100})",
      "mini");
  EXPECT_EQ(c.architecture, Architecture::Llama);
  EXPECT_EQ(c.numKvHeads, 4);
  EXPECT_EQ(c.headDim, 16);
  EXPECT_FALSE(c.tiedEmbeddings);
  EXPECT_FALSE(c.attentionBias);
  EXPECT_FLOAT_EQ(c.ropeTheta, 10000.0f);
  EXPECT_FLOAT_EQ(c.normEps, 1e-6f);
}

TEST(HfConfig, HeadDimOverridesDivision) {
  // Like Qwen3/Gemma: head_dim given and hidden_size not a multiple of heads * head_dim.
  const ModelConfig c = parseHfConfig(
      R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 60, "num_hidden_layers": 1,
          "num_attention_heads": 8, "num_key_value_heads": 2, "head_dim": 16, "intermediate_size": 64,
          "max_position_embeddings": 32, "vocab_size": 10})",
      "x");
  EXPECT_EQ(c.headDim, 16);
}

TEST(HfConfig, FolderReadsGenerationConfig) {
  const auto dir = freshTempDir();
  writeBytes(dir / "config.json", kSmolLm2);
  writeBytes(dir / "generation_config.json", R"({"bos_token_id": 1, "eos_token_id": [2, 5], "do_sample": true})");
  const ModelConfig c = readHfConfigFolder(dir.string());
  EXPECT_EQ(c.bosTokenId, 1);
  EXPECT_EQ(c.eosTokenIds, (std::vector<int>{2, 5}));
  EXPECT_EQ(c.dModel, 576);
}

TEST(HfConfig, FolderWithoutGenerationConfig) {
  const auto dir = freshTempDir();
  writeBytes(dir / "config.json", kGpt2);
  EXPECT_EQ(readHfConfigFolder(dir.string()).eosTokenIds, std::vector<int>{50256});
}
