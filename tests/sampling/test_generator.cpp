// Step-by-step generation: greedy against full forwards of a real (tiny, random) model, KV-cache reuse
// against recomputing, branching, stops (EOS, stop strings, context, cancel), and the aidreams260K
// golden text.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "models/model.h"
#include "models/tiny_model.h"
#include "sampling/generator.h"
#include "tokenizers/tokenizer.h"

using namespace glassbox;
using glassbox::testing::TinyArch;

namespace {

std::shared_ptr<const Model> tinyModel(TinyArch arch) {
  glassbox::testing::TinySpec spec;
  spec.arch = arch;
  if (arch == TinyArch::Gpt2) {
    spec.architectureName = "GPT2LMHeadModel";
    spec.modelType = "gpt2";
  }
  spec.vocab = 64;
  spec.context = 40;
  const auto dir = glassbox::testing::freshTempDir() / "model";
  glassbox::testing::writeTinyHfModel(dir, spec, arch == TinyArch::Gpt2 ? 11 : 12);
  return Model::load(dir.string());
}

int argmaxLowestId(const std::vector<float>& v) {
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());  // first maximum
}

SamplingParams greedy() {
  SamplingParams p;
  p.temperature = 0.0f;
  return p;
}

SamplingParams random(std::uint64_t seed) {
  SamplingParams p;
  p.temperature = 1.0f;
  p.topK = 20;
  p.seed = seed;
  return p;
}

GenerationOptions maxTokens(int n) {
  GenerationOptions o;
  o.maxNewTokens = n;
  return o;
}

std::vector<int> generateTokens(const std::shared_ptr<const Model>& model, const std::vector<int>& prompt,
                                const SamplingParams& params, int n) {
  InferenceSession session(model);
  SessionLogits source(session);
  Generator g(source, nullptr, params, maxTokens(n));
  g.setPromptTokens(prompt);
  g.generate();
  return g.tokens();
}

class GeneratorOnTinyModel : public ::testing::TestWithParam<glassbox::testing::TinyArch> {};
INSTANTIATE_TEST_SUITE_P(Archs, GeneratorOnTinyModel, ::testing::Values(TinyArch::Gpt2, TinyArch::Llama));

}  // namespace

TEST_P(GeneratorOnTinyModel, GreedyEqualsArgmaxOfFullForwardEachStep) {
  const auto model = tinyModel(GetParam());
  const std::vector<int> prompt = {3, 17, 42, 5, 9};
  const auto got = generateTokens(model, prompt, greedy(), 20);
  ASSERT_EQ(got.size(), prompt.size() + 20);
  // Reference: no cache reuse, the whole sequence through a fresh session at every step.
  std::vector<int> seq = prompt;
  for (int i = 0; i < 20; ++i) {
    InferenceSession fresh(model);
    seq.push_back(argmaxLowestId(fresh.forward(seq)));
  }
  EXPECT_EQ(got, seq);
}

TEST_P(GeneratorOnTinyModel, CacheReuseWhenPromptGrowsGivesSameTokensAsScratch) {
  const auto model = tinyModel(GetParam());
  InferenceSession session(model);
  SessionLogits source(session);
  Generator g(source, nullptr, random(5), maxTokens(6));
  const std::vector<int> first = {1, 2, 3, 4};
  g.setPromptTokens(first);
  g.generate();
  // The last step ran only the 5th generated token: 4 prompt + 4 generated were cached.
  EXPECT_EQ(g.lastReusedTokens(), 8);
  EXPECT_EQ(g.lastForwardedTokens(), 1);
  // The person types at the end: the prompt only grows.
  const std::vector<int> grown = {1, 2, 3, 4, 7, 8};
  g.setPromptTokens(grown);
  ASSERT_TRUE(g.step().has_value());
  EXPECT_GE(g.lastReusedTokens(), 4);
  EXPECT_LE(g.lastForwardedTokens(), 2);
  g.generate();
  EXPECT_EQ(g.tokens(), generateTokens(model, grown, random(5), 6));
  // A change in the middle: recompute from the first changed token.
  std::vector<int> edited = grown;
  edited[2] = 30;
  g.setPromptTokens(edited);
  ASSERT_TRUE(g.step().has_value());
  EXPECT_EQ(g.lastReusedTokens(), 2);
  EXPECT_EQ(g.lastForwardedTokens(), static_cast<int>(edited.size()) - 2);
  g.generate();
  EXPECT_EQ(g.tokens(), generateTokens(model, edited, random(5), 6));
}

TEST_P(GeneratorOnTinyModel, BranchingContinuesFromTheChosenToken) {
  const auto model = tinyModel(GetParam());
  InferenceSession session(model);
  SessionLogits source(session);
  Generator g(source, nullptr, random(9), maxTokens(10));
  const std::vector<int> prompt = {5, 6, 7};
  g.setPromptTokens(prompt);
  g.generate();
  ASSERT_EQ(g.steps().size(), 10u);
  const auto before = g.tokens();
  const SampleResult distributionAt4 = g.steps()[4].sample;
  const int other = before[7] == 0 ? 1 : 0;
  g.chooseAt(4, other);
  ASSERT_EQ(g.steps().size(), 5u);
  EXPECT_TRUE(g.steps()[4].chosenByPerson);
  EXPECT_EQ(g.steps()[4].token, other);
  EXPECT_EQ(g.steps()[4].sample.final.size(), distributionAt4.final.size());  // the step keeps its distribution
  g.generate();
  const auto after = g.tokens();
  ASSERT_EQ(after.size(), before.size());
  EXPECT_TRUE(std::equal(before.begin(), before.begin() + 7, after.begin()));
  EXPECT_EQ(after[7], other);
  // The same as generating from scratch with the branch as part of the prompt (draws depend on
  // seed and position only).
  std::vector<int> branchPrompt(after.begin(), after.begin() + 8);
  EXPECT_EQ(after, generateTokens(model, branchPrompt, random(9), 5));
  // A person can also append a token by hand at the end; its distribution is computed.
  g.truncateSteps(3);
  g.chooseAt(3, 33);
  EXPECT_EQ(g.tokens().size(), prompt.size() + 4);
  EXPECT_EQ(g.tokens().back(), 33);
  EXPECT_EQ(g.steps()[3].sample.original.size(), 64u);
  EXPECT_EQ(g.historyBefore(3), std::vector<int>(after.begin(), after.begin() + 6));
  EXPECT_THROW(g.chooseAt(11, 0), Error);
  EXPECT_THROW(g.chooseAt(0, 64), Error);
}

TEST_P(GeneratorOnTinyModel, SameSeedSameTokensDifferentSeedDiffers) {
  const auto model = tinyModel(GetParam());
  const std::vector<int> prompt = {2, 4, 8};
  auto hot = [](std::uint64_t seed) {
    SamplingParams p = random(seed);
    p.temperature = 5.0f;  // the tiny random models are peaked; make the draws matter
    p.topK = 0;
    return p;
  };
  const auto a = generateTokens(model, prompt, hot(77), 25);
  EXPECT_EQ(a, generateTokens(model, prompt, hot(77), 25));
  EXPECT_NE(a, generateTokens(model, prompt, hot(78), 25));
}

TEST_P(GeneratorOnTinyModel, ContextFullStopsWithMessage) {
  const auto model = tinyModel(GetParam());  // context 40
  InferenceSession session(model);
  SessionLogits source(session);
  Generator g(source, nullptr, greedy(), maxTokens(1000));
  g.setPromptTokens(std::vector<int>(35, 3));
  EXPECT_EQ(g.generate(), StopReason::ContextFull);
  EXPECT_EQ(g.steps().size(), 6u);  // 40 positions forwarded, the 41st token drawn from the last
  EXPECT_EQ(session.position(), 40);
  EXPECT_NE(g.stopMessage().find("context is full"), std::string::npos);
  g.setPromptTokens(std::vector<int>(41, 3));  // the prompt alone is too long
  EXPECT_FALSE(g.step().has_value());
  EXPECT_EQ(g.stopReason(), StopReason::ContextFull);
}

TEST_P(GeneratorOnTinyModel, CancelFromCallbackAndFromFlag) {
  const auto model = tinyModel(GetParam());
  InferenceSession session(model);
  SessionLogits source(session);
  Generator g(source, nullptr, greedy(), maxTokens(20));
  g.setPromptTokens({1, 2});
  int seen = 0;
  EXPECT_EQ(g.generate([&](const GenerationStep&) { return ++seen < 3; }), StopReason::Cancelled);
  EXPECT_EQ(g.steps().size(), 3u);
  std::atomic<bool> cancel{true};
  GenerationOptions o = maxTokens(20);
  o.cancel = &cancel;
  g.setOptions(o);
  g.truncateSteps(3);  // clears the stop: continue
  EXPECT_FALSE(g.step().has_value());
  EXPECT_EQ(g.stopReason(), StopReason::Cancelled);
  cancel = false;
  g.truncateSteps(3);
  EXPECT_EQ(g.generate(), StopReason::MaxNewTokens);
  EXPECT_EQ(g.tokens(), generateTokens(model, {1, 2}, greedy(), 20));
}

TEST_P(GeneratorOnTinyModel, EndOfTextAndHostilePrompts) {
  const auto model = tinyModel(GetParam());
  const auto reference = generateTokens(model, {9, 10}, greedy(), 8);
  InferenceSession session(model);
  SessionLogits source(session);
  GenerationOptions o = maxTokens(8);
  o.endOfTextIds = {reference[5]};  // the 4th generated token ends the text
  Generator g(source, nullptr, greedy(), o);
  g.setPromptTokens({9, 10});
  EXPECT_EQ(g.generate(), StopReason::EndOfText);
  const auto firstEnd = std::find(reference.begin() + 2, reference.end(), reference[5]) - reference.begin();
  EXPECT_EQ(static_cast<long>(g.tokens().size()), firstEnd + 1);
  EXPECT_THROW(g.setPromptTokens({}), Error);
  EXPECT_THROW(g.setPromptTokens({1, -1}), Error);
  EXPECT_THROW(g.setPromptTokens({1, 64}), Error);
  EXPECT_THROW(g.setPrompt("text without a tokenizer"), Error);
}

// ---- The real pretrained model of the shared fixtures ----

namespace {

const std::string kFixture = GLASSBOX_SHARED_DIR "/fixtures/aidreams260K";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Aidreams : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kFixture + "/aidreams260K.bin"))
      GTEST_SKIP() << kFixture << " is absent (the shared fixtures are not part of a fresh clone)";
    model_ = Model::load(kFixture + "/aidreams260K.bin");
    tokenizer_ = Tokenizer::load(kFixture + "/tok512.bin");
  }
  std::shared_ptr<const Model> model_;
  std::shared_ptr<const Tokenizer> tokenizer_;
};

}  // namespace

TEST_F(Aidreams, GreedyTextMatchesTheReference) {
  InferenceSession session(model_);
  SessionLogits source(session);
  GenerationOptions o;
  o.endOfTextIds = endOfTextIds(*model_, tokenizer_.get());
  Generator g(source, tokenizer_, greedy(), o);
  g.setPrompt("I was flying");
  // run.c ran 64 forwards (positions 0..63, BOS first) and printed the token after each, so the
  // sequence ends with 65 tokens: BOS + prompt + new.
  o.maxNewTokens = 65 - static_cast<int>(g.promptTokens().size());
  g.setOptions(o);
  std::string streamed;
  std::size_t printed = 0;
  g.generate([&](const GenerationStep&) {
    streamed += g.continuationText().substr(printed, g.settledTextLength() - printed);
    printed = g.settledTextLength();
    return true;
  });
  EXPECT_EQ(g.stopReason(), StopReason::MaxNewTokens);
  const std::string expected = readFile(kFixture + "/expected_greedy_i_was_flying_n64.txt");
  EXPECT_EQ("I was flying" + g.continuationText() + "\n", expected);
  EXPECT_EQ(streamed, g.continuationText());
}

TEST_F(Aidreams, GreedyWithoutPromptMatchesTheReferenceUpToTheContextLimit) {
  InferenceSession session(model_);
  SessionLogits source(session);
  GenerationOptions o;
  o.endOfTextIds = endOfTextIds(*model_, tokenizer_.get());
  o.maxNewTokens = 1000;  // the context (128) is the limit: 128 forwards, as run.c -n 128
  Generator g(source, tokenizer_, greedy(), o);
  g.setPrompt("");
  EXPECT_EQ(g.generate(), StopReason::ContextFull);
  EXPECT_EQ(g.steps().size(), 128u);
  EXPECT_EQ(g.continuationText() + "\n", readFile(kFixture + "/expected_greedy_noprompt_n128.txt"));
}

TEST_F(Aidreams, StopStringCutsTheText) {
  InferenceSession session(model_);
  SessionLogits source(session);
  GenerationOptions o;
  o.maxNewTokens = 60;
  o.stopStrings = {"Contrast"};
  Generator g(source, tokenizer_, greedy(), o);
  g.setPrompt("I was flying");
  std::string streamed;
  std::size_t printed = 0;
  EXPECT_EQ(g.generate([&](const GenerationStep&) {
    streamed += g.continuationText().substr(printed, g.settledTextLength() - printed);
    printed = g.settledTextLength();
    return true;
  }), StopReason::StopString);
  EXPECT_EQ(g.continuationText(), " through my nodes, a slowly of vectors. ");
  EXPECT_EQ(streamed, g.continuationText());  // nothing of the stop string was streamed
}

TEST_F(Aidreams, EveryStepKeepsItsDistribution) {
  InferenceSession session(model_);
  SessionLogits source(session);
  SamplingParams p = random(3);
  p.topP = 0.9f;
  p.repeatPenalty = 1.3f;  // so that each step's history matters
  Generator g(source, tokenizer_, p, maxTokens(10));
  g.setPrompt("Once");
  g.generate();
  ASSERT_EQ(g.steps().size(), 10u);
  for (const auto& s : g.steps()) {
    ASSERT_TRUE(s.logits);
    EXPECT_EQ(s.logits->size(), 512u);
    EXPECT_EQ(s.sample.token, s.token);
    EXPECT_EQ(s.sample.stages.size(), 6u);
    double sum = 0;
    for (const auto& c : s.sample.final) sum += c.p;
    EXPECT_NEAR(sum, 1.0, 1e-6);
    // Re-applying the chain to the kept logits (what a slider move does) reproduces the step.
    SamplerChain chain(p);
    const int index = static_cast<int>(&s - g.steps().data());
    const auto again = chain.distribution(*s.logits, g.historyBefore(index), {false, 256});
    EXPECT_EQ(again.finalCount, s.sample.finalCount);
    ASSERT_EQ(again.final.size(), s.sample.final.size());
    for (std::size_t i = 0; i < again.final.size(); ++i) EXPECT_EQ(again.final[i].p, s.sample.final[i].p);
  }
}
