#pragma once
// Runs a view's heavy preparation (projections, thumbnails) on one long-lived thread of its own, so
// the UI thread never does it. Only the latest job matters: posting a job makes every older one stale
// (a stale job that has not started is dropped, a running one can ask `stale()` and stop early, and
// the result of a stale job is never delivered). Results come back to the UI thread by a queued call
// and are applied there by the job's own `apply` function.
//
// Threads: post(), flush(), busy() and the destructor are for the owner's (UI) thread only. compute
// runs on the runner's thread and must touch nothing but the values it captured (shared_ptr<const T>,
// plain structs); apply runs on the owner's thread.
#include <QObject>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace glassbox {

class LatestJobRunner : public QObject {
  Q_OBJECT
 public:
  // What a running job may ask: has a newer job been posted (or is the runner shutting down)?
  class Context {
   public:
    bool stale() const;

   private:
    friend class LatestJobRunner;
    Context(const LatestJobRunner* runner, quint64 job) : runner_(runner), job_(job) {}
    const LatestJobRunner* runner_;
    quint64 job_;
  };

  explicit LatestJobRunner(const QString& name, QObject* parent = nullptr);
  ~LatestJobRunner() override;  // makes the running job stale, waits for it, delivers nothing

  // compute(context) runs on the runner's thread; apply(result) later on this object's thread, unless
  // a newer job was posted in between. Returns the job's number.
  template <class Result>
  quint64 post(std::function<Result(const Context&)> compute, std::function<void(Result)> apply) {
    return postErased([compute = std::move(compute), apply = std::move(apply)](const Context& c) -> Delivery {
      auto result = std::make_shared<Result>(compute(c));
      return [apply, result] { apply(std::move(*result)); };
    });
  }

  // Waits (blocking this thread, at most timeoutMs) until the latest job has finished and applies its
  // result now. For exports and tests that must see the finished picture. Returns false on timeout.
  bool flush(int timeoutMs = 30000);
  // Makes every posted job stale (nothing more will be applied) without posting a new one.
  void cancel();
  // True from post() until the latest job's result was applied (or it was cancelled).
  bool busy() const;

 signals:
  void applied(quint64 job);  // after a result was applied

 private:
  using Delivery = std::function<void()>;
  using ErasedJob = std::function<Delivery(const Context&)>;

  quint64 postErased(ErasedJob job);
  void loop();
  void deliverReady();

  mutable std::mutex mutex_;
  std::condition_variable wake_;      // the runner's thread: a job was posted or stop
  std::condition_variable finished_;  // flush(): a job finished
  ErasedJob pending_;                 // the latest job not yet started
  quint64 pendingJob_ = 0;
  bool running_ = false;              // a job is computing right now
  Delivery ready_;                    // the latest finished job's result, not yet applied
  quint64 readyJob_ = 0;
  std::atomic<quint64> latest_{0};    // the newest job number handed out (0: none)
  quint64 done_ = 0;                  // the newest job applied or cancelled
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace glassbox
