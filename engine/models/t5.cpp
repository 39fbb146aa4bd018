// T5 (T5ForConditionalGeneration, MT5ForConditionalGeneration, T5EncoderModel; model_type t5, mt5):
// an encoder and a decoder of pre-norm blocks joined by cross-attention. T5LayerNorm is RMS without a
// mean or bias; attention scores are not scaled by 1/sqrt(D) (folded into the query weights at
// initialisation); positions are a per-head bias by bucketed distance, bidirectional in the encoder and
// causal in the decoder, stored in block 0 of each stack and shared by every layer of it. The FFN is
// relu (t5 v1.0) or gated-gelu (v1.1, flan-t5, mT5: gelu_new(wi_0 x) * wi_1 x). With a tied head the
// decoder output is scaled by d_model^-0.5 before it. Field names follow transformers' T5Config;
// tensor names its T5ForConditionalGeneration ("shared", "encoder.block.N.layer.M...").
#include <cmath>

#include "models/architectures.h"

#include "core/error.h"
#include "formats/config_fields.h"
#include "models/weight_plan.h"

namespace glassbox {

namespace {

bool encoderOnly(const ModelConfig& c) {
  return c.architectureName == "T5EncoderModel" || c.architectureName == "MT5EncoderModel";
}

void setT5Features(ModelConfig& c) {
  c.family = encoderOnly(c) ? Family::Encoder : Family::EncoderDecoder;
  c.capabilities = encoderOnly(c) ? kCanEmbed : (kCanGenerate | kCanTranslate | kCanEmbed);
  c.normKind = NormKind::RmsNorm;
  c.normPlacement = NormPlacement::Pre;
  c.ffnBias = false;
  c.positions = PositionScheme::RelativeBuckets;
  c.attentionScale = AttentionScale::None;
  c.attentionBias = c.attentionOutBias = false;
  c.fusedQkv = false;
  c.finalNorm = true;
  c.embeddingNorm = false;
  c.logitScale = c.tiedEmbeddings && c.family == Family::EncoderDecoder ? 1.0f / std::sqrt(static_cast<float>(c.dModel)) : 1.0f;
}

// feed_forward_proj: "ACT" or "gated-ACT" (transformers' T5Config); "gated-gelu" means gelu_new.
void readFeedForward(ModelConfig& c, const Json& j, const std::string& what) {
  const std::string proj = jsonStringOr(j, "feed_forward_proj", "relu", what);
  const bool gated = proj.rfind("gated-", 0) == 0;
  const std::string act = gated ? proj.substr(6) : proj;
  if (act.empty() || act.find('-') != std::string::npos)
    throw Error(what + ": feed_forward_proj \"" + proj.substr(0, 40) +
                "\" is not a valid feed-forward projection; hint: T5 uses \"relu\" or \"gated-gelu\" (\"gated-ACT\" or \"ACT\")");
  c.gatedFfn = gated;
  c.activation = proj == "gated-gelu" ? Activation::GeluTanh : activationFromName(act, "feed_forward_proj", what);
}

void readT5(const Json& j, ModelConfig& c, const std::string& what) {
  c.dModel = checkedDim(j, "d_model", 512, kMaxDim, what);
  c.headDim = checkedDim(j, "d_kv", 64, kMaxDim, what);
  c.hiddenDim = checkedDim(j, "d_ff", 2048, kMaxDim, what);
  c.numLayers = checkedDim(j, "num_layers", 6, kMaxLayers, what);
  c.numDecoderLayers = encoderOnly(c) ? 0 : checkedDim(j, "num_decoder_layers", c.numLayers, kMaxLayers, what);
  c.numHeads = checkedDim(j, "num_heads", 8, kMaxHeads, what);
  c.numKvHeads = c.numHeads;
  c.vocabSize = checkedDim(j, "vocab_size", 32128, kMaxVocab, what);
  // Relative positions have no table: n_positions only bounds a session's context.
  c.contextLength = checkedDim(j, "n_positions", 512, kMaxContext, what);
  c.relativeBuckets = checkedDim(j, "relative_attention_num_buckets", 32, kMaxBuckets, what);
  c.relativeMaxDistance = checkedDim(j, "relative_attention_max_distance", 128, kMaxContext, what);
  c.normEps = checkedPositive(j, "layer_norm_epsilon", 1e-6, 1.0, what);
  c.tiedEmbeddings = jsonBoolOr(j, "tie_word_embeddings", true, what);
  readFeedForward(c, j, what);
  setT5Features(c);
  c.padTokenId = 0;              // T5Config defaults
  c.eosTokenIds = {1};
  c.decoderStartTokenId = 0;
  if (c.vocabSize < 2)
    throw Error(what + ": vocab_size " + std::to_string(c.vocabSize) + " cannot hold T5's pad (0) and EOS (1) tokens");
}

// The bucket function divides by log(maxDistance / maxExact), maxExact = a side's buckets / 2: the
// encoder's side is B/2, so B/4 exact distances; the decoder's side is all B.
void validateT5(const ModelConfig& c, const std::string& what) {
  if (c.relativeBuckets < 4)
    throw Error(what + ": relative_attention_num_buckets " + std::to_string(c.relativeBuckets) +
                " is too few; hint: the bidirectional encoder needs at least 4 (T5 uses 32)");
  if (c.relativeMaxDistance <= c.relativeBuckets / 2)
    throw Error(what + ": relative_attention_max_distance " + std::to_string(c.relativeMaxDistance) +
                " must be above half of relative_attention_num_buckets (" + std::to_string(c.relativeBuckets) +
                "), where the logarithmic buckets begin; hint: T5 uses 128 with 32 buckets");
  if (c.family == Family::EncoderDecoder && (c.decoderStartTokenId < 0 || c.decoderStartTokenId >= c.vocabSize))
    throw Error(what + ": decoder_start_token_id " + std::to_string(c.decoderStartTokenId) +
                " is outside the vocabulary [0, " + std::to_string(c.vocabSize) + ")");
}

void planAttention(WeightPlan& plan, const std::string& base, int C, int HD, AttentionWeights& a) {
  plan.dense(base + ".q", C, HD, false, a.q);
  plan.dense(base + ".k", C, HD, false, a.k);
  plan.dense(base + ".v", C, HD, false, a.v);
  plan.dense(base + ".o", HD, C, false, a.o);
}

void planFfn(WeightPlan& plan, const std::string& base, const ModelConfig& c, FfnWeights& f) {
  if (c.gatedFfn) {
    plan.dense(base + ".wi_0", c.dModel, c.hiddenDim, false, f.gate);
    plan.dense(base + ".wi_1", c.dModel, c.hiddenDim, false, f.up);
  } else {
    plan.dense(base + ".wi", c.dModel, c.hiddenDim, false, f.up);
  }
  plan.dense(base + ".wo", c.hiddenDim, c.dModel, false, f.down);
}

// "<stack>.block.N.layer.M": the encoder's blocks have SelfAttention (0) and the FFN (1); the decoder's
// SelfAttention (0), EncDecAttention (1) and the FFN (2).
void planStack(WeightPlan& plan, const std::string& stack, int layers, bool decoder, StackWeights& s) {
  const ModelConfig& c = plan.config();
  const int C = c.dModel, HD = c.numHeads * c.headDim;
  s.layers.resize(static_cast<std::size_t>(layers));
  for (int l = 0; l < layers; ++l) {
    LayerWeights& L = s.layers[static_cast<std::size_t>(l)];
    const std::string b = stack + ".block." + std::to_string(l) + ".layer.";
    plan.norm(b + "0.layer_norm", C, L.attnNorm, false);
    planAttention(plan, b + "0.SelfAttention", C, HD, L.self);
    if (decoder) {
      plan.norm(b + "1.layer_norm", C, L.crossNorm, false);
      planAttention(plan, b + "1.EncDecAttention", C, HD, L.cross);
    }
    const std::string ffn = b + (decoder ? "2" : "1");
    plan.norm(ffn + ".layer_norm", C, L.ffnNorm, false);
    planFfn(plan, ffn + ".DenseReluDense", c, L.ffn);
  }
  plan.tensor(stack + ".block.0.layer.0.SelfAttention.relative_attention_bias.weight",
              {c.relativeBuckets, c.numHeads}, &s.relativeBias);
  plan.norm(stack + ".final_layer_norm", C, s.finalNorm, false);
}

void planT5(WeightPlan& plan) {
  const ModelConfig& c = plan.config();
  ModelWeights& w = plan.weights();
  // encoder.embed_tokens / decoder.embed_tokens alias shared; checkpoints usually store only shared.
  const std::vector<std::string> embedding{"shared.weight", "encoder.embed_tokens.weight", "decoder.embed_tokens.weight"};
  if (c.family == Family::EncoderDecoder)
    plan.tokenEmbeddingAndHead(embedding, {"lm_head.weight"}, c.tiedEmbeddings, "tie_word_embeddings");
  else
    plan.tokenEmbedding(embedding);
  planStack(plan, "encoder", c.numLayers, false, w.encoder);
  if (c.family == Family::EncoderDecoder) planStack(plan, "decoder", c.numDecoderLayers, true, w.decoder);
}

}  // namespace

const ArchitectureSpec kT5Architecture{
    .key = "t5",
    .description = "T5 / flan-T5 / mT5",
    .hfArchitectures = {"T5ForConditionalGeneration", "MT5ForConditionalGeneration", "T5EncoderModel", "MT5EncoderModel"},
    .modelTypes = {"t5", "mt5"},
    .ggufArchitectures = {},
    .readHfConfig = readT5,
    .setFeatures = setT5Features,
    .validate = validateT5,
    .planWeights = planT5,
};

}  // namespace glassbox
