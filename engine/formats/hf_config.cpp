// Hugging Face config.json for GPT-2 and the Llama family (Llama, Mistral, Qwen2, SmolLM). Field names
// follow transformers' GPT2Config and LlamaConfig; defaults are those classes' defaults.
#include "formats/hf_config.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "core/json_util.h"
#include "core/mapped_file.h"

namespace glassbox {

namespace {

// Non-throwing: an unreadable path counts as absent and is reported by the caller.
bool pathExists(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::exists(p, ec);
}

constexpr std::size_t kMaxConfigBytes = std::size_t{4} << 20;

bool isLlamaFamilyType(const std::string& t) {
  return t == "llama" || t == "mistral" || t == "qwen2" || t == "smollm";
}

// The value as written in the file, for messages (a huge unsigned must not print as a negative number).
std::string shown(const Json& j, const char* key, const std::string& fallback) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? fallback : it->dump().substr(0, 40);
}

std::string numberText(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

int checkedDim(const Json& j, const char* key, std::int64_t fallback, std::int64_t max, const std::string& what) {
  const std::int64_t v = fallback == 0 ? jsonInt(j, key, what) : jsonIntOr(j, key, fallback, what);
  const bool hugeUnsigned = j.contains(key) && j[key].is_number_unsigned() && v < 0;
  if (v <= 0 || v > max || hugeUnsigned)
    throw Error(what + ": field \"" + key + "\" = " + shown(j, key, std::to_string(v)) + " is outside 1.." +
                std::to_string(max) +
                "; hint: the file is corrupted or describes a model far larger than Glassbox supports");
  return static_cast<int>(v);
}

float checkedPositive(const Json& j, const char* key, double fallback, double max, const std::string& what) {
  const double v = jsonNumberOr(j, key, fallback, what);
  if (!std::isfinite(v) || v <= 0 || v > max)
    throw Error(what + ": field \"" + key + "\" = " + numberText(v) + " must be positive and at most " +
                numberText(max));
  return static_cast<float>(v);
}

// bos_token_id / eos_token_id: absent, null, an int, or (eos) a list of ints.
std::vector<int> tokenIds(const Json& j, const char* key, int vocab, const std::string& what) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  std::vector<int> ids;
  auto one = [&](const Json& v) {
    if (!v.is_number_integer())
      throw Error(what + ": field \"" + key + "\" must be a token id or a list of them, found " + v.dump().substr(0, 60));
    const std::int64_t id = v.get<std::int64_t>();
    if (id < 0 || id >= vocab)
      throw Error(what + ": field \"" + key + "\" = " + std::to_string(id) + " is outside the vocabulary (0.." +
                  std::to_string(vocab - 1) + ")");
    ids.push_back(static_cast<int>(id));
  };
  if (it->is_array()) {
    if (it->size() > 64) throw Error(what + ": field \"" + key + "\" lists more than 64 token ids");
    for (const Json& v : *it) one(v);
  } else {
    one(*it);
  }
  return ids;
}

void readTokenIds(ModelConfig& c, const Json& j, const std::string& what) {
  const auto bos = tokenIds(j, "bos_token_id", c.vocabSize, what);
  if (bos.size() > 1) throw Error(what + ": field \"bos_token_id\" must be a single token id");
  if (!bos.empty()) c.bosTokenId = bos[0];
  auto eos = tokenIds(j, "eos_token_id", c.vocabSize, what);
  if (!eos.empty()) c.eosTokenIds = std::move(eos);
}

void readGpt2(ModelConfig& c, const Json& j, const std::string& what) {
  c.architecture = Architecture::Gpt2;
  c.dModel = checkedDim(j, "n_embd", 0, kMaxDim, what);
  c.numLayers = checkedDim(j, "n_layer", 0, kMaxLayers, what);
  c.numHeads = checkedDim(j, "n_head", 0, kMaxHeads, what);
  c.numKvHeads = c.numHeads;
  const char* posKey = j.contains("n_positions") ? "n_positions" : "n_ctx";
  c.contextLength = checkedDim(j, posKey, 0, kMaxContext, what);
  c.hiddenDim = checkedDim(j, "n_inner", 4 * std::int64_t{c.dModel}, kMaxDim, what);
  c.vocabSize = checkedDim(j, "vocab_size", 0, kMaxVocab, what);
  c.normEps = checkedPositive(j, "layer_norm_epsilon", 1e-5, 1.0, what);
  c.tiedEmbeddings = jsonBoolOr(j, "tie_word_embeddings", true, what);
  c.attentionBias = true;
  if (c.dModel % c.numHeads != 0)
    throw Error(what + ": n_embd " + std::to_string(c.dModel) + " is not divisible by n_head " +
                std::to_string(c.numHeads));
  c.headDim = c.dModel / c.numHeads;
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
      throw Error(where + ": original_max_position_embeddings " + shown(o, "original_max_position_embeddings", "") +
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

void readLlama(ModelConfig& c, const Json& j, const std::string& what) {
  c.architecture = Architecture::Llama;
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
  readRope(c, j, what);
  readSlidingWindow(c, j, what);
}

// architectures[0] when given, else model_type; unknown names are an error naming them.
void identify(ModelConfig& c, const Json& j, const std::string& what) {
  c.modelType = jsonStringOr(j, "model_type", "", what);
  auto arch = j.find("architectures");
  if (arch != j.end() && !arch->is_null()) {
    if (!arch->is_array() || arch->empty() || !(*arch)[0].is_string())
      throw Error(what + ": field \"architectures\" must be a non-empty list of names");
    c.architectureName = (*arch)[0].get<std::string>();
  }
  const std::string& a = c.architectureName;
  if (a == "GPT2LMHeadModel" || c.modelType == "gpt2") {
    c.architecture = Architecture::Gpt2;
    if (c.architectureName.empty()) c.architectureName = "GPT2LMHeadModel";
    return;
  }
  if (a == "LlamaForCausalLM" || a == "MistralForCausalLM" || a == "Qwen2ForCausalLM" ||
      isLlamaFamilyType(c.modelType)) {
    c.architecture = Architecture::Llama;
    if (c.architectureName.empty()) c.architectureName = "LlamaForCausalLM";
    return;
  }
  throw Error(what + ": architecture \"" + (a.empty() ? "(none)" : a) + "\" with model_type \"" + c.modelType +
              "\" is not supported; hint: Glassbox runs GPT2LMHeadModel and LlamaForCausalLM / "
              "MistralForCausalLM / Qwen2ForCausalLM (model_type gpt2, llama, mistral, qwen2, smollm)");
}

}  // namespace

ModelConfig parseHfConfig(const std::string& jsonText, const std::string& what) {
  const Json j = parseJson(jsonText, what, 64);
  if (!j.is_object()) throw Error(what + ": expected a JSON object at the top level");
  ModelConfig c;
  identify(c, j, what);
  if (c.architecture == Architecture::Gpt2) readGpt2(c, j, what);
  else readLlama(c, j, what);
  readTokenIds(c, j, what);
  return c;
}

ModelConfig readHfConfigFolder(const std::string& folder) {
  const std::filesystem::path dir(folder);
  const std::string configPath = (dir / "config.json").string();
  if (!pathExists(configPath))
    failFile(folder, "has no config.json; hint: choose a Hugging Face model folder");
  ModelConfig c = parseHfConfig(readTextFile(configPath, kMaxConfigBytes), configPath);
  const std::string genPath = (dir / "generation_config.json").string();
  if (pathExists(genPath)) {
    const Json g = parseJson(readTextFile(genPath, kMaxConfigBytes), genPath, 64);
    if (!g.is_object()) failFile(genPath, "expected a JSON object at the top level");
    readTokenIds(c, g, genPath);
  }
  return c;
}

}  // namespace glassbox
