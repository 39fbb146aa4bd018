// The Llama family (LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM; model_type llama, mistral,
// qwen2, smollm) and llama2.c checkpoints: RMSNorm pre-norm blocks, rotary positions (rope_scaling
// default, linear, llama3, dynamic), grouped-query attention, optional sliding windows (Mistral, Qwen2),
// SwiGLU MLP. Field names follow transformers' LlamaConfig / MistralConfig / Qwen2Config; tensor names
// its LlamaForCausalLM (base prefix "model." or none).
#include "models/architectures.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "formats/config_fields.h"
#include "models/weight_plan.h"

namespace glassbox {

namespace {

void setLlamaFeatures(ModelConfig& c) {
  c.family = Family::Decoder;
  c.capabilities = kCanGenerate;
  c.normKind = NormKind::RmsNorm;
  c.normPlacement = NormPlacement::Pre;
  c.activation = Activation::Silu;
  c.gatedFfn = true;
  c.ffnBias = false;  // mlp_bias (config.json) may turn it on; attentionBias comes from each format's reader
  c.positions = PositionScheme::Rotary;
  c.attentionScale = AttentionScale::InverseSqrtHeadDim;
  c.fusedQkv = false;
  c.finalNorm = true;
}

// A number the rope_scaling object must hold: finite, positive, at most max.
double requiredPositive(const Json& o, const char* key, const std::string& type, double max, const std::string& where) {
  if (!o.contains(key) || o[key].is_null())
    throw Error(where + " has no \"" + key + "\", which rope_type \"" + type +
                "\" requires; hint: the config.json is incomplete");
  return checkedPositive(o, key, 1.0, max, where);
}

// One rope_scaling / rope_parameters object -> RopeScaling. `where` = "<file>: rope_scaling".
RopeScaling parseRopeObject(const Json& o, const ModelConfig& c, bool typeRequired, const std::string& where) {
  if (!o.is_object()) throw Error(where + " must be an object, found " + o.dump().substr(0, 60));
  const std::string ropeType = jsonStringOr(o, "rope_type", "", where);
  const std::string legacyType = jsonStringOr(o, "type", "", where);  // the key before transformers 4.43
  if (!ropeType.empty() && !legacyType.empty() && ropeType != legacyType)
    throw Error(where + " gives rope_type \"" + ropeType + "\" and type \"" + legacyType +
                "\"; hint: keep one of the two keys");
  std::string type = ropeType.empty() ? legacyType : ropeType;
  if (type.empty()) {
    if (typeRequired) throw Error(where + " has no \"rope_type\" (or \"type\"); hint: the config.json is incomplete");
    type = "default";
  }
  RopeScaling s;
  if (type == "default") return s;
  constexpr double kMaxFactor = 1e6;
  if (type == "linear" || type == "dynamic" || type == "llama3") s.factor = requiredPositive(o, "factor", type, kMaxFactor, where);
  if (type == "linear") {
    s.type = RopeScalingType::Linear;
  } else if (type == "dynamic") {
    s.type = RopeScalingType::Dynamic;
    s.originalContext = c.contextLength;
    // transformers scales from max_position_embeddings and leaves this key unused; a different value
    // would make the two readings disagree.
    if (o.contains("original_max_position_embeddings") && !o["original_max_position_embeddings"].is_null() &&
        checkedDim(o, "original_max_position_embeddings", 0, kMaxContext, where) != c.contextLength)
      throw Error(where + ": original_max_position_embeddings " + shownField(o, "original_max_position_embeddings", "") +
                  " differs from max_position_embeddings " + std::to_string(c.contextLength) +
                  " for rope_type dynamic, which scales from max_position_embeddings; hint: remove it or make them equal");
    if (c.headDim <= 2)
      throw Error(where + ": rope_type dynamic needs a head size above 2 (its exponent is D / (D - 2)), found " +
                  std::to_string(c.headDim));
  } else if (type == "llama3") {
    s.type = RopeScalingType::Llama3;
    s.lowFreqFactor = requiredPositive(o, "low_freq_factor", type, kMaxFactor, where);
    s.highFreqFactor = requiredPositive(o, "high_freq_factor", type, kMaxFactor, where);
    if (!o.contains("original_max_position_embeddings") || o["original_max_position_embeddings"].is_null())
      throw Error(where + " has no \"original_max_position_embeddings\", which rope_type \"llama3\" requires");
    s.originalContext = checkedDim(o, "original_max_position_embeddings", 0, kMaxContext, where);
    if (!(s.highFreqFactor > s.lowFreqFactor))
      throw Error(where + ": high_freq_factor " + numberText(s.highFreqFactor) + " must be above low_freq_factor " +
                  numberText(s.lowFreqFactor) + " (the blend between them divides by their difference)");
  } else {
    throw Error(where + ": rope_type \"" + type +
                "\" is not supported; hint: Glassbox runs rope_type default, linear, llama3 and dynamic "
                "(not yarn, longrope, ntk or mrope)");
  }
  return s;
}

bool sameScaling(const RopeScaling& a, const RopeScaling& b) {
  return a.type == b.type && a.factor == b.factor && a.lowFreqFactor == b.lowFreqFactor &&
         a.highFreqFactor == b.highFreqFactor && a.originalContext == b.originalContext;
}

// rope_scaling (transformers 4.x) and rope_parameters (5.x, which also carries rope_theta), and
// partial_rotary_factor, which Llama-family attention in transformers cannot apply.
void readRope(ModelConfig& c, const Json& j, const std::string& what) {
  const bool hasScaling = j.contains("rope_scaling") && !j["rope_scaling"].is_null();
  const bool hasParameters = j.contains("rope_parameters") && !j["rope_parameters"].is_null();
  if (hasScaling) c.ropeScaling = parseRopeObject(j["rope_scaling"], c, true, what + ": rope_scaling");
  if (hasParameters) {
    const Json& p = j["rope_parameters"];
    const std::string where = what + ": rope_parameters";
    const RopeScaling s = parseRopeObject(p, c, false, where);
    if (hasScaling && !sameScaling(s, c.ropeScaling))
      throw Error(where + " and rope_scaling describe different scalings; hint: keep one of the two");
    c.ropeScaling = s;
    if (p.contains("rope_theta")) c.ropeTheta = checkedPositive(p, "rope_theta", 10000.0, 1e12, where);
  }
  if (c.ropeScaling.type == RopeScalingType::Dynamic) {
    // Dynamic NTK exists to run past max_position_embeddings: allow the context its factor was made for.
    const double extended = std::floor(c.ropeScaling.factor * c.contextLength);
    c.contextLength = static_cast<int>(std::clamp(extended, static_cast<double>(c.contextLength),
                                                  static_cast<double>(kMaxContext)));
  }
  if (j.contains("partial_rotary_factor") && !j["partial_rotary_factor"].is_null()) {
    const double f = checkedPositive(j, "partial_rotary_factor", 1.0, 1.0, what);
    if (f != 1.0)
      throw Error(what + ": partial_rotary_factor " + numberText(f) +
                  " is not supported; hint: transformers' Llama-family attention rotates whole heads");
  }
}

// Which layers use a sliding window (transformers' MistralConfig / Qwen2Config): Mistral, every layer
// when sliding_window is set (default 4096); Qwen2 only with use_sliding_window, in layers from
// max_window_layers on (default 28). An explicit layer_types list overrides the rule. LlamaConfig has no
// window: its sliding_window key, if any, is ignored as transformers ignores it.
void readSlidingWindow(ModelConfig& c, const Json& j, const std::string& what) {
  const bool mistral = c.modelType == "mistral" || (c.modelType.empty() && c.architectureName == "MistralForCausalLM");
  const bool qwen2 = c.modelType == "qwen2" || (c.modelType.empty() && c.architectureName == "Qwen2ForCausalLM");
  if (!mistral && !qwen2) return;
  const bool use = mistral || jsonBoolOr(j, "use_sliding_window", false, what);
  const bool windowNull = j.contains("sliding_window") && j["sliding_window"].is_null();
  const int window = use && !windowNull ? checkedDim(j, "sliding_window", 4096, kMaxContext, what) : 0;
  std::vector<std::uint8_t> layers(static_cast<std::size_t>(c.numLayers), 0);
  if (j.contains("layer_types") && !j["layer_types"].is_null()) {
    const Json& t = j["layer_types"];
    if (!t.is_array() || t.size() != layers.size())
      throw Error(what + ": field \"layer_types\" must list one entry per layer (" + std::to_string(c.numLayers) + ")");
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const std::string kind = t[i].is_string() ? t[i].get<std::string>() : t[i].dump().substr(0, 40);
      if (kind != "full_attention" && kind != "sliding_attention")
        throw Error(what + ": layer_types[" + std::to_string(i) + "] = " + kind +
                    " is not supported; hint: Glassbox runs full_attention and sliding_attention layers");
      layers[i] = kind == "sliding_attention";
    }
    if (window == 0 && std::find(layers.begin(), layers.end(), 1) != layers.end())
      throw Error(what + ": layer_types has sliding_attention layers but no sliding window is in use "
                  "(sliding_window null or use_sliding_window false); hint: the config.json contradicts itself");
  } else if (window > 0) {
    const std::int64_t first = mistral ? 0 : jsonIntOr(j, "max_window_layers", 28, what);
    if (first < 0)
      throw Error(what + ": field \"max_window_layers\" = " + std::to_string(first) + " must not be negative");
    for (std::size_t i = 0; i < layers.size(); ++i) layers[i] = static_cast<std::int64_t>(i) >= first;
  }
  if (window == 0 || std::find(layers.begin(), layers.end(), 1) == layers.end()) return;
  c.slidingWindow = window;
  c.slidingLayers = std::move(layers);
}

void readLlama(const Json& j, ModelConfig& c, const std::string& what) {
  setLlamaFeatures(c);
  c.attentionOutBias = false;
  c.dModel = checkedDim(j, "hidden_size", 0, kMaxDim, what);
  c.numLayers = checkedDim(j, "num_hidden_layers", 0, kMaxLayers, what);
  c.numHeads = checkedDim(j, "num_attention_heads", 0, kMaxHeads, what);
  c.numKvHeads = checkedDim(j, "num_key_value_heads", c.numHeads, kMaxHeads, what);
  c.hiddenDim = checkedDim(j, "intermediate_size", 0, kMaxDim, what);
  c.contextLength = checkedDim(j, "max_position_embeddings", 0, kMaxContext, what);
  c.vocabSize = checkedDim(j, "vocab_size", 0, kMaxVocab, what);
  c.normEps = checkedPositive(j, "rms_norm_eps", 1e-6, 1.0, what);
  c.ropeTheta = checkedPositive(j, "rope_theta", 10000.0, 1e12, what);
  c.ropeStyle = RopeStyle::RotateHalf;
  c.tiedEmbeddings = jsonBoolOr(j, "tie_word_embeddings", false, what);
  c.attentionBias = jsonBoolOr(j, "attention_bias", c.modelType == "qwen2", what);
  if (c.modelType == "qwen2" || c.architectureName == "Qwen2ForCausalLM") c.attentionBias = true;
  if (j.contains("head_dim") && !j["head_dim"].is_null()) {
    c.headDim = checkedDim(j, "head_dim", 0, kMaxDim, what);
  } else {
    if (c.dModel % c.numHeads != 0)
      throw Error(what + ": hidden_size " + std::to_string(c.dModel) + " is not divisible by num_attention_heads " +
                  std::to_string(c.numHeads));
    c.headDim = c.dModel / c.numHeads;
  }
  if (c.headDim % 2 != 0)
    throw Error(what + ": head size " + std::to_string(c.headDim) + " is odd; rotary embeddings need an even one");
  if (c.numHeads % c.numKvHeads != 0)
    throw Error(what + ": num_attention_heads " + std::to_string(c.numHeads) +
                " is not divisible by num_key_value_heads " + std::to_string(c.numKvHeads));
  const std::string act = jsonStringOr(j, "hidden_act", "silu", what);
  if (act != "silu")
    throw Error(what + ": hidden_act \"" + act + "\" is not supported (Glassbox's Llama uses silu)");
  c.ffnBias = jsonBoolOr(j, "mlp_bias", false, what);
  readRope(c, j, what);
  readSlidingWindow(c, j, what);
}

void validateLlama(const ModelConfig& c, const std::string& what) {
  if (c.headDim % 2 != 0)
    throw Error(what + ": configuration: head dim " + std::to_string(c.headDim) +
                " is odd; rotary embeddings need an even head dim");
}

void planLlama(WeightPlan& plan) {
  const ModelConfig& c = plan.config();
  ModelWeights& w = plan.weights();
  const int C = c.dModel, F = c.hiddenDim, HD = c.numHeads * c.headDim, KD = c.numKvHeads * c.headDim;
  const std::string pre = plan.prefix({"model.", ""}, "layers.0.input_layernorm.weight");
  plan.tokenEmbeddingAndHead({pre + "embed_tokens.weight"}, {"lm_head.weight"}, c.tiedEmbeddings, "tie_word_embeddings");
  w.decoder.layers.resize(static_cast<std::size_t>(c.numLayers));
  for (int l = 0; l < c.numLayers; ++l) {
    LayerWeights& L = w.decoder.layers[static_cast<std::size_t>(l)];
    const std::string p = pre + "layers." + std::to_string(l) + ".";
    plan.norm(p + "input_layernorm", C, L.attnNorm, false);
    plan.dense(p + "self_attn.q_proj", C, HD, c.attentionBias, L.self.q);
    plan.dense(p + "self_attn.k_proj", C, KD, c.attentionBias, L.self.k);
    plan.dense(p + "self_attn.v_proj", C, KD, c.attentionBias, L.self.v);
    plan.dense(p + "self_attn.o_proj", HD, C, false, L.self.o);
    plan.optionalBias(p + "self_attn.o_proj.bias", C, L.self.o);  // Llama with attention_bias
    plan.norm(p + "post_attention_layernorm", C, L.ffnNorm, false);
    plan.dense(p + "mlp.gate_proj", C, F, c.ffnBias, L.ffn.gate);
    plan.dense(p + "mlp.up_proj", C, F, c.ffnBias, L.ffn.up);
    plan.dense(p + "mlp.down_proj", F, C, c.ffnBias, L.ffn.down);
  }
  plan.norm(pre + "norm", C, w.decoder.finalNorm, false);
}

}  // namespace

const ArchitectureSpec kLlamaArchitecture{
    .key = "llama",
    .description = "Llama / Mistral / Qwen2",
    .hfArchitectures = {"LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM"},
    .modelTypes = {"llama", "mistral", "qwen2", "smollm"},
    .ggufArchitectures = {"llama", "mistral", "qwen2"},
    .readHfConfig = readLlama,
    .setFeatures = setLlamaFeatures,
    .validate = validateLlama,
    .planWeights = planLlama,
};

}  // namespace glassbox
