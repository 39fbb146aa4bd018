#include "label_placement.h"

#include <algorithm>
#include <numeric>

namespace glassbox {

std::vector<PlacedLabel> placeLabels(const std::vector<LabelCandidate>& candidates, const QRectF& bounds, double gap) {
  std::vector<int> order(candidates.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return candidates[static_cast<std::size_t>(a)].priority > candidates[static_cast<std::size_t>(b)].priority; });
  std::vector<PlacedLabel> placed;
  placed.reserve(candidates.size());
  for (int i : order) {
    const LabelCandidate& c = candidates[static_cast<std::size_t>(i)];
    const double w = c.size.width(), h = c.size.height(), x = c.anchor.x(), y = c.anchor.y();
    const QRectF spots[] = {
        {x + gap, y - h - gap / 2, w, h},      // right, above
        {x + gap, y + gap / 2, w, h},          // right, below
        {x - gap - w, y - h - gap / 2, w, h},  // left, above
        {x - gap - w, y + gap / 2, w, h},      // left, below
        {x - w / 2, y - h - gap, w, h},        // above
        {x - w / 2, y + gap, w, h},            // below
    };
    for (const QRectF& r : spots) {
      if (!bounds.contains(r)) continue;
      const bool free = std::none_of(placed.begin(), placed.end(), [&](const PlacedLabel& p) { return p.rect.intersects(r); });
      if (free) {
        placed.push_back({i, r});
        break;
      }
    }
  }
  return placed;
}

}  // namespace glassbox
