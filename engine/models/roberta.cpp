// RoBERTa and XLM-RoBERTa (Roberta* / XLMRoberta* Model, ForMaskedLM, ForSequenceClassification,
// ForTokenClassification; model_type roberta, xlm-roberta): BERT's blocks under "roberta.", with learned
// positions that start at padding_idx + 1 (transformers' create_position_ids_from_input_ids: the table
// has max_position_embeddings rows, of which the first padding_idx + 1 are never used by real tokens),
// its own MLM head names (lm_head.dense, lm_head.layer_norm, lm_head.decoder tied to the word
// embeddings, lm_head.bias; always GELU) and a classifier of its own (classifier.dense, tanh,
// classifier.out_proj).
//
// Shape legend: C = hidden_size, V = vocab_size, N = labels.
#include "models/architectures.h"

#include "core/error.h"
#include "formats/config_fields.h"
#include "models/bert_family.h"
#include "models/weight_plan.h"

namespace glassbox {

namespace {

void setRobertaFeatures(ModelConfig& c) {
  setBertFeatures(c);
  c.sequenceHeadStyle = SequenceHeadStyle::DenseTanh;
  c.headActivation = Activation::GeluErf;  // RobertaLMHead applies gelu whatever hidden_act says
}

void readRoberta(const Json& j, ModelConfig& c, const std::string& what) {
  readBertLikeConfig(j, c, what);
  setRobertaFeatures(c);
  const int pad = tokenIdField(j, "pad_token_id", c.vocabSize, what);
  const int paddingIdx = pad < 0 ? 1 : pad;
  c.positionOffset = paddingIdx + 1;
  if (c.contextLength <= c.positionOffset)
    throw Error(what + ": max_position_embeddings " + std::to_string(c.contextLength) +
                " leaves no position after padding_idx + 1 = " + std::to_string(c.positionOffset) +
                "; hint: RoBERTa's table has padding_idx + 1 unused rows (514 for 512 tokens)");
  c.contextLength -= c.positionOffset;  // tokens the table can place
}

void planRoberta(WeightPlan& plan) {
  const ModelConfig& c = plan.config();
  ModelWeights& w = plan.weights();
  const int C = c.dModel, N = static_cast<int>(c.labels.size());
  const std::string pre = plan.prefix({"roberta.", ""}, "embeddings.word_embeddings.weight");
  const std::string words = pre + "embeddings.word_embeddings.weight";
  if (c.encoderHead == EncoderHead::MaskedLm) {
    plan.tokenEmbeddingAndHead({words}, {"lm_head.decoder.weight"}, c.tiedEmbeddings, "tie_word_embeddings");
    plan.dense("lm_head.dense", C, C, true, w.head.transform);
    plan.norm("lm_head.layer_norm", C, w.head.transformNorm, true);
    plan.tensor(std::vector<std::string>{"lm_head.bias", "lm_head.decoder.bias"}, Shape{c.vocabSize}, &w.head.mlmBias);
  } else {
    plan.tokenEmbedding({words});
  }
  planBertEmbeddingsAndLayers(plan, pre);
  if (c.encoderHead == EncoderHead::SequenceClassification) {
    plan.dense("classifier.dense", C, C, true, w.head.pooler);
    plan.dense("classifier.out_proj", C, N, true, w.head.classifier);
  } else if (c.encoderHead == EncoderHead::TokenClassification) {
    plan.dense("classifier", C, N, true, w.head.classifier);
  } else if (plan.has(pre + "pooler.dense.weight")) {
    plan.dense(pre + "pooler.dense", C, C, true, w.head.pooler);
  }
}

}  // namespace

const ArchitectureSpec kRobertaArchitecture{
    .key = "roberta",
    .description = "RoBERTa / XLM-RoBERTa",
    .hfArchitectures = {"RobertaModel", "RobertaForMaskedLM", "RobertaForSequenceClassification",
                        "RobertaForTokenClassification", "XLMRobertaModel", "XLMRobertaForMaskedLM",
                        "XLMRobertaForSequenceClassification", "XLMRobertaForTokenClassification"},
    .modelTypes = {"roberta", "xlm-roberta"},
    .ggufArchitectures = {},
    .readHfConfig = readRoberta,
    .setFeatures = setRobertaFeatures,
    .validate = validateBertLike,
    .planWeights = planRoberta,
};

}  // namespace glassbox
