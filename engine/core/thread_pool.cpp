#include "core/thread_pool.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace glassbox {

namespace {
thread_local bool tInsideParallelFor = false;

std::unique_ptr<ThreadPool>& globalSlot() {
  static std::unique_ptr<ThreadPool> pool;
  return pool;
}

int defaultThreads() {
  if (const char* env = std::getenv("GLASSBOX_THREADS")) {
    int n = std::atoi(env);
    if (n >= 1 && n <= 256) return n;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

std::pair<std::size_t, std::size_t> chunk(std::size_t n, int parts, int index) {
  const std::size_t per = n / parts, extra = n % parts;
  const std::size_t begin = index * per + std::min<std::size_t>(index, extra);
  return {begin, begin + per + (static_cast<std::size_t>(index) < extra ? 1 : 0)};
}
}  // namespace

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < std::max(1, threads); ++i) workers_.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

namespace {

// How long a thread spins before sleeping: GLASSBOX_SPIN_US microseconds (0..10000), default 0 (64 pause
// instructions, ~1 us). A longer spin saves the futex wake-up of the ~50 calls per decoded token on an idle
// machine, but on a busy one (more runnable threads than cores) a spinning worker takes CPU time from the
// thread doing the work and loses the scheduler's wake-up preference: measured with glassbox-bench at load
// ~9 on 2 cores, 2-thread decode went from 26 to 14 tokens/s with a 100 us spin.
double spinSeconds() {
  static const double seconds = [] {
    if (const char* env = std::getenv("GLASSBOX_SPIN_US")) {
      const int us = std::atoi(env);
      if (us >= 0 && us <= 10000) return us * 1e-6;
    }
    return 0.0;
  }();
  return seconds;
}

// Spins until done() or about spinSeconds() have passed; true when done() became true.
template <class Done>
bool spinUntil(Done done) {
  const double kSpinSeconds = spinSeconds();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1;; ++i) {
    if (done()) return true;
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#else
    std::this_thread::yield();
#endif
    if (i % 64 == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > kSpinSeconds)
      return done();
  }
}

}  // namespace

void ThreadPool::workerLoop(int index) {
  std::size_t seen = 0;
  for (;;) {
    if (!spinUntil([&] { return generation_.load(std::memory_order_acquire) != seen; })) {
      std::unique_lock lock(mutex_);
      sleepers_.fetch_add(1);
      wake_.wait(lock, [&] { return stop_ || generation_.load() != seen; });
      sleepers_.fetch_sub(1);
    }
    {
      std::lock_guard lock(mutex_);
      if (stop_) return;
    }
    seen = generation_.load(std::memory_order_acquire);
    runShare(index);
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard lock(mutex_);  // orders the notify after a caller that checked pending_ and waits
      done_.notify_one();
    }
  }
}

void ThreadPool::runShare(int index) {
  auto [b, e] = chunk(jobSize_, threadCount(), index);
  tInsideParallelFor = true;
  if (b < e) (*job_)(b, e);
  tInsideParallelFor = false;
}

void ThreadPool::parallelFor(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn) {
  if (n == 0) return;
  if (workers_.empty() || n == 1 || tInsideParallelFor) {
    fn(0, n);
    return;
  }
  std::lock_guard call(callMutex_);
  pending_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
  {
    std::lock_guard lock(mutex_);
    job_ = &fn;
    jobSize_ = n;
    generation_.fetch_add(1, std::memory_order_release);
  }
  if (sleepers_.load() > 0) wake_.notify_all();
  runShare(0);
  if (spinUntil([&] { return pending_.load(std::memory_order_acquire) == 0; })) return;
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return pending_.load(std::memory_order_acquire) == 0; });
}

ThreadPool& ThreadPool::global() {
  auto& slot = globalSlot();
  static std::once_flag once;
  std::call_once(once, [&] {
    if (!slot) slot = std::make_unique<ThreadPool>(defaultThreads());
  });
  return *slot;
}

void ThreadPool::setGlobalThreads(int threads) {
  global();
  globalSlot() = std::make_unique<ThreadPool>(threads);
}

}  // namespace glassbox
