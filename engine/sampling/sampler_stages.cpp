#include "sampling/sampler_stages.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace glassbox {
namespace {

// Stages keep logits finite so that softmax never sees inf - inf (absurd penalties or temperatures).
float clampFinite(float x) {
  constexpr float kMax = std::numeric_limits<float>::max();
  return std::isnan(x) ? -kMax : std::clamp(x, -kMax, kMax);
}

class PenaltiesStage : public SamplerStage {
 public:
  PenaltiesStage(float repeat, float frequency, float presence, int lastN)
      : repeat_(repeat), frequency_(frequency), presence_(presence), lastN_(lastN) {}
  const char* name() const override { return "penalties"; }
  bool active() const override {
    return lastN_ != 0 && (repeat_ != 1.0f || frequency_ != 0.0f || presence_ != 0.0f);
  }
  void apply(CandidateSet& set, std::span<const int> history) override {
    const std::size_t window = lastN_ < 0 ? history.size() : std::min(history.size(), std::size_t(lastN_));
    const auto recent = history.subspan(history.size() - window);
    counts_.assign(static_cast<std::size_t>(set.vocabSize()), 0);
    bool any = false;
    for (int id : recent) {
      if (id >= 0 && id < set.vocabSize()) counts_[static_cast<std::size_t>(id)] += 1, any = true;
    }
    if (!any) return;
    for (auto& c : set.items()) {
      const int n = counts_[static_cast<std::size_t>(c.id)];
      if (n == 0) continue;
      float logit = c.logit > 0 ? c.logit / repeat_ : c.logit * repeat_;
      logit -= static_cast<float>(n) * frequency_ + presence_;
      set.adjustLogit(c, clampFinite(logit));
    }
  }

 private:
  float repeat_, frequency_, presence_;
  int lastN_;
  std::vector<int> counts_;  // [V] scratch, reused
};

class TopKStage : public SamplerStage {
 public:
  explicit TopKStage(int k) : k_(k) {}
  const char* name() const override { return "top-k"; }
  bool active() const override { return k_ > 0; }
  void apply(CandidateSet& set, std::span<const int>) override {
    if (k_ >= set.size()) return;
    if (set.sortedCount() < k_) {
      auto& items = set.items();
      std::nth_element(items.begin(), items.begin() + (k_ - 1), items.end(), candidateBefore);
      set.orderChanged();
    }
    set.keepFirst(k_);
  }

 private:
  int k_;
};

class TypicalStage : public SamplerStage {
 public:
  explicit TypicalStage(float p) : p_(p) {}
  const char* name() const override { return "typical"; }
  bool active() const override { return p_ < 1.0f; }
  void apply(CandidateSet& set, std::span<const int>) override {
    if (set.size() <= 1) return;
    set.softmax();
    // H = -sum p log p = logSumExp - sum p * logit (no per-token log needed).
    double weighted = 0;
    for (const auto& c : set.items()) weighted += double(c.p) * c.logit;
    const double entropy = set.logSumExp() - weighted;
    // Selection key in `logit` of a shadow copy: the negated distance from typicality, so that the
    // shared "higher first, then lower id" order means "most typical first".
    shadow_.resize(set.items().size());
    for (std::size_t i = 0; i < shadow_.size(); ++i) {
      const auto& c = set.items()[i];
      const double surprise = set.logSumExp() - c.logit;  // -log p
      shadow_[i] = {static_cast<int>(i), static_cast<float>(-std::fabs(surprise - entropy)), c.p};
    }
    const int cut = selectMinimalMass(shadow_, p_, [&](const Candidate& a, const Candidate& b) {
      if (a.logit != b.logit) return a.logit > b.logit;
      return candidateBefore(set[a.id], set[b.id]);
    });
    keep_.assign(shadow_.size(), 0);
    for (int i = 0; i < cut; ++i) keep_[static_cast<std::size_t>(shadow_[static_cast<std::size_t>(i)].id)] = 1;
    std::size_t index = 0;
    set.keepIf([&](const Candidate&) { return keep_[index++] != 0; });
  }

 private:
  float p_;
  std::vector<Candidate> shadow_;  // [N] {index in set, -|surprise - H|, p}
  std::vector<char> keep_;         // [N]
};

class TopPStage : public SamplerStage {
 public:
  explicit TopPStage(float p) : p_(p) {}
  const char* name() const override { return "top-p"; }
  bool active() const override { return p_ < 1.0f; }
  void apply(CandidateSet& set, std::span<const int>) override {
    set.softmax();
    // Fast path: the cut lies inside the already sorted prefix.
    double acc = 0;
    for (int i = 0; i < set.sortedCount(); ++i) {
      acc += set[i].p;
      if (acc >= p_) {
        set.keepFirst(i + 1);
        return;
      }
    }
    const int cut = set.size() > 4096 ? selectTopMassByBuckets(set, p_)
                                      : selectMinimalMass(set.items(), p_, candidateBefore);
    set.orderChanged();
    set.keepFirst(cut);
  }

 private:
  float p_;
};

class MinPStage : public SamplerStage {
 public:
  explicit MinPStage(float p) : p_(p) {}
  const char* name() const override { return "min-p"; }
  bool active() const override { return p_ > 0.0f; }
  void apply(CandidateSet& set, std::span<const int>) override {
    set.softmax();
    float pMax = 0;
    for (const auto& c : set.items()) pMax = std::max(pMax, c.p);
    const float threshold = p_ * pMax;
    set.keepIf([&](const Candidate& c) { return c.p >= threshold; });
  }

 private:
  float p_;
};

class TemperatureStage : public SamplerStage {
 public:
  explicit TemperatureStage(float t) : t_(t) {}
  const char* name() const override { return "temperature"; }
  bool active() const override { return t_ != 1.0f; }
  void apply(CandidateSet& set, std::span<const int>) override {
    if (t_ == 0.0f) {
      set.sortTop(1);  // argmax, lowest id on ties
      set.keepFirst(1);
      return;
    }
    const float inv = 1.0f / t_;
    float maxLogit = -std::numeric_limits<float>::max(), maxAbs = 0;
    for (const auto& c : set.items()) {
      maxLogit = std::max(maxLogit, c.logit);
      maxAbs = std::max(maxAbs, std::fabs(c.logit));
    }
    // A tiny T would overflow the logits: shift by the maximum first (softmax does not change).
    const float shift = static_cast<double>(maxAbs) * inv > 1e30 ? maxLogit : 0.0f;
    for (auto& c : set.items()) c.logit = clampFinite((c.logit - shift) * inv);
    set.logitsChanged(true);
  }

 private:
  float t_;
};

}  // namespace

std::unique_ptr<SamplerStage> makePenaltiesStage(float repeat, float frequency, float presence, int lastN) {
  return std::make_unique<PenaltiesStage>(repeat, frequency, presence, lastN);
}
std::unique_ptr<SamplerStage> makeTopKStage(int k) { return std::make_unique<TopKStage>(k); }
std::unique_ptr<SamplerStage> makeTypicalStage(float p) { return std::make_unique<TypicalStage>(p); }
std::unique_ptr<SamplerStage> makeTopPStage(float p) { return std::make_unique<TopPStage>(p); }
std::unique_ptr<SamplerStage> makeMinPStage(float p) { return std::make_unique<MinPStage>(p); }
std::unique_ptr<SamplerStage> makeTemperatureStage(float t) { return std::make_unique<TemperatureStage>(t); }

std::unique_ptr<SamplerStage> makeStage(const std::string& name, const SamplingParams& params) {
  if (name == "penalties") {
    return makePenaltiesStage(params.repeatPenalty, params.frequencyPenalty, params.presencePenalty,
                              params.penaltyLastN);
  }
  if (name == "top-k") return makeTopKStage(params.topK);
  if (name == "typical") return makeTypicalStage(params.typicalP);
  if (name == "top-p") return makeTopPStage(params.topP);
  if (name == "min-p") return makeMinPStage(params.minP);
  if (name == "temperature") return makeTemperatureStage(params.temperature);
  throw Error("sampler: unknown stage \"" + name + "\"");
}

}  // namespace glassbox
