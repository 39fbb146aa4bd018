#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "core/thread_pool.h"

using namespace glassbox;

TEST(ThreadPool, CoversEveryIndexOnce) {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    for (std::size_t n : {0u, 1u, 2u, 7u, 1000u}) {
      std::vector<std::atomic<int>> hits(n);
      pool.parallelFor(n, [&](std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i) hits[i]++;
      });
      for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(hits[i].load(), 1) << threads << " " << n << " " << i;
    }
  }
}

TEST(ThreadPool, NestedCallsRunSerially) {
  ThreadPool pool(2);
  std::atomic<int> total{0};
  pool.parallelFor(4, [&](std::size_t b, std::size_t e) {
    for (std::size_t i = b; i < e; ++i)
      pool.parallelFor(10, [&](std::size_t b2, std::size_t e2) { total += static_cast<int>(e2 - b2); });
  });
  EXPECT_EQ(total.load(), 40);
}

// Back-to-back calls (workers still polling when the next job is posted) and calls after a pause (workers
// asleep on the condition variable) each run every chunk exactly once and return only when all are done.
TEST(ThreadPool, BackToBackAndAfterSleepCallsCompleteEveryChunk) {
  for (int threads : {2, 3}) {
    ThreadPool pool(threads);
    std::vector<int> seen(static_cast<std::size_t>(threads), 0);
    for (int call = 0; call < 5000; ++call) {
      if (call % 500 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      pool.parallelFor(static_cast<std::size_t>(threads), [&](std::size_t b, std::size_t e) {
        for (std::size_t i = b; i < e; ++i) seen[i] += 1;  // each index written by one thread per call
      });
      for (int i = 0; i < threads; ++i) ASSERT_EQ(seen[static_cast<std::size_t>(i)], call + 1) << threads << " " << call;
    }
  }
}

TEST(ThreadPool, DestroyedRightAfterAJob) {
  for (int round = 0; round < 50; ++round) {
    std::atomic<int> total{0};
    {
      ThreadPool pool(2);
      pool.parallelFor(8, [&](std::size_t b, std::size_t e) { total += static_cast<int>(e - b); });
    }  // the worker may still be polling: the destructor must wake it and join
    EXPECT_EQ(total.load(), 8);
  }
}
