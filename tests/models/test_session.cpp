// Properties of the forward pass and the session: attention rows are distributions respecting the
// causal mask, the KV cache gives the same logits as one prefill, the trace holds what it promises and
// its memory is bounded, and bad requests leave the cache unchanged.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>

#include "core/error.h"
#include "models/model.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

using testing::TinyArch;
using testing::TinySpec;

TinySpec gpt2Spec() {
  TinySpec s;
  s.arch = TinyArch::Gpt2;
  s.architectureName = "GPT2LMHeadModel";
  s.modelType = "gpt2";
  s.hidden = 64;
  return s;
}

TinySpec gqaSpec() {
  TinySpec s;
  s.heads = 4;
  s.kvHeads = 2;
  s.tied = false;
  return s;
}

std::shared_ptr<const Model> loadTiny(const TinySpec& spec, const char* sub, std::uint64_t seed = 21) {
  const auto dir = testing::freshTempDir() / sub;
  testing::writeTinyHfModel(dir, spec, seed);
  return Model::load(dir.string());
}

class SessionProperties : public ::testing::TestWithParam<bool> {
 protected:
  std::shared_ptr<const Model> model() { return loadTiny(GetParam() ? gpt2Spec() : gqaSpec(), "m"); }
};

TEST_P(SessionProperties, AttentionRowsAreCausalDistributions) {
  auto m = model();
  InferenceSession session(m);
  Trace trace;
  const int T = 17;
  session.forward(testing::randomTokens(T, m->config().vocabSize, 5), {.trace = &trace});
  const ModelConfig& c = m->config();
  ASSERT_EQ(trace.selfAttention().values.size(), static_cast<std::size_t>(c.numLayers) * c.numHeads * T * (T + 1) / 2);
  for (int l = 0; l < c.numLayers; ++l)
    for (int h = 0; h < c.numHeads; ++h)
      for (int q = 0; q < T; ++q) {
        double sum = 0;
        for (int k = 0; k < T; ++k) {
          const float p = trace.selfAttention().at(l, h, q, k);
          if (k > q) EXPECT_EQ(p, 0.0f);
          EXPECT_GE(p, 0.0f);
          sum += p;
        }
        EXPECT_NEAR(sum, 1.0, 1e-5) << "layer " << l << " head " << h << " query " << q;
      }
}

// Elementwise |a - b| <= 1e-5 * max(|b|, 1) over the logits of every position.
TEST_P(SessionProperties, DecodingWithCacheMatchesOnePrefill) {
  auto m = model();
  const int T = 20, V = m->config().vocabSize;
  const auto ids = testing::randomTokens(T, V, 6);
  InferenceSession whole(m);
  const std::vector<float> all = whole.forward(ids, {.allLogits = true});
  ASSERT_EQ(all.size(), static_cast<std::size_t>(T) * V);
  EXPECT_LT(testing::maxRelativeError(testing::decodeOneByOne(m, ids), all, 1.0), 1e-5);
  // 7 + 1 + 12 tokens
  EXPECT_LT(testing::maxRelativeError(testing::forwardInChunks(m, ids, {7, 1, 12}), all, 1.0), 1e-5);
}

TEST_P(SessionProperties, TraceHoldsEmbeddingsResidualsAndLogits) {
  auto m = model();
  const ModelConfig& c = m->config();
  const int T = 6, C = c.dModel;
  const auto ids = testing::randomTokens(T, c.vocabSize, 8);
  InferenceSession session(m);
  Trace trace;
  const std::vector<float> last = session.forward(ids, {.trace = &trace});
  ASSERT_EQ(last.size(), static_cast<std::size_t>(c.vocabSize));
  EXPECT_EQ(trace.bytes(), traceBytes(c, T));
  for (int t = 0; t < T; ++t) {
    const auto tok = m->tokenEmbedding(ids[t]);
    const auto pos = m->positionEmbedding(t);
    EXPECT_EQ(pos.empty(), c.positions != PositionScheme::Learned);
    const auto r0 = trace.output().residualAt(0, t);
    for (int i = 0; i < C; ++i) {
      EXPECT_EQ(trace.output().tokenEmbeddings[static_cast<std::size_t>(t) * C + i], tok[i]);
      EXPECT_FLOAT_EQ(r0[i], tok[i] + (pos.empty() ? 0.0f : pos[i]));
    }
  }
  // Logits of the last position are the returned ones. Every earlier position's logits, computed on
  // request from the trace's final hidden state, equal those of a forward that keeps all logits.
  EXPECT_EQ(trace.lastLogits, last);
  InferenceSession all(m);
  const std::vector<float> every = all.forward(ids, {.allLogits = true});
  for (int t = 0; t < T; ++t) {
    const std::vector<float> fromHidden = m->logitsFromHidden(trace.output().finalHiddenAt(t));
    const std::vector<float> expected(every.begin() + static_cast<std::ptrdiff_t>(t) * c.vocabSize,
                                      every.begin() + static_cast<std::ptrdiff_t>(t + 1) * c.vocabSize);
    EXPECT_LT(testing::maxRelativeError(fromHidden, expected, 1.0), 1e-5) << "position " << t;
  }
  EXPECT_THROW(m->logitsFromHidden(std::span<const float>(trace.output().finalHidden.data(), C - 1)), Error);
  // The residual stream changes in every layer.
  for (int l = 0; l < c.numLayers; ++l)
    EXPECT_NE(trace.output().residualAt(l, T - 1)[0], trace.output().residualAt(l + 1, T - 1)[0]);
}

INSTANTIATE_TEST_SUITE_P(Gpt2AndLlama, SessionProperties, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Gpt2" : "LlamaGqa"; });

TEST(TraceMemory, Gpt2SmallAt512TokensIsUnder100MiB) {
  ModelConfig c;
  c.architecture = "gpt2";
  c.numLayers = 12, c.numHeads = 12, c.numKvHeads = 12, c.dModel = 768, c.headDim = 64;
  c.hiddenDim = 3072, c.vocabSize = 50257, c.contextLength = 1024;
  const std::size_t bytes = traceBytes(c, 512);
  // attention 144 * 131,328 * 4 = 75.6 MB; residual 13 * 512 * 768 * 4 = 20.4 MB; embeddings and final
  // hidden 4.7 MB; the last token's logits 0.2 MB: 101.0 MB = 96.3 MiB in all. (Logits for every
  // position would add 102.9 MB; they are computed on request instead.)
  EXPECT_EQ(bytes, 4u * (512u * 768 * 3 + 13u * 512 * 768 + 144u * 131328 + 50257u));
  EXPECT_LT(bytes, 100u * 1024 * 1024);
  EXPECT_LT(4u * 144 * 131328, 80u * 1000 * 1000);  // the attention part alone
}

class SessionErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    TinySpec s = gqaSpec();
    s.context = 16;
    model_ = loadTiny(s, "m");
  }
  std::shared_ptr<const Model> model_;
};

TEST_F(SessionErrors, ContextOverflowAndBadIdsLeaveTheCacheUnchanged) {
  InferenceSession session(model_);
  const auto ids = testing::randomTokens(12, model_->config().vocabSize, 9);
  const std::vector<float> before = session.forward(ids);
  const std::vector<int> five = {1, 2, 3, 4, 5};
  EXPECT_THROW(session.forward(five), Error);  // 12 + 5 > 16
  EXPECT_EQ(session.position(), 12);
  const std::vector<int> bad = {1, model_->config().vocabSize};
  EXPECT_THROW(session.forward(bad), Error);
  const std::vector<int> negative = {-1};
  EXPECT_THROW(session.forward(negative), Error);
  EXPECT_THROW(session.forward(std::span<const int>()), Error);
  EXPECT_EQ(session.position(), 12);
  session.truncate(11);
  EXPECT_LT(testing::maxRelativeError(session.forward(std::span<const int>(&ids[11], 1)), before, 1.0), 1e-5);
  try {
    session.forward(five);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("context"), std::string::npos) << e.what();
  }
}

TEST_F(SessionErrors, SmallerSessionContext) {
  InferenceSession session(model_, 4);
  EXPECT_EQ(session.contextLength(), 4);
  const std::vector<int> five = {1, 2, 3, 4, 5};
  EXPECT_THROW(session.forward(five), Error);
  EXPECT_EQ(InferenceSession(model_, 1000).contextLength(), 16);
}

TEST_F(SessionErrors, TraceMustStartAtPositionZero) {
  InferenceSession session(model_);
  const std::vector<int> two = {3, 4};
  session.forward(two);
  Trace trace;
  EXPECT_THROW(session.forward(two, {.trace = &trace}), Error);
  EXPECT_EQ(session.position(), 2);
}

TEST_F(SessionErrors, TraceOverItsMemoryLimitIsRefused) {
  InferenceSession session(model_);
  const std::vector<int> ids = {3, 4, 5, 6};
  Trace trace;
  ForwardOptions opt;
  opt.trace = &trace;
  opt.traceLimitBytes = traceBytes(model_->config(), 4) - 1;
  EXPECT_THROW(session.forward(ids, opt), Error);
  EXPECT_EQ(session.position(), 0);
  EXPECT_EQ(trace.bytes(), 0u);
  opt.traceLimitBytes += 1;
  session.forward(ids, opt);
  EXPECT_EQ(trace.bytes(), traceBytes(model_->config(), 4));
}

TEST_F(SessionErrors, CancelThrowsAndKeepsTheCache) {
  InferenceSession session(model_);
  const auto ids = testing::randomTokens(8, model_->config().vocabSize, 10);
  session.forward(std::span<const int>(ids.data(), 4));
  std::atomic<bool> cancel{true};
  EXPECT_THROW(session.forward(std::span<const int>(ids.data() + 4, 4), {.cancel = &cancel}), Cancelled);
  EXPECT_EQ(session.position(), 4);
  const std::vector<float> resumed = session.forward(std::span<const int>(ids.data() + 4, 4));
  InferenceSession fresh(model_);
  EXPECT_LT(testing::maxRelativeError(resumed, fresh.forward(ids), 1.0), 1e-5);
}

TEST_F(SessionErrors, ReusePrefixKeepsTheCommonPart) {
  InferenceSession session(model_);
  const std::vector<int> a = {5, 6, 7, 8, 9}, b = {5, 6, 7, 1, 2, 3};
  session.forward(a);
  EXPECT_EQ(session.reusePrefix(b), 3);
  EXPECT_EQ(session.position(), 3);
  const std::vector<float> reused = session.forward(std::span<const int>(b.data() + 3, 3));
  InferenceSession fresh(model_);
  EXPECT_LT(testing::maxRelativeError(reused, fresh.forward(b), 1.0), 1e-5);
  EXPECT_EQ(session.reusePrefix(b), 5);  // identical prompt: one token is left to run
  EXPECT_EQ(session.reusePrefix(std::vector<int>{9}), 0);
  EXPECT_EQ(session.position(), 0);
}

}  // namespace
}  // namespace glassbox
