#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "models/registry.h"
#include "formats/rope_scaling.h"
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
  EXPECT_EQ(c.architecture, "gpt2");
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
  EXPECT_EQ(c.architecture, "llama");
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
  EXPECT_EQ(c.architecture, "llama");
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
  EXPECT_EQ(c.architecture, "llama");
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

// ---- rope_scaling and sliding windows ----

namespace {

// A small Llama-family config with `extra` spliced in (a comma-led list of fields, or empty).
std::string llamaConfig(const std::string& modelType, const std::string& extra) {
  return R"({"model_type": ")" + modelType + R"(", "hidden_size": 64, "num_hidden_layers": 4,
    "num_attention_heads": 4, "intermediate_size": 128, "max_position_embeddings": 256, "vocab_size": 100)" +
         extra + "}";
}

std::string errorOf(const std::string& json) {
  try {
    parseHfConfig(json, "cfg.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(HfConfigRope, Llama31ScalingIsRead) {
  // meta-llama/Llama-3.2-1B's rope_scaling.
  const ModelConfig c = parseHfConfig(llamaConfig("llama", R"(, "rope_theta": 500000.0, "rope_scaling": {
      "factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0, "original_max_position_embeddings": 8192,
      "rope_type": "llama3"})"),
                                      "llama32");
  EXPECT_EQ(c.ropeScaling.type, RopeScalingType::Llama3);
  EXPECT_DOUBLE_EQ(c.ropeScaling.factor, 32.0);
  EXPECT_DOUBLE_EQ(c.ropeScaling.lowFreqFactor, 1.0);
  EXPECT_DOUBLE_EQ(c.ropeScaling.highFreqFactor, 4.0);
  EXPECT_EQ(c.ropeScaling.originalContext, 8192);
  EXPECT_EQ(c.contextLength, 256);
}

TEST(HfConfigRope, RealLlama32AndMistral7bConfigs) {
  // meta-llama/Llama-3.2-1B and mistralai/Mistral-7B-v0.1 config.json, complete.
  const ModelConfig llama = parseHfConfig(
      R"({"architectures": ["LlamaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
      "bos_token_id": 128000, "eos_token_id": 128001, "head_dim": 64, "hidden_act": "silu", "hidden_size": 2048,
      "initializer_range": 0.02, "intermediate_size": 8192, "max_position_embeddings": 131072, "mlp_bias": false,
      "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 16, "num_key_value_heads": 8,
      "pretraining_tp": 1, "rms_norm_eps": 1e-05, "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0,
      "low_freq_factor": 1.0, "original_max_position_embeddings": 8192, "rope_type": "llama3"},
      "rope_theta": 500000.0, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
      "transformers_version": "4.45.0.dev0", "use_cache": true, "vocab_size": 128256})",
      "llama-3.2-1b");
  EXPECT_EQ(llama.ropeScaling.type, RopeScalingType::Llama3);
  EXPECT_EQ(llama.ropeScaling.originalContext, 8192);
  EXPECT_EQ(llama.contextLength, 131072);
  EXPECT_EQ(llama.slidingWindow, 0);
  // Pair 0 (wavelength 2 pi) is kept; the last pair (wavelength ~1.5e6 > 8192) is divided by 32.
  const std::vector<double> f = ropeInverseFrequencies(llama);
  ASSERT_EQ(f.size(), 32u);
  EXPECT_DOUBLE_EQ(f[0], 1.0);
  EXPECT_NEAR(f[31], std::pow(500000.0, -62.0 / 64) / 32, 1e-18);

  const ModelConfig mistral = parseHfConfig(
      R"({"architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
      "hidden_size": 4096, "initializer_range": 0.02, "intermediate_size": 14336, "max_position_embeddings": 32768,
      "model_type": "mistral", "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
      "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "sliding_window": 4096, "tie_word_embeddings": false,
      "torch_dtype": "bfloat16", "transformers_version": "4.34.0.dev0", "use_cache": true, "vocab_size": 32000})",
      "mistral-7b-v0.1");
  EXPECT_EQ(mistral.ropeScaling.type, RopeScalingType::None);
  EXPECT_EQ(mistral.slidingWindow, 4096);
  EXPECT_EQ(mistral.attentionWindow(0), 4096);
  EXPECT_EQ(mistral.attentionWindow(31), 4096);
}

TEST(HfConfigRope, LegacyTypeKeyAndDefaultType) {
  const ModelConfig lin = parseHfConfig(llamaConfig("llama", R"(, "rope_scaling": {"type": "linear", "factor": 4})"), "x");
  EXPECT_EQ(lin.ropeScaling.type, RopeScalingType::Linear);
  EXPECT_DOUBLE_EQ(lin.ropeScaling.factor, 4.0);
  const ModelConfig def = parseHfConfig(llamaConfig("llama", R"(, "rope_scaling": {"rope_type": "default"})"), "x");
  EXPECT_EQ(def.ropeScaling.type, RopeScalingType::None);
  // Both keys naming the same type are fine.
  EXPECT_EQ(parseHfConfig(llamaConfig("llama", R"(, "rope_scaling": {"type": "linear", "rope_type": "linear",
                                        "factor": 2})"),
                          "x")
                .ropeScaling.type,
            RopeScalingType::Linear);
}

TEST(HfConfigRope, DynamicExtendsTheContextByItsFactor) {
  const ModelConfig c = parseHfConfig(llamaConfig("llama", R"(, "rope_scaling": {"type": "dynamic", "factor": 2.5})"), "x");
  EXPECT_EQ(c.ropeScaling.type, RopeScalingType::Dynamic);
  EXPECT_EQ(c.ropeScaling.originalContext, 256);
  EXPECT_EQ(c.contextLength, 640);
}

TEST(HfConfigRope, RopeParametersCarryThetaAndType) {
  const ModelConfig c = parseHfConfig(
      llamaConfig("llama", R"(, "rope_parameters": {"rope_type": "linear", "factor": 2.0, "rope_theta": 50000.0})"), "x");
  EXPECT_EQ(c.ropeScaling.type, RopeScalingType::Linear);
  EXPECT_FLOAT_EQ(c.ropeTheta, 50000.0f);
  const ModelConfig d = parseHfConfig(llamaConfig("llama", R"(, "rope_parameters": {"rope_theta": 1000.0})"), "x");
  EXPECT_EQ(d.ropeScaling.type, RopeScalingType::None);
  EXPECT_FLOAT_EQ(d.ropeTheta, 1000.0f);
}

TEST(HfConfigRope, RefusedWithClearMessages) {
  const struct {
    const char* extra;
    const char* expected;
  } cases[] = {
      {R"(, "rope_scaling": {"rope_type": "yarn", "factor": 4.0})", "\"yarn\" is not supported"},
      {R"(, "rope_scaling": {"type": "longrope", "short_factor": [1], "long_factor": [1]})", "\"longrope\""},
      {R"(, "rope_scaling": {"factor": 4.0})", "no \"rope_type\""},
      {R"(, "rope_scaling": {"rope_type": "linear"})", "no \"factor\""},
      {R"(, "rope_scaling": {"rope_type": "linear", "factor": 0})", "rope_scaling: field \"factor\" = 0"},
      {R"(, "rope_scaling": {"rope_type": "linear", "factor": -2})", "must be positive"},
      {R"(, "rope_scaling": {"rope_type": "linear", "factor": 1e999})", "1e999"},  // the JSON reader refuses it
      {R"(, "rope_scaling": {"rope_type": "linear", "factor": "2"})", "factor"},
      {R"(, "rope_scaling": {"rope_type": "linear", "factor": NaN})", "invalid JSON"},
      {R"(, "rope_scaling": {"rope_type": 3, "factor": 2})", "rope_type"},
      {R"(, "rope_parameters": {"rope_type": "linear", "factor": 2, "rope_theta": -5})", "rope_theta"},
      {R"(, "rope_scaling": {"rope_type": "linear", "type": "dynamic", "factor": 2})", "keep one"},
      {R"(, "rope_scaling": "linear")", "must be an object"},
      {R"(, "rope_scaling": {"rope_type": "llama3", "factor": 8.0})", "low_freq_factor"},
      {R"(, "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 4, "high_freq_factor": 1,
           "original_max_position_embeddings": 64})",
       "must be above low_freq_factor"},
      {R"(, "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1, "high_freq_factor": 4,
           "original_max_position_embeddings": 0})",
       "original_max_position_embeddings"},
      {R"(, "rope_scaling": {"rope_type": "dynamic", "factor": 2, "original_max_position_embeddings": 128})",
       "differs from max_position_embeddings"},
      {R"(, "rope_scaling": {"rope_type": "linear", "factor": 2}, "rope_parameters": {"rope_type": "linear", "factor": 3})",
       "different scalings"},
      {R"(, "partial_rotary_factor": 0.5)", "partial_rotary_factor 0.5 is not supported"},
      {R"(, "partial_rotary_factor": -1)", "partial_rotary_factor"},
  };
  for (const auto& c : cases) {
    const std::string message = errorOf(llamaConfig("llama", c.extra));
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.extra << "\n -> " << message;
    EXPECT_NE(message.find("cfg.json"), std::string::npos) << message;
  }
  EXPECT_EQ(parseHfConfig(llamaConfig("llama", R"(, "partial_rotary_factor": 1.0)"), "x").headDim, 16);
}

TEST(HfConfigWindow, MistralWindowCoversEveryLayer) {
  const ModelConfig c = parseHfConfig(llamaConfig("mistral", R"(, "sliding_window": 4096)"), "mistral");
  EXPECT_EQ(c.slidingWindow, 4096);
  for (int l = 0; l < 4; ++l) EXPECT_EQ(c.attentionWindow(l), 4096) << l;
  // transformers' MistralConfig default, and null for "no window" (Mistral 7B v0.2 on).
  EXPECT_EQ(parseHfConfig(llamaConfig("mistral", ""), "x").slidingWindow, 4096);
  const ModelConfig none = parseHfConfig(llamaConfig("mistral", R"(, "sliding_window": null)"), "x");
  EXPECT_EQ(none.slidingWindow, 0);
  EXPECT_EQ(none.attentionWindow(0), 0);
}

TEST(HfConfigWindow, LlamaIgnoresSlidingWindow) {
  const ModelConfig c = parseHfConfig(llamaConfig("llama", R"(, "sliding_window": 16)"), "x");
  EXPECT_EQ(c.slidingWindow, 0);
  EXPECT_EQ(c.attentionWindow(0), 0);
}

TEST(HfConfigWindow, Qwen2FollowsUseSlidingWindowAndMaxWindowLayers) {
  const ModelConfig off = parseHfConfig(kQwen2, "qwen");  // use_sliding_window false
  EXPECT_EQ(off.slidingWindow, 0);
  for (int l = 0; l < off.numLayers; ++l) EXPECT_EQ(off.attentionWindow(l), 0);
  const ModelConfig on = parseHfConfig(
      llamaConfig("qwen2", R"(, "use_sliding_window": true, "sliding_window": 32, "max_window_layers": 2)"), "x");
  EXPECT_EQ(on.attentionWindow(0), 0);
  EXPECT_EQ(on.attentionWindow(1), 0);
  EXPECT_EQ(on.attentionWindow(2), 32);
  EXPECT_EQ(on.attentionWindow(3), 32);
  // Default max_window_layers 28 > 4 layers: no layer slides.
  EXPECT_EQ(parseHfConfig(llamaConfig("qwen2", R"(, "use_sliding_window": true, "sliding_window": 32)"), "x").slidingWindow,
            0);
  const ModelConfig typed = parseHfConfig(
      llamaConfig("qwen2", R"(, "use_sliding_window": true, "sliding_window": 8, "layer_types":
        ["sliding_attention", "full_attention", "sliding_attention", "full_attention"])"),
      "x");
  EXPECT_EQ(typed.attentionWindow(0), 8);
  EXPECT_EQ(typed.attentionWindow(1), 0);
  EXPECT_EQ(typed.attentionWindow(2), 8);
}

TEST(HfConfigWindow, HostileWindowsAreRefused) {
  const struct {
    const char* type;
    const char* extra;
    const char* expected;
  } cases[] = {
      {"mistral", R"(, "sliding_window": 0)", "\"sliding_window\" = 0"},
      {"mistral", R"(, "sliding_window": -4096)", "sliding_window"},
      {"mistral", R"(, "sliding_window": 1e30)", "sliding_window"},
      {"mistral", R"(, "sliding_window": "4096")", "sliding_window"},
      {"mistral", R"(, "sliding_window": true)", "sliding_window"},
      {"mistral", R"(, "sliding_window": 40.5)", "sliding_window"},
      {"qwen2", R"(, "use_sliding_window": true, "sliding_window": 8, "max_window_layers": -1)", "max_window_layers"},
      {"qwen2", R"(, "use_sliding_window": "yes", "sliding_window": 8)", "use_sliding_window"},
      {"qwen2", R"(, "use_sliding_window": true, "sliding_window": 8, "layer_types": ["full_attention"])",
       "one entry per layer"},
      {"qwen2", R"(, "use_sliding_window": true, "sliding_window": 8, "layer_types":
         ["chunked_attention", "full_attention", "full_attention", "full_attention"])",
       "chunked_attention"},
      {"qwen2", R"(, "use_sliding_window": false, "layer_types":
         ["sliding_attention", "full_attention", "full_attention", "full_attention"])",
       "contradicts"},
  };
  for (const auto& c : cases) {
    const std::string message = errorOf(llamaConfig(c.type, c.extra));
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.extra << "\n -> " << message;
  }
}

// ---- scaled frequencies, against values worked out by hand ----

namespace {

ModelConfig ropeConfig(int headDim, float theta, RopeScaling s) {
  ModelConfig c;
  c.architecture = "llama";
  c.positions = PositionScheme::Rotary;
  c.headDim = headDim;
  c.ropeTheta = theta;
  c.ropeScaling = s;
  return c;
}

void expectFrequencies(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12 * want[i]) << "pair " << i;
}

}  // namespace

TEST(RopeFrequencies, PlainAndLinear) {
  expectFrequencies(ropeInverseFrequencies(ropeConfig(4, 100.0f, {})), {1.0, 0.1});
  RopeScaling lin;
  lin.type = RopeScalingType::Linear;
  lin.factor = 4.0;
  expectFrequencies(ropeInverseFrequencies(ropeConfig(4, 100.0f, lin)), {0.25, 0.025});
}

TEST(RopeFrequencies, Llama3Bands) {
  // theta 10000, D 8: frequencies 1, 0.1, 0.01, 0.001, wavelengths 2 pi / f = 6.28, 62.8, 628, 6283.
  // original 64, low 1, high 4: wavelengths under 16 kept, over 64 divided by 8, 62.8 blended with
  // smooth = (64 / 62.83 - 1) / (4 - 1).
  RopeScaling s;
  s.type = RopeScalingType::Llama3;
  s.factor = 8.0;
  s.lowFreqFactor = 1.0;
  s.highFreqFactor = 4.0;
  s.originalContext = 64;
  const double pi = 3.14159265358979323846;
  const double smooth = (64.0 / (2 * pi / 0.1) - 1.0) / 3.0;
  expectFrequencies(ropeInverseFrequencies(ropeConfig(8, 10000.0f, s)),
                    {1.0, (1 - smooth) * 0.1 / 8 + smooth * 0.1, 0.01 / 8, 0.001 / 8});
}

TEST(RopeFrequencies, DynamicGrowsThetaPastTheOriginalContext) {
  RopeScaling s;
  s.type = RopeScalingType::Dynamic;
  s.factor = 2.0;
  s.originalContext = 10;
  const ModelConfig c = ropeConfig(4, 100.0f, s);
  // Up to the original context: plain. At 20: theta 100 * (2 * 20 / 10 - 1)^(4 / 2) = 900.
  expectFrequencies(ropeInverseFrequencies(c, 5), {1.0, 0.1});
  expectFrequencies(ropeInverseFrequencies(c, 10), {1.0, 0.1});
  expectFrequencies(ropeInverseFrequencies(c, 20), {1.0, 1.0 / 30.0});
}

TEST(RopeFrequencies, DynamicUpdateRuleOfTransformers) {
  const int original = 10;
  EXPECT_EQ(dynamicRopeLength(10, 5, original), 10);   // short: stays original
  EXPECT_EQ(dynamicRopeLength(10, 12, original), 12);  // grows
  EXPECT_EQ(dynamicRopeLength(12, 11, original), 12);  // shorter but past the original: kept
  EXPECT_EQ(dynamicRopeLength(12, 10, original), 12);  // exactly the original: kept (reset needs <)
  EXPECT_EQ(dynamicRopeLength(12, 9, original), 10);   // below the original: reset
  EXPECT_EQ(dynamicRopeLength(12, 15, original), 15);
}
