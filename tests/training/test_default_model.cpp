// The shipped default model (assets/models/glassbox-kjv): the engine's logits equal the trainer's own
// forward pass (run in double precision on the same weights), and the shipped tokenizer.json loads in
// the engine, round-trips, and equals what our BPE trainer reproduces from the corpus.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "formats/hf_config.h"
#include "formats/safetensors.h"
#include "models/model.h"
#include "tokenizers/tokenizer.h"
#include "training/bpe_trainer.h"
#include "training/gpt2_model.h"
#include "training/kjv_corpus.h"

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
  ASSERT_EQ(mc.architecture, Architecture::Gpt2);
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

}  // namespace
}  // namespace glassbox
