#include "tsne_runner.h"

#include <QElapsedTimer>

#include "core/error.h"

namespace glassbox {

// Lives on the runner's thread; every job runs to completion or cancellation before the next.
class TsneWorker : public QObject {
  Q_OBJECT
 public:
  void run(quint64 job, std::shared_ptr<const DenseMatrix> data, TsneOptions options,
           std::shared_ptr<std::atomic<bool>> cancel, int frameIntervalMs) {
    QElapsedTimer clock;
    clock.start();
    qint64 lastFrame = -frameIntervalMs;
    try {
      const TsneResult r = tsne(*data, options, [&](int it, double kl, std::span<const float> pts) {
        if (cancel->load()) return false;
        if (clock.elapsed() - lastFrame >= frameIntervalMs) {
          lastFrame = clock.elapsed();
          emit frame(job, it, options.iterations, kl, QVector<float>(pts.begin(), pts.end()));
        }
        return true;
      });
      emit finished(job, r.cancelled, QVector<float>(r.points.values.begin(), r.points.values.end()), r.kl);
    } catch (const std::exception& e) {
      emit failed(job, QString::fromUtf8(e.what()));
    }
  }

 signals:
  void frame(quint64 job, int iteration, int totalIterations, double kl, QVector<float> points);
  void finished(quint64 job, bool cancelled, QVector<float> points, double kl);
  void failed(quint64 job, QString message);
};

TsneRunner::TsneRunner(QObject* parent) : QObject(parent) {
  worker_ = new TsneWorker;
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &TsneWorker::frame, this, [this](quint64 job, int it, int total, double kl, QVector<float> pts) {
    if (job == job_) emit frame(job, it, total, kl, pts);
  });
  connect(worker_, &TsneWorker::finished, this, [this](quint64 job, bool cancelled, QVector<float> pts, double kl) {
    if (job != job_) return;
    running_ = false;
    emit finished(job, cancelled, pts, kl);
  });
  connect(worker_, &TsneWorker::failed, this, [this](quint64 job, QString message) {
    if (job != job_) return;
    running_ = false;
    emit failed(job, message);
  });
  thread_.setObjectName("tsne");
  thread_.start();
}

TsneRunner::~TsneRunner() {
  if (cancel_) cancel_->store(true);
  thread_.quit();
  thread_.wait();
}

quint64 TsneRunner::start(DenseMatrix data, TsneOptions options) {
  if (cancel_) cancel_->store(true);
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  const quint64 job = ++job_;
  running_ = true;
  auto shared = std::make_shared<const DenseMatrix>(std::move(data));
  auto flag = cancel_;
  const int interval = frameIntervalMs_;
  QMetaObject::invokeMethod(
      worker_, [w = worker_, job, shared, options, flag, interval] { w->run(job, shared, options, flag, interval); },
      Qt::QueuedConnection);
  return job;
}

void TsneRunner::cancel() {
  if (cancel_) cancel_->store(true);
}

}  // namespace glassbox

#include "tsne_runner.moc"
