// glassbox-cli embed, fill-mask, classify, similarity and generate on encoders, run in-process with
// stdout captured, on tiny random BERT weights with the real all-MiniLM-L6-v2 tokenizer and its
// sentence-transformers pooling files (../shared/fixtures).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>

#include "cli_common.h"
#include "core/error.h"
#include "core/json_util.h"
#include "models/session.h"
#include "tiny_encoder.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

namespace fs = std::filesystem;

const fs::path kMiniLm = fs::path(GLASSBOX_SHARED_DIR) / "fixtures" / "all-MiniLM-L6-v2-tokenizer";

Json runCaptured(int (*command)(const std::vector<std::string>&), const std::vector<std::string>& args) {
  ::testing::internal::CaptureStdout();
  int rc = -1;
  try {
    rc = command(args);
  } catch (...) {
    ::testing::internal::GetCapturedStdout();
    throw;
  }
  const std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(rc, 0);
  return parseJson(out, "command output");
}

// A BERT folder with MiniLM's tokenizer (vocabulary 30522) and random weights; withPooling copies
// modules.json and 1_Pooling/config.json (mean pooling, then Normalize).
fs::path miniLmFolder(const std::string& architecture, bool withPooling,
                      const std::function<void(std::vector<TensorToWrite>&)>& edit = {}, int labels = 3) {
  const fs::path dir = testing::freshTempDir() / "m";
  testing::EncoderSpec s;
  s.architectureName = architecture;
  s.vocab = 30522;
  s.positions = 128;  // the tokenizer pads to 128 for trace (tokenizer.json "padding": Fixed 128)
  s.dModel = 16;
  s.hidden = 24;
  s.padTokenId = 0;
  s.labels = labels;
  testing::writeTinyEncoder(dir, s, 21, edit);
  fs::copy_file(kMiniLm / "tokenizer.json", dir / "tokenizer.json");
  if (withPooling) {
    fs::copy_file(kMiniLm / "modules.json", dir / "modules.json");
    fs::create_directories(dir / "1_Pooling");
    fs::copy_file(kMiniLm / "1_Pooling" / "config.json", dir / "1_Pooling" / "config.json");
  }
  return dir;
}

#define SKIP_WITHOUT_FIXTURE() \
  if (!fs::exists(kMiniLm / "tokenizer.json")) GTEST_SKIP() << kMiniLm << " not found (the shared fixtures)"

TEST(CliEncoder, EmbedGivesHiddenStatesAndNormalizedMeanPooling) {
  SKIP_WITHOUT_FIXTURE();
  const fs::path dir = miniLmFolder("BertModel", true);
  const Json j = runCaptured(cli::runEmbed, {"--model", dir.string(), "--text", "The cat sat.", "--json"});
  ASSERT_EQ(j["tokens"].size(), 6u);  // [CLS] the cat sat . [SEP]
  EXPECT_EQ(j["tokens"][0]["text"], "[CLS]");
  EXPECT_EQ(j["tokens"][2]["id"], 4937);  // "cat" in bert-base-uncased's vocabulary
  ASSERT_EQ(j["hidden"].size(), 6u);
  ASSERT_EQ(j["hidden"][0].size(), 16u);
  std::vector<double> mean(16, 0.0);
  for (const Json& row : j["hidden"])
    for (int c = 0; c < 16; ++c) mean[c] += row[c].get<double>() / 6.0;
  double norm = 0;
  for (double v : mean) norm += v * v;
  norm = std::sqrt(norm);
  for (int c = 0; c < 16; ++c) EXPECT_NEAR(j["pooled"][c].get<double>(), mean[c] / norm, 1e-5);
  // --pooling overrides the folder's mean: none gives no pooled vector; an unknown mode is refused.
  const Json none = runCaptured(cli::runEmbed, {"--model", dir.string(), "--text", "The cat sat.", "--pooling", "none", "--json"});
  EXPECT_TRUE(none["pooled"].is_null());
  EXPECT_THROW(cli::runEmbed({"--model", dir.string(), "--text", "x", "--pooling", "median"}), Error);
}

TEST(CliEncoder, SimilarityMatrixIsSymmetricWithUnitDiagonal) {
  SKIP_WITHOUT_FIXTURE();
  const fs::path dir = miniLmFolder("BertModel", true);
  const Json j = runCaptured(cli::runSimilarity, {"--model", dir.string(), "--text", "A dog runs.", "--text",
                                                  "A puppy is running.", "--text", "Stocks fell today.", "--json"});
  ASSERT_EQ(j["matrix"].size(), 3u);
  for (int a = 0; a < 3; ++a) {
    EXPECT_NEAR(j["matrix"][a][a].get<double>(), 1.0, 1e-6);
    for (int b = 0; b < 3; ++b) EXPECT_NEAR(j["matrix"][a][b].get<double>(), j["matrix"][b][a].get<double>(), 1e-9);
  }
  // The matrix is the cosine of embed's pooled vectors.
  auto pooled = [&](const char* text) {
    return runCaptured(cli::runEmbed, {"--model", dir.string(), "--text", text, "--json"})["pooled"];
  };
  const Json p0 = pooled("A dog runs."), p2 = pooled("Stocks fell today.");
  double dot = 0;
  for (std::size_t c = 0; c < p0.size(); ++c) dot += p0[c].get<double>() * p2[c].get<double>();
  EXPECT_NEAR(j["matrix"][0][2].get<double>(), dot, 1e-5);
  EXPECT_THROW(cli::runSimilarity({"--model", dir.string(), "--text", "only one"}), Error);
}

TEST(CliEncoder, FillMaskListsCandidatesInDescendingProbability) {
  SKIP_WITHOUT_FIXTURE();
  const fs::path dir = miniLmFolder("BertForMaskedLM", false);
  const Json j = runCaptured(cli::runFillMask, {"--model", dir.string(), "--text", "Paris is the [MASK] of France.",
                                                "--top", "7", "--json"});
  ASSERT_EQ(j["masks"].size(), 1u);
  EXPECT_EQ(j["masks"][0]["position"], 4);  // [CLS] paris is the [MASK]
  const Json& c = j["masks"][0]["candidates"];
  ASSERT_EQ(c.size(), 7u);
  for (std::size_t i = 1; i < c.size(); ++i) EXPECT_GE(c[i - 1]["p"].get<double>(), c[i]["p"].get<double>());
  // --top-k 3 renormalises over three tokens: the same three, summing to 1.
  const Json k = runCaptured(cli::runFillMask, {"--model", dir.string(), "--text", "Paris is the [MASK] of France.",
                                                "--top-k", "3", "--json"});
  const Json& c3 = k["masks"][0]["candidates"];
  ASSERT_EQ(c3.size(), 3u);
  double sum = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    sum += c3[i]["p"].get<double>();
    EXPECT_EQ(c3[i]["id"], c[i]["id"]);
  }
  EXPECT_NEAR(sum, 1.0, 1e-5);
  EXPECT_THROW(cli::runFillMask({"--model", dir.string(), "--text", "no mask here"}), Error);
}

TEST(CliEncoder, GenerateOnAnEncoderSuggestsFillMask) {
  SKIP_WITHOUT_FIXTURE();
  const fs::path dir = miniLmFolder("BertForMaskedLM", false);
  try {
    cli::runGenerate({"--model", dir.string(), "--prompt", "hello"});
    FAIL() << "generate ran an encoder";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("does not generate"), std::string::npos) << m;
    EXPECT_NE(m.find("fill-mask"), std::string::npos) << m;
  }
}

TEST(CliEncoder, ClassifySequencePrintsLabelProbabilities) {
  SKIP_WITHOUT_FIXTURE();
  const fs::path dir = miniLmFolder("BertForSequenceClassification", false);
  const Json j = runCaptured(cli::runClassify, {"--model", dir.string(), "--text", "What a lovely day.", "--json"});
  EXPECT_EQ(j["kind"], "sequence");
  ASSERT_EQ(j["labels"].size(), 3u);
  double sum = 0;
  for (const Json& l : j["labels"]) sum += l["p"].get<double>();
  EXPECT_NEAR(sum, 1.0, 1e-6);
  EXPECT_GE(j["labels"][0]["p"].get<double>(), j["labels"][1]["p"].get<double>());
  EXPECT_THROW(cli::runFillMask({"--model", dir.string(), "--text", "a [MASK]"}), Error);
}

// Token classification with the classifier forced to one label everywhere (zero weights, a large bias):
// labels O, B-PER, I-PER.
fs::path forcedTagger(int label) {
  return miniLmFolder("BertForTokenClassification", false, [label](std::vector<TensorToWrite>& t) {
    for (TensorToWrite& w : t) {
      if (w.name == "classifier.weight") std::fill(w.data.begin(), w.data.end(), 0);
      if (w.name == "classifier.bias") {
        std::vector<float> b{0, 0, 0};
        b[static_cast<std::size_t>(label)] = 20;
        std::memcpy(w.data.data(), b.data(), 12);
      }
    }
  });
}

TEST(CliEncoder, ClassifyTokensGroupsEntitiesWithCharacterSpans) {
  SKIP_WITHOUT_FIXTURE();
  const std::string text = "Zoë met Ann";
  const Json inside = runCaptured(cli::runClassify, {"--model", forcedTagger(2).string(), "--text", text, "--json"});
  EXPECT_EQ(inside["kind"], "tokens");
  EXPECT_EQ(inside["tokens"][1]["label"], "I-PER");
  ASSERT_EQ(inside["entities"].size(), 1u) << inside["entities"].dump();  // I- continues across words
  EXPECT_EQ(inside["entities"][0]["label"], "PER");
  EXPECT_EQ(inside["entities"][0]["start"], 0);
  EXPECT_EQ(inside["entities"][0]["end"], 11);  // characters: "ë" is one, though two bytes
  const Json begin = runCaptured(cli::runClassify, {"--model", forcedTagger(1).string(), "--text", text, "--json"});
  ASSERT_GE(begin["entities"].size(), 3u) << begin["entities"].dump();  // every B- token starts one
  EXPECT_EQ(begin["entities"].back()["text"], "Ann");
  EXPECT_EQ(begin["entities"].back()["start"], 8);
  EXPECT_EQ(begin["entities"].back()["end"], 11);
  const Json none = runCaptured(cli::runClassify, {"--model", forcedTagger(0).string(), "--text", text, "--json"});
  EXPECT_TRUE(none["entities"].empty());
}

TEST(CliEncoder, InfoAndTraceDescribeAnEncoder) {
  SKIP_WITHOUT_FIXTURE();
  const fs::path dir = miniLmFolder("BertForMaskedLM", false);
  const Json info = runCaptured(cli::runInfo, {"--model", dir.string(), "--json"});
  EXPECT_EQ(info["family"], "bert");
  EXPECT_EQ(info["model_family"], "encoder-only");
  EXPECT_NE(info["capabilities"].dump().find("fill"), std::string::npos) << info["capabilities"].dump();
  const Json trace = runCaptured(cli::runTrace, {"--model", dir.string(), "--prompt", "a [MASK] day", "--json"});
  ASSERT_EQ(trace["maps"].size(), 1u);
  EXPECT_EQ(trace["maps"][0]["stream"], "encoder-self");
  EXPECT_EQ(trace["maps"][0]["queries"], trace["maps"][0]["keys"]);
}

// A text pair: [CLS] A [SEP] B [SEP] with token_type_ids 0 for the first part and 1 for the second (the
// tokenizer's "pair" template), and the encoder reads them: the hidden states change with the types.
TEST(CliEncoder, TextPairTokenTypesReachTheEncoder) {
  SKIP_WITHOUT_FIXTURE();
  const fs::path dir = miniLmFolder("BertModel", false);
  const auto tok = Tokenizer::load((dir / "tokenizer.json").string());
  EncodeOptions o;
  o.padding = false;
  const Encoding e = tok->encodePair("A dog.", "A cat.", o);
  ASSERT_EQ(e.ids.size(), 9u);  // [CLS] a dog . [SEP] a cat . [SEP]
  EXPECT_EQ(e.ids.front(), 101);
  EXPECT_EQ(e.ids[4], 102);
  EXPECT_EQ(e.typeIds, (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1, 1}));
  auto model = Model::load(dir.string());
  EncoderSession s(model);
  EncoderInput in = EncoderInput::fromEncoding(e);
  s.encode(in);
  const std::vector<float> withTypes = s.hidden();
  in.typeIds.assign(in.ids.size(), 0);
  s.encode(in);
  double diff = 0;
  for (std::size_t i = 5 * 16; i < withTypes.size(); ++i) diff = std::max(diff, double(std::abs(withTypes[i] - s.hidden()[i])));
  EXPECT_GT(diff, 1e-3);
}

}  // namespace
}  // namespace glassbox
