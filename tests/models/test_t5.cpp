// T5 against an independent NumPy T5 (tests/reference/numpy_t5.py) on random folders written by the
// tests: encoder output, decoder logits of a forced target and the three kinds of attention; decoder
// stepping against a full forward; the bucket function by hand; hostile configs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "core/error.h"
#include "models/numpy_helpers.h"
#include "core/json_util.h"
#include "core/mapped_file.h"
#include "models/model.h"
#include "models/registry.h"
#include "models/session.h"
#include "models/stack_runner.h"
#include "sampling/generator.h"
#include "tiny_model.h"
#include "tiny_t5.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {
namespace {

using testing::T5Spec;

const std::string kFlanFixture = GLASSBOX_SHARED_DIR "/fixtures/flan-t5-small-tokenizer";

using testing::pythonWithNumpy;

using testing::flatten;

std::string idList(const std::vector<int>& ids) {
  std::string s;
  for (std::size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
  return s;
}

Json runReference(const std::filesystem::path& model, const std::vector<int>& enc, const std::vector<int>& dec,
                  int greedy = 0) {
  const std::filesystem::path out = model / "reference.json";
  std::string cmd = *pythonWithNumpy() + " " GLASSBOX_SOURCE_DIR "/tests/reference/numpy_t5.py --model '" +
                    model.string() + "' --encoder " + idList(enc) + " --out '" + out.string() + "'";
  if (!dec.empty()) cmd += " --decoder " + idList(dec);
  if (greedy > 0) cmd += " --greedy " + std::to_string(greedy);
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return parseJson(readTextFile(out.string()), out.string(), 16);
}

std::vector<double> flat(const Json& j) {
  std::vector<double> v;
  flatten(j, v);
  return v;
}

// ours[l][h][q][k] from a typed map, every key (0 where the query cannot see it).
std::vector<float> mapValues(const AttentionMap& m) {
  std::vector<float> v;
  for (int l = 0; l < m.numLayers; ++l)
    for (int h = 0; h < m.numHeads; ++h)
      for (int q = 0; q < m.numQueries; ++q)
        for (int k = 0; k < m.numKeys; ++k) v.push_back(m.at(l, h, q, k));
  return v;
}

void compareWithNumpy(const T5Spec& spec, std::uint64_t seed, int Te, int Td) {
  if (!pythonWithNumpy()) GTEST_SKIP() << "python3 with numpy not found (Debian: apt-get install python3-numpy)";
  const auto dir = testing::freshTempDir() / "t5";
  testing::writeTinyT5(dir, spec, seed);
  auto model = Model::load(dir.string());
  const std::vector<int> enc = testing::randomTokens(Te, spec.vocab, seed + 1);
  std::vector<int> dec = testing::randomTokens(Td, spec.vocab, seed + 2);
  dec[0] = 0;  // decoder_start_token_id
  Seq2SeqSession session(model);
  Trace trace;
  ForwardOptions opt;
  opt.trace = &trace;
  opt.allLogits = true;
  EncoderInput in;
  in.ids = enc;
  session.encode(in, opt);
  const std::vector<float> logits = session.forward(dec, opt);
  const Json ref = runReference(dir, enc, dec);
  EXPECT_LT(testing::maxRelativeError(session.encoderHidden(), flat(ref["encoder_hidden"]), 1.0), 1e-4) << "encoder";
  EXPECT_LT(testing::maxRelativeError(trace.stack(StackRole::Encoder).finalHidden, flat(ref["encoder_hidden"]), 1.0), 1e-4);
  EXPECT_LT(testing::maxRelativeError(logits, flat(ref["logits"]), 1.0), 1e-4) << "logits";
  EXPECT_LT(testing::normwiseRelativeError(logits, flat(ref["logits"])), 1e-5) << "logits";
  // Probabilities: relative 1e-5 for entries of at least 1e-2, absolute 1e-7 below.
  EXPECT_LT(testing::maxRelativeError(mapValues(trace.attentionMap(AttentionStream::EncoderSelf)),
                                      flat(ref["encoder_attention"]), 1e-2), 1e-5) << "encoder self-attention";
  EXPECT_LT(testing::maxRelativeError(mapValues(trace.attentionMap(AttentionStream::DecoderSelf)),
                                      flat(ref["decoder_attention"]), 1e-2), 1e-5) << "decoder self-attention";
  EXPECT_LT(testing::maxRelativeError(mapValues(trace.attentionMap(AttentionStream::Cross)),
                                      flat(ref["cross_attention"]), 1e-2), 1e-5) << "cross-attention";
  const std::size_t V = static_cast<std::size_t>(spec.vocab);
  EXPECT_EQ(trace.lastLogits, std::vector<float>(logits.end() - static_cast<std::ptrdiff_t>(V), logits.end()));
  EXPECT_EQ(trace.attentionMap(AttentionStream::Cross).numKeys, Te);
  EXPECT_EQ(trace.attentionMap(AttentionStream::Cross).numQueries, Td);
}

// Inputs longer than relative_attention_max_distance (12) on both sides.
TEST(T5Reference, ReluTiedMatchesNumpy) { compareWithNumpy(T5Spec{}, 11, 20, 16); }

TEST(T5Reference, GatedGeluUntiedMatchesNumpy) {
  T5Spec s;
  s.gated = true;
  s.tied = false;
  s.decoderLayers = 3;
  s.writeEmbedAliases = true;
  compareWithNumpy(s, 12, 18, 14);
}

TEST(T5Reference, GatedGeluTiedMatchesNumpy) {
  T5Spec s;
  s.gated = true;
  s.modelType = "mt5";
  s.architectureName = "MT5ForConditionalGeneration";
  compareWithNumpy(s, 13, 9, 5);
}

TEST(T5Reference, ReluUntiedMatchesNumpy) {
  T5Spec s;
  s.tied = false;
  compareWithNumpy(s, 14, 14, 13);
}

std::shared_ptr<const Model> tinyModel(const T5Spec& spec, std::uint64_t seed) {
  const auto dir = testing::freshTempDir() / "t5";
  testing::writeTinyT5(dir, spec, seed);
  return Model::load(dir.string());
}

TEST(T5Session, DecoderSteppingEqualsFullForward) {
  T5Spec spec;
  spec.gated = true;
  auto model = tinyModel(spec, 21);
  EncoderInput in;
  in.ids = testing::randomTokens(10, spec.vocab, 3);
  std::vector<int> dec = testing::randomTokens(15, spec.vocab, 4);
  Seq2SeqSession full(model), stepped(model);
  full.encode(in);
  ForwardOptions all;
  all.allLogits = true;
  const std::vector<float> reference = full.forward(dec, all);
  stepped.encode(in);
  std::vector<float> steps;
  for (int t : dec) {
    const std::vector<float>& l = stepped.forward(std::span<const int>(&t, 1));
    steps.insert(steps.end(), l.begin(), l.end());
  }
  EXPECT_LT(testing::maxRelativeError(steps, reference, 1.0), 1e-5);
  EXPECT_EQ(stepped.position(), 15);
}

TEST(T5Session, CachedCrossKeysEqualRecomputedAndReencodeOnChange) {
  auto model = tinyModel(T5Spec{}, 22);
  EncoderInput a, b;
  a.ids = testing::randomTokens(8, 60, 5);
  b.ids = testing::randomTokens(11, 60, 6);
  const std::vector<int> dec{0, 7, 9, 3};
  Seq2SeqSession kept(model);
  EXPECT_TRUE(kept.encodeIfChanged(a));
  kept.forward(dec);
  EXPECT_FALSE(kept.encodeIfChanged(a));  // the encoder is reused; only the decoder prefix changes
  kept.reusePrefix(std::vector<int>{0, 7, 5});
  const std::vector<float> reused = kept.forward(std::vector<int>{5});
  Seq2SeqSession fresh(model);
  fresh.encode(a);
  const std::vector<float> recomputed = fresh.forward(std::vector<int>{0, 7, 5});
  // One row against three through the matmul kernels: the same sums, blocked differently.
  EXPECT_LT(testing::maxRelativeError(reused, recomputed, 1.0), 1e-5);
  EXPECT_TRUE(kept.encodeIfChanged(b));
  EXPECT_EQ(kept.position(), 0);
  Seq2SeqSession other(model);
  other.encode(b);
  EXPECT_EQ(kept.forward(dec), other.forward(dec));
}

TEST(T5Session, PaddingKeysGetNoWeight) {
  auto model = tinyModel(T5Spec{}, 23);
  EncoderInput padded, plain;
  plain.ids = {5, 6, 7, 1};
  padded.ids = {5, 6, 7, 1, 0, 0};
  padded.attentionMask = {1, 1, 1, 1, 0, 0};
  Seq2SeqSession a(model), b(model);
  Trace trace;
  ForwardOptions opt;
  opt.trace = &trace;
  a.encode(padded, opt);
  const std::vector<float> withPad = a.forward(std::vector<int>{0, 9}, opt);
  b.encode(plain);
  const std::vector<float> without = b.forward(std::vector<int>{0, 9});
  EXPECT_LT(testing::maxRelativeError(withPad, without, 1.0), 1e-5);
  const AttentionMap& cross = trace.attentionMap(AttentionStream::Cross);
  for (int l = 0; l < cross.numLayers; ++l)
    for (int h = 0; h < cross.numHeads; ++h)
      for (int q = 0; q < cross.numQueries; ++q) {
        float sum = 0;
        for (int k = 0; k < 6; ++k) sum += cross.at(l, h, q, k);
        EXPECT_NEAR(sum, 1.0f, 1e-5f);
        EXPECT_EQ(cross.at(l, h, q, 4), 0.0f);
        EXPECT_EQ(cross.at(l, h, q, 5), 0.0f);
      }
}

TEST(T5Session, RefusesOtherFamiliesAndUseBeforeEncode) {
  auto model = tinyModel(T5Spec{}, 24);
  Seq2SeqSession s(model);
  EXPECT_THROW(s.forward(std::vector<int>{0}), Error);
  EXPECT_THROW(InferenceSession{model}, Error);
  EncoderInput in;
  in.ids = {3, 1};
  s.encode(in);
  EXPECT_THROW(s.forward(std::vector<int>{60}), Error);
  EXPECT_THROW(s.forward(std::vector<int>{}), Error);
}

TEST(T5Model, EncoderModelEmbedsWithoutDecoder) {
  T5Spec spec;
  spec.architectureName = "T5EncoderModel";
  auto model = tinyModel(spec, 25);
  EXPECT_EQ(model->family(), Family::Encoder);
  EXPECT_TRUE(model->can(kCanEmbed));
  EncoderSession s(model);
  EncoderInput in;
  in.ids = {4, 5, 6};
  s.encode(in);
  EXPECT_EQ(s.hidden().size(), 3u * 32u);
  EXPECT_THROW(Seq2SeqSession{model}, Error);
}

// Buckets computed by hand for 32 buckets, max distance 128 (t5-small's): bidirectional keeps 16 per
// side, 8 exact; the rest log-spaced: 8 + floor(log(n / 8) / log(16) * 8).
TEST(T5Buckets, MatchValuesComputedByHand) {
  EXPECT_EQ(relativePositionBucket(0, true, 32, 128), 0);
  EXPECT_EQ(relativePositionBucket(-3, true, 32, 128), 3);
  EXPECT_EQ(relativePositionBucket(3, true, 32, 128), 19);
  EXPECT_EQ(relativePositionBucket(-8, true, 32, 128), 8);    // log(1) = 0
  EXPECT_EQ(relativePositionBucket(-16, true, 32, 128), 10);  // 8 + floor(0.25 * 8)
  EXPECT_EQ(relativePositionBucket(32, true, 32, 128), 16 + 12);  // 8 + floor(0.5 * 8)
  EXPECT_EQ(relativePositionBucket(-127, true, 32, 128), 15);
  EXPECT_EQ(relativePositionBucket(-1000, true, 32, 128), 15);
  EXPECT_EQ(relativePositionBucket(1000, true, 32, 128), 31);
  // Causal: keys at or after the query -> 0; 16 exact, then 16 + floor(log(n / 16) / log(8) * 16).
  EXPECT_EQ(relativePositionBucket(5, false, 32, 128), 0);
  EXPECT_EQ(relativePositionBucket(-15, false, 32, 128), 15);
  EXPECT_EQ(relativePositionBucket(-32, false, 32, 128), 21);  // 16 + floor(1/3 * 16) = 16 + 5
  EXPECT_EQ(relativePositionBucket(-64, false, 32, 128), 26);  // 16 + floor(2/3 * 16) = 16 + 10
  EXPECT_EQ(relativePositionBucket(-500, false, 32, 128), 31);
}

TEST(T5Config, ReadsFlanT5SmallConfig) {
  const std::string path = kFlanFixture + "/config.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "../shared/fixtures/flan-t5-small-tokenizer is absent";
  const ModelConfig c = parseHfConfig(readTextFile(path), path);
  EXPECT_EQ(c.architecture, "t5");
  EXPECT_EQ(c.family, Family::EncoderDecoder);
  EXPECT_EQ(c.numLayers, 8);
  EXPECT_EQ(c.numDecoderLayers, 8);
  EXPECT_EQ(c.headDim, 64);
  EXPECT_EQ(c.numHeads, 6);
  EXPECT_TRUE(c.gatedFfn);
  EXPECT_EQ(c.activation, Activation::GeluTanh);
  EXPECT_FALSE(c.tiedEmbeddings);
  EXPECT_EQ(c.logitScale, 1.0f);
  EXPECT_EQ(c.relativeBuckets, 32);
  EXPECT_EQ(c.relativeMaxDistance, 128);
  EXPECT_EQ(c.attentionScale, AttentionScale::None);
  EXPECT_EQ(c.normKind, NormKind::RmsNorm);
  EXPECT_EQ(c.decoderStartTokenId, 0);
  EXPECT_EQ(c.eosTokenIds, std::vector<int>{1});
}

// Loads a folder with one config change; returns the error message ("" when it loads).
std::string loadError(const std::string& extraConfig, const std::function<void(std::vector<TensorToWrite>&)>& edit = {}) {
  T5Spec s;
  s.extraConfigJson = extraConfig;
  const auto dir = testing::freshTempDir() / "hostile";
  testing::writeTinyT5(dir, s, 31, edit);
  try {
    Model::load(dir.string());
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("not a glassbox::Error: ") + e.what() + " for " + extraConfig;
  }
  return "";
}

TEST(T5Config, HostileFieldsAreRefusedByName) {
  for (const char* field : {R"({"relative_attention_num_buckets": 0})", R"({"relative_attention_num_buckets": 2})",
                            R"({"relative_attention_max_distance": -5})", R"({"relative_attention_max_distance": 4})",
                            R"({"decoder_start_token_id": 60})", R"({"d_kv": 0})"})
    EXPECT_EQ(loadError(field).find("not a glassbox::Error"), std::string::npos) << loadError(field);
  EXPECT_NE(loadError(R"({"relative_attention_num_buckets": 0})").find("relative_attention_num_buckets"), std::string::npos);
  EXPECT_NE(loadError(R"({"relative_attention_num_buckets": 2})").find("relative_attention_num_buckets"), std::string::npos);
  EXPECT_NE(loadError(R"({"relative_attention_max_distance": -5})").find("relative_attention_max_distance"), std::string::npos);
  EXPECT_NE(loadError(R"({"relative_attention_max_distance": 4})").find("relative_attention_max_distance"), std::string::npos);
  EXPECT_NE(loadError(R"({"decoder_start_token_id": 60})").find("decoder_start_token_id"), std::string::npos);
  EXPECT_NE(loadError(R"({"decoder_start_token_id": -2})").find("decoder_start_token_id"), std::string::npos);
  EXPECT_NE(loadError(R"({"feed_forward_proj": "gated-gelu-x"})").find("feed_forward_proj"), std::string::npos);
  EXPECT_NE(loadError(R"({"feed_forward_proj": "tanh"})").find("feed_forward_proj"), std::string::npos);
  EXPECT_NE(loadError(R"({"d_kv": 0})").find("d_kv"), std::string::npos);
  EXPECT_NE(loadError(R"({"num_decoder_layers": 100000})").find("num_decoder_layers"), std::string::npos);
  EXPECT_NE(loadError(R"({"relative_attention_num_buckets": 99999999})").find("relative_attention_num_buckets"), std::string::npos);
  const std::string missingBias = loadError("", [](std::vector<TensorToWrite>& t) {
    std::erase_if(t, [](const TensorToWrite& x) { return x.name.find("decoder.block.0.layer.0.SelfAttention.relative_attention_bias") == 0; });
  });
  EXPECT_NE(missingBias.find("relative_attention_bias"), std::string::npos) << missingBias;
  EXPECT_EQ(loadError(""), "");
}

// Random weights in the real flan-t5-small shapes, the prompt through the real tokenizer: greedy
// generation keeps the NumPy reference's tokens for 24 steps. Seeds whose reference path has a
// top-two margin under 1e-3 are skipped so float32 rounding cannot flip a step.
TEST(T5Reference, FlanT5SmallShapesGreedyMatchesNumpy) {
  if (!pythonWithNumpy()) GTEST_SKIP() << "python3 with numpy not found";
  if (!std::filesystem::exists(kFlanFixture + "/tokenizer.json")) GTEST_SKIP() << "flan-t5-small tokenizer fixture absent";
  auto tokenizer = Tokenizer::load(kFlanFixture + "/tokenizer.json");
  const Encoding e = tokenizer->encode("translate English to German: The house is wonderful.");
  ASSERT_EQ(e.ids.back(), 1);  // </s>
  const auto dir = testing::freshTempDir() / "flan";
  T5Spec spec = testing::flanT5SmallSpec();
  spec.weightScale = 1.5f;
  for (std::uint64_t seed = 41; seed < 44; ++seed) {
    std::filesystem::remove_all(dir);
    testing::writeTinyT5(dir, spec, seed);
    const Json ref = runReference(dir, e.ids, {}, 24);
    if (ref["greedy_margin"].get<double>() < 1e-3) continue;
    auto model = Model::load(dir.string());
    Seq2SeqSession session(model);
    EncoderInput in;
    in.ids = e.ids;
    session.encode(in);
    Seq2SeqLogits source(session);
    SamplingParams greedy;
    greedy.temperature = 0.0f;
    GenerationOptions go;
    go.maxNewTokens = 24;
    go.endOfTextIds = endOfTextIds(*model, tokenizer.get());
    Generator gen(source, tokenizer, greedy, go);
    gen.setPromptTokens({session.decoderStartToken()});
    gen.generate();
    std::vector<int> ours;
    for (const GenerationStep& s : gen.steps()) ours.push_back(s.token);
    std::vector<int> theirs;
    for (const Json& t : ref["greedy"]) theirs.push_back(t.get<int>());
    EXPECT_EQ(ours, theirs) << "seed " << seed;
    EXPECT_EQ(ours.size(), 24u);
    return;
  }
  FAIL() << "no seed gave a greedy path with a margin of 1e-3";
}

}  // namespace
}  // namespace glassbox

namespace glassbox {
namespace {

// The trainer's own T5 (engine/training/t5_model.cpp, a separate implementation written for training)
// wrote samples.md with its greedy decoder outputs for glassbox-t5; the engine's greedy generation of
// the same folder gives them token for token (24 new tokens at most, stopping at </s>).
TEST(T5Golden, DefaultModelGreedyMatchesTheTrainersSamples) {
  const std::string folder = GLASSBOX_SOURCE_DIR "/assets/models/glassbox-t5";
  if (!std::filesystem::exists(folder + "/model.safetensors")) GTEST_SKIP() << folder << " is absent";
  auto model = Model::load(folder);
  auto tokenizer = Tokenizer::load(folder + "/tokenizer.json");
  const std::string samples = readTextFile(folder + "/samples.md");
  auto unescape = [](std::string s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') out += '\n', ++i;
      else if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '|') out += '|', ++i;
      else out += s[i];
    }
    return out;
  };
  int rows = 0;
  std::size_t at = 0;
  while ((at = samples.find("\n| ", at)) != std::string::npos) {
    const std::size_t end = samples.find('\n', at + 1);
    const std::string line = samples.substr(at + 3, end - at - 3);
    at = end;
    const std::size_t bar = line.find(" | `");
    if (bar == std::string::npos) continue;
    const std::string input = line.substr(0, bar);
    const std::string expected = unescape(line.substr(bar + 4, line.rfind("` |") - bar - 4));
    Seq2SeqSession session(model);
    session.encode(EncoderInput::fromEncoding(tokenizer->encode(input, encodeOptionsFor(*model))));
    SamplingParams greedy;
    greedy.temperature = 0.0f;
    GenerationOptions go;
    go.maxNewTokens = 24;
    go.endOfTextIds = endOfTextIds(*model, tokenizer.get());
    Seq2SeqLogits source(session);
    Generator gen(source, tokenizer, greedy, go);
    gen.setPromptTokens({session.decoderStartToken()});
    gen.generate();
    std::vector<int> ids;
    for (const GenerationStep& s : gen.steps()) ids.push_back(s.token);
    EXPECT_EQ(tokenizer->decode(ids, false), expected) << input;
    ++rows;
  }
  EXPECT_EQ(rows, 5);
}

}  // namespace
}  // namespace glassbox
