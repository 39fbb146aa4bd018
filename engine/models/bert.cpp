// BERT (BertModel, BertForMaskedLM, BertForSequenceClassification, BertForTokenClassification;
// model_type bert): word + learned position + token-type embeddings and an embedding LayerNorm,
// post-LayerNorm blocks with bidirectional attention and a GELU (erf) MLP, then the head that
// architectures[0] names: the MLM head (transform dense + GELU + LayerNorm, decoder tied to the word
// embeddings, bias), the pooler (tanh dense over [CLS]) with a classifier, or a per-token classifier.
// Field names follow transformers' BertConfig, tensor names its modeling_bert.py (base prefix "bert."
// or none). The layout pieces are shared with RoBERTa (bert_family.h).
//
// Shape legend: C = hidden_size, F = intermediate_size, V = vocab_size, P = max_position_embeddings,
// Y = type_vocab_size, N = labels.
#include "models/architectures.h"

#include "core/error.h"
#include "formats/config_fields.h"
#include "models/bert_family.h"
#include "models/weight_plan.h"

namespace glassbox {

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

EncoderHead encoderHeadFromName(const std::string& name) {
  if (endsWith(name, "ForMaskedLM")) return EncoderHead::MaskedLm;
  if (endsWith(name, "ForSequenceClassification")) return EncoderHead::SequenceClassification;
  if (endsWith(name, "ForTokenClassification")) return EncoderHead::TokenClassification;
  return EncoderHead::None;
}

unsigned encoderCapabilities(EncoderHead head) {
  switch (head) {
    case EncoderHead::MaskedLm: return kCanEmbed | kCanFillMask;
    case EncoderHead::SequenceClassification: return kCanEmbed | kCanClassify;
    case EncoderHead::TokenClassification: return kCanEmbed | kCanClassifyTokens;
    case EncoderHead::None: break;
  }
  return kCanEmbed;
}

void readEncoderLabels(const Json& j, ModelConfig& c, const std::string& what) {
  c.labels = readLabels(j, what);
  const bool classifies = c.encoderHead == EncoderHead::SequenceClassification ||
                          c.encoderHead == EncoderHead::TokenClassification;
  if (j.contains("num_labels") && !j["num_labels"].is_null()) {
    const int n = checkedDim(j, "num_labels", 0, kMaxLabels, what);
    if (static_cast<std::size_t>(n) != c.labels.size())
      throw Error(what + ": field \"num_labels\" is " + std::to_string(n) + " but \"id2label\" names " +
                  std::to_string(c.labels.size()) + " labels; hint: make them agree");
  }
  if (classifies && c.labels.empty()) c.labels = {"LABEL_0", "LABEL_1"};  // transformers' default num_labels
}

void setBertFeatures(ModelConfig& c) {
  c.family = Family::Encoder;
  c.normKind = NormKind::LayerNorm;
  c.normPlacement = NormPlacement::Post;
  c.gatedFfn = false;
  c.ffnBias = true;
  c.positions = PositionScheme::Learned;
  c.attentionScale = AttentionScale::InverseSqrtHeadDim;
  c.attentionBias = c.attentionOutBias = true;
  c.fusedQkv = false;
  c.finalNorm = false;
  c.embeddingNorm = true;
  c.sequenceHeadStyle = SequenceHeadStyle::Pooler;
  c.capabilities = encoderCapabilities(c.encoderHead);
}

void readBertLikeConfig(const Json& j, ModelConfig& c, const std::string& what) {
  c.dModel = checkedDim(j, "hidden_size", 0, kMaxDim, what);
  c.numLayers = checkedDim(j, "num_hidden_layers", 0, kMaxLayers, what);
  c.numHeads = checkedDim(j, "num_attention_heads", 0, kMaxHeads, what);
  c.numKvHeads = c.numHeads;
  c.hiddenDim = checkedDim(j, "intermediate_size", 4 * std::int64_t{c.dModel}, kMaxDim, what);
  c.vocabSize = checkedDim(j, "vocab_size", 0, kMaxVocab, what);
  c.contextLength = checkedDim(j, "max_position_embeddings", 512, kMaxContext, what);
  // 1..: BERT always adds a token-type row (type 0 for a single text); 0 would leave no row to add.
  c.typeVocabSize = checkedDim(j, "type_vocab_size", 2, kMaxTokenTypes, what);
  c.normEps = checkedPositive(j, "layer_norm_eps", 1e-12, 1.0, what);
  c.tiedEmbeddings = jsonBoolOr(j, "tie_word_embeddings", true, what);
  c.encoderHead = encoderHeadFromName(c.architectureName);
  setBertFeatures(c);
  c.activation = activationFromName(jsonStringOr(j, "hidden_act", "gelu", what), "hidden_act", what);
  c.headActivation = c.activation;  // BertPredictionHeadTransform uses config.hidden_act
  const std::string positions = jsonStringOr(j, "position_embedding_type", "absolute", what);
  if (positions != "absolute")
    throw Error(what + ": field \"position_embedding_type\" is \"" + positions.substr(0, 40) +
                "\"; hint: Glassbox runs BERT's \"absolute\" learned positions only");
  if (c.dModel % c.numHeads != 0)
    throw Error(what + ": hidden_size " + std::to_string(c.dModel) + " is not divisible by num_attention_heads " +
                std::to_string(c.numHeads));
  c.headDim = c.dModel / c.numHeads;
  readEncoderLabels(j, c, what);
}

void validateBertLike(const ModelConfig& c, const std::string& what) {
  if (c.headDim * c.numHeads != c.dModel || c.numKvHeads != c.numHeads)
    throw Error(what + ": configuration: hidden_size (" + std::to_string(c.dModel) + ") must be num_attention_heads (" +
                std::to_string(c.numHeads) + ") * head dim");
  if (c.typeVocabSize < 1)
    throw Error(what + ": configuration: type_vocab_size must be at least 1");
  const bool classifies = c.encoderHead == EncoderHead::SequenceClassification ||
                          c.encoderHead == EncoderHead::TokenClassification;
  if (classifies && c.labels.empty())
    throw Error(what + ": configuration: a classification head needs labels (id2label or num_labels)");
}

void planBertEmbeddingsAndLayers(WeightPlan& plan, const std::string& pre) {
  const ModelConfig& c = plan.config();
  ModelWeights& w = plan.weights();
  const int C = c.dModel, F = c.hiddenDim;
  const std::string e = pre + "embeddings.";
  plan.embedding({e + "position_embeddings.weight"}, c.contextLength + c.positionOffset, C, w.positions);
  plan.embedding({e + "token_type_embeddings.weight"}, c.typeVocabSize, C, w.tokenTypes);
  plan.norm(e + "LayerNorm", C, w.encoder.embeddingNorm, true);
  w.encoder.layers.resize(static_cast<std::size_t>(c.numLayers));
  for (int l = 0; l < c.numLayers; ++l) {
    LayerWeights& L = w.encoder.layers[static_cast<std::size_t>(l)];
    const std::string h = pre + "encoder.layer." + std::to_string(l) + ".";
    plan.dense(h + "attention.self.query", C, C, true, L.self.q);
    plan.dense(h + "attention.self.key", C, C, true, L.self.k);
    plan.dense(h + "attention.self.value", C, C, true, L.self.v);
    plan.dense(h + "attention.output.dense", C, C, true, L.self.o);
    plan.norm(h + "attention.output.LayerNorm", C, L.attnNorm, true);  // post-norm: after the residual add
    plan.dense(h + "intermediate.dense", C, F, true, L.ffn.up);
    plan.dense(h + "output.dense", F, C, true, L.ffn.down);
    plan.norm(h + "output.LayerNorm", C, L.ffnNorm, true);
  }
}

namespace {

void readBert(const Json& j, ModelConfig& c, const std::string& what) { readBertLikeConfig(j, c, what); }

void planBert(WeightPlan& plan) {
  const ModelConfig& c = plan.config();
  ModelWeights& w = plan.weights();
  const int C = c.dModel, N = static_cast<int>(c.labels.size());
  const std::string pre = plan.prefix({"bert.", ""}, "embeddings.word_embeddings.weight");
  const std::string words = pre + "embeddings.word_embeddings.weight";
  if (c.encoderHead == EncoderHead::MaskedLm) {
    plan.tokenEmbeddingAndHead({words}, {"cls.predictions.decoder.weight"}, c.tiedEmbeddings, "tie_word_embeddings");
    plan.dense("cls.predictions.transform.dense", C, C, true, w.head.transform);
    plan.norm("cls.predictions.transform.LayerNorm", C, w.head.transformNorm, true);
    plan.tensor(std::vector<std::string>{"cls.predictions.bias", "cls.predictions.decoder.bias"}, Shape{c.vocabSize}, &w.head.mlmBias);
  } else {
    plan.tokenEmbedding({words});
  }
  planBertEmbeddingsAndLayers(plan, pre);
  // BertModel checkpoints carry the pooler; sentence-transformers ones sometimes drop it.
  const bool wantPooler = c.encoderHead == EncoderHead::SequenceClassification;
  if (wantPooler || plan.has(pre + "pooler.dense.weight")) plan.dense(pre + "pooler.dense", C, C, true, w.head.pooler);
  if (c.encoderHead == EncoderHead::SequenceClassification || c.encoderHead == EncoderHead::TokenClassification)
    plan.dense("classifier", C, N, true, w.head.classifier);
}

}  // namespace

const ArchitectureSpec kBertArchitecture{
    .key = "bert",
    .description = "BERT",
    .hfArchitectures = {"BertModel", "BertForMaskedLM", "BertForSequenceClassification", "BertForTokenClassification"},
    .modelTypes = {"bert"},
    .ggufArchitectures = {},
    .readHfConfig = readBert,
    .setFeatures = setBertFeatures,
    .validate = validateBertLike,
    .planWeights = planBert,
};

}  // namespace glassbox
