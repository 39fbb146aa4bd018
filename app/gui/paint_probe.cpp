#include "paint_probe.h"

#include <QEventLoop>
#include <QTimer>
#include <qcustomplot.h>

#include "attention_grid.h"
#include "attention_model_view.h"
#include "engine_controller.h"
#include "main_window.h"
#include "next_token_chart.h"
#include "next_token_view.h"
#include "token_chips_widget.h"
#include "tokens_view.h"

namespace glassbox::benchui {

qint64 nowNs() {
  static const QElapsedTimer clock = [] {
    QElapsedTimer c;
    c.start();
    return c;
  }();
  return clock.nsecsElapsed();
}

PaintProbe::PaintProbe(QWidget* widget) : widget_(widget) { widget->installEventFilter(this); }

PaintProbe::~PaintProbe() {
  if (widget_) widget_->removeEventFilter(this);
}

void PaintProbe::arm(std::function<bool()> drawsNewData) {
  drawsNewData_ = std::move(drawsNewData);
  doneNs_ = -1;
}

bool PaintProbe::eventFilter(QObject* watched, QEvent* event) {
  if (watched != widget_ || event->type() != QEvent::Paint || delivering_) return false;
  // Asked before painting: this paint draws the new data only if it is already there.
  const bool counts = doneNs_ < 0 && drawsNewData_ && drawsNewData_();
  delivering_ = true;
  watched->event(event);  // the widget's own paintEvent, run here so that its end can be timed
  delivering_ = false;
  const qint64 end = nowNs();
  if (counts) doneNs_ = end;
  if (onPaint) onPaint(end);
  return true;  // already delivered
}

bool waitUntil(const std::function<bool()>& pred, int timeoutMs) {
  if (pred()) return true;
  QEventLoop loop;
  QTimer poll;
  poll.setTimerType(Qt::PreciseTimer);
  poll.setInterval(1);
  QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
    if (pred()) loop.quit();
  });
  QTimer deadline;
  deadline.setSingleShot(true);
  QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
  poll.start();
  deadline.start(timeoutMs);
  loop.exec();
  return pred();
}

void settle(int ms) { waitUntil([] { return false; }, ms); }

namespace {

// The probes and the poll of notifyWhenFirstPromptPainted, owned by the window.
struct FirstPaintWatch : QObject {
  explicit FirstPaintWatch(MainWindow* w)
      : QObject(w), tokens(w->tokensView()->chips()), chart(w->nextTokenView()->chart()), grid(w->attentionModelView()->grid()) {}
  PaintProbe tokens, chart, grid;
  bool chartReplotted = false;
  bool fired = false;
  QTimer poll;
};

}  // namespace

void notifyWhenFirstPromptPainted(MainWindow& window, std::function<void()> ready) {
  MainWindow* w = &window;
  auto* s = new FirstPaintWatch(w);
  s->tokens.arm([w] { return !w->tokensView()->data().encoding.ids.empty(); });
  // The chart repaints inside replot() (QCustomPlot's phImmediateRefresh), after beforeReplot.
  QObject::connect(w->nextTokenView()->chart(), &QCustomPlot::beforeReplot, s, [w, s] {
    if (w->engine()->analysis() && !w->nextTokenView()->source().logits.empty()) s->chartReplotted = true;
  });
  s->chart.arm([s] { return s->chartReplotted; });
  s->grid.arm([w] { return !w->attentionModelView()->data().empty(); });
  s->poll.setTimerType(Qt::PreciseTimer);
  s->poll.setInterval(1);
  QObject::connect(&s->poll, &QTimer::timeout, s, [s, ready = std::move(ready)] {
    const bool gridDone = s->grid.done() || !s->grid.onScreen();
    if (s->fired || !s->tokens.done() || !s->chart.done() || !gridDone) return;
    s->fired = true;
    s->poll.stop();
    ready();
  });
  s->poll.start();
}

}  // namespace glassbox::benchui
