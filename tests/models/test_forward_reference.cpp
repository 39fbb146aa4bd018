// Our forward pass against an independent NumPy implementation (tests/reference/numpy_forward.py) on
// tiny random models written by the test: logits of every position and every attention matrix agree
// to relative 1e-4.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "core/json_util.h"
#include "models/numpy_helpers.h"
#include "core/mapped_file.h"
#include "models/model.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

using testing::TinyArch;
using testing::TinySpec;

using testing::pythonWithNumpy;

struct Reference {
  std::vector<double> logits;     // [T][V]
  std::vector<double> attention;  // [L][H][T][T]
  std::vector<double> mlp, gate, up;  // [L][T][F]; gate and up for gated MLPs only
  std::vector<double> afterAttention;  // [L][T][C]
};

using testing::flatten;

Reference runReference(const std::string& python, const std::filesystem::path& model, const std::vector<int>& ids) {
  const std::filesystem::path out = std::filesystem::path(model).replace_extension(".reference.json");
  std::string tokens;
  for (std::size_t i = 0; i < ids.size(); ++i) tokens += (i ? "," : "") + std::to_string(ids[i]);
  const std::string cmd = python + " " GLASSBOX_SOURCE_DIR "/tests/reference/numpy_forward.py --model '" +
                          model.string() + "' --tokens " + tokens + " --out '" + out.string() + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const Json j = parseJson(readTextFile(out.string()), out.string());
  Reference r;
  for (const auto& row : j["logits"])
    for (const auto& v : row) r.logits.push_back(v.get<double>());
  for (const auto& layer : j["attention"])
    for (const auto& head : layer)
      for (const auto& row : head)
        for (const auto& v : row) r.attention.push_back(v.get<double>());
  if (j.contains("mlp")) flatten(j["mlp"], r.mlp);
  if (j.contains("gate")) flatten(j["gate"], r.gate);
  if (j.contains("up")) flatten(j["up"], r.up);
  if (j.contains("after_attention")) flatten(j["after_attention"], r.afterAttention);
  return r;
}

// Runs the model at `path` on random tokens with a trace and compares with the reference.
void compareWithReference(const std::filesystem::path& path, int numTokens, std::uint64_t seed) {
  const auto python = pythonWithNumpy();
  if (!python) GTEST_SKIP() << "python3 with numpy not found (Debian: apt-get install python3-numpy)";
  auto model = Model::load(path.string());
  const ModelConfig& c = model->config();
  const std::vector<int> ids = testing::randomTokens(numTokens, c.vocabSize, seed);
  InferenceSession session(model);
  Trace trace;
  ForwardOptions opt;
  opt.trace = &trace;
  opt.traceParts = kTraceMlp | kTraceQkv;
  opt.allLogits = true;
  const std::vector<float> logits = session.forward(ids, opt);
  const Reference ref = runReference(*python, path, ids);

  // Logits: relative 1e-4 for every logit of magnitude >= 1, absolute 1e-4 below (float32 against
  // float64: a logit near 0 carries the rounding of the whole row, ~1e-6 of its largest entry).
  EXPECT_LT(testing::maxRelativeError(logits, ref.logits, 1.0), 1e-4) << "logits";
  EXPECT_LT(testing::normwiseRelativeError(logits, ref.logits), 1e-5) << "logits";
  const std::size_t V = static_cast<std::size_t>(c.vocabSize);
  EXPECT_EQ(trace.lastLogits, std::vector<float>(logits.end() - static_cast<std::ptrdiff_t>(V), logits.end()))
      << "trace logits";
  for (int t = 0; t < numTokens; ++t) {  // the output head on the traced final hidden state
    const std::vector<float> row(logits.begin() + static_cast<std::ptrdiff_t>(t * V),
                                 logits.begin() + static_cast<std::ptrdiff_t>((t + 1) * V));
    EXPECT_LT(testing::maxRelativeError(model->logitsFromHidden(trace.output().finalHiddenAt(t)), row, 1.0), 1e-5) << t;
  }
  std::vector<float> ours;
  const int T = numTokens;
  for (int l = 0; l < c.numLayers; ++l)
    for (int h = 0; h < c.numHeads; ++h)
      for (int q = 0; q < T; ++q)
        for (int k = 0; k < T; ++k) ours.push_back(trace.selfAttention().at(l, h, q, k));
  // Probabilities: relative 1e-4 for every entry of at least 1e-3, absolute 1e-7 below.
  EXPECT_LT(testing::maxRelativeError(ours, ref.attention, 1e-3), 1e-4) << "attention";
  // The MLP activations the trace keeps by request (the input of the down projection, and a gated MLP's
  // two branches): relative 1e-4 of each array's largest magnitude.
  const TraceStack& s = trace.output();
  EXPECT_LT(testing::normwiseRelativeError(s.mlpActivations, ref.mlp), 1e-4) << "mlp activations";
  EXPECT_LT(testing::normwiseRelativeError(s.attentionResidual, ref.afterAttention), 1e-4) << "residual after attention";
  if (c.gatedFfn) {
    EXPECT_LT(testing::normwiseRelativeError(s.mlpGate, ref.gate), 1e-4) << "mlp gate";
    EXPECT_LT(testing::normwiseRelativeError(s.mlpUp, ref.up), 1e-4) << "mlp up";
  }
}

TEST(ForwardReference, Gpt2WithTransformerPrefix) {
  const auto dir = testing::freshTempDir() / "gpt2";
  TinySpec s;
  s.arch = TinyArch::Gpt2;
  s.architectureName = "GPT2LMHeadModel";
  s.modelType = "gpt2";
  s.hidden = 128;
  testing::writeTinyHfModel(dir, s, 11);
  compareWithReference(dir, 12, 1);
}

TEST(ForwardReference, Gpt2WithoutPrefixF16) {
  const auto dir = testing::freshTempDir() / "gpt2";
  TinySpec s;
  s.arch = TinyArch::Gpt2;
  s.architectureName = "GPT2LMHeadModel";
  s.modelType = "gpt2";
  s.transformerPrefix = false;
  s.dtype = DType::F16;
  s.layers = 3;
  testing::writeTinyHfModel(dir, s, 12);
  compareWithReference(dir, 16, 2);
}

TEST(ForwardReference, LlamaTiedRotateHalf) {
  const auto dir = testing::freshTempDir() / "llama";
  TinySpec s;
  testing::writeTinyHfModel(dir, s, 13);
  compareWithReference(dir, 14, 3);
}

TEST(ForwardReference, LlamaGroupedQueryUntied) {
  const auto dir = testing::freshTempDir() / "llama";
  TinySpec s;
  s.heads = 4;
  s.kvHeads = 2;
  s.tied = false;
  s.ropeTheta = 500.0f;
  testing::writeTinyHfModel(dir, s, 14);
  compareWithReference(dir, 20, 4);
}

TEST(ForwardReference, Qwen2QkvBiasGroupedQueryBf16) {
  const auto dir = testing::freshTempDir() / "qwen2";
  TinySpec s;
  s.architectureName = "Qwen2ForCausalLM";
  s.modelType = "qwen2";
  s.dModel = 48;
  s.heads = 6;
  s.kvHeads = 2;
  s.tied = false;
  s.qkvBias = true;
  s.ropeTheta = 1000000.0f;
  s.dtype = DType::BF16;
  testing::writeTinyHfModel(dir, s, 15);
  compareWithReference(dir, 18, 5);
}

TEST(ForwardReference, Llama2cInterleavedGroupedQueryUntied) {
  const auto file = testing::freshTempDir() / "tiny.bin";
  TinySpec s;
  s.heads = 4;
  s.kvHeads = 1;
  s.tied = false;
  testing::writeTinyLlama2c(file, s, 16);
  compareWithReference(file, 20, 6);
}

TEST(ForwardReference, Llama2cTiedMultiHead) {
  const auto file = testing::freshTempDir() / "tiny.bin";
  TinySpec s;
  s.layers = 3;
  testing::writeTinyLlama2c(file, s, 17);
  compareWithReference(file, 24, 7);
}

// ---- scaled rotary embeddings and sliding windows ----

TEST(ForwardReference, LlamaLinearRopeScaling) {
  const auto dir = testing::freshTempDir() / "llama";
  TinySpec s;
  s.extraConfigJson = R"({"rope_scaling": {"rope_type": "linear", "factor": 4.0}})";
  testing::writeTinyHfModel(dir, s, 18);
  compareWithReference(dir, 24, 8);
}

TEST(ForwardReference, Llama3RopeScalingAllBands) {
  // D = 16, theta 10000: wavelengths 6.3, 19.9 (under 128 / 4 = 32: kept), 62.8 (blended), 199 .. 19869
  // (over 128 / 1: divided by 8), over a 48-token prompt.
  const auto dir = testing::freshTempDir() / "llama";
  TinySpec s;
  s.dModel = 64;
  s.heads = 4;
  s.kvHeads = 2;
  s.context = 256;
  s.extraConfigJson = R"({"rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                          "high_freq_factor": 4.0, "original_max_position_embeddings": 128}})";
  testing::writeTinyHfModel(dir, s, 19);
  compareWithReference(dir, 48, 9);
}

TEST(ForwardReference, LlamaDynamicRopePastTheOriginalContext) {
  // max_position_embeddings 16, factor 4: a 40-token prompt runs with theta grown for length 40.
  const auto dir = testing::freshTempDir() / "llama";
  TinySpec s;
  s.context = 16;
  s.extraConfigJson = R"({"rope_scaling": {"type": "dynamic", "factor": 4.0}})";
  testing::writeTinyHfModel(dir, s, 20);
  compareWithReference(dir, 40, 10);
  compareWithReference(dir, 12, 11);  // within the original context: plain frequencies
}

TEST(ForwardReference, MistralSlidingWindowShorterThanThePrompt) {
  const auto dir = testing::freshTempDir() / "mistral";
  testing::writeTinyHfModel(dir, testing::mistralSpec(5), 21);
  compareWithReference(dir, 20, 12);
}

TEST(ForwardReference, Qwen2SlidingWindowFromMaxWindowLayers) {
  const auto dir = testing::freshTempDir() / "qwen2";
  TinySpec s;
  s.architectureName = "Qwen2ForCausalLM";
  s.modelType = "qwen2";
  s.layers = 3;
  s.qkvBias = true;
  s.extraConfigJson = R"({"use_sliding_window": true, "sliding_window": 4, "max_window_layers": 1,
                          "rope_scaling": {"rope_type": "linear", "factor": 2.0}})";
  testing::writeTinyHfModel(dir, s, 22);
  compareWithReference(dir, 18, 13);
}

}  // namespace
}  // namespace glassbox
