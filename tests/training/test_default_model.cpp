// The shipped default model (assets/models/glassbox-kjv): the engine's logits equal the trainer's own
// forward pass (run in double precision on the same weights), and the shipped tokenizer.json loads in
// the engine, round-trips, and equals what our BPE trainer reproduces from the corpus.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "models/registry.h"
#include "formats/safetensors.h"
#include "models/model.h"
#include "tokenizers/tokenizer.h"
#include "training/bpe_trainer.h"
#include "training/gpt2_model.h"
#include "train/kjv_corpus.h"

namespace glassbox {
namespace {

const std::string kFolder = std::string(GLASSBOX_SOURCE_DIR) + "/assets/models/glassbox-kjv";

bool haveModel() { return std::filesystem::exists(kFolder + "/model.safetensors"); }

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The trainer's flat parameter array read from the shipped safetensors, in double.
std::vector<double> loadParams(const Gpt2Config& c) {
  const auto source = openSafetensorsFolder(kFolder);
  std::vector<double> params(gpt2ParamCount(c));
  for (const auto& t : gpt2Layout(c)) {
    const TensorRef& ref = source->require(t.name, t.shape);
    EXPECT_EQ(ref.dtype, DType::F32) << t.name;
    for (std::size_t i = 0; i < t.size; ++i) {
      float v;
      std::memcpy(&v, ref.data + 4 * i, 4);
      params[t.offset + i] = v;
    }
  }
  return params;
}

TEST(DefaultModel, EngineLogitsEqualTrainerForward) {
  if (!haveModel()) GTEST_SKIP() << "no shipped model at " << kFolder << " (run scripts/train-default-model)";
  const ModelConfig mc = readHfConfigFolder(kFolder);
  ASSERT_EQ(mc.architecture, "gpt2");
  Gpt2Config c;
  c.vocabSize = mc.vocabSize;
  c.context = mc.contextLength;
  c.layers = mc.numLayers;
  c.heads = mc.numHeads;
  c.embd = mc.dModel;
  c.inner = mc.hiddenDim;
  c.lnEps = mc.normEps;
  EXPECT_GE(c.layers, 4);
  EXPECT_GE(c.heads, 4);
  EXPECT_GE(c.context, 256);
  EXPECT_LE(std::filesystem::file_size(kFolder + "/model.safetensors"), 8u * 1000 * 1000);
  const std::vector<double> params = loadParams(c);

  const auto tok = Tokenizer::load(kFolder + "/tokenizer.json");
  const std::string text =
      "The teacher taught the student with the book. And it came to pass, when the king heard the words of "
      "the law, that he rent his clothes; and the people rejoiced with great joy.";
  const std::vector<int> ids = tok->encode(text, false).ids;
  ASSERT_GT(ids.size(), 20u);
  const int n = static_cast<int>(ids.size());

  const auto model = Model::load(kFolder);
  InferenceSession session(model);
  ForwardOptions options;
  options.allLogits = true;
  const std::vector<float> engine = session.forward(ids, options);
  ASSERT_EQ(engine.size(), static_cast<std::size_t>(n) * c.vocabSize);

  Gpt2Activations<double> acts;
  std::vector<double> reference;
  const std::vector<int> noTargets(ids.size(), -1);
  gpt2ForwardBackward<double>(c, params.data(), ids.data(), noTargets.data(), n, 1.0, nullptr, acts, &reference);
  double maxDiff = 0, maxRef = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    maxDiff = std::max(maxDiff, std::abs(engine[i] - reference[i]));
    maxRef = std::max(maxRef, std::abs(reference[i]));
  }
  EXPECT_LT(maxDiff / maxRef, 1e-5) << "max |engine - trainer| " << maxDiff << ", max |logit| " << maxRef;
}

TEST(DefaultModel, TokenizerLoadsAndRoundTrips) {
  if (!haveModel()) GTEST_SKIP() << "no shipped model at " << kFolder << " (run scripts/train-default-model)";
  const auto tok = Tokenizer::load(kFolder + "/tokenizer.json");
  EXPECT_EQ(tok->kind(), "byte-level BPE");
  EXPECT_GE(tok->vocabSize(), 2000);
  EXPECT_LE(tok->vocabSize(), 8000);
  EXPECT_EQ(tok->tokenId(kEndOfText), tok->vocabSize() - 1);
  for (const std::string text : {"The teacher taught the student with the book",
                                 "In the beginning God created the heaven and the earth.\n",
                                 "caf\xC3\xA9 \xE2\x82\xAC 2026  tabs\tand\nnewlines"}) {
    const Encoding e = tok->encode(text, false);
    EXPECT_EQ(tok->decode(e.ids), text);
  }
}

TEST(DefaultModel, TokenizerIsReproducedFromTheCorpus) {
  if (!haveModel()) GTEST_SKIP() << "no shipped model at " << kFolder;
  if (!std::filesystem::exists(kKjvDataPath)) GTEST_SKIP() << "bible-kjv-text not installed";
  const auto split = splitChapters(parseKjvChapters(readBibleData(kKjvDataPath)), 50);
  const auto tok = Tokenizer::load(kFolder + "/tokenizer.json");
  ByteLevelBpe bpe = ByteLevelBpe::train(split.train, tok->vocabSize());
  const std::string path = ::testing::TempDir() + "/glassbox_kjv_tokenizer.json";
  bpe.writeTokenizerJson(path);
  EXPECT_TRUE(readAll(path) == readAll(kFolder + "/tokenizer.json")) << "retrained tokenizer.json differs";
  std::filesystem::remove(path);
  // The engine's ids on the held-out chapters equal the trainer's own encoder (used to make the data).
  for (std::size_t i = 0; i < split.heldOut.size(); ++i)
    ASSERT_EQ(tok->encode(split.heldOut[i], false).ids, bpe.encode(split.heldOut[i])) << split.heldOutNames[i];
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

const std::string kReference = std::string(GLASSBOX_SOURCE_DIR) + "/tests/reference";

TEST(DefaultModel, EngineLogitsEqualTheNumPyReference) {
  if (!haveModel()) GTEST_SKIP() << "no shipped model at " << kFolder;
  const auto tok = Tokenizer::load(kFolder + "/tokenizer.json");
  const std::vector<int> ids = tok->encode("And it came to pass, when the king heard the words of the law", false).ids;
  std::string list;
  for (int id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  const std::string out = ::testing::TempDir() + "/glassbox_kjv_numpy.json";
  std::optional<std::string> python;  // the first python3 that can import numpy
  for (const char* candidate : {"python3", "/usr/bin/python3"})
    if (!python && runCommand(std::string(candidate) + " -c 'import numpy'")) python = candidate;
  if (!python || !runCommand(*python + " " + kReference + "/numpy_forward.py --model " + kFolder + " --tokens " + list + " --out " + out))
    GTEST_SKIP() << "python3 with numpy not available (apt-get install python3-numpy)";
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  std::filesystem::remove(out);
  InferenceSession session(Model::load(kFolder));
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

TEST(DefaultModel, HuggingFaceBindingGivesTheSameIds) {
  if (!haveModel()) GTEST_SKIP() << "no shipped model at " << kFolder;
  if (!std::filesystem::exists(kReference + "/node_modules/@anush008/tokenizers"))
    GTEST_SKIP() << "tests/reference/node_modules missing (scripts/test runs npm ci there)";
  std::vector<std::string> texts = {"The teacher taught the student with the book",
                                    "caf\xC3\xA9 \xE2\x82\xAC 2026  tabs\tand\nnewlines <|endoftext|> Zyzzyva"};
  if (std::filesystem::exists(kKjvDataPath)) {
    const auto split = splitChapters(parseKjvChapters(readBibleData(kKjvDataPath)), 50);
    texts.insert(texts.end(), split.heldOut.begin(), split.heldOut.end());
  }
  nlohmann::json corpus = {{"strings", nlohmann::json::array()}};
  for (std::size_t i = 0; i < texts.size(); ++i) corpus["strings"].push_back({{"id", i}, {"text", texts[i]}});
  const std::string path = ::testing::TempDir() + "/glassbox_kjv_strings.json";
  std::ofstream(path) << corpus.dump();
  const auto out = runCommand("node " + kReference + "/encode_reference.mjs hf:" + kFolder + "/tokenizer.json " + path);
  std::filesystem::remove(path);
  if (!out) GTEST_SKIP() << "node could not run tests/reference/encode_reference.mjs";
  const auto j = nlohmann::json::parse(*out);
  const auto tok = Tokenizer::load(kFolder + "/tokenizer.json");
  ASSERT_EQ(j.at("results").size(), texts.size());
  for (const auto& r : j.at("results")) {
    const std::size_t id = r.at("id").get<std::size_t>();
    EXPECT_EQ(tok->encode(texts[id], true).ids, r.at("with_special").at("ids").get<std::vector<int>>()) << id;
  }
}

}  // namespace
}  // namespace glassbox
