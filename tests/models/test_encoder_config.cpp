// Encoder config.json reading through the registry: every encoder architecture string maps to the
// encoder family with the capabilities of its head, an unknown one is refused by name, and hostile
// values of the new fields (type vocabulary 0, absurd id2label, label counts that disagree with each
// other or with the classifier's shape) are refused with errors naming the field or tensor.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "models/model.h"
#include "models/registry.h"
#include "models/sentence_pooling.h"
#include "models/session.h"
#include "tiny_encoder.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

std::string bertConfig(const std::string& arch, const std::string& extra = "") {
  return R"({"architectures": [")" + arch + R"("], "model_type": "bert", "hidden_size": 32, "num_hidden_layers": 2,
             "num_attention_heads": 4, "intermediate_size": 48, "vocab_size": 60, "max_position_embeddings": 24)" +
         extra + "}";
}

std::string errorOf(const std::string& json) {
  try {
    parseHfConfig(json, "config.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(EncoderConfig, ArchitectureStringsMapToEncoderFamily) {
  struct Case {
    const char* arch;
    unsigned can;
    EncoderHead head;
  };
  for (const Case& k : {Case{"BertModel", kCanEmbed, EncoderHead::None},
                        Case{"BertForMaskedLM", kCanFillMask, EncoderHead::MaskedLm},
                        Case{"BertForSequenceClassification", kCanClassify, EncoderHead::SequenceClassification},
                        Case{"BertForTokenClassification", kCanClassifyTokens, EncoderHead::TokenClassification}}) {
    const ModelConfig c = parseHfConfig(bertConfig(k.arch), "config.json");
    EXPECT_EQ(c.architecture, "bert") << k.arch;
    EXPECT_EQ(c.family, Family::Encoder) << k.arch;
    EXPECT_EQ(c.encoderHead, k.head) << k.arch;
    EXPECT_TRUE((c.capabilities & k.can) != 0) << k.arch;
    EXPECT_TRUE(c.can(kCanEmbed)) << k.arch;
    EXPECT_FALSE(c.can(kCanGenerate)) << k.arch;
    EXPECT_EQ(c.normPlacement, NormPlacement::Post);
    EXPECT_EQ(c.activation, Activation::GeluErf);
    EXPECT_EQ(c.typeVocabSize, 2);
    EXPECT_FLOAT_EQ(c.normEps, 1e-12f);
  }
  // model_type alone picks the entry too.
  EXPECT_EQ(parseHfConfig(R"({"model_type": "bert", "hidden_size": 8, "num_hidden_layers": 1,
                              "num_attention_heads": 2, "vocab_size": 10})",
                          "config.json")
                .family,
            Family::Encoder);
}

TEST(EncoderConfig, UnknownArchitectureRefusedByName) {
  const std::string e = errorOf(bertConfig("BertForNextSentencePrediction"));
  EXPECT_NE(e.find("BertForNextSentencePrediction"), std::string::npos) << e;
  EXPECT_NE(e.find("not supported"), std::string::npos) << e;
}

TEST(EncoderConfig, LabelsReadInIdOrder) {
  const ModelConfig c = parseHfConfig(
      bertConfig("BertForSequenceClassification", R"(, "id2label": {"1": "POSITIVE", "0": "NEGATIVE"})"), "config.json");
  ASSERT_EQ(c.labels.size(), 2u);
  EXPECT_EQ(c.labels[0], "NEGATIVE");
  EXPECT_EQ(c.labels[1], "POSITIVE");
  const ModelConfig d = parseHfConfig(
      bertConfig("BertForTokenClassification", R"(, "label2id": {"O": 0, "B-PER": 1, "I-PER": 2})"), "config.json");
  ASSERT_EQ(d.labels.size(), 3u);
  EXPECT_EQ(d.labels[2], "I-PER");
  // transformers' default of two labels when the config names none.
  EXPECT_EQ(parseHfConfig(bertConfig("BertForSequenceClassification"), "config.json").labels.size(), 2u);
}

TEST(EncoderConfig, HostileFieldsRefusedByName) {
  auto expectField = [](const std::string& extra, const std::string& name) {
    const std::string e = errorOf(bertConfig("BertForSequenceClassification", extra));
    EXPECT_NE(e.find(name), std::string::npos) << extra << " -> " << e;
  };
  expectField(R"(, "type_vocab_size": 0)", "type_vocab_size");
  expectField(R"(, "type_vocab_size": -3)", "type_vocab_size");
  expectField(R"(, "type_vocab_size": 1e12)", "type_vocab_size");
  expectField(R"(, "id2label": {"0": "A", "99999999": "B"})", "id2label");
  expectField(R"(, "id2label": {"0": "A", "2": "B"})", "id2label");
  expectField(R"(, "id2label": {"-1": "A"})", "id2label");
  expectField(R"(, "id2label": [1, 2])", "id2label");
  expectField(R"(, "id2label": {"0": 5})", "id2label");
  expectField(R"(, "label2id": {"A": 1e15})", "label2id");
  expectField(R"(, "num_labels": 3, "id2label": {"0": "A", "1": "B"})", "num_labels");
  expectField(R"(, "num_labels": 1e9)", "num_labels");
  expectField(R"(, "hidden_act": "swish-ish")", "hidden_act");
  expectField(R"(, "position_embedding_type": "relative_key")", "position_embedding_type");
  expectField(R"(, "layer_norm_eps": -1)", "layer_norm_eps");
}

TEST(EncoderConfig, LabelCountDisagreeingWithClassifierShapeNamesTheTensor) {
  const auto dir = testing::freshTempDir() / "model";
  testing::EncoderSpec spec;
  spec.architectureName = "BertForSequenceClassification";
  spec.labels = 3;
  spec.extraConfigJson = R"({"id2label": {"0": "A", "1": "B"}})";
  testing::writeTinyEncoder(dir, spec, 3);
  try {
    Model::load(dir.string());
    FAIL() << "a 2-label config with a 3-row classifier loaded";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("classifier.weight"), std::string::npos) << m;
    EXPECT_NE(m.find("[2, 32]"), std::string::npos) << m;
  }
}

TEST(EncoderConfig, TokenTypeOutsideTheTypeVocabularyRefused) {
  const auto dir = testing::freshTempDir() / "model";
  testing::EncoderSpec spec;
  testing::writeTinyEncoder(dir, spec, 4);
  auto model = Model::load(dir.string());
  EncoderSession s(model);
  EncoderInput in;
  in.ids = {1, 2, 3};
  in.typeIds = {0, 2, 0};
  EXPECT_THROW(s.encode(in), Error);
  in.typeIds = {0, 1, 1};
  EXPECT_NO_THROW(s.encode(in));
}

constexpr const char* kModules = R"([{"type": "sentence_transformers.models.Transformer", "path": ""},
  {"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"},
  {"type": "sentence_transformers.models.Normalize", "path": "2_Normalize"}])";

TEST(SentencePooling, ModesAndNormalize) {
  EXPECT_EQ(poolingModulePath(kModules, "modules.json"), "1_Pooling");
  SentencePooling p = parseSentencePooling(kModules, R"({"pooling_mode_mean_tokens": true})", "m");
  EXPECT_EQ(p.pooling, Pooling::Mean);
  EXPECT_TRUE(p.normalize);
  p = parseSentencePooling(R"([{"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"}])",
                           R"({"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false})", "m");
  EXPECT_EQ(p.pooling, Pooling::Cls);
  EXPECT_FALSE(p.normalize);
  EXPECT_EQ(parseSentencePooling(kModules, R"({"pooling_mode_max_tokens": true})", "m").pooling, Pooling::Max);
}

TEST(SentencePooling, HostileFilesRefusedByName) {
  auto fails = [](const std::string& modules, const std::string& pooling, const std::string& word) {
    try {
      (void)poolingModulePath(modules, "modules.json");
      (void)parseSentencePooling(modules, pooling, "m");
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(word), std::string::npos) << e.what();
      return;
    }
    ADD_FAILURE() << modules << " / " << pooling << " was accepted";
  };
  fails("{}", "", "list of modules");
  fails("[1, 2]", "", "type");
  fails(R"([{"type": "sentence_transformers.models.Pooling", "path": "../../etc"}])", "", "path");
  fails(R"([{"type": "sentence_transformers.models.Pooling", "path": "/abs"}])", "", "path");
  fails(kModules, R"({"pooling_mode_mean_tokens": true, "pooling_mode_max_tokens": true})", "more than one");
  fails(kModules, R"({"pooling_mode_mean_tokens": false})", "no pooling_mode");
  fails(kModules, R"({"pooling_mode_weightedmean_tokens": true})", "pooling_mode_weightedmean_tokens");
  fails(kModules, R"({"pooling_mode_mean_tokens": "yes"})", "pooling_mode_mean_tokens");
  fails(kModules, "[", "pooling config.json");
}

}  // namespace
}  // namespace glassbox
