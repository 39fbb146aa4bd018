// Encoder-only forwards (BERT, RoBERTa, DistilBERT) against an independent NumPy implementation
// (tests/reference/numpy_encoder.py) on tiny random checkpoints written by the test: last hidden
// states (relative, floor 1e-2), MLM and classification logits (relative, floor 1: logits are O(1..10)
// as in test_forward_reference) and pooled vectors to 1e-4, attention maps to 1e-5 absolute, with
// padding (masked keys) and token types.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "core/error.h"
#include "models/numpy_helpers.h"
#include "core/json_util.h"
#include "core/mapped_file.h"
#include "models/model.h"
#include "models/session.h"
#include "tiny_encoder.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

using testing::EncoderKind;
using testing::EncoderSpec;

using testing::pythonWithNumpy;

using testing::flatten;

std::vector<double> field(const Json& j, const char* key) {
  std::vector<double> out;
  if (j.contains(key)) flatten(j[key], out);
  return out;
}

std::string joined(const std::vector<int>& v) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s;
}

Json runReference(const std::string& python, const std::filesystem::path& dir, const EncoderInput& in) {
  const std::filesystem::path out = dir / "reference.json";
  std::vector<int> mask(in.attentionMask.begin(), in.attentionMask.end());
  std::string cmd = python + " " GLASSBOX_SOURCE_DIR "/tests/reference/numpy_encoder.py --model '" + dir.string() +
                    "' --tokens " + joined(in.ids) + " --out '" + out.string() + "'";
  if (!in.typeIds.empty()) cmd += " --types " + joined(in.typeIds);
  if (!mask.empty()) cmd += " --mask " + joined(mask);
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return parseJson(readTextFile(out.string()), out.string());
}

// A padded text pair: [tokens of A][tokens of B][padding], types 0/1, mask 1/0.
EncoderInput pairInput(int vocab, int a, int b, int pad, std::uint64_t seed) {
  EncoderInput in;
  in.ids = testing::randomTokens(a + b + pad, vocab, seed);
  for (int i = 0; i < a + b + pad; ++i) {
    in.typeIds.push_back(i < a ? 0 : (i < a + b ? 1 : 0));
    in.attentionMask.push_back(i < a + b ? 1 : 0);
  }
  return in;
}

struct Compared {
  std::shared_ptr<const Model> model;
  std::unique_ptr<EncoderSession> session;
  Json reference;
};

// Writes the checkpoint, runs both sides, and checks hidden states and every attention probability.
Compared compareEncoder(const EncoderSpec& spec, const EncoderInput& in, std::uint64_t seed) {
  Compared r;
  const auto python = pythonWithNumpy();
  if (!python) return r;
  const auto dir = testing::freshTempDir() / "model";
  testing::writeTinyEncoder(dir, spec, seed);
  r.model = Model::load(dir.string());
  r.session = std::make_unique<EncoderSession>(r.model);
  Trace trace;
  ForwardOptions opt;
  opt.trace = &trace;
  r.session->encode(in, opt);
  r.reference = runReference(*python, dir, in);
  EXPECT_LT(testing::maxRelativeError(r.session->hidden(), field(r.reference, "hidden"), 1e-2), 1e-4);
  const std::vector<double> att = field(r.reference, "attention");
  const AttentionMap& m = trace.attentionMap(AttentionStream::EncoderSelf);
  const int T = static_cast<int>(in.ids.size());
  EXPECT_EQ(att.size(), static_cast<std::size_t>(spec.layers) * spec.heads * T * T);
  double worst = 0;
  std::size_t i = 0;
  for (int l = 0; l < spec.layers; ++l)
    for (int h = 0; h < spec.heads; ++h)
      for (int q = 0; q < T; ++q)
        for (int k = 0; k < T; ++k, ++i) worst = std::max(worst, std::abs(m.at(l, h, q, k) - att[i]));
  EXPECT_LT(worst, 1e-5);
  return r;
}

#define SKIP_WITHOUT_NUMPY() \
  if (!pythonWithNumpy()) GTEST_SKIP() << "python3 with numpy not found (Debian: apt-get install python3-numpy)"

TEST(EncoderReference, BertMaskedLmPairWithPadding) {
  SKIP_WITHOUT_NUMPY();
  EncoderSpec spec;
  const EncoderInput in = pairInput(spec.vocab, 5, 4, 3, 11);
  Compared r = compareEncoder(spec, in, 7);
  ASSERT_TRUE(r.session);
  EXPECT_TRUE(r.model->config().can(kCanFillMask));
  const std::vector<double> ref = field(r.reference, "mlm_logits");
  std::vector<float> ours;
  for (int t = 0; t < 12; ++t) {
    const auto row = r.session->maskedLmLogits(t);
    ours.insert(ours.end(), row.begin(), row.end());
  }
  EXPECT_LT(testing::maxRelativeError(ours, ref, 1.0), 1e-4);
}

TEST(EncoderReference, BertMaskedLmUntiedDecoder) {
  SKIP_WITHOUT_NUMPY();
  EncoderSpec spec;
  spec.tied = false;
  const EncoderInput in = pairInput(spec.vocab, 6, 0, 0, 12);
  Compared r = compareEncoder(spec, in, 8);
  ASSERT_TRUE(r.session);
  std::vector<float> ours;
  for (int t = 0; t < 6; ++t) {
    const auto row = r.session->maskedLmLogits(t);
    ours.insert(ours.end(), row.begin(), row.end());
  }
  EXPECT_LT(testing::maxRelativeError(ours, field(r.reference, "mlm_logits"), 1.0), 1e-4);
}

TEST(EncoderReference, BertModelPoolerAndPoolingWithPadding) {
  SKIP_WITHOUT_NUMPY();
  EncoderSpec spec;
  spec.architectureName = "BertModel";
  const EncoderInput in = pairInput(spec.vocab, 4, 3, 5, 13);
  Compared r = compareEncoder(spec, in, 9);
  ASSERT_TRUE(r.session);
  EXPECT_FALSE(r.model->config().can(kCanFillMask));
  EXPECT_LT(testing::maxRelativeError(r.session->poolerOutput(), field(r.reference, "pooled"), 1e-2), 1e-4);
  EXPECT_LT(testing::maxRelativeError(r.session->pool(Pooling::Mean), field(r.reference, "mean"), 1e-2), 1e-4);
  EXPECT_LT(testing::maxRelativeError(r.session->pool(Pooling::Cls), field(r.reference, "cls"), 1e-2), 1e-4);
  EXPECT_LT(testing::maxRelativeError(r.session->pool(Pooling::Max), field(r.reference, "max"), 1e-2), 1e-4);
  EXPECT_THROW(r.session->maskedLmLogits(0), Error);
}

TEST(EncoderReference, BertSequenceClassification) {
  SKIP_WITHOUT_NUMPY();
  EncoderSpec spec;
  spec.architectureName = "BertForSequenceClassification";
  const EncoderInput in = pairInput(spec.vocab, 5, 5, 2, 14);
  Compared r = compareEncoder(spec, in, 10);
  ASSERT_TRUE(r.session);
  EXPECT_EQ(r.model->config().labels.size(), 3u);
  EXPECT_LT(testing::maxRelativeError(r.session->sequenceLogits(), field(r.reference, "sequence_logits"), 1.0), 1e-4);
}

TEST(EncoderReference, BertTokenClassification) {
  SKIP_WITHOUT_NUMPY();
  EncoderSpec spec;
  spec.architectureName = "BertForTokenClassification";
  spec.labels = 5;
  const EncoderInput in = pairInput(spec.vocab, 8, 0, 2, 15);
  Compared r = compareEncoder(spec, in, 11);
  ASSERT_TRUE(r.session);
  EXPECT_TRUE(r.model->config().can(kCanClassifyTokens));
  EXPECT_LT(testing::maxRelativeError(r.session->tokenLogits(), field(r.reference, "token_logits"), 1.0), 1e-4);
}

// RoBERTa reads padding from the ids: padded positions hold padding_idx and real tokens never do.
void padWithId(EncoderInput& in, int pad) {
  for (std::size_t i = 0; i < in.ids.size(); ++i) {
    if (!in.attentionMask[i]) in.ids[i] = pad;
    else if (in.ids[i] == pad) in.ids[i] = pad + 1;
  }
}

std::vector<float> allMlmLogits(const EncoderSession& s) {
  std::vector<float> out;
  for (int t = 0; t < s.numTokens(); ++t) {
    const auto row = s.maskedLmLogits(t);
    out.insert(out.end(), row.begin(), row.end());
  }
  return out;
}

TEST(EncoderReference, RobertaMaskedLmPositionsAfterPaddingIdx) {
  SKIP_WITHOUT_NUMPY();
  EncoderSpec spec;
  spec.kind = EncoderKind::Roberta;
  spec.architectureName = "RobertaForMaskedLM";
  spec.types = 1;
  spec.padTokenId = 1;
  EncoderInput in = pairInput(spec.vocab, 7, 0, 3, 16);
  in.typeIds.assign(in.ids.size(), 0);
  padWithId(in, spec.padTokenId);
  Compared r = compareEncoder(spec, in, 12);
  ASSERT_TRUE(r.session);
  EXPECT_EQ(r.model->config().positionOffset, 2);
  EXPECT_EQ(r.model->config().contextLength, spec.positions);
  EXPECT_LT(testing::maxRelativeError(allMlmLogits(*r.session), field(r.reference, "mlm_logits"), 1.0), 1e-4);
}

TEST(EncoderReference, XlmRobertaSequenceClassification) {
  SKIP_WITHOUT_NUMPY();
  EncoderSpec spec;
  spec.kind = EncoderKind::Roberta;
  spec.architectureName = "XLMRobertaForSequenceClassification";
  spec.types = 1;
  spec.padTokenId = 3;
  spec.extraConfigJson = R"({"model_type": "xlm-roberta"})";
  EncoderInput in = pairInput(spec.vocab, 6, 0, 2, 17);
  in.typeIds.assign(in.ids.size(), 0);
  padWithId(in, spec.padTokenId);
  Compared r = compareEncoder(spec, in, 13);
  ASSERT_TRUE(r.session);
  EXPECT_EQ(r.model->config().positionOffset, 4);
  EXPECT_LT(testing::maxRelativeError(r.session->sequenceLogits(), field(r.reference, "sequence_logits"), 1.0), 1e-4);
}

TEST(EncoderReference, RobertaTokenClassification) {
  SKIP_WITHOUT_NUMPY();
  EncoderSpec spec;
  spec.kind = EncoderKind::Roberta;
  spec.architectureName = "RobertaForTokenClassification";
  spec.types = 1;
  EncoderInput in = pairInput(spec.vocab, 9, 0, 0, 18);
  in.typeIds.clear();
  padWithId(in, spec.padTokenId);
  Compared r = compareEncoder(spec, in, 14);
  ASSERT_TRUE(r.session);
  EXPECT_LT(testing::maxRelativeError(r.session->tokenLogits(), field(r.reference, "token_logits"), 1.0), 1e-4);
}

TEST(EncoderReference, DistilBertMaskedLmWithPadding) {
  SKIP_WITHOUT_NUMPY();
  EncoderSpec spec;
  spec.kind = EncoderKind::DistilBert;
  spec.architectureName = "DistilBertForMaskedLM";
  EncoderInput in = pairInput(spec.vocab, 5, 3, 2, 19);  // token types given but not read by DistilBERT
  Compared r = compareEncoder(spec, in, 15);
  ASSERT_TRUE(r.session);
  EXPECT_EQ(r.model->config().typeVocabSize, 0);
  EXPECT_LT(testing::maxRelativeError(allMlmLogits(*r.session), field(r.reference, "mlm_logits"), 1.0), 1e-4);
}

TEST(EncoderReference, DistilBertSequenceAndTokenClassification) {
  SKIP_WITHOUT_NUMPY();
  EncoderSpec spec;
  spec.kind = EncoderKind::DistilBert;
  spec.architectureName = "DistilBertForSequenceClassification";
  const EncoderInput in = pairInput(spec.vocab, 6, 0, 3, 20);
  Compared r = compareEncoder(spec, in, 16);
  ASSERT_TRUE(r.session);
  EXPECT_LT(testing::maxRelativeError(r.session->sequenceLogits(), field(r.reference, "sequence_logits"), 1.0), 1e-4);
  spec.architectureName = "DistilBertForTokenClassification";
  Compared t = compareEncoder(spec, in, 17);
  ASSERT_TRUE(t.session);
  EXPECT_LT(testing::maxRelativeError(t.session->tokenLogits(), field(t.reference, "token_logits"), 1.0), 1e-4);
}

}  // namespace
}  // namespace glassbox
