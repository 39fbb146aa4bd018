#include "sampling/candidates.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"

namespace glassbox {

int CandidateSet::reset(const float* logits, int vocabSize) {
  if (vocabSize <= 0) throw Error("sampler: the logits are empty (vocabulary size 0); nothing to sample");
  vocabSize_ = vocabSize;
  items_.clear();
  items_.reserve(static_cast<std::size_t>(vocabSize));
  removedBy_.assign(static_cast<std::size_t>(vocabSize), std::int8_t{-1});
  bool anyPosInf = false;
  for (int i = 0; i < vocabSize; ++i) {
    const float l = logits[i];
    if (std::isnan(l)) {
      throw Error("sampler: the logit of token " + std::to_string(i) +
                  " is NaN (hint: the model produced invalid values; check the weights file)");
    }
    anyPosInf |= (l == std::numeric_limits<float>::infinity());
  }
  for (int i = 0; i < vocabSize; ++i) {
    const float l = logits[i];
    if (anyPosInf) {
      if (l == std::numeric_limits<float>::infinity()) items_.push_back({i, 0.0f, 0.0f});
    } else if (l != -std::numeric_limits<float>::infinity()) {
      items_.push_back({i, l, 0.0f});
    }
  }
  if (items_.empty()) throw Error("sampler: every logit is -inf; no token can be sampled");
  sortedCount_ = 0;
  probsValid_ = false;
  expValid_ = false;
  stage_ = -1;
  return vocabSize - size();
}

void CandidateSet::softmax() {
  if (probsValid_) return;
  if (expValid_) {
    // Only removals since the last softmax: renormalise the surviving probabilities.
    double sum = 0;
    for (const auto& c : items_) sum += c.p;
    const float inv = static_cast<float>(1.0 / sum);
    for (auto& c : items_) c.p *= inv;
    logSumExp_ += std::log(sum);
    probsValid_ = true;
    return;
  }
  float m = -std::numeric_limits<float>::infinity();
  for (const auto& c : items_) m = std::max(m, c.logit);
  double sum = 0;
  for (auto& c : items_) {
    c.p = std::exp(c.logit - m);
    sum += c.p;
  }
  const float inv = static_cast<float>(1.0 / sum);
  for (auto& c : items_) c.p *= inv;
  logSumExp_ = m + std::log(sum);
  probsValid_ = true;
  expValid_ = true;
}

void CandidateSet::sortTop(int m) {
  m = std::min(m, size());
  if (m <= sortedCount_) return;
  auto first = items_.begin();
  if (m >= size()) {
    std::sort(first + sortedCount_, items_.end(), candidateBefore);
  } else if (sortedCount_ == 0) {
    std::partial_sort(first, first + m, items_.end(), candidateBefore);
  } else {
    // items[0..sortedCount) are already the top, in order: select among the rest only.
    std::partial_sort(first + sortedCount_, first + m, items_.end(), candidateBefore);
  }
  sortedCount_ = m;
}

void CandidateSet::logitsChanged(bool orderKept) {
  probsValid_ = false;
  expValid_ = false;
  if (!orderKept) sortedCount_ = 0;
}

void CandidateSet::adjustLogit(Candidate& c, float newLogit) {
  const float delta = newLogit - c.logit;
  c.logit = newLogit;
  sortedCount_ = 0;
  probsValid_ = false;
  // Beyond this the scaled probability could overflow or lose all precision: recompute instead.
  if (expValid_ && std::fabs(delta) < 30.0f) c.p *= std::exp(delta);
  else expValid_ = false;
}

void CandidateSet::beginStage(int stageIndex, int maxRemovedIds) {
  stage_ = stageIndex;
  removedInStage_ = 0;
  maxRemovedIds_ = maxRemovedIds;
  removedIds_.clear();
}

void CandidateSet::markRemoved(int id) {
  removedBy_[static_cast<std::size_t>(id)] = static_cast<std::int8_t>(stage_);
  ++removedInStage_;
  if (static_cast<int>(removedIds_.size()) < maxRemovedIds_) removedIds_.push_back(id);
}

void CandidateSet::keepFirst(int n) {
  n = std::max(0, n);
  if (n >= size()) return;
  for (std::size_t i = static_cast<std::size_t>(n); i < items_.size(); ++i) markRemoved(items_[i].id);
  items_.resize(static_cast<std::size_t>(n));
  sortedCount_ = std::min(sortedCount_, n);
  probsValid_ = false;
}

void CandidateSet::finishKeepIf(std::size_t out) {
  if (out == items_.size()) {
    sortedOut_ = 0;
    return;
  }
  items_.resize(out);
  // Survivors of the sorted prefix stay the top of the set, in order.
  sortedCount_ = sortedOut_;
  sortedOut_ = 0;
  probsValid_ = false;
}

int selectTopMassByBuckets(CandidateSet& set, double mass) {
  constexpr int kBuckets = 4096;
  constexpr double kRange = 32.0;  // logit distance covered finely; beyond it p < 1.3e-14 * p_max
  auto& items = set.items();
  double maxLogit = -std::numeric_limits<double>::infinity();
  for (const auto& c : items) maxLogit = std::max(maxLogit, static_cast<double>(c.logit));
  auto bucketOf = [&](const Candidate& c) {
    const double d = (maxLogit - c.logit) * (kBuckets / kRange);
    return d >= kBuckets - 1 ? kBuckets - 1 : static_cast<int>(d);
  };
  std::vector<double> bucketMass(kBuckets, 0.0);
  for (const auto& c : items) bucketMass[static_cast<std::size_t>(bucketOf(c))] += c.p;
  double before = 0;
  int boundary = 0;
  while (boundary < kBuckets - 1 && before + bucketMass[static_cast<std::size_t>(boundary)] < mass) {
    before += bucketMass[static_cast<std::size_t>(boundary++)];
  }
  // Earlier buckets hold strictly higher logits, so [kept buckets | boundary bucket | rest] is already
  // the candidate order at the bucket level.
  auto mid = std::partition(items.begin(), items.end(), [&](const Candidate& c) { return bucketOf(c) < boundary; });
  auto end = std::partition(mid, items.end(), [&](const Candidate& c) { return bucketOf(c) == boundary; });
  std::sort(mid, end, candidateBefore);
  double acc = before;
  for (auto it = mid; it != end; ++it) {
    acc += it->p;
    if (acc >= mass) return std::max(1, static_cast<int>(it - items.begin()) + 1);
  }
  return std::max(1, static_cast<int>(end - items.begin()));
}

}  // namespace glassbox
