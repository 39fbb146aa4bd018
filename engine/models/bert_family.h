#pragma once
// Pieces shared by the BERT-family architecture files (bert.cpp, roberta.cpp): the encoder head named
// by architectures[0], the checked label list of a classification head, and BERT's tensor layout
// (embeddings, post-LayerNorm blocks), which RoBERTa keeps under another prefix. Internal to
// engine/models.
#include <string>

#include "core/json_util.h"
#include "formats/model_config.h"

namespace glassbox {

class WeightPlan;

// "...ForMaskedLM" -> MaskedLm, "...ForSequenceClassification" -> SequenceClassification,
// "...ForTokenClassification" -> TokenClassification, anything else (BertModel) -> None.
EncoderHead encoderHeadFromName(const std::string& architectureName);
unsigned encoderCapabilities(EncoderHead head);
// c.labels from id2label / label2id / num_labels; a classification head without any gets transformers'
// default of two ("LABEL_0", "LABEL_1"); a model without such a head keeps any labels for display.
void readEncoderLabels(const Json& j, ModelConfig& c, const std::string& what);
// The BERT/RoBERTa dimensions (hidden_size, num_hidden_layers, ..., type_vocab_size, layer_norm_eps,
// hidden_act, position_embedding_type) and features. positionOffset is set by the caller afterwards.
void readBertLikeConfig(const Json& j, ModelConfig& c, const std::string& what);
void setBertFeatures(ModelConfig& c);
void validateBertLike(const ModelConfig& c, const std::string& what);
// <pre>embeddings.* and <pre>encoder.layer.N.* (BertEmbeddings, BertLayer). Positions table rows:
// contextLength + positionOffset.
void planBertEmbeddingsAndLayers(WeightPlan& plan, const std::string& pre);

}  // namespace glassbox
