#pragma once
// The BPE merge loop shared by llama2.c (highest score first) and Hugging Face BPE (lowest merge rank
// first): a doubly linked list of symbols and a heap of candidate pairs, ties broken leftmost first,
// O(n log n) instead of the reference O(n^2) rescans, with the same result.
#include <cstdint>
#include <optional>
#include <queue>
#include <vector>

namespace glassbox::tok {

struct BpeSymbol {
  int id = 0;
  std::uint32_t begin = 0, end = 0;  // byte span in the word
  int prev = -1, next = -1;
};

struct BpeCandidate {
  double priority = 0;  // lower merges first
  int newId = 0;
};

// lookup(leftId, rightId, leftSymbol, rightSymbol) -> optional<BpeCandidate>. Merges in place: the left
// symbol absorbs the right one, which is unlinked (id -1). Callers walk the result from index 0 via `next`.
template <class Lookup>
void bpeMerge(std::vector<BpeSymbol>& syms, Lookup&& lookup) {
  struct Item {
    double priority;
    int left;
    std::uint32_t leftBegin;
    int rightId, leftId;
    int newId;
    bool operator<(const Item& o) const {  // max-heap: "less" means merges later
      if (priority != o.priority) return priority > o.priority;
      return leftBegin > o.leftBegin;
    }
  };
  std::priority_queue<Item> heap;
  auto push = [&](int l) {
    if (l < 0) return;
    const int r = syms[l].next;
    if (r < 0) return;
    if (auto c = lookup(syms[l].id, syms[r].id, syms[l], syms[r]))
      heap.push(Item{c->priority, l, syms[l].begin, syms[r].id, syms[l].id, c->newId});
  };
  for (int i = 0; i + 1 < static_cast<int>(syms.size()); ++i) push(i);
  while (!heap.empty()) {
    const Item it = heap.top();
    heap.pop();
    BpeSymbol& L = syms[it.left];
    if (L.id != it.leftId || L.next < 0) continue;  // stale
    BpeSymbol& R = syms[L.next];
    if (R.id != it.rightId) continue;
    L.id = it.newId;
    L.end = R.end;
    L.next = R.next;
    if (R.next >= 0) syms[R.next].prev = it.left;
    R.id = -1;
    R.next = -1;
    push(L.prev);
    push(it.left);
  }
}

}  // namespace glassbox::tok
