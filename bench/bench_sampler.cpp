// Sampler chain on GPT-2-sized logits (V = 50,257): the cost of re-applying the chain on a slider move.
// Compared in the same run with a naive chain that fully sorts the vocabulary first.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "bench.h"
#include "core/rng.h"
#include "sampling/sampler_chain.h"

namespace {

using namespace glassbox;

std::vector<float> gpt2LikeLogits(int vocab) {
  Rng rng(2024);
  std::vector<float> l(static_cast<std::size_t>(vocab));
  for (auto& x : l) x = static_cast<float>(rng.normal() * 2.5 - 5.0);
  for (int i = 0; i < 30; ++i) l[rng.below(static_cast<std::uint64_t>(vocab))] += 8.0f;  // a peaked head
  return l;
}

// Milliseconds per call of fn, over enough repetitions to take ~0.3 s.
template <class Fn>
double msPerCall(Fn&& fn, bool quick) {
  fn();
  const int reps = quick ? 20 : 300;
  const double t0 = bench::nowSeconds();
  for (int i = 0; i < reps; ++i) fn();
  return (bench::nowSeconds() - t0) * 1e3 / reps;
}

// The naive chain: softmax, full sort, then top-k / top-p / min-p cuts by walking the sorted list.
int naiveChain(const std::vector<float>& logits, const SamplingParams& p, std::vector<Candidate>& buf) {
  buf.resize(logits.size());
  for (std::size_t i = 0; i < logits.size(); ++i) buf[i] = {static_cast<int>(i), logits[i] / p.temperature, 0};
  std::sort(buf.begin(), buf.end(), [](auto& a, auto& b) { return a.logit > b.logit || (a.logit == b.logit && a.id < b.id); });
  double s = 0;
  for (auto& c : buf) s += c.p = std::exp(c.logit - buf[0].logit);
  std::size_t n = p.topK > 0 ? std::min<std::size_t>(buf.size(), static_cast<std::size_t>(p.topK)) : buf.size();
  double acc = 0;
  for (std::size_t i = 0; i < n; ++i) {
    acc += buf[i].p / s;
    if (acc >= p.topP) { n = i + 1; break; }
  }
  return static_cast<int>(n);
}

}  // namespace

GLASSBOX_BENCH(sampler_chain, 60) {
  const auto logits = gpt2LikeLogits(50257);
  std::vector<int> history(64);
  for (int i = 0; i < 64; ++i) history[static_cast<std::size_t>(i)] = (i * 7919) % 50257;

  SamplingParams typical;  // what the next-token view starts with
  typical.temperature = 0.8f;
  typical.topK = 40;
  typical.topP = 0.95f;
  typical.minP = 0.05f;
  typical.repeatPenalty = 1.1f;
  SamplerChain chain(typical);
  const double full = msPerCall([&] { chain.sample(logits, history); }, ctx.quick);
  ctx.report("sampler_chain_ms", full, "ms", "V=50257, all stages, top-k 40, snapshots of 256");

  SamplingParams wide = typical;  // no top-k: top-p works on the whole vocabulary
  wide.topK = 0;
  wide.topP = 0.9f;
  wide.minP = 0.0f;
  SamplerChain wideChain(wide);
  const double wideMs = msPerCall([&] { wideChain.sample(logits, history); }, ctx.quick);
  ctx.report("sampler_chain_no_topk_ms", wideMs, "ms", "top-k off, top-p 0.9 over all 50257, snapshots");
  const double distMs = msPerCall([&] { wideChain.distribution(logits, history); }, ctx.quick);
  ctx.report("sampler_distribution_ms", distMs, "ms", "distribution only (no per-stage lists)");

  std::vector<Candidate> buf;
  const double naive = msPerCall([&] { naiveChain(logits, wide, buf); }, ctx.quick);
  ctx.report("sampler_naive_full_sort_ms", naive, "ms", "softmax + full sort + cuts, no snapshots");
  ctx.report("sampler_speedup_vs_full_sort", naive / wideMs, "x", "same params, same run");
}
