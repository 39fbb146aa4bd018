#pragma once
// Template body of selectMinimalMass (candidates.h).
#include <algorithm>

namespace glassbox {

template <class Before>
int selectMinimalMass(std::vector<Candidate>& items, double mass, Before before) {
  const int n = static_cast<int>(items.size());
  if (n == 0) return 0;
  auto at = [&](int i) { return items.begin() + i; };
  int lo = 0, hi = n;   // items[0..lo) are certainly kept; the cut lies in (lo, hi]
  double acc = 0;       // probability mass of items[0..lo)
  while (hi - lo > 48) {
    const int mid = lo + (hi - lo) / 2;
    std::nth_element(at(lo), at(mid), at(hi), before);
    double s = 0;
    for (int i = lo; i <= mid; ++i) s += items[static_cast<std::size_t>(i)].p;
    if (acc + s >= mass) {
      hi = mid + 1;
    } else {
      acc += s;
      lo = mid + 1;
    }
  }
  std::sort(at(lo), at(hi), before);
  for (int i = lo; i < hi; ++i) {
    acc += items[static_cast<std::size_t>(i)].p;
    if (acc >= mass) return std::max(i + 1, 1);
  }
  return std::max(hi, 1);
}

}  // namespace glassbox
