// GPT-2 (GPT2LMHeadModel, model_type gpt2): learned positions added to the token embeddings, pre-norm
// LayerNorm blocks, one fused Conv1D for q|k|v, GELU (tanh) MLP, final LayerNorm, LM head tied to wte.
// Field names follow transformers' GPT2Config; tensor names its GPT2LMHeadModel (base prefix
// "transformer." or none), Conv1D weights stored [in][out].
#include "models/architectures.h"

#include "core/error.h"
#include "formats/config_fields.h"
#include "models/weight_plan.h"

namespace glassbox {

namespace {

void setGpt2Features(ModelConfig& c) {
  c.family = Family::Decoder;
  c.capabilities = kCanGenerate;
  c.normKind = NormKind::LayerNorm;
  c.normPlacement = NormPlacement::Pre;
  c.gatedFfn = false;
  c.ffnBias = true;
  c.positions = PositionScheme::Learned;
  c.attentionScale = AttentionScale::InverseSqrtHeadDim;
  c.attentionBias = c.attentionOutBias = true;
  c.fusedQkv = true;
  c.finalNorm = true;
}

void readGpt2(const Json& j, ModelConfig& c, const std::string& what) {
  c.dModel = checkedDim(j, "n_embd", 0, kMaxDim, what);
  c.numLayers = checkedDim(j, "n_layer", 0, kMaxLayers, what);
  c.numHeads = checkedDim(j, "n_head", 0, kMaxHeads, what);
  c.numKvHeads = c.numHeads;
  c.contextLength = checkedDimOf(j, {"n_positions", "n_ctx"}, 0, kMaxContext, what);
  c.hiddenDim = checkedDim(j, "n_inner", 4 * std::int64_t{c.dModel}, kMaxDim, what);
  c.vocabSize = checkedDim(j, "vocab_size", 0, kMaxVocab, what);
  c.normEps = checkedPositive(j, "layer_norm_epsilon", 1e-5, 1.0, what);
  c.tiedEmbeddings = jsonBoolOr(j, "tie_word_embeddings", true, what);
  setGpt2Features(c);
  c.activation = activationFromName(jsonStringOr(j, "activation_function", "gelu_new", what), "activation_function", what);
  if (!jsonBoolOr(j, "scale_attn_weights", true, what) || jsonBoolOr(j, "scale_attn_by_inverse_layer_idx", false, what))
    throw Error(what + ": scale_attn_weights false / scale_attn_by_inverse_layer_idx true are not supported; "
                       "hint: Glassbox runs GPT-2's default 1/sqrt(head dim) attention scale");
  if (c.dModel % c.numHeads != 0)
    throw Error(what + ": n_embd " + std::to_string(c.dModel) + " is not divisible by n_head " +
                std::to_string(c.numHeads));
  c.headDim = c.dModel / c.numHeads;
}

void validateGpt2(const ModelConfig& c, const std::string& what) {
  if (c.numKvHeads != c.numHeads || c.headDim * c.numHeads != c.dModel)
    throw Error(what + ": configuration: GPT-2 needs n_embd (" + std::to_string(c.dModel) + ") = n_head (" +
                std::to_string(c.numHeads) + ") * head dim and no grouped-query attention");
}

void planGpt2(WeightPlan& plan) {
  const ModelConfig& c = plan.config();
  ModelWeights& w = plan.weights();
  const int C = c.dModel, F = c.hiddenDim;
  const std::string pre = plan.prefix({"transformer.", ""}, "h.0.ln_1.weight");
  plan.tokenEmbeddingAndHead({pre + "wte.weight"}, {"lm_head.weight"}, c.tiedEmbeddings, "tie_word_embeddings");
  plan.embedding({pre + "wpe.weight"}, c.contextLength, C, w.positions);
  w.decoder.layers.resize(static_cast<std::size_t>(c.numLayers));
  for (int l = 0; l < c.numLayers; ++l) {
    LayerWeights& L = w.decoder.layers[static_cast<std::size_t>(l)];
    const std::string h = pre + "h." + std::to_string(l) + ".";
    plan.norm(h + "ln_1", C, L.attnNorm, true);
    plan.linear(h + "attn.c_attn.weight", C, 3 * C, true, L.self.qkv);
    plan.bias(h + "attn.c_attn.bias", 3 * C, L.self.qkv);
    plan.linear(h + "attn.c_proj.weight", C, C, true, L.self.o);
    plan.bias(h + "attn.c_proj.bias", C, L.self.o);
    plan.norm(h + "ln_2", C, L.ffnNorm, true);
    plan.linear(h + "mlp.c_fc.weight", C, F, true, L.ffn.up);
    plan.bias(h + "mlp.c_fc.bias", F, L.ffn.up);
    plan.linear(h + "mlp.c_proj.weight", F, C, true, L.ffn.down);
    plan.bias(h + "mlp.c_proj.bias", C, L.ffn.down);
  }
  plan.norm(pre + "ln_f", C, w.decoder.finalNorm, true);
}

}  // namespace

const ArchitectureSpec kGpt2Architecture{
    .key = "gpt2",
    .description = "GPT-2",
    .hfArchitectures = {"GPT2LMHeadModel"},
    .modelTypes = {"gpt2"},
    .ggufArchitectures = {"gpt2"},
    .readHfConfig = readGpt2,
    .setFeatures = setGpt2Features,
    .validate = validateGpt2,
    .planWeights = planGpt2,
};

}  // namespace glassbox
