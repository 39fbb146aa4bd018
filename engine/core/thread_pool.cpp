#include "core/thread_pool.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

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

void ThreadPool::workerLoop(int index) {
  std::size_t seen = 0;
  for (;;) {
    const std::function<void(std::size_t, std::size_t)>* job;
    std::size_t n;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      job = job_;
      n = jobSize_;
    }
    auto [b, e] = chunk(n, threadCount(), index);
    tInsideParallelFor = true;
    if (b < e) (*job)(b, e);
    tInsideParallelFor = false;
    {
      std::lock_guard lock(mutex_);
      if (--pending_ == 0) done_.notify_one();
    }
  }
}

void ThreadPool::parallelFor(std::size_t n, const std::function<void(std::size_t, std::size_t)>& fn) {
  if (n == 0) return;
  if (workers_.empty() || n == 1 || tInsideParallelFor) {
    fn(0, n);
    return;
  }
  std::lock_guard call(callMutex_);
  {
    std::lock_guard lock(mutex_);
    job_ = &fn;
    jobSize_ = n;
    pending_ = static_cast<int>(workers_.size());
    ++generation_;
  }
  wake_.notify_all();
  auto [b, e] = chunk(n, threadCount(), 0);
  tInsideParallelFor = true;
  if (b < e) fn(b, e);
  tInsideParallelFor = false;
  std::unique_lock lock(mutex_);
  done_.wait(lock, [&] { return pending_ == 0; });
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
