// The encoder and encoder-decoder training loops: a tiny model learns its data, the same seed gives the
// same weights, resuming from a checkpoint is exact, a checkpoint of another shape is refused, and the
// Hugging Face folders carry transformers' names and config fields and read back exactly.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "formats/safetensors.h"
#include "training/family_trainer.h"
#include "training/hf_export.h"

namespace glassbox {
namespace {

constexpr int kVocab = 24, kMask = 20, kFirstSpecial = 19;

std::vector<int> periodicStream() {
  std::vector<int> s;
  for (int i = 0; i < 400; ++i) s.push_back((i / 40) % 19);  // runs: a hidden token is its neighbours'
  return s;
}

std::shared_ptr<const Objective> tinyBert() {
  BertConfig c;
  c.vocabSize = kVocab;
  c.context = 16;
  c.layers = 2;
  c.heads = 2;
  c.hidden = 32;
  c.inner = 64;
  return std::make_shared<BertMlmObjective>(c, kMask, kFirstSpecial, 16);
}

std::shared_ptr<const Objective> tinyT5() {
  T5Config c;
  c.vocabSize = kVocab;
  c.dModel = 32;
  c.dKv = 8;
  c.dFF = 64;
  c.encoderLayers = 2;
  c.decoderLayers = 2;
  c.heads = 4;
  c.buckets = 8;
  c.maxDistance = 16;
  SpanCorruption s;
  s.sentinel0 = 20;
  s.sentinels = 4;
  s.eos = 19;
  s.decoderStart = 23;
  return std::make_shared<T5SpanObjective>(c, s, 16);
}

TrainHyper hyper(int steps) {
  TrainHyper h;
  h.batch = 16;
  h.steps = steps;
  h.warmup = 10;
  h.lr = 5e-3;
  h.weightDecay = 0.0;
  h.seed = 3;
  return h;
}

TEST(FamilyTrainer, TinyModelsLearnAPeriodicStream) {
  for (const auto& objective : {tinyBert(), tinyT5()}) {
    FamilyTrainer trainer(objective, hyper(300));
    const auto data = periodicStream();
    double first = 0, last = 0;
    for (int s = 0; s < 300; ++s) {
      const StepResult r = trainer.trainStep(data);
      if (s < 10) first += r.loss / 10;
      if (s >= 290) last += r.loss / 10;
    }
    EXPECT_GT(first, 2.0) << objective->shapeKey();  // about ln 24 at the start
    EXPECT_LT(last, 0.5 * first) << objective->shapeKey();
  }
}

TEST(FamilyTrainer, SameSeedSameWeightsAndResumeIsExact) {
  for (const auto& objective : {tinyBert(), tinyT5()}) {
    const auto data = periodicStream();
    FamilyTrainer a(objective, hyper(12)), b(objective, hyper(12));
    for (int s = 0; s < 12; ++s) a.trainStep(data);
    for (int s = 0; s < 6; ++s) b.trainStep(data);
    const std::string path = ::testing::TempDir() + "/glassbox_family_ckpt.bin";
    b.saveCheckpoint(path);
    FamilyTrainer c(objective, hyper(12));
    c.loadCheckpoint(path);
    EXPECT_EQ(c.step(), 6);
    for (int s = 0; s < 6; ++s) c.trainStep(data);
    EXPECT_EQ(a.params(), c.params()) << objective->shapeKey();
    // Another shape is refused by name; a truncated file is an error, not a crash.
    const bool isBert = dynamic_cast<const BertMlmObjective*>(objective.get()) != nullptr;
    FamilyTrainer other(isBert ? tinyT5() : tinyBert(), hyper(12));
    EXPECT_THROW(other.loadCheckpoint(path), Error);
    std::filesystem::resize_file(path, 100);
    EXPECT_THROW(c.loadCheckpoint(path), Error);
    std::filesystem::remove(path);
  }
}

TEST(FamilyTrainer, ExportedFoldersUseTransformersNames) {
  const std::string dir = ::testing::TempDir() + "/glassbox_family_export";
  std::filesystem::remove_all(dir);
  const SpecialIds ids{7, 8, 9, 10, 7};
  const auto bert = tinyBert();
  const auto& bc = static_cast<const BertMlmObjective&>(*bert).config();
  const std::vector<float> bp = bert->init(1);
  exportBertFolder(dir + "/bert", bc, bp, ids);
  const auto t5 = tinyT5();
  const auto& tc = static_cast<const T5SpanObjective&>(*t5).config();
  const std::vector<float> tp = t5->init(2);
  exportT5Folder(dir + "/t5", tc, tp, ids);

  const auto bj = nlohmann::json::parse(std::ifstream(dir + "/bert/config.json"));
  EXPECT_EQ(bj["architectures"][0], "BertForMaskedLM");
  EXPECT_EQ(bj["hidden_act"], "gelu");
  EXPECT_EQ(bj["hidden_size"], 32);
  EXPECT_EQ(bj["max_position_embeddings"], 16);
  EXPECT_EQ(bj["pad_token_id"], 7);
  const auto tj = nlohmann::json::parse(std::ifstream(dir + "/t5/config.json"));
  EXPECT_EQ(tj["architectures"][0], "T5ForConditionalGeneration");
  for (const char* field : {"d_model", "d_kv", "d_ff", "num_layers", "num_decoder_layers", "num_heads",
                            "relative_attention_num_buckets", "relative_attention_max_distance", "feed_forward_proj",
                            "tie_word_embeddings", "decoder_start_token_id", "pad_token_id", "eos_token_id"})
    EXPECT_TRUE(tj.contains(field)) << field;
  EXPECT_EQ(tj["feed_forward_proj"], "relu");
  EXPECT_EQ(tj["decoder_start_token_id"], 7);

  const auto bs = openSafetensorsFolder(dir + "/bert");
  for (const char* name : {"bert.embeddings.word_embeddings.weight", "bert.embeddings.LayerNorm.bias",
                           "bert.encoder.layer.1.attention.self.query.weight", "bert.encoder.layer.0.output.LayerNorm.weight",
                           "cls.predictions.transform.dense.weight", "cls.predictions.bias"})
    EXPECT_NO_THROW(bs->require(name)) << name;
  EXPECT_EQ(bs->require("bert.encoder.layer.0.intermediate.dense.weight").shape, (std::vector<std::int64_t>{64, 32}));
  EXPECT_EQ(bs->tensors().count("cls.predictions.decoder.weight"), 0u);  // tied to the word embeddings
  const auto ts = openSafetensorsFolder(dir + "/t5");
  for (const char* name : {"shared.weight", "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                           "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                           "decoder.block.1.layer.1.EncDecAttention.k.weight", "decoder.block.1.layer.2.DenseReluDense.wo.weight",
                           "encoder.final_layer_norm.weight", "decoder.final_layer_norm.weight"})
    EXPECT_NO_THROW(ts->require(name)) << name;
  EXPECT_EQ(ts->tensors().count("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight"), 0u);
  EXPECT_EQ(ts->tensors().count("lm_head.weight"), 0u);
  EXPECT_EQ(ts->require("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight").shape,
            (std::vector<std::int64_t>{8, 4}));

  EXPECT_EQ(readParamsFromFolder(dir + "/bert", bert->layout()), bp);
  EXPECT_EQ(readParamsFromFolder(dir + "/t5", t5->layout()), tp);
  EXPECT_THROW(readParamsFromFolder(dir + "/bert", t5->layout()), Error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace glassbox
