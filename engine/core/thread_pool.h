#pragma once
// A fixed pool of worker threads for data-parallel loops (matmul rows, attention heads). One pool per
// process, sized to the cores; parallelFor blocks the caller, which takes a share of the work itself.
// parallelFor may be called from one thread at a time per pool; nested calls run serially.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace glassbox {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threadCount() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls fn(begin, end) over [0, n) split into contiguous chunks, one per thread.
  void parallelFor(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn);

  // The process-wide pool; its size is GLASSBOX_THREADS or the number of cores.
  static ThreadPool& global();
  // Resizes the global pool (benchmarks compare 1 and 2 threads). Not concurrent with parallelFor.
  static void setGlobalThreads(int threads);

 private:
  void workerLoop(int index);

  void runShare(int index);

  // A decoded token makes ~50 parallelFor calls of ~0.1-1 ms each. Workers and the caller first poll the
  // atomics below (for GLASSBOX_SPIN_US microseconds, default ~1 us: see spinSeconds() in the .cpp) and
  // then sleep on the condition variables; the mutex is taken once per call, never contended long.
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(std::size_t, std::size_t)>* job_ = nullptr;
  std::size_t jobSize_ = 0;
  std::atomic<std::size_t> generation_{0};  // bumped (under mutex_) when a job is posted
  std::atomic<int> pending_{0};             // workers still running the current job
  std::atomic<int> sleepers_{0};            // workers waiting on wake_
  bool stop_ = false;
  std::mutex callMutex_;
};

}  // namespace glassbox
