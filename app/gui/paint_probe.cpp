#include "paint_probe.h"

#include <QEventLoop>
#include <QTimer>
#include <memory>
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

void notifyWhenFirstPromptPainted(MainWindow& window, std::function<void()> ready) {
  struct State {
    std::unique_ptr<PaintProbe> tokens, chart, grid;
    bool chartReplotted = false;
    bool fired = false;
    QTimer poll;
  };
  auto state = std::make_shared<State>();
  MainWindow* w = &window;
  state->tokens = std::make_unique<PaintProbe>(w->tokensView()->chips());
  state->chart = std::make_unique<PaintProbe>(w->nextTokenView()->chart());
  state->grid = std::make_unique<PaintProbe>(w->attentionModelView()->grid());
  state->tokens->arm([w] { return !w->tokensView()->data().encoding.ids.empty(); });
  State* s = state.get();
  QObject::connect(w->nextTokenView()->chart(), &QCustomPlot::beforeReplot, &state->poll, [w, s] {
    if (w->engine()->analysis() && !w->nextTokenView()->source().logits.empty()) s->chartReplotted = true;
  });
  state->chart->arm([s] { return s->chartReplotted; });
  state->grid->arm([w] { return !w->attentionModelView()->data().empty(); });
  state->poll.setTimerType(Qt::PreciseTimer);
  state->poll.setInterval(1);
  QObject::connect(&state->poll, &QTimer::timeout, w, [state, ready] {
    if (state->fired) return;
    const bool gridDone = state->grid->done() || !state->grid->onScreen();
    if (state->tokens->done() && state->chart->done() && gridDone) {
      state->fired = true;
      state->poll.stop();
      ready();
    }
  });
  state->poll.start();
}

}  // namespace glassbox::benchui
