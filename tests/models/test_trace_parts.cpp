// Parts of the trace beyond attention and the residual stream, and what the views compute from them:
// the traced queries and keys reproduce the traced attention (the "inside one head" view), the logit
// lens at the last boundary is the model's own output, and the memory a trace of every part needs is
// stated before it is allocated.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.h"
#include "models/logit_lens.h"
#include "models/model_weights.h"
#include "models/model.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

using testing::TinyArch;
using testing::TinySpec;

std::shared_ptr<const Model> tinyModel(const TinySpec& s, const char* name) {
  const auto dir = testing::freshTempDir() / name;
  testing::writeTinyHfModel(dir, s, 17);
  return Model::load(dir.string());
}

TinySpec gpt2() {
  TinySpec s;
  s.arch = TinyArch::Gpt2, s.architectureName = "GPT2LMHeadModel", s.modelType = "gpt2";
  return s;
}

TinySpec llamaGqa() {
  TinySpec s;
  s.kvHeads = 2;
  s.tied = false;
  return s;
}

// softmax over visible keys of scale * q_h . k_g, from the traced q/k, against the traced probabilities.
void expectQueriesAndKeysGiveTheAttention(const Model& m, const Trace& t) {
  const ModelConfig& c = m.config();
  const TraceStack& s = t.output();
  const AttentionMap& a = t.selfAttention();
  const int T = s.numTokens, H = c.numHeads, K = c.numKvHeads, D = c.headDim;
  const double scale = 1.0 / std::sqrt(static_cast<double>(D));
  for (int l = 0; l < c.numLayers; ++l)
    for (int h = 0; h < H; ++h)
      for (int q = 0; q < T; ++q) {
        const float* qv = s.queries.data() + (static_cast<std::size_t>(l) * T + q) * s.qWidth + static_cast<std::size_t>(h) * D;
        std::vector<double> scores;
        for (int k = 0; k <= q; ++k) {
          const float* kv = s.keys.data() + (static_cast<std::size_t>(l) * T + k) * s.kvWidth +
                            static_cast<std::size_t>(h / (H / K)) * D;
          double dot = 0;
          for (int d = 0; d < D; ++d) dot += static_cast<double>(qv[d]) * kv[d];
          scores.push_back(dot * scale);
        }
        double m0 = scores[0], sum = 0;
        for (double v : scores) m0 = std::max(m0, v);
        for (double& v : scores) sum += (v = std::exp(v - m0));
        for (int k = 0; k <= q; ++k)
          ASSERT_NEAR(a.at(l, h, q, k), scores[static_cast<std::size_t>(k)] / sum, 1e-5) << l << " " << h << " " << q << " " << k;
      }
}

TEST(TraceParts, QueriesAndKeysReproduceTheAttention) {
  for (const auto& [spec, name] : {std::pair{gpt2(), "gpt2"}, std::pair{llamaGqa(), "llama"}}) {
    const auto m = tinyModel(spec, name);
    InferenceSession session(m);
    Trace t;
    session.forward(testing::randomTokens(11, m->config().vocabSize, 3), {.trace = &t, .traceParts = kTraceQkv});
    ASSERT_EQ(t.output().queries.size(), static_cast<std::size_t>(m->config().numLayers) * 11 * t.output().qWidth);
    expectQueriesAndKeysGiveTheAttention(*m, t);
  }
}

TEST(TraceParts, PartsAreOnlyRecordedWhenAsked) {
  const auto m = tinyModel(gpt2(), "gpt2");
  InferenceSession session(m);
  Trace t;
  session.forward(testing::randomTokens(5, m->config().vocabSize, 3), {.trace = &t});
  EXPECT_TRUE(t.output().mlpActivations.empty());
  EXPECT_TRUE(t.output().queries.empty());
  EXPECT_EQ(t.bytes(), traceBytes(m->config(), 5));
  session.reset();
  session.forward(testing::randomTokens(5, m->config().vocabSize, 3), {.trace = &t, .traceParts = kTraceMlp | kTraceQkv});
  EXPECT_EQ(t.output().mlpActivations.size(), static_cast<std::size_t>(m->config().numLayers) * 5 * m->config().hiddenDim);
  EXPECT_EQ(t.bytes(), traceBytes(m->config(), 5, kTraceMlp | kTraceQkv));
}

TEST(TraceParts, Gpt2SmallAt512TokensWithEveryPartFitsTheTraceLimit) {
  ModelConfig c;
  c.architecture = "gpt2";
  c.numLayers = 12, c.numHeads = 12, c.numKvHeads = 12, c.dModel = 768, c.headDim = 64;
  c.hiddenDim = 3072, c.vocabSize = 50257, c.contextLength = 1024;
  const std::size_t all = traceBytes(c, 512, kTraceMlp | kTraceQkv);
  // the attention/residual trace (101.0 MB) + MLP activations 12 * 512 * 3072 * 4 (75.5 MB) + the
  // residual after attention 12 * 512 * 768 * 4 (18.9 MB) + q, k, v 12 * 512 * 2304 * 4 (56.6 MB)
  // = 252 MB, under the default 2 GiB limit.
  EXPECT_EQ(all, traceBytes(c, 512) + 4u * (12u * 512 * 3072 + 12u * 512 * 768 + 12u * 512 * 2304));
  EXPECT_LT(all, ForwardOptions{}.traceLimitBytes);
}

TEST(LogitLens, LastBoundaryIsTheModelsOwnOutput) {
  for (const auto& [spec, name] : {std::pair{gpt2(), "gpt2"}, std::pair{llamaGqa(), "llama"}}) {
    const auto m = tinyModel(spec, name);
    InferenceSession session(m);
    Trace t;
    const auto ids = testing::randomTokens(9, m->config().vocabSize, 5);
    const auto all = session.forward(ids, {.trace = &t, .allLogits = true});
    const TraceStack& s = t.output();
    const std::size_t V = static_cast<std::size_t>(m->config().vocabSize);
    for (int p = 0; p < 9; ++p) {
      const std::vector<float> own(all.begin() + static_cast<std::ptrdiff_t>(p * V), all.begin() + static_cast<std::ptrdiff_t>((p + 1) * V));
      EXPECT_LT(testing::maxRelativeError(logitsFromResidual(*m, s.residualAt(s.numLayers, p)), own, 1.0), 1e-5) << name << " " << p;
    }
    std::vector<int> next(ids.begin() + 1, ids.end());
    next.push_back(-1);
    const LogitLens lens = logitLens(*m, s, {}, next);
    ASSERT_EQ(lens.boundaries, m->config().numLayers + 1);
    ASSERT_EQ(lens.positions.size(), 9u);
    for (int p = 0; p < 9; ++p) {
      const std::vector<float> own(all.begin() + static_cast<std::ptrdiff_t>(p * V), all.begin() + static_cast<std::ptrdiff_t>((p + 1) * V));
      const int top = static_cast<int>(std::max_element(own.begin(), own.end()) - own.begin());
      EXPECT_EQ(lens.at(lens.boundaries - 1, p).token, top) << name << " " << p;
      const LogitLensCell& cell = lens.at(2, p);  // an earlier boundary: its target's probability and rank are consistent
      EXPECT_GE(cell.probability, cell.targetProbability);
      EXPECT_EQ(cell.targetRank == 0, cell.target == cell.token);
    }
    for (int b : lens.firstSettledBoundary()) EXPECT_LE(b, lens.boundaries - 1);
  }
}

// The neuron's effect against a direct computation from the file's tensors: down-projection column times
// the embedding matrix (tied head).
TEST(NeuronEffect, IsTheDownColumnThroughTheUnembedding) {
  TinySpec s = gpt2();
  const auto dir = testing::freshTempDir() / "gpt2";
  testing::writeTinyHfModel(dir, s, 17);
  const auto m = Model::load(dir.string());
  const TensorSource& src = *m->weights().source;
  const TensorRef& down = src.require("transformer.h.1.mlp.c_proj.weight");  // Conv1D [F][C]
  const TensorRef& wte = src.require("transformer.wte.weight");             // [V][C]
  const auto* d = reinterpret_cast<const float*>(down.data);
  const auto* e = reinterpret_cast<const float*>(wte.data);
  const int C = s.dModel, neuron = 7;
  const auto effect = neuronVocabularyEffect(*m, 1, neuron);
  ASSERT_EQ(effect.size(), static_cast<std::size_t>(s.vocab));
  std::vector<double> ref(effect.size());
  for (int v = 0; v < s.vocab; ++v)
    for (int j = 0; j < C; ++j) ref[static_cast<std::size_t>(v)] += static_cast<double>(d[neuron * C + j]) * e[v * C + j];
  EXPECT_LT(testing::normwiseRelativeError(effect, ref), 1e-5);
  EXPECT_THROW(neuronVocabularyEffect(*m, 2, 0), Error);
  EXPECT_THROW(neuronVocabularyEffect(*m, 0, s.hidden), Error);
}

TEST(LogitLens, RefusesPositionsOutsideTheTrace) {
  const auto m = tinyModel(gpt2(), "gpt2");
  InferenceSession session(m);
  Trace t;
  session.forward(testing::randomTokens(4, m->config().vocabSize, 5), {.trace = &t});
  EXPECT_THROW(logitLens(*m, t.output(), {4}), Error);
  EXPECT_THROW(logitLens(*m, t.output(), {0}, {1, 2}), Error);
  EXPECT_THROW(logitsFromResidual(*m, std::vector<float>(3)), Error);
}

}  // namespace
}  // namespace glassbox
