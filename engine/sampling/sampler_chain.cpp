#include "sampling/sampler_chain.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "sampling/candidates.h"
#include "sampling/sampler_stages.h"

namespace glassbox {
namespace {

const std::vector<std::string> kStageNames = {"penalties", "top-k", "typical", "top-p", "min-p", "temperature"};

std::string joinNames() {
  std::string s;
  for (const auto& n : kStageNames) s += (s.empty() ? "" : ", ") + n;
  return s;
}

void requireUnit(float v, const char* field) {
  if (!(v >= 0.0f && v <= 1.0f)) {
    throw Error(std::string("sampling parameter ") + field + " = " + std::to_string(v) +
                " is outside [0, 1] (hint: 1 turns top-p/typical off, 0 turns min-p off)");
  }
}

void requireFinite(float v, const char* field) {
  if (!std::isfinite(v)) throw Error(std::string("sampling parameter ") + field + " must be a finite number");
}

// Copies the top `limit` candidates of the set (sorting that many first).
std::vector<Candidate> topOf(CandidateSet& set, int limit) {
  set.softmax();
  set.sortTop(limit);
  const int n = std::min(limit, set.size());
  return {set.items().begin(), set.items().begin() + n};
}

// Entropy in nats from the last softmax: H = logSumExp - sum p * logit.
double entropyOf(CandidateSet& set) {
  set.softmax();
  double weighted = 0;
  for (const auto& c : set.items()) weighted += double(c.p) * c.logit;
  return std::max(0.0, set.logSumExp() - weighted);
}

}  // namespace

void validateSamplingParams(const SamplingParams& p) {
  if (!(std::isfinite(p.temperature) && p.temperature >= 0.0f)) {
    throw Error("sampling parameter temperature = " + std::to_string(p.temperature) +
                " must be a finite number >= 0 (hint: 0 means greedy)");
  }
  if (p.topK < 0) throw Error("sampling parameter top-k = " + std::to_string(p.topK) + " must be >= 0 (0 = off)");
  requireUnit(p.topP, "top-p");
  requireUnit(p.minP, "min-p");
  requireUnit(p.typicalP, "typical-p");
  if (!(std::isfinite(p.repeatPenalty) && p.repeatPenalty > 0.0f)) {
    throw Error("sampling parameter repeat-penalty = " + std::to_string(p.repeatPenalty) +
                " must be a finite number > 0 (hint: 1 = off)");
  }
  requireFinite(p.frequencyPenalty, "frequency-penalty");
  requireFinite(p.presencePenalty, "presence-penalty");
  if (p.penaltyLastN < -1) {
    throw Error("sampling parameter penalty-last-n = " + std::to_string(p.penaltyLastN) +
                " must be >= -1 (-1 = whole history, 0 = off)");
  }
  normalisedOrder(p.order);
}

std::vector<std::string> normalisedOrder(const std::vector<std::string>& order) {
  std::vector<std::string> out;
  for (std::string name : order) {
    for (auto& ch : name) ch = ch == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name == "topk") name = "top-k";
    if (name == "topp") name = "top-p";
    if (name == "minp") name = "min-p";
    if (name == "typical-p") name = "typical";
    if (name == "temp") name = "temperature";
    if (std::find(kStageNames.begin(), kStageNames.end(), name) == kStageNames.end()) {
      throw Error("sampler order: unknown stage \"" + name + "\" (valid: " + joinNames() + ")");
    }
    if (std::find(out.begin(), out.end(), name) != out.end()) {
      throw Error("sampler order: stage \"" + name + "\" appears twice");
    }
    out.push_back(name);
  }
  if (std::find(out.begin(), out.end(), "temperature") == out.end()) out.push_back("temperature");
  return out;
}

std::vector<std::string> parseSamplerOrder(const std::string& list) {
  std::vector<std::string> names;
  std::string cur;
  for (char ch : list + ",") {
    if (ch == ',' || ch == ' ' || ch == ';') {
      if (!cur.empty()) names.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  return normalisedOrder(names);
}

SamplerChain::SamplerChain(const SamplingParams& params) : set_(std::make_unique<CandidateSet>()) {
  setParams(params);
  rng_.reseed(params.seed);
}
SamplerChain::~SamplerChain() = default;
SamplerChain::SamplerChain(SamplerChain&&) noexcept = default;
SamplerChain& SamplerChain::operator=(SamplerChain&&) noexcept = default;

void SamplerChain::setParams(const SamplingParams& params) {
  validateSamplingParams(params);
  auto order = normalisedOrder(params.order);
  std::vector<std::unique_ptr<SamplerStage>> stages;
  for (const auto& name : order) stages.push_back(makeStage(name, params));
  if (params.seed != params_.seed) rng_.reseed(params.seed);
  params_ = params;
  order_ = std::move(order);
  stages_ = std::move(stages);
}

namespace {

// Rank of `token` in the untouched logits under the shared order (higher logit, then lower id).
int rankIn(std::span<const float> logits, int token) {
  const float l = logits[static_cast<std::size_t>(token)];
  int rank = 0;
  for (std::size_t j = 0; j < logits.size(); ++j) {
    rank += logits[j] > l || (logits[j] == l && static_cast<int>(j) < token);
  }
  return rank;
}

// Walks the final probabilities in ascending id order (platform-independent) and draws one id.
int drawFrom(const std::vector<float>& dense, Rng& rng) {
  double total = 0;
  for (float p : dense) total += p;
  const double u = rng.uniform() * total;
  double acc = 0;
  int last = -1;
  for (std::size_t id = 0; id < dense.size(); ++id) {
    if (dense[id] <= 0.0f) continue;
    acc += dense[id];
    last = static_cast<int>(id);
    if (u < acc) return last;
  }
  return last;
}

}  // namespace

SampleResult SamplerChain::run(std::span<const float> logits, std::span<const int> history, Rng* rng,
                               const ReportOptions& report) {
  if (logits.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw Error("sampler: " + std::to_string(logits.size()) + " logits is more than any vocabulary");
  }
  const int vocab = static_cast<int>(logits.size());
  const int maxReported = std::max(1, report.maxReported);
  CandidateSet& set = *set_;
  SampleResult r;
  r.vocabSize = vocab;
  r.maskedCount = set.reset(logits.data(), vocab);
  r.original = topOf(set, maxReported);
  r.entropyOriginal = entropyOf(set);
  const double logSumExpOriginal = set.logSumExp();

  r.stages.reserve(stages_.size());
  for (std::size_t i = 0; i < stages_.size(); ++i) {
    SamplerStage& stage = *stages_[i];
    StageSnapshot snap;
    snap.stage = stage.name();
    set.beginStage(static_cast<int>(i), report.stageSnapshots ? maxReported : 0);
    if (stage.active()) stage.apply(set, history);
    snap.keptCount = set.size();
    snap.removedCount = set.removedInStage();
    if (report.stageSnapshots) {
      if (stage.active()) snap.kept = topOf(set, maxReported);
      else snap.kept = r.stages.empty() ? r.original : r.stages.back().kept;
      snap.removedIds = std::move(set.removedIdsInStage());
    }
    r.stages.push_back(std::move(snap));
  }

  // The final probabilities come from the surviving logits directly, not from a chain of
  // renormalisations, so they are bit-identical whether or not stage snapshots were taken.
  set.logitsChanged(true);
  r.final = topOf(set, maxReported);
  r.finalCount = set.size();
  r.entropyFinal = entropyOf(set);
  dense_.assign(static_cast<std::size_t>(vocab), 0.0f);
  for (const auto& c : set.items()) dense_[static_cast<std::size_t>(c.id)] = c.p;

  r.originalRemovedBy.reserve(r.original.size());
  r.originalFinalProbability.reserve(r.original.size());
  for (const auto& c : r.original) {
    const int by = set.removedBy()[static_cast<std::size_t>(c.id)];
    r.originalRemovedBy.push_back(by < 0 ? std::string() : std::string(stages_[static_cast<std::size_t>(by)]->name()));
    r.originalFinalProbability.push_back(dense_[static_cast<std::size_t>(c.id)]);
  }

  if (rng != nullptr) {
    r.token = set.size() == 1 ? set[0].id : drawFrom(dense_, *rng);
    r.probability = dense_[static_cast<std::size_t>(r.token)];
    r.rankInOriginal = rankIn(logits, r.token);
    const float raw = logits[static_cast<std::size_t>(r.token)];
    const double l = std::isinf(raw) ? 0.0 : raw;  // +inf tokens were given logit 0 (see reset)
    r.originalProbability = static_cast<float>(std::exp(l - logSumExpOriginal));
  }
  return r;
}

SampleResult SamplerChain::sample(std::span<const float> logits, std::span<const int> history, Rng& rng,
                                  const ReportOptions& report) {
  return run(logits, history, &rng, report);
}

SampleResult SamplerChain::sample(std::span<const float> logits, std::span<const int> history,
                                  const ReportOptions& report) {
  return run(logits, history, &rng_, report);
}

SampleResult SamplerChain::distribution(std::span<const float> logits, std::span<const int> history,
                                        const ReportOptions& report) {
  return run(logits, history, nullptr, report);
}

}  // namespace glassbox
