// Run-time kernel sets (models/kernel_set.h): every set this CPU and build offer is forced in turn and its
// dense kernels are checked against the naive twins at relative 1e-5 (attention, norms, activations,
// F32/F16/BF16/Q8_0 projections for decode and prefill). GLASSBOX_KERNELS=baseline also runs the whole
// Kernels and QuantKernels suites on the baseline set (tests/models/CMakeLists.txt).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/dtype.h"
#include "core/quant_blocks.h"
#include "core/rng.h"
#include "models/kernel_set.h"
#include "models/kernels.h"
#include "tiny_model.h"

namespace glassbox {
namespace {

std::vector<float> randomVector(std::size_t n, std::uint64_t seed, double scale = 1.0) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(scale * rng.normal());
  return v;
}

void expectClose(const std::vector<float>& fast, const std::vector<float>& naive, const std::string& what) {
  EXPECT_LT(testing::normwiseRelativeError(fast, std::vector<double>(naive.begin(), naive.end())), 1e-5) << what;
}

// Restores the start-up set whatever the test did.
class KernelSetTest : public ::testing::Test {
 protected:
  void TearDown() override { setKernelSet(startup_); }
  KernelSet startup_ = activeKernelSet();
};

std::vector<KernelSet> availableSets() {
  std::vector<KernelSet> sets;
  for (KernelSet s : {KernelSet::Baseline, KernelSet::Avx2})
    if (kernelSetAvailable(s)) sets.push_back(s);
  return sets;
}

void checkLinears(const std::string& set) {
  const int in = 96, out = 80;
  const auto w = randomVector(static_cast<std::size_t>(in) * out, 2, 0.1);
  const auto b = randomVector(static_cast<std::size_t>(out), 3);
  std::vector<std::uint16_t> w16(w.size()), wb16(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) w16[i] = floatToHalf(w[i]), wb16[i] = floatToBfloat16(w[i]);
  std::vector<std::uint8_t> q(rowBytes(DType::Q8_0, in) * out);
  for (int o = 0; o < out; ++o)
    quantizeRow(DType::Q8_0, w.data() + static_cast<std::size_t>(o) * in, q.data() + o * rowBytes(DType::Q8_0, in), in);
  std::vector<Linear> weights = {{w.data(), b.data(), in, out, false}, {w.data(), b.data(), in, out, true}};
  weights.push_back({nullptr, b.data(), in, out, true, w16.data(), DType::F16});
  weights.push_back({nullptr, b.data(), in, out, false, wb16.data(), DType::BF16});
  Linear lq{nullptr, b.data(), in, out, false, nullptr, DType::Q8_0, q.data(), rowBytes(DType::Q8_0, in)};
  weights.push_back(lq);
  for (std::size_t k = 0; k < weights.size(); ++k)
    for (int T : {1, 9}) {
      const auto x = randomVector(static_cast<std::size_t>(T) * in, 5 + T);
      std::vector<float> fast(static_cast<std::size_t>(T) * out), naive(fast.size());
      linear(x.data(), T, in, weights[k], fast.data(), out);
      linearNaive(x.data(), T, in, weights[k], naive.data(), out);
      expectClose(fast, naive, set + " linear weights #" + std::to_string(k) + " T=" + std::to_string(T));
      std::vector<float> added(fast.size(), 0.5f), addedNaive = naive;
      for (float& v : addedNaive) v += 0.5f;
      linearAdd(x.data(), T, in, weights[k], added.data(), out);
      expectClose(added, addedNaive, set + " linearAdd #" + std::to_string(k));
      linearGelu(x.data(), T, in, weights[k], fast.data(), out);
      geluTanhNaive(naive.data(), naive.size());
      expectClose(fast, naive, set + " linearGelu #" + std::to_string(k));
    }
}

void checkElementwise(const std::string& set) {
  const int T = 5, C = 70;
  const auto x = randomVector(static_cast<std::size_t>(T) * C, 11, 3.0);
  const auto g = randomVector(static_cast<std::size_t>(C), 12), bias = randomVector(static_cast<std::size_t>(C), 13);
  std::vector<float> fast(x.size()), naive(x.size());
  layerNorm(x.data(), T, C, g.data(), bias.data(), 1e-5f, fast.data());
  layerNormNaive(x.data(), T, C, g.data(), bias.data(), 1e-5f, naive.data());
  expectClose(fast, naive, set + " layerNorm");
  rmsNorm(x.data(), T, C, g.data(), 1e-6f, fast.data());
  rmsNormNaive(x.data(), T, C, g.data(), 1e-6f, naive.data());
  expectClose(fast, naive, set + " rmsNorm");
  for (Activation a : {Activation::GeluTanh, Activation::GeluErf, Activation::Relu, Activation::Silu}) {
    fast = x, naive = x;
    activate(a, fast.data(), fast.size());
    activateNaive(a, naive.data(), naive.size());
    expectClose(fast, naive, set + " activation " + activationName(a));
  }
}

void checkAttention(const std::string& set, int n, int pos0, bool causal) {
  const int H = 4, K = 2, D = 16, S = causal ? pos0 + n : 37;
  const auto q = randomVector(static_cast<std::size_t>(n) * H * D, 21);
  const auto keys = randomVector(static_cast<std::size_t>(S) * K * D, 22);
  const auto values = randomVector(static_cast<std::size_t>(S) * K * D, 23);
  std::vector<float> fast(static_cast<std::size_t>(n) * H * D), naive(fast.size());
  std::vector<float> scratch(static_cast<std::size_t>(H) * S);
  AttentionArgs a;
  a.q = q.data(), a.ldq = H * D, a.keys = keys.data(), a.values = values.data(), a.ldkv = K * D;
  a.n = n, a.pos0 = pos0, a.H = H, a.K = K, a.D = D, a.causal = causal, a.numKeys = S;
  a.scratch = scratch.data(), a.scratchStride = static_cast<std::size_t>(S);
  a.out = fast.data();
  attention(a);
  a.out = naive.data();
  attentionNaive(a);
  expectClose(fast, naive, set + " attention n=" + std::to_string(n));
}

TEST_F(KernelSetTest, EveryAvailableSetMatchesTheNaiveKernels) {
  for (KernelSet s : availableSets()) {
    ASSERT_TRUE(setKernelSet(s));
    ASSERT_EQ(activeKernelSet(), s);
    const std::string name = kernelSetName(s);
    EXPECT_EQ(kernelSetDescription().rfind(name, 0), 0u) << kernelSetDescription();
    checkLinears(name);
    checkElementwise(name);
    checkAttention(name, 1, 30, true);   // decode
    checkAttention(name, 40, 0, true);   // prefill, blocked
    checkAttention(name, 6, 0, false);   // bidirectional
  }
}

TEST_F(KernelSetTest, UnavailableSetIsRefused) {
  EXPECT_TRUE(kernelSetAvailable(KernelSet::Baseline));
  if (kernelSetAvailable(KernelSet::Avx2)) GTEST_SKIP() << "this CPU and build run the AVX2 set";
  EXPECT_FALSE(setKernelSet(KernelSet::Avx2));
  EXPECT_EQ(activeKernelSet(), KernelSet::Baseline);
}

TEST_F(KernelSetTest, StartupSetFollowsTheCpuAndTheEnvironment) {
  const char* forced = std::getenv("GLASSBOX_KERNELS");
  const bool baselineForced = forced && std::string(forced) == "baseline";
  const KernelSet expected =
      !baselineForced && kernelSetAvailable(KernelSet::Avx2) ? KernelSet::Avx2 : KernelSet::Baseline;
  EXPECT_EQ(startup_, expected);
}

}  // namespace
}  // namespace glassbox
