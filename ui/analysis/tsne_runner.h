#pragma once
// Runs glassbox::tsne on its own QThread: one long-lived worker, a job id per request, an atomic
// cancel flag checked every few iterations, animated frames and progress back by signals (values only).
// Starting a new job cancels the one running. The destructor cancels, quits and waits.
#include <QObject>
#include <QThread>
#include <QVector>
#include <atomic>
#include <memory>

#include "analysis/tsne.h"

namespace glassbox {

class TsneWorker;

class TsneRunner : public QObject {
  Q_OBJECT
 public:
  explicit TsneRunner(QObject* parent = nullptr);
  ~TsneRunner() override;

  // data: [N][C]. Returns the job id that the signals carry.
  quint64 start(DenseMatrix data, TsneOptions options);
  void cancel();
  bool running() const { return running_; }
  quint64 currentJob() const { return job_; }

  // Minimum time between two frames, so a fast run does not flood the UI thread.
  void setFrameInterval(int ms) { frameIntervalMs_ = ms; }

 signals:
  // points: [N][2] interleaved x, y.
  void frame(quint64 job, int iteration, int totalIterations, double kl, QVector<float> points);
  void finished(quint64 job, bool cancelled, QVector<float> points, double kl);
  void failed(quint64 job, QString message);

 private:
  QThread thread_;
  TsneWorker* worker_ = nullptr;
  std::shared_ptr<std::atomic<bool>> cancel_;
  quint64 job_ = 0;
  bool running_ = false;
  int frameIntervalMs_ = 40;
};

}  // namespace glassbox
