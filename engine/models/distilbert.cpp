// DistilBERT (DistilBertModel, DistilBertForMaskedLM, DistilBertForSequenceClassification,
// DistilBertForTokenClassification; model_type distilbert): BERT's post-LayerNorm blocks under its own
// names (transformer.layer.N.attention.q_lin ..., sa_layer_norm, ffn.lin1 / lin2, output_layer_norm),
// word + learned position embeddings with no token types, LayerNorm eps 1e-12 (fixed in
// modeling_distilbert.py). Heads: vocab_transform + activation + vocab_layer_norm + vocab_projector
// (tied to the word embeddings, with a bias); pre_classifier + ReLU + classifier. Field names follow
// transformers' DistilBertConfig (dim, n_layers, n_heads, hidden_dim, activation).
//
// Shape legend: C = dim, F = hidden_dim, V = vocab_size, P = max_position_embeddings, N = labels.
#include "models/architectures.h"

#include "core/error.h"
#include "formats/config_fields.h"
#include "models/bert_family.h"
#include "models/weight_plan.h"

namespace glassbox {

namespace {

void setDistilBertFeatures(ModelConfig& c) {
  setBertFeatures(c);
  c.typeVocabSize = 0;  // no token-type embeddings; token_type_ids are not a DistilBERT input
  c.sequenceHeadStyle = SequenceHeadStyle::DenseRelu;
}

void readDistilBert(const Json& j, ModelConfig& c, const std::string& what) {
  c.dModel = checkedDim(j, "dim", 768, kMaxDim, what);
  c.numLayers = checkedDim(j, "n_layers", 6, kMaxLayers, what);
  c.numHeads = checkedDim(j, "n_heads", 12, kMaxHeads, what);
  c.numKvHeads = c.numHeads;
  c.hiddenDim = checkedDim(j, "hidden_dim", 4 * std::int64_t{c.dModel}, kMaxDim, what);
  c.vocabSize = checkedDim(j, "vocab_size", 0, kMaxVocab, what);
  c.contextLength = checkedDim(j, "max_position_embeddings", 512, kMaxContext, what);
  c.normEps = 1e-12f;
  c.tiedEmbeddings = jsonBoolOr(j, "tie_word_embeddings", true, what);
  c.encoderHead = encoderHeadFromName(c.architectureName);
  setDistilBertFeatures(c);
  c.activation = activationFromName(jsonStringOr(j, "activation", "gelu", what), "activation", what);
  c.headActivation = c.activation;
  if (c.dModel % c.numHeads != 0)
    throw Error(what + ": dim " + std::to_string(c.dModel) + " is not divisible by n_heads " + std::to_string(c.numHeads));
  c.headDim = c.dModel / c.numHeads;
  readEncoderLabels(j, c, what);
}

void validateDistilBert(const ModelConfig& c, const std::string& what) {
  if (c.headDim * c.numHeads != c.dModel || c.numKvHeads != c.numHeads)
    throw Error(what + ": configuration: dim (" + std::to_string(c.dModel) + ") must be n_heads (" +
                std::to_string(c.numHeads) + ") * head dim");
  const bool classifies = c.encoderHead == EncoderHead::SequenceClassification ||
                          c.encoderHead == EncoderHead::TokenClassification;
  if (classifies && c.labels.empty())
    throw Error(what + ": configuration: a classification head needs labels (id2label or num_labels)");
}

void planDistilBert(WeightPlan& plan) {
  const ModelConfig& c = plan.config();
  ModelWeights& w = plan.weights();
  const int C = c.dModel, F = c.hiddenDim, N = static_cast<int>(c.labels.size());
  const std::string pre = plan.prefix({"distilbert.", ""}, "embeddings.word_embeddings.weight");
  const std::string words = pre + "embeddings.word_embeddings.weight";
  if (c.encoderHead == EncoderHead::MaskedLm) {
    plan.tokenEmbeddingAndHead({words}, {"vocab_projector.weight"}, c.tiedEmbeddings, "tie_word_embeddings");
    plan.dense("vocab_transform", C, C, true, w.head.transform);
    plan.norm("vocab_layer_norm", C, w.head.transformNorm, true);
    plan.tensor("vocab_projector.bias", Shape{c.vocabSize}, &w.head.mlmBias);
  } else {
    plan.tokenEmbedding({words});
  }
  plan.embedding({pre + "embeddings.position_embeddings.weight"}, c.contextLength, C, w.positions);
  plan.norm(pre + "embeddings.LayerNorm", C, w.encoder.embeddingNorm, true);
  w.encoder.layers.resize(static_cast<std::size_t>(c.numLayers));
  for (int l = 0; l < c.numLayers; ++l) {
    LayerWeights& L = w.encoder.layers[static_cast<std::size_t>(l)];
    const std::string h = pre + "transformer.layer." + std::to_string(l) + ".";
    plan.dense(h + "attention.q_lin", C, C, true, L.self.q);
    plan.dense(h + "attention.k_lin", C, C, true, L.self.k);
    plan.dense(h + "attention.v_lin", C, C, true, L.self.v);
    plan.dense(h + "attention.out_lin", C, C, true, L.self.o);
    plan.norm(h + "sa_layer_norm", C, L.attnNorm, true);
    plan.dense(h + "ffn.lin1", C, F, true, L.ffn.up);
    plan.dense(h + "ffn.lin2", F, C, true, L.ffn.down);
    plan.norm(h + "output_layer_norm", C, L.ffnNorm, true);
  }
  if (c.encoderHead == EncoderHead::SequenceClassification) {
    plan.dense("pre_classifier", C, C, true, w.head.pooler);
    plan.dense("classifier", C, N, true, w.head.classifier);
  } else if (c.encoderHead == EncoderHead::TokenClassification) {
    plan.dense("classifier", C, N, true, w.head.classifier);
  }
}

}  // namespace

const ArchitectureSpec kDistilBertArchitecture{
    .key = "distilbert",
    .description = "DistilBERT",
    .hfArchitectures = {"DistilBertModel", "DistilBertForMaskedLM", "DistilBertForSequenceClassification",
                        "DistilBertForTokenClassification"},
    .modelTypes = {"distilbert"},
    .ggufArchitectures = {},
    .readHfConfig = readDistilBert,
    .setFeatures = setDistilBertFeatures,
    .validate = validateDistilBert,
    .planWeights = planDistilBert,
};

}  // namespace glassbox
