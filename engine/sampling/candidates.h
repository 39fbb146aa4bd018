#pragma once
// The working set the sampler stages transform: the surviving candidates of one step, with helpers
// that keep the expensive parts (softmax, ordering) lazy and attribute every removal to a stage.
//
// Legend: V = vocabulary size, N = surviving candidates.
#include <cstdint>
#include <string>
#include <vector>

#include "sampling/sampler_chain.h"

namespace glassbox {

// Candidate order used everywhere: higher logit first, then lower token id (the documented tie-break).
// A function object (not a function pointer) so that std::sort and friends inline it.
struct CandidateBefore {
  bool operator()(const Candidate& a, const Candidate& b) const {
    return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
  }
};
inline constexpr CandidateBefore candidateBefore{};

class CandidateSet {
 public:
  // Fills [V] candidates from logits, dropping -inf (and, if any +inf exists, every finite logit).
  // Returns the number masked. Throws Error on NaN or when nothing is left.
  int reset(const float* logits, int vocabSize);

  int size() const { return static_cast<int>(items_.size()); }
  int vocabSize() const { return vocabSize_; }
  Candidate& operator[](int i) { return items_[static_cast<std::size_t>(i)]; }
  const Candidate& operator[](int i) const { return items_[static_cast<std::size_t>(i)]; }
  std::vector<Candidate>& items() { return items_; }
  const std::vector<Candidate>& items() const { return items_; }

  // Fills p = softmax(logit) over the survivors (no-op when already valid). Sums in double. After a
  // removal with unchanged logits it only renormalises (no exp).
  void softmax();
  bool probsValid() const { return probsValid_; }
  double logSumExp() const { return logSumExp_; }  // log(sum exp(logit)) of the last softmax

  // Guarantees that items[0..min(m, N)) are the top of the set in candidateBefore order.
  void sortTop(int m);
  int sortedCount() const { return sortedCount_; }

  // Called by stages that change logits. orderKept: the change is monotonic (temperature).
  void logitsChanged(bool orderKept);
  // Changes one candidate's logit (penalties). While the exponentials are valid they are updated in
  // place (p *= exp(new - old)), so a few changed tokens do not cost a softmax over the whole set.
  void adjustLogit(Candidate& c, float newLogit);
  // Called by stages that reorder items themselves (top-k's nth_element, typical's selection).
  void orderChanged() { sortedCount_ = 0; }

  // Removals, attributed to the stage set by beginStage. Both keep the relative order of survivors.
  void keepFirst(int n);
  template <class Pred>
  void keepIf(Pred keep) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < items_.size(); ++i) {
      if (keep(items_[i])) {
        if (static_cast<int>(i) < sortedCount_) ++sortedOut_;
        items_[out++] = items_[i];
      } else {
        markRemoved(items_[i].id);
      }
    }
    finishKeepIf(out);
  }

  // Removal bookkeeping: which stage removed each id (-1 = survived / masked).
  void beginStage(int stageIndex, int maxRemovedIds);
  const std::vector<std::int8_t>& removedBy() const { return removedBy_; }
  int removedInStage() const { return removedInStage_; }
  std::vector<int>& removedIdsInStage() { return removedIds_; }

 private:
  void markRemoved(int id);
  void finishKeepIf(std::size_t out);

  std::vector<Candidate> items_;        // [N]
  std::vector<std::int8_t> removedBy_;  // [V]
  std::vector<int> removedIds_;         // ids removed by the current stage (capped)
  int vocabSize_ = 0;
  int sortedCount_ = 0;
  int sortedOut_ = 0;
  int stage_ = -1;
  int removedInStage_ = 0;
  int maxRemovedIds_ = 0;
  bool probsValid_ = false;
  bool expValid_ = false;  // p holds exp(logit - max) up to one common factor (removals only since)
  double logSumExp_ = 0;
};

// Top-p's selection for large sets, without a full sort: one pass histograms the probability mass by
// logit distance from the maximum (fine buckets, monotonic in the logit), the bucket where the
// cumulative mass reaches `mass` is found, and only that bucket is sorted. Rearranges the set so that
// items[0..cut) are the first `cut` in candidateBefore order and returns cut (>= 1). Needs softmax().
int selectTopMassByBuckets(CandidateSet& set, double mass);

// Selection without a full sort: rearranges items[0..N) so that items[0..cut) are the first `cut`
// candidates in `before` order, with cut the smallest count whose probabilities (p) sum to >= mass
// (at least 1; N when the total never reaches mass). Expected O(N) by repeated nth_element.
template <class Before>
int selectMinimalMass(std::vector<Candidate>& items, double mass, Before before);

}  // namespace glassbox

#include "sampling/candidates_select.h"
