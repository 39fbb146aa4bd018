#include "latest_job_runner.h"

#include <chrono>

namespace glassbox {

bool LatestJobRunner::Context::stale() const { return runner_->stop_.load() || runner_->latest_.load() != job_; }

LatestJobRunner::LatestJobRunner(const QString& name, QObject* parent) : QObject(parent) {
  setObjectName(name);
  thread_ = std::thread([this] { loop(); });
}

LatestJobRunner::~LatestJobRunner() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
    pending_ = nullptr;
    ready_ = nullptr;
  }
  wake_.notify_all();
  thread_.join();  // before QObject's destructor: no queued call can be posted to a dying object
}

quint64 LatestJobRunner::postErased(ErasedJob job) {
  const std::lock_guard lock(mutex_);
  const quint64 id = ++latest_;
  pending_ = std::move(job);  // an older job that has not started is dropped here
  pendingJob_ = id;
  ready_ = nullptr;
  wake_.notify_one();
  return id;
}

void LatestJobRunner::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stop_ || pending_; });
    if (stop_) return;
    ErasedJob job = std::move(pending_);
    pending_ = nullptr;
    const quint64 id = pendingJob_;
    running_ = true;
    lock.unlock();
    Delivery delivery;
    try {
      delivery = job(Context(this, id));
    } catch (...) {
      delivery = nullptr;  // compute reports its own errors inside its result; anything else is dropped
    }
    job = nullptr;  // release the captured inputs on this thread
    lock.lock();
    running_ = false;
    if (id == latest_ && !stop_) {
      if (delivery) {
        ready_ = std::move(delivery);
        readyJob_ = id;
        QMetaObject::invokeMethod(this, [this] { deliverReady(); }, Qt::QueuedConnection);
      } else {
        done_ = id;
      }
    }
    delivery = nullptr;
    finished_.notify_all();
  }
}

void LatestJobRunner::deliverReady() {
  Delivery delivery;
  quint64 id = 0;
  {
    const std::lock_guard lock(mutex_);
    if (!ready_ || readyJob_ != latest_) return;  // applied by flush(), or stale
    delivery = std::move(ready_);
    ready_ = nullptr;
    id = readyJob_;
    done_ = id;
  }
  delivery();
  emit applied(id);
}

bool LatestJobRunner::flush(int timeoutMs) {
  {
    std::unique_lock lock(mutex_);
    if (!finished_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return !pending_ && !running_; }))
      return false;
  }
  deliverReady();
  return !busy();
}

void LatestJobRunner::cancel() {
  const std::lock_guard lock(mutex_);
  done_ = ++latest_;
  pending_ = nullptr;
  ready_ = nullptr;
}

bool LatestJobRunner::busy() const {
  const std::lock_guard lock(mutex_);
  return done_ != latest_;
}

}  // namespace glassbox
