// GGUF metadata -> ModelConfig and llama.cpp tensor names -> Hugging Face names (gguf_model.h). Keys follow
// llama.cpp's llama-arch.cpp: <arch>.block_count, .embedding_length, .feed_forward_length,
// .context_length, .attention.head_count(_kv), .attention.layer_norm(_rms)_epsilon, .rope.freq_base,
// .rope.dimension_count, .rope.scaling.*, .attention.sliding_window.
#include "formats/gguf_model.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/error.h"

namespace glassbox {

namespace {

struct ArchInfo {
  const char* gguf;
  const char* hfName;
  const char* key;  // the engine's registry key (engine/models/registry.h), which sets the features
  RopeStyle rope;
};

const ArchInfo kArchs[] = {
    {"llama", "LlamaForCausalLM", "llama", RopeStyle::Interleaved},
    {"mistral", "MistralForCausalLM", "llama", RopeStyle::Interleaved},
    {"qwen2", "Qwen2ForCausalLM", "llama", RopeStyle::RotateHalf},
    {"gpt2", "GPT2LMHeadModel", "gpt2", RopeStyle::RotateHalf},
};

const ArchInfo& archOf(const GgufFile& g) {
  const auto arch = g.getString("general.architecture");
  if (!arch) failFile(g.path(), "no general.architecture; hint: a GGUF model names its architecture (this may be a vocabulary-only file)");
  for (const ArchInfo& a : kArchs)
    if (*arch == a.gguf) return a;
  if (*arch == "t5" || *arch == "t5encoder" || *arch == "bert")
    failFile(g.path(), "GGUF architecture \"" + *arch + "\" is not supported yet (encoder models come with the " + *arch +
                           " family); hint: its tokenizer can still be used with --tokenizer");
  failFile(g.path(), "GGUF architecture \"" + *arch + "\" is not supported (supported: llama, mistral, qwen2, gpt2)");
}

int dimKey(const GgufFile& g, const std::string& key, long long max, std::optional<long long> fallback = std::nullopt) {
  const GgufValue* v = g.find(key);
  if (v && v->type == GgufType::Array)
    failFile(g.path(), "metadata " + key + " is an array (a value per layer), which Glassbox does not support");
  const auto value = g.getInt(key);
  if (!value && !fallback) failFile(g.path(), "metadata " + key + " is missing; hint: the file is not a complete GGUF model");
  const long long x = value ? *value : *fallback;
  if (x <= 0 || x > max)
    failFile(g.path(), "metadata " + key + " = " + std::to_string(x) + " is outside 1.." + std::to_string(max));
  return static_cast<int>(x);
}

float positiveKey(const GgufFile& g, const std::string& key, double fallback, double max) {
  const double v = g.getFloat(key).value_or(fallback);
  if (!std::isfinite(v) || v <= 0 || v > max) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    failFile(g.path(), "metadata " + key + " = " + buf + " must be positive and at most " + std::to_string(static_cast<long long>(max)));
  }
  return static_cast<float>(v);
}

// Rows of token_embd: the vocabulary. Checked against tokenizer.ggml.tokens when the file has one.
int vocabFromTensors(const GgufFile& g, int dModel) {
  const GgufTensorInfo* e = g.findTensor("token_embd.weight");
  if (!e) failFile(g.path(), "tensor token_embd.weight is missing; hint: the file is not a complete GGUF model");
  if (e->dims.size() != 2 || e->dims[0] != dModel)
    failFile(g.path(), "tensor token_embd.weight has " + std::to_string(e->dims.size()) + " dims with rows of " +
                           std::to_string(e->dims[0]) + ", expected [vocab][" + std::to_string(dModel) + "]");
  const auto rows = e->dims[1];
  if (rows > kMaxVocab) failFile(g.path(), "tensor token_embd.weight has " + std::to_string(rows) + " rows, more than the vocabulary limit");
  if (const GgufValue* tokens = g.find("tokenizer.ggml.tokens"); tokens && tokens->type == GgufType::Array &&
                                                                    tokens->count != static_cast<std::uint64_t>(rows))
    failFile(g.path(), "the vocabulary (tokenizer.ggml.tokens) has " + std::to_string(tokens->count) +
                           " tokens but token_embd.weight has " + std::to_string(rows) +
                           " rows; hint: the file is corrupted or its tokenizer belongs to another model");
  return static_cast<int>(rows);
}

void readRopeScaling(const GgufFile& g, const std::string& a, ModelConfig& c) {
  const std::string type = g.getString(a + ".rope.scaling.type").value_or("none");
  if (type == "none") return;
  if (type != "linear")
    failFile(g.path(), "metadata " + a + ".rope.scaling.type = \"" + type + "\" is not supported (none and linear are)");
  c.ropeScaling.type = RopeScalingType::Linear;
  c.ropeScaling.factor = positiveKey(g, a + ".rope.scaling.factor", 1.0, 1024.0);
}

// llama.cpp stores Llama 3.1's long-context frequency factors as a tensor; all ones changes nothing.
void refusePerFrequencyRope(const GgufFile& g) {
  const GgufTensorInfo* t = g.findTensor("rope_freqs.weight");
  if (!t) return;
  bool ones = t->dtype == DType::F32;
  for (std::uint64_t i = 0; ones && i < t->bytes / 4; ++i) {
    float v;
    std::memcpy(&v, t->data + 4 * i, 4);
    ones = v == 1.0f;
  }
  if (!ones)
    failFile(g.path(), "tensor rope_freqs.weight holds per-frequency RoPE factors (Llama 3.1 long context), which "
                       "Glassbox does not support yet");
}

}  // namespace

ModelConfig ggufModelConfig(const GgufFile& g) {
  const ArchInfo& arch = archOf(g);
  const std::string a = arch.gguf;
  ModelConfig c;
  c.architecture = arch.key;
  c.architectureName = arch.hfName;
  c.modelType = a;
  c.numLayers = dimKey(g, a + ".block_count", kMaxLayers);
  c.dModel = dimKey(g, a + ".embedding_length", kMaxDim);
  c.hiddenDim = dimKey(g, a + ".feed_forward_length", kMaxDim);
  c.numHeads = dimKey(g, a + ".attention.head_count", kMaxHeads);
  c.numKvHeads = dimKey(g, a + ".attention.head_count_kv", kMaxHeads, c.numHeads);
  c.contextLength = dimKey(g, a + ".context_length", kMaxContext);
  c.headDim = dimKey(g, a + ".attention.key_length", kMaxDim, c.dModel / c.numHeads);
  c.ropeStyle = arch.rope;
  if (c.architecture == "gpt2") {
    c.normEps = positiveKey(g, a + ".attention.layer_norm_epsilon", 1e-5, 1.0);
  } else {
    c.normEps = positiveKey(g, a + ".attention.layer_norm_rms_epsilon", 1e-5, 1.0);
    c.ropeTheta = positiveKey(g, a + ".rope.freq_base", 10000.0, 1e12);
    const int ropeDims = dimKey(g, a + ".rope.dimension_count", kMaxDim, c.headDim);
    if (ropeDims != c.headDim)
      failFile(g.path(), "metadata " + a + ".rope.dimension_count = " + std::to_string(ropeDims) +
                             " rotates part of each head (head dim " + std::to_string(c.headDim) +
                             "); partial rotary embeddings are not supported");
    readRopeScaling(g, a, c);
    refusePerFrequencyRope(g);
    if (g.find(a + ".attention.sliding_window")) {
      c.slidingWindow = dimKey(g, a + ".attention.sliding_window", kMaxContext);
      c.slidingLayers.assign(static_cast<std::size_t>(c.numLayers), 1);
    }
  }
  c.vocabSize = vocabFromTensors(g, c.dModel);
  c.tiedEmbeddings = g.findTensor("output.weight") == nullptr;
  c.attentionBias = g.findTensor("blk.0.attn_q.bias") != nullptr;
  if (auto bos = g.getInt("tokenizer.ggml.bos_token_id"); bos && *bos >= 0 && *bos < c.vocabSize) c.bosTokenId = static_cast<int>(*bos);
  if (auto eos = g.getInt("tokenizer.ggml.eos_token_id"); eos && *eos >= 0 && *eos < c.vocabSize)
    c.eosTokenIds.push_back(static_cast<int>(*eos));
  if (auto eot = g.getInt("tokenizer.ggml.eot_token_id"); eot && *eot >= 0 && *eot < c.vocabSize && (c.eosTokenIds.empty() || *eot != c.eosTokenIds[0]))
    c.eosTokenIds.push_back(static_cast<int>(*eot));
  return c;
}

namespace {

// llama.cpp's per-layer tensor names and the Hugging Face names of the same weights.
std::map<std::string, std::string> nameMap(const ModelConfig& c) {
  std::map<std::string, std::string> m;
  const bool gpt2 = c.architecture == "gpt2";
  for (int l = 0; l < c.numLayers; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    const std::string h = gpt2 ? "h." + std::to_string(l) + "." : "model.layers." + std::to_string(l) + ".";
    const std::vector<std::pair<const char*, const char*>> pairs =
        gpt2 ? std::vector<std::pair<const char*, const char*>>{{"attn_norm", "ln_1"}, {"attn_qkv", "attn.c_attn"},
                                                               {"attn_output", "attn.c_proj"}, {"ffn_norm", "ln_2"},
                                                               {"ffn_up", "mlp.c_fc"}, {"ffn_down", "mlp.c_proj"}}
             : std::vector<std::pair<const char*, const char*>>{
                   {"attn_norm", "input_layernorm"}, {"attn_q", "self_attn.q_proj"}, {"attn_k", "self_attn.k_proj"},
                   {"attn_v", "self_attn.v_proj"}, {"attn_output", "self_attn.o_proj"},
                   {"ffn_norm", "post_attention_layernorm"}, {"ffn_gate", "mlp.gate_proj"}, {"ffn_up", "mlp.up_proj"},
                   {"ffn_down", "mlp.down_proj"}};
    for (const auto& [from, to] : pairs)
      for (const char* part : {".weight", ".bias"}) m[b + from + part] = h + to + part;
  }
  if (gpt2) {
    m["token_embd.weight"] = "wte.weight";
    m["position_embd.weight"] = "wpe.weight";
    m["output_norm.weight"] = "ln_f.weight";
    m["output_norm.bias"] = "ln_f.bias";
  } else {
    m["token_embd.weight"] = "model.embed_tokens.weight";
    m["output_norm.weight"] = "model.norm.weight";
  }
  m["output.weight"] = "lm_head.weight";
  return m;
}

}  // namespace

GgufModel openGgufModel(const std::string& path) {
  GgufModel m;
  m.file = GgufFile::open(path);
  m.config = ggufModelConfig(*m.file);
  const auto names = nameMap(m.config);
  std::map<std::string, std::string> present;
  for (const GgufTensorInfo& t : m.file->tensors()) {
    auto it = names.find(t.name);
    if (it == names.end()) continue;  // rope_freqs (checked above) and tensors the plan does not use
    present[t.name] = it->second;
    m.storedNames[it->second] = t.name;
  }
  m.tensors = m.file->tensorSource(present);
  m.tensors->outputMajorMatrices = true;  // llama.cpp stores every matrix [out][in], GPT-2's Conv1D included
  return m;
}

}  // namespace glassbox
