#pragma once
// Timing what a person waits for: when a widget has actually painted new content. A PaintProbe filters
// the widget's QEvent::Paint, delivers the event to the widget itself and takes the time after it, so
// the time it records is the end of the widget's paintEvent (the backing store's flush to the screen
// follows in the same event-loop pass and is not included).
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QWidget>
#include <functional>

namespace glassbox {

class MainWindow;

namespace benchui {

// One monotonic clock for every timestamp of the run, in nanoseconds.
qint64 nowNs();
inline double msBetween(qint64 fromNs, qint64 toNs) { return static_cast<double>(toNs - fromNs) / 1e6; }

class PaintProbe : public QObject {
 public:
  explicit PaintProbe(QWidget* widget);
  ~PaintProbe() override;

  // From now on, the first paint that begins while drawsNewData() holds is recorded (done()).
  void arm(std::function<bool()> drawsNewData);
  bool done() const { return doneNs_ >= 0; }
  qint64 doneNs() const { return doneNs_; }
  // Called after every paint with its end time (for continuous measurements such as a drag).
  std::function<void(qint64)> onPaint;
  QWidget* widget() const { return widget_; }
  bool onScreen() const { return widget_ && widget_->isVisible() && !widget_->visibleRegion().isEmpty(); }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QPointer<QWidget> widget_;
  std::function<bool()> drawsNewData_;
  qint64 doneNs_ = -1;
  bool delivering_ = false;
};

// Runs the event loop until pred() holds or timeoutMs passed; returns pred(). Polls every millisecond
// with a precise timer (sleeping in between, so the worker thread keeps its core).
bool waitUntil(const std::function<bool()>& pred, int timeoutMs);
void settle(int ms);  // runs the event loop for ms

// Calls `ready` once, when the window shows the first prompt of its model painted: the Tokens chips and
// the Next token chart, and the attention grid if it is on screen. For the cold-start measurement.
void notifyWhenFirstPromptPainted(MainWindow& window, std::function<void()> ready);

}  // namespace benchui
}  // namespace glassbox
