#pragma once
// STREAM-style memory bandwidth of this machine (bench_engine.cpp), the denominator of every decode
// bandwidth ratio.
#include <algorithm>
#include <cstddef>

namespace glassbox::bench {

struct Bandwidth {
  double copy = 0;   // bytes/s, STREAM counting: 2 words per element (read a, write c)
  double triad = 0;  // bytes/s, 3 words per element (read b, c; write a)
  double read = 0;   // bytes/s, 1 word per element (sum of a): what decode does with its weights
  double best() const { return std::max(copy, triad); }
};

// n floats per array (4x the last-level cache for a true memory figure); the best of `reps` runs of each
// kernel, split over the global pool's threads.
Bandwidth measureBandwidth(std::size_t n, int reps);
// The best of two sweeps (one before and one after a timing: a neighbour's burst during one sweep must
// not lower the limit on a shared machine).
Bandwidth bestBandwidth(const Bandwidth& a, const Bandwidth& b);

}  // namespace glassbox::bench
