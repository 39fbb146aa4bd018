// The BERT (post-norm, bidirectional, MLM head tied to the word embeddings) and T5 (RMS norm, relative
// position bias shared by each stack, unscaled attention, cross-attention, tied LM head scaled by
// d_model^-1/2) trainers: the backward pass of every parameter tensor against central finite
// differences in double precision, and the float path against the double one.
#include <gtest/gtest.h>

#include <cmath>

#include "gradcheck_util.h"
#include "training/bert_model.h"
#include "training/t5_model.h"

namespace glassbox {
namespace {

using testing_support::expectGradientMatches;

BertConfig tinyBert() {
  BertConfig c;
  c.vocabSize = 13;
  c.context = 8;
  c.layers = 2;
  c.heads = 2;
  c.hidden = 6;
  c.inner = 10;
  c.lnEps = 1e-12;
  return c;
}

T5Config tinyT5() {
  T5Config c;
  c.vocabSize = 13;
  c.dModel = 6;
  c.dKv = 3;
  c.dFF = 10;
  c.encoderLayers = 2;
  c.decoderLayers = 2;
  c.heads = 2;
  c.buckets = 8;      // 4 per direction in the encoder, 2 of them exact: the log buckets are used too
  c.maxDistance = 6;
  return c;
}

// Parameters away from the initialisation so that every term matters.
template <typename InitFn>
std::vector<double> perturbed(InitFn init, std::uint64_t seed, double scale) {
  std::vector<double> p = init(seed);
  Rng rng(seed + 1);
  for (auto& x : p) x += scale * rng.normal();
  return p;
}

TEST(FamilyGradcheck, BertEveryTensorMatchesFiniteDifferences) {
  const BertConfig c = tinyBert();
  std::vector<double> p = perturbed([&](std::uint64_t s) { return bertInit<double>(c, s); }, 7, 0.3);
  const std::vector<int> tokens = {3, 12, 4, 1, 5, 9, 2};
  const std::vector<int> targets = {-1, 7, -1, -1, 5, -1, 2};  // MLM: only the masked positions count
  const double scale = 0.41;
  BertActivations<double> a;
  std::vector<double> g(p.size(), 0.0);
  bertForwardBackward<double>(c, p.data(), tokens.data(), targets.data(), 7, scale, g.data(), a);
  auto loss = [&]() {
    return scale * bertForwardBackward<double>(c, p.data(), tokens.data(), targets.data(), 7, 1.0, nullptr, a);
  };
  for (const auto& t : bertLayout(c)) {
    if (t.name.ends_with("attention.self.key.bias")) {
      // Softmax ignores what is added to every score of a row, and q.b_k is such a term: its true
      // gradient is zero, so check that instead of the relative error.
      for (std::size_t i = t.offset; i < t.offset + t.size; ++i) EXPECT_LT(std::abs(g[i]), 1e-12) << t.name;
      continue;
    }
    expectGradientMatches(p, g, t.offset, t.offset + t.size, loss, t.name);
  }
}

TEST(FamilyGradcheck, BertLogitsOfAllRowsAgreeWithTheTrainingPath) {
  const BertConfig c = tinyBert();
  const std::vector<double> p = perturbed([&](std::uint64_t s) { return bertInit<double>(c, s); }, 9, 0.2);
  const std::vector<int> tokens = {1, 2, 3, 4, 5};
  const std::vector<int> targets = {-1, -1, 6, -1, -1};
  BertActivations<double> a;
  std::vector<double> logits, hidden;
  const double all = bertForwardBackward<double>(c, p.data(), tokens.data(), targets.data(), 5, 1.0, nullptr, a,
                                                 &logits, &hidden);
  const double one = bertForwardBackward<double>(c, p.data(), tokens.data(), targets.data(), 5, 1.0, nullptr, a);
  EXPECT_NEAR(all, one, 1e-12);
  ASSERT_EQ(logits.size(), 5u * 13);
  ASSERT_EQ(hidden.size(), 5u * 6);
  // Post-norm: the last hidden state is a LayerNorm output (mean 0 before its affine weights are applied
  // is not visible here, but it must be finite and not all equal).
  EXPECT_NE(hidden[0], hidden[1]);
}

TEST(FamilyGradcheck, T5EveryTensorMatchesFiniteDifferences) {
  const T5Config c = tinyT5();
  std::vector<double> p = perturbed([&](std::uint64_t s) { return t5Init<double>(c, s); }, 11, 0.2);
  const std::vector<int> input = {3, 12, 4, 1, 5, 9, 2, 8};  // S = 8: distances beyond the exact buckets
  const std::vector<int> decIn = {0, 7, 6, 11, 2, 10};
  const std::vector<int> targets = {7, 6, -1, 2, 10, 1};
  const double scale = 0.29;
  std::vector<double> g(p.size(), 0.0);
  t5ForwardBackward<double>(c, p.data(), input.data(), 8, decIn.data(), targets.data(), 6, scale, g.data());
  auto loss = [&]() {
    return scale * t5ForwardBackward<double>(c, p.data(), input.data(), 8, decIn.data(), targets.data(), 6, 1.0, nullptr);
  };
  for (const auto& t : t5Layout(c)) expectGradientMatches(p, g, t.offset, t.offset + t.size, loss, t.name);
}

TEST(FamilyGradcheck, T5DecoderIsCausalAndFloatAgreesWithDouble) {
  const T5Config c = tinyT5();
  const std::vector<double> pd = perturbed([&](std::uint64_t s) { return t5Init<double>(c, s); }, 13, 0.2);
  const std::vector<int> input = {3, 12, 4, 1, 5};
  std::vector<int> decIn = {0, 7, 6, 11};
  const std::vector<int> none = {-1, -1, -1, -1};
  std::vector<double> a, b;
  t5ForwardBackward<double>(c, pd.data(), input.data(), 5, decIn.data(), none.data(), 4, 1.0, nullptr, &a);
  decIn[3] = 2;  // changing the last decoder token must not change earlier positions' logits
  t5ForwardBackward<double>(c, pd.data(), input.data(), 5, decIn.data(), none.data(), 4, 1.0, nullptr, &b);
  for (int i = 0; i < 3 * 13; ++i) EXPECT_EQ(a[i], b[i]) << i;
  bool lastChanged = false;
  for (int i = 3 * 13; i < 4 * 13; ++i) lastChanged |= a[i] != b[i];
  EXPECT_TRUE(lastChanged);

  const std::vector<float> pf(pd.begin(), pd.end());
  const std::vector<int> targets = {7, 6, 11, 2};
  std::vector<double> gd(pd.size(), 0.0);
  std::vector<float> gf(pf.size(), 0.0f);
  const double ld = t5ForwardBackward<double>(c, pd.data(), input.data(), 5, decIn.data(), targets.data(), 4, 1.0, gd.data());
  const double lf = t5ForwardBackward<float>(c, pf.data(), input.data(), 5, decIn.data(), targets.data(), 4, 1.0f, gf.data());
  EXPECT_NEAR(lf, ld, 1e-4 * std::abs(ld));
  double diff2 = 0, norm2 = 0;
  for (std::size_t i = 0; i < gd.size(); ++i) {
    diff2 += (gf[i] - gd[i]) * (gf[i] - gd[i]);
    norm2 += gd[i] * gd[i];
  }
  EXPECT_LT(std::sqrt(diff2 / norm2), 1e-4);
}

}  // namespace
}  // namespace glassbox
