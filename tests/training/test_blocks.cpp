// The new trainer blocks, each against central finite differences in double precision: RMS norm,
// bidirectional / causal / cross attention with and without the 1/sqrt(D) scale, the relative position
// bias table, GELU (erf); the relative position buckets against hand-computed values of transformers'
// _relative_position_bucket.
#include <gtest/gtest.h>

#include <cmath>

#include "gradcheck_util.h"
#include "training/blocks.h"

namespace glassbox {
namespace {

using namespace blocks;
using testing_support::expectGradientMatches;
using testing_support::randomVector;

// loss = sum(r * y) for a fixed random r, so dL/dy = r.
double weighted(const std::vector<double>& y, const std::vector<double>& r) {
  double s = 0;
  for (std::size_t i = 0; i < y.size(); ++i) s += y[i] * r[i];
  return s;
}

TEST(Blocks, RmsNormMatchesFiniteDifferences) {
  const int rows = 3, C = 5;
  // params = x [3][5] then w [5]
  std::vector<double> p = randomVector(rows * C + C, 1);
  const std::vector<double> r = randomVector(rows * C, 2);
  auto loss = [&]() {
    std::vector<double> y(rows * C), rstd(rows);
    rmsNorm(p.data(), p.data() + rows * C, y.data(), rstd.data(), rows, C, 1e-6);
    return weighted(y, r);
  };
  std::vector<double> y(rows * C), rstd(rows), g(p.size(), 0.0);
  rmsNorm(p.data(), p.data() + rows * C, y.data(), rstd.data(), rows, C, 1e-6);
  rmsNormBackward(p.data(), p.data() + rows * C, rstd.data(), r.data(), g.data(), g.data() + rows * C, rows, C);
  expectGradientMatches(p, g, 0, rows * C, loss, "rms norm dx");
  expectGradientMatches(p, g, rows * C, p.size(), loss, "rms norm dw");
  // No mean is subtracted: a constant row is scaled, not zeroed.
  std::vector<double> ones(C, 2.0), w(C, 1.0), out(C), rs(1);
  rmsNorm(ones.data(), w.data(), out.data(), rs.data(), 1, C, 0.0);
  EXPECT_NEAR(out[0], 1.0, 1e-12);
}

struct AttentionCase {
  const char* name;
  int Q, K;
  bool causal, withBias;
  double scale;
};

TEST(Blocks, AttentionMatchesFiniteDifferences) {
  const int H = 2, D = 3, W = H * D;
  const AttentionCase cases[] = {{"bidirectional, scaled (BERT)", 5, 5, false, false, 1 / std::sqrt(3.0)},
                                 {"bidirectional, unscaled with bias (T5 encoder)", 5, 5, false, true, 1.0},
                                 {"causal, unscaled with bias (T5 decoder)", 5, 5, true, true, 1.0},
                                 {"cross, unscaled, 4 queries over 6 keys", 4, 6, false, false, 1.0}};
  for (const auto& tc : cases) {
    const std::size_t nq = static_cast<std::size_t>(tc.Q) * W, nk = static_cast<std::size_t>(tc.K) * W;
    const std::size_t nb = static_cast<std::size_t>(H) * tc.Q * tc.K;
    std::vector<double> p = randomVector(nq + 2 * nk + nb, 3);  // q, k, v, bias
    const std::vector<double> r = randomVector(nq, 4);
    const AttentionShape s{H, D, tc.scale, tc.causal};
    auto run = [&](std::vector<double>& probs, std::vector<double>& out) {
      attention(s, p.data(), p.data() + nq, p.data() + nq + nk, tc.withBias ? p.data() + nq + 2 * nk : nullptr, tc.Q,
                tc.K, probs.data(), out.data());
    };
    auto loss = [&]() {
      std::vector<double> probs(nb), out(nq);
      run(probs, out);
      return weighted(out, r);
    };
    std::vector<double> probs(nb), out(nq), g(p.size(), 0.0);
    run(probs, out);
    for (int h = 0; h < H; ++h)
      for (int i = 0; i < tc.Q; ++i) {
        double sum = 0;
        for (int j = 0; j < tc.K; ++j) {
          const double v = probs[(static_cast<std::size_t>(h) * tc.Q + i) * tc.K + j];
          if (tc.causal && j > i) EXPECT_EQ(v, 0.0) << tc.name;
          sum += v;
        }
        EXPECT_NEAR(sum, 1.0, 1e-12) << tc.name;
      }
    attentionBackward(s, p.data(), p.data() + nq, p.data() + nq + nk, probs.data(), r.data(), tc.Q, tc.K, g.data(),
                      g.data() + nq, g.data() + nq + nk, tc.withBias ? g.data() + nq + 2 * nk : nullptr);
    expectGradientMatches(p, g, 0, nq, loss, std::string(tc.name) + ": dq");
    expectGradientMatches(p, g, nq, nq + nk, loss, std::string(tc.name) + ": dk");
    expectGradientMatches(p, g, nq + nk, nq + 2 * nk, loss, std::string(tc.name) + ": dv");
    if (tc.withBias) expectGradientMatches(p, g, nq + 2 * nk, p.size(), loss, std::string(tc.name) + ": dbias");
  }
}

TEST(Blocks, RelativePositionBiasTableMatchesFiniteDifferences) {
  const int H = 2, D = 2, W = H * D, Q = 9, K = 9, B = 8, maxDistance = 6;
  for (bool bidirectional : {true, false}) {
    const std::size_t nq = static_cast<std::size_t>(Q) * W, nt = static_cast<std::size_t>(B) * H;
    std::vector<double> p = randomVector(3 * nq + nt, 5);  // q, k, v, table
    const std::vector<double> r = randomVector(nq, 6);
    const AttentionShape s{H, D, 1.0, !bidirectional};
    std::vector<double> bias(static_cast<std::size_t>(H) * Q * K), probs(bias.size()), out(nq);
    auto forward = [&]() {
      relativePositionBias(p.data() + 3 * nq, H, Q, K, bidirectional, B, maxDistance, bias.data());
      attention(s, p.data(), p.data() + nq, p.data() + 2 * nq, bias.data(), Q, K, probs.data(), out.data());
    };
    auto loss = [&]() {
      forward();
      return weighted(out, r);
    };
    forward();
    std::vector<double> g(p.size(), 0.0), dBias(bias.size(), 0.0);
    attentionBackward(s, p.data(), p.data() + nq, p.data() + 2 * nq, probs.data(), r.data(), Q, K, g.data(),
                      g.data() + nq, g.data() + 2 * nq, dBias.data());
    relativePositionBiasBackward(dBias.data(), H, Q, K, bidirectional, B, maxDistance, g.data() + 3 * nq);
    expectGradientMatches(p, g, 3 * nq, p.size(), loss,
                          bidirectional ? "bidirectional bias table" : "causal bias table");
  }
}

TEST(Blocks, RelativePositionBucketsAsTransformersComputesThem) {
  // relative = key - query. Bidirectional, 32 buckets, max distance 128: 16 per direction, 8 exact.
  EXPECT_EQ(relativePositionBucket(0, true, 32, 128), 0);
  EXPECT_EQ(relativePositionBucket(-1, true, 32, 128), 1);
  EXPECT_EQ(relativePositionBucket(1, true, 32, 128), 17);
  EXPECT_EQ(relativePositionBucket(-7, true, 32, 128), 7);
  EXPECT_EQ(relativePositionBucket(-8, true, 32, 128), 8);     // 8 + int(log(1) ...) = 8
  EXPECT_EQ(relativePositionBucket(-16, true, 32, 128), 10);   // 8 + int(log 2 / log 16 * 8) = 8 + 2
  EXPECT_EQ(relativePositionBucket(-100, true, 32, 128), 15);  // 8 + int(7.29)
  EXPECT_EQ(relativePositionBucket(-200, true, 32, 128), 15);  // clamped to 15
  EXPECT_EQ(relativePositionBucket(200, true, 32, 128), 31);
  EXPECT_EQ(relativePositionBucket(20, true, 32, 128), 16 + 8 + 2);  // int(log 2.5 / log 16 * 8) = 2
  // Causal (decoder), 32 buckets: future keys all fall in bucket 0; 16 exact buckets.
  EXPECT_EQ(relativePositionBucket(5, false, 32, 128), 0);
  EXPECT_EQ(relativePositionBucket(-5, false, 32, 128), 5);
  EXPECT_EQ(relativePositionBucket(-20, false, 32, 128), 17);   // 16 + int(log 1.25 / log 8 * 16) = 16 + 1
  EXPECT_EQ(relativePositionBucket(-127, false, 32, 128), 31);  // 16 + int(15.94)
  EXPECT_EQ(relativePositionBucket(-1000, false, 32, 128), 31);
}

TEST(Blocks, GeluErfDerivative) {
  for (double x : {-3.0, -0.7, 0.0, 0.4, 2.5}) {
    const double h = 1e-6;
    EXPECT_NEAR(geluErfGrad(x), (geluErf(x + h) - geluErf(x - h)) / (2 * h), 1e-8) << x;
  }
  EXPECT_NEAR(geluErf(1.0), 0.8413447460685429, 1e-12);  // x * Phi(x)
}

}  // namespace
}  // namespace glassbox
