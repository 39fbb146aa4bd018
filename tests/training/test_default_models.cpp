// The three shipped default models of the lesson (assets/models/glassbox-{gpt2,bert,t5}): one shared
// tokenizer.json in which the lesson's sentences tokenize word by word and which our BPE trainer
// reproduces from the corpus; the decoder's engine logits equal the trainer's forward pass; the
// encoder's and encoder-decoder's files give back, through the trainer's forward pass, the figures and
// samples recorded in their folders; every folder is within the 8 MiB weight budget.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "models/registry.h"
#include "models/model.h"
#include "tokenizers/tokenizer.h"
#include "train/corpus_choice.h"
#include "train/family_eval.h"
#include "training/bpe_trainer.h"
#include "training/gpt2_model.h"
#include "training/hf_export.h"
#include "train/wordnet_corpus.h"

namespace glassbox {
namespace {

const std::string kAssets = std::string(GLASSBOX_SOURCE_DIR) + "/assets/models/";
const std::string kGpt2 = kAssets + "glassbox-gpt2", kBert = kAssets + "glassbox-bert", kT5 = kAssets + "glassbox-t5";

bool haveModels() {
  for (const auto& f : {kGpt2, kBert, kT5})
    if (!std::filesystem::exists(f + "/model.safetensors")) return false;
  return true;
}
#define REQUIRE_MODELS() \
  if (!haveModels()) GTEST_SKIP() << "no shipped models under " << kAssets << " (run scripts/train-default-models)"

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json readJson(const std::string& path) { return nlohmann::json::parse(readAll(path)); }

TEST(DefaultModels, OneSharedTokenizerWithEveryFamilysSpecialTokens) {
  REQUIRE_MODELS();
  const std::string shared = readAll(kGpt2 + "/tokenizer.json");
  EXPECT_TRUE(shared == readAll(kBert + "/tokenizer.json"));
  EXPECT_TRUE(shared == readAll(kT5 + "/tokenizer.json"));
  const auto tok = Tokenizer::load(kGpt2 + "/tokenizer.json");
  EXPECT_EQ(tok->vocabSize(), 8192);
  std::vector<std::string> specials = {kEndOfText, kPad, kBos, kEos, kMask};
  for (int i = 0; i < kSentinels; ++i) specials.push_back(sentinel(i));
  for (std::size_t i = 0; i < specials.size(); ++i) {
    const auto id = tok->tokenId(specials[i]);
    ASSERT_TRUE(id.has_value()) << specials[i];
    EXPECT_EQ(*id, 8192 - static_cast<int>(specials.size()) + static_cast<int>(i)) << specials[i];
    EXPECT_TRUE(tok->isSpecial(*id)) << specials[i];
  }
  const auto cfg = readJson(kT5 + "/config.json");
  EXPECT_EQ(cfg["pad_token_id"], *tok->tokenId(kPad));
  EXPECT_EQ(cfg["eos_token_id"], *tok->tokenId(kEos));
  EXPECT_EQ(cfg["decoder_start_token_id"], *tok->tokenId(kPad));
  EXPECT_EQ(readJson(kBert + "/config.json")["pad_token_id"], *tok->tokenId(kPad));
  EXPECT_EQ(readJson(kGpt2 + "/config.json")["eos_token_id"], *tok->tokenId(kEndOfText));
}

std::vector<std::string> pieces(const Tokenizer& tok, const std::string& text) {
  std::vector<std::string> out;
  for (int id : tok.encode(text, true).ids) out.push_back(tok.isSpecial(id) ? tok.tokenRaw(id) : tok.tokenBytes(id));
  return out;
}

TEST(DefaultModels, TheLessonsSentencesTokenizeWordByWord) {
  REQUIRE_MODELS();
  const auto tok = Tokenizer::load(kGpt2 + "/tokenizer.json");
  using V = std::vector<std::string>;
  EXPECT_EQ(pieces(*tok, "The teacher taught the student with the book."),
            (V{"The", " teacher", " taught", " the", " student", " with", " the", " book", "."}));
  EXPECT_EQ(pieces(*tok, "The tea tastes sweet, but the cake tastes better."),
            (V{"The", " tea", " tastes", " sweet", ",", " but", " the", " cake", " tastes", " better", "."}));
  EXPECT_EQ(pieces(*tok, "She ate a banana by the river bank."),
            (V{"She", " ate", " a", " banana", " by", " the", " river", " bank", "."}));
  EXPECT_EQ(pieces(*tok, "He put the money in the bank."), (V{"He", " put", " the", " money", " in", " the", " bank", "."}));
  // The mask and the sentinels take the space before them, so they stand for " taught".
  EXPECT_EQ(pieces(*tok, "The teacher [MASK] the student with the book."),
            (V{"The", " teacher", "[MASK]", " the", " student", " with", " the", " book", "."}));
  EXPECT_EQ(pieces(*tok, "The teacher <extra_id_0> the student with the book."),
            (V{"The", " teacher", "<extra_id_0>", " the", " student", " with", " the", " book", "."}));
}

// Runs a command, returns its stdout, or nullopt when it fails (the tool is missing, say).
std::optional<std::string> runCommand(const std::string& command) {
  std::FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof(buf), pipe)) > 0;) out.append(buf, n);
  if (::pclose(pipe) != 0) return std::nullopt;
  return out;
}

TEST(DefaultModels, HuggingFaceBindingGivesTheSameIds) {
  REQUIRE_MODELS();
  const std::string reference = std::string(GLASSBOX_SOURCE_DIR) + "/tests/reference";
  if (!std::filesystem::exists(reference + "/node_modules/@anush008/tokenizers"))
    GTEST_SKIP() << "tests/reference/node_modules missing (scripts/test runs npm ci there)";
  std::vector<std::string> texts = {"The teacher [MASK] the student with the book.",
                                    "The teacher <extra_id_0> the student <extra_id_1> book.</s>",
                                    "<s>He put the money in the bank.</s><pad><pad>",
                                    "caf\xC3\xA9 \xE2\x82\xAC 2026  tabs\tand\nnewlines <|endoftext|> Zyzzyva  [MASK]"};
  for (const auto& s : lessonSentences()) texts.push_back(s);
  if (std::filesystem::exists(std::string(kWordNetDir) + "/data.noun")) {
    const TextSplit split = splitWordNet(readWordNet(), 50);
    for (std::size_t i = 0; i < split.heldOut.size(); i += 5) texts.push_back(split.heldOut[i]);
  }
  nlohmann::json corpus = {{"strings", nlohmann::json::array()}};
  for (std::size_t i = 0; i < texts.size(); ++i) corpus["strings"].push_back({{"id", i}, {"text", texts[i]}});
  const std::string path = ::testing::TempDir() + "/glassbox_shared_strings.json";
  std::ofstream(path) << corpus.dump();
  const auto out = runCommand("node " + reference + "/encode_reference.mjs hf:" + kGpt2 + "/tokenizer.json " + path);
  std::filesystem::remove(path);
  if (!out) GTEST_SKIP() << "node could not run tests/reference/encode_reference.mjs";
  const auto j = nlohmann::json::parse(*out);
  const auto tok = Tokenizer::load(kGpt2 + "/tokenizer.json");
  ASSERT_EQ(j.at("results").size(), texts.size());
  for (const auto& r : j.at("results")) {
    const std::size_t id = r.at("id").get<std::size_t>();
    EXPECT_EQ(tok->encode(texts[id], true).ids, r.at("with_special").at("ids").get<std::vector<int>>()) << texts[id];
  }
}

TEST(DefaultModels, TokenizerIsReproducedFromTheCorpus) {
  REQUIRE_MODELS();
  if (!std::filesystem::exists(std::string(kWordNetDir) + "/data.noun")) GTEST_SKIP() << "wordnet-base not installed";
  const TrainingCorpus corpus = loadTrainingCorpus("wordnet", "", 50);
  ByteLevelBpe bpe = ByteLevelBpe::train(corpus.train, 8192, {}, corpus.specials, corpus.requiredTexts);
  const std::string path = ::testing::TempDir() + "/glassbox_shared_tokenizer.json";
  bpe.writeTokenizerJson(path);
  EXPECT_TRUE(readAll(path) == readAll(kGpt2 + "/tokenizer.json")) << "retrained tokenizer.json differs";
  std::filesystem::remove(path);
  const auto tok = Tokenizer::load(kGpt2 + "/tokenizer.json");
  for (std::size_t i = 0; i < corpus.heldOut.size(); i += 7)
    ASSERT_EQ(tok->encode(corpus.heldOut[i], false).ids, bpe.encode(corpus.heldOut[i])) << corpus.heldOutNames[i];
}

TEST(DefaultModels, WeightsFitTheBudget) {
  REQUIRE_MODELS();
  for (const auto& f : {kGpt2, kBert, kT5}) {
    EXPECT_LE(std::filesystem::file_size(f + "/model.safetensors"), 8u * 1024 * 1024) << f;
    for (const char* file : {"config.json", "tokenizer.json", "MODEL_CARD.md", "training_summary.json", "loss.png"})
      EXPECT_TRUE(std::filesystem::exists(f + "/" + file)) << f << "/" << file;
  }
}

TEST(DefaultModels, DecoderEngineLogitsEqualTrainerForward) {
  REQUIRE_MODELS();
  const ModelConfig mc = readHfConfigFolder(kGpt2);
  Gpt2Config c;
  c.vocabSize = mc.vocabSize;
  c.context = mc.contextLength;
  c.layers = mc.numLayers;
  c.heads = mc.numHeads;
  c.embd = mc.dModel;
  c.inner = mc.hiddenDim;
  c.lnEps = mc.normEps;
  const std::vector<float> pf = readParamsFromFolder(kGpt2, gpt2Layout(c));
  const std::vector<double> params(pf.begin(), pf.end());
  const auto tok = Tokenizer::load(kGpt2 + "/tokenizer.json");
  const std::vector<int> ids =
      tok->encode("The teacher taught the student with the book. She ate a banana by the river bank.", false).ids;
  const int n = static_cast<int>(ids.size());
  InferenceSession session(Model::load(kGpt2));
  ForwardOptions options;
  options.allLogits = true;
  const std::vector<float> engine = session.forward(ids, options);
  Gpt2Activations<double> acts;
  std::vector<double> reference;
  const std::vector<int> none(ids.size(), -1);
  gpt2ForwardBackward<double>(c, params.data(), ids.data(), none.data(), n, 1.0, nullptr, acts, &reference);
  ASSERT_EQ(engine.size(), reference.size());
  double maxDiff = 0, maxRef = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    maxDiff = std::max(maxDiff, std::abs(engine[i] - reference[i]));
    maxRef = std::max(maxRef, std::abs(reference[i]));
  }
  EXPECT_LT(maxDiff / maxRef, 1e-5) << "max |engine - trainer| " << maxDiff << ", max |logit| " << maxRef;
}

TEST(DefaultModels, DecoderEngineLogitsEqualTheNumPyReference) {
  REQUIRE_MODELS();
  const auto tok = Tokenizer::load(kGpt2 + "/tokenizer.json");
  const std::vector<int> ids = tok->encode("He put the money in the bank.", false).ids;
  std::string list;
  for (int id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  const std::string reference = std::string(GLASSBOX_SOURCE_DIR) + "/tests/reference";
  const std::string out = ::testing::TempDir() + "/glassbox_gpt2_numpy.json";
  std::optional<std::string> python;  // the first python3 that can import numpy
  for (const char* candidate : {"python3", "/usr/bin/python3"})
    if (!python && runCommand(std::string(candidate) + " -c 'import numpy'")) python = candidate;
  if (!python || !runCommand(*python + " " + reference + "/numpy_forward.py --model " + kGpt2 + " --tokens " + list +
                             " --out " + out))
    GTEST_SKIP() << "python3 with numpy not available (apt-get install python3-numpy)";
  const auto j = readJson(out);
  std::filesystem::remove(out);
  InferenceSession session(Model::load(kGpt2));
  ForwardOptions options;
  options.allLogits = true;
  const std::vector<float> engine = session.forward(ids, options);
  const auto& ref = j.at("logits");
  ASSERT_EQ(ref.size(), ids.size());
  const std::size_t V = static_cast<std::size_t>(tok->vocabSize());
  double maxDiff = 0, maxRef = 0;
  for (std::size_t t = 0; t < ids.size(); ++t)
    for (std::size_t v = 0; v < V; ++v) {
      const double r = ref[t][v].get<double>();
      maxDiff = std::max(maxDiff, std::abs(engine[t * V + v] - r));
      maxRef = std::max(maxRef, std::abs(r));
    }
  EXPECT_LT(maxDiff / maxRef, 1e-5) << "max |engine - numpy| " << maxDiff;
}

BertConfig bertConfigOf(const nlohmann::json& j) {
  BertConfig c;
  c.vocabSize = j.at("vocab_size");
  c.context = j.at("max_position_embeddings");
  c.layers = j.at("num_hidden_layers");
  c.heads = j.at("num_attention_heads");
  c.hidden = j.at("hidden_size");
  c.inner = j.at("intermediate_size");
  c.typeVocab = j.at("type_vocab_size");
  c.lnEps = j.at("layer_norm_eps");
  return c;
}

TEST(DefaultModels, EncoderFilesGiveBackTheRecordedHomonymTest) {
  REQUIRE_MODELS();
  const auto tok = Tokenizer::load(kBert + "/tokenizer.json");
  const BertConfig c = bertConfigOf(readJson(kBert + "/config.json"));
  const BertMlmObjective objective(c, *tok->tokenId(kMask), *tok->tokenId(kEndOfText), c.context);
  const auto params = readParamsFromFolder(kBert, bertLayout(c));
  const auto homonym = bertHomonymTest(objective, params, *tok);
  const auto recorded = readJson(kBert + "/training_summary.json").at("homonym");
  for (const char* key : {"mean_river_river", "mean_money_money", "mean_river_money"})
    EXPECT_NEAR(homonym[key].get<double>(), recorded.at(key).get<double>(), 1e-6) << key;
  EXPECT_EQ(homonym["passes"], recorded.at("passes"));
}

TEST(DefaultModels, EncoderDecoderFilesGiveBackTheRecordedFill) {
  REQUIRE_MODELS();
  const auto tok = Tokenizer::load(kT5 + "/tokenizer.json");
  const auto j = readJson(kT5 + "/config.json");
  T5Config c;
  c.vocabSize = j.at("vocab_size");
  c.dModel = j.at("d_model");
  c.dKv = j.at("d_kv");
  c.dFF = j.at("d_ff");
  c.encoderLayers = j.at("num_layers");
  c.decoderLayers = j.at("num_decoder_layers");
  c.heads = j.at("num_heads");
  c.buckets = j.at("relative_attention_num_buckets");
  c.maxDistance = j.at("relative_attention_max_distance");
  c.eps = j.at("layer_norm_epsilon");
  SpanCorruption spans;
  spans.sentinel0 = *tok->tokenId(sentinel(0));
  spans.sentinels = kSentinels;
  spans.eos = j.at("eos_token_id");
  spans.decoderStart = j.at("decoder_start_token_id");
  const T5SpanObjective objective(c, spans, 128);
  const auto params = readParamsFromFolder(kT5, t5Layout(c));
  const std::string prompt = "The teacher <extra_id_0> the student with the book.";
  std::string fill;
  for (int id : t5Greedy(objective, params, tok->encode(prompt, false).ids, 24))
    for (char ch : tok->isSpecial(id) ? tok->tokenRaw(id) : tok->tokenBytes(id))  // as samples.md escapes them
      fill += ch == '\n' ? std::string("\\n") : ch == '|' ? std::string("\\|") : std::string(1, ch);
  EXPECT_EQ(fill.rfind("<extra_id_0>", 0), 0u) << fill;
  const std::string samples = readAll(kT5 + "/samples.md");
  EXPECT_NE(samples.find("| " + prompt + " | `" + fill + "` |"), std::string::npos) << fill;
}

}  // namespace
}  // namespace glassbox
