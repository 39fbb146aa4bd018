// The measurements of glassbox --bench-ui (see bench_ui_rounds.h). Every sample is
// (end of the affected widget's paintEvent that draws the new state) - (just before the input is
// delivered), both from the same monotonic clock (paint_probe.h).
#include "bench_ui_rounds.h"

#include <QCoreApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QSlider>
#include <QTextCursor>
#include <QTimer>
#include <algorithm>
#include <qcustomplot.h>

#include "attention_grid.h"
#include "attention_head_view.h"
#include "attention_model_view.h"
#include "engine_controller.h"
#include "main_window.h"
#include "next_token_chart.h"
#include "next_token_view.h"
#include "paint_probe.h"
#include "prompt_editor.h"
#include "token_chips_widget.h"
#include "tokens_view.h"

namespace glassbox::benchui {
namespace {

constexpr int kRoundTimeoutMs = 5000;
constexpr int kSettleMs = 40;  // between rounds: lets pending timers and paints finish

// Set when the Next token chart begins a replot. The chart replots with rpQueuedReplot and QCustomPlot's
// default phImmediateRefresh, so the repaint happens inside replot(), between beforeReplot and afterReplot.
struct ReplotFlag {
  bool replotted = false;
  QMetaObject::Connection connection;
  explicit ReplotFlag(NextTokenChart* chart) {
    connection = QObject::connect(chart, &QCustomPlot::beforeReplot, [this] { replotted = true; });
  }
  ~ReplotFlag() { QObject::disconnect(connection); }
};

double topBar(const NextTokenView& v) {
  const auto h = v.chart()->adjustedHeights();
  return h.empty() ? 0.0 : h.front();
}

// Characters drawn on all chips: typing a letter adds one, Backspace takes it away.
double chipCharacters(const TokensView& v) {
  double n = 0;
  for (const auto& c : v.chips()->chips()) n += c.text.size();
  return n;
}

bool promptAnalysed(MainWindow& w) {
  const auto a = w.engine()->analysis();
  return a && a->trace && a->text == w.editor()->prompt().toStdString() && !w.engine()->isAnalysing();
}

}  // namespace

bool waitForPromptViews(MainWindow& w, int timeoutMs) {
  return waitUntil([&] {
    if (!promptAnalysed(w) || !w.analysisViewsReady()) return false;
    const AttentionGrid* grid = w.attentionModelView()->grid();
    if (!grid->isVisible() || grid->visibleRegion().isEmpty()) return true;  // applied when it is shown
    const auto& d = w.attentionModelView()->data();
    return d.map && d.map == w.engine()->views()->attention->map;
  }, timeoutMs);
}

bool loadModelAndWait(MainWindow& w, const QString& path, const QString& prompt, int timeoutMs) {
  w.setPrompt(prompt);
  w.openModel(path);
  const bool loaded = waitUntil([&] {
    const auto m = w.engine()->model();
    return m && m->modelPath == path && !w.engine()->isLoading();
  }, timeoutMs);
  return loaded && waitForPromptViews(w, timeoutMs);
}

QSlider* samplingSlider(MainWindow& w, const std::string& control) {
  SamplingControls* c = w.nextTokenView()->controls();
  if (control == "Temperature") return c->temperatureSlider();
  if (control == "Top-k") return c->topKSlider();
  if (control == "Top-p") return c->topPSlider();
  return nullptr;
}

// Moves one slider between two positions, round after round, as QSlider::mouseMoveEvent moves it during
// a drag (slider down, setSliderPosition; with tracking on that emits valueChanged).
void measureSamplingControl(MainWindow& w, const std::string& control, int rounds, BenchUiMetric& m) {
  NextTokenView* view = w.nextTokenView();
  SamplingSettings s = view->controls()->settings();
  s.sample = true;
  s.params.temperature = 1.0f;
  s.params.topK = 0;
  s.params.topP = 1.0f;
  s.params.minP = 0.0f;
  view->controls()->setSettings(s);
  view->flush();

  QSlider* slider = samplingSlider(w, control);
  if (!slider) return;
  const int lo = slider->minimum(), span = slider->maximum() - slider->minimum();
  const int a = control == "Temperature" ? 300 : lo + span * 3 / 10;  // T 0.5 / top-p 0.3 / top-k 30 % up its scale
  const int b = control == "Temperature" ? 700 : lo + span * 9 / 10;  // T 1.5 / top-p 0.9
  const auto move = [slider](int v) {
    slider->setSliderDown(true);
    slider->setSliderPosition(v);
  };
  ReplotFlag flag(view->chart());
  PaintProbe probe(view->chart());
  for (const bool flush : {false, true}) {
    move(b);  // start from the other position, so that the first round changes something
    view->flush();
    settle(kSettleMs);
    for (int i = 0; i < rounds; ++i) {
      flag.replotted = false;
      probe.arm([&] { return flag.replotted; });
      const qint64 t0 = nowNs();
      move(i % 2 == 0 ? a : b);
      if (flush) view->flush();  // the 16 ms coalescing timer skipped
      if (waitUntil([&] { return probe.done(); }, kRoundTimeoutMs)) {
        (flush ? m.samplesNoDelay : m.samples).push_back(msBetween(t0, probe.doneNs()));
        if (!flush) m.drawn.push_back(control == "Temperature" ? topBar(*view) : view->chart()->data().survivors);
      }
      settle(kSettleMs);
    }
  }
  if (slider) slider->setSliderDown(false);
  view->controls()->setSettings(s);
  view->flush();
}

// Drags the temperature slider from 0.2 to 2.4 in 30 moves, one every 10 ms (a 100 Hz mouse). Each
// move's sample: the end of the first chart paint after a replot that followed the move.
void measureSliderDrag(MainWindow& w, int drags, BenchUiMetric& m) {
  NextTokenView* view = w.nextTokenView();
  QSlider* slider = w.nextTokenView()->controls()->temperatureSlider();
  ReplotFlag flag(view->chart());
  PaintProbe probe(view->chart());
  std::vector<qint64> paints;
  probe.onPaint = [&](qint64 t) {
    if (!flag.replotted) return;
    flag.replotted = false;
    paints.push_back(t);
  };
  constexpr int kMoves = 30;
  for (const bool flush : {false, true}) {
    for (int d = 0; d < drags; ++d) {
      std::vector<qint64> inputs;
      paints.clear();
      flag.replotted = false;
      slider->setSliderDown(true);
      QTimer tick;
      tick.setTimerType(Qt::PreciseTimer);
      tick.setInterval(10);
      QObject::connect(&tick, &QTimer::timeout, [&] {
        if (static_cast<int>(inputs.size()) >= kMoves) return tick.stop();
        inputs.push_back(nowNs());
        slider->setSliderPosition(200 + static_cast<int>(inputs.size()) * 20);
        if (flush) view->flush();
      });
      tick.start();
      waitUntil([&] { return static_cast<int>(inputs.size()) >= kMoves && !paints.empty() && paints.back() > inputs.back(); },
                kRoundTimeoutMs);
      slider->setSliderDown(false);
      for (const qint64 t : inputs) {
        const auto next = std::upper_bound(paints.begin(), paints.end(), t);
        if (next != paints.end()) (flush ? m.samplesNoDelay : m.samples).push_back(msBetween(t, *next));
      }
      if (!flush) m.drawn.push_back(static_cast<double>(paints.size()));
      settle(kSettleMs);
    }
  }
  view->controls()->temperatureSlider()->setValue(sliderFromTemperature(1.0));
  view->flush();
}

// A left click (press and release, real QMouseEvents) in the middle of a head's cell, alternating
// between two heads that are on screen -> the end of the grid's next paint (it draws the selection).
void measureAttentionClick(MainWindow& w, int rounds, BenchUiMetric& m) {
  AttentionGrid* grid = w.attentionModelView()->grid();
  if (grid->data().empty()) return;
  const int heads = grid->columns();
  const QPoint cells[2] = {grid->cellRect(0, 0).center(), grid->cellRect(std::min(1, grid->rows() - 1), heads - 1).center()};
  PaintProbe probe(grid);
  for (int i = 0; i < rounds; ++i) {
    const QPoint pos = cells[i % 2];
    probe.arm([] { return true; });
    const qint64 t0 = nowNs();
    QMouseEvent press(QEvent::MouseButtonPress, pos, grid->mapToGlobal(pos), Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(grid, &press);
    QMouseEvent release(QEvent::MouseButtonRelease, pos, grid->mapToGlobal(pos), Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(grid, &release);
    if (waitUntil([&] { return probe.done(); }, kRoundTimeoutMs)) {
      m.samples.push_back(msBetween(t0, probe.doneNs()));
      m.drawn.push_back(w.attentionHeadView()->layer() * 1000 + w.attentionHeadView()->head());
    }
    settle(kSettleMs);
  }
}

// setData on the attention grid and the head view, alternating two prompts' data -> the later of the
// grid's and the head plot's paint ends.
void measureAttentionNewData(MainWindow& w, const AttentionData& other, int rounds, BenchUiMetric& m) {
  const AttentionData current = w.attentionModelView()->data();
  if (current.empty() || other.empty()) return;
  AttentionGrid* grid = w.attentionModelView()->grid();
  PaintProbe gridProbe(grid), headProbe(w.attentionHeadView()->plot());
  for (int i = 0; i < rounds; ++i) {
    const AttentionData& d = i % 2 == 0 ? other : current;
    // The grid may prepare its thumbnails off the UI thread: count its first paint that shows `d`.
    gridProbe.arm([&] { return grid->data().map == d.map; });
    headProbe.arm([&] { return w.attentionHeadView()->data().map == d.map; });
    const bool headShown = headProbe.onScreen();
    const qint64 t0 = nowNs();
    w.attentionModelView()->setData(d);
    w.attentionHeadView()->setData(d);
    if (waitUntil([&] { return gridProbe.done() && (headProbe.done() || !headShown); }, kRoundTimeoutMs)) {
      m.samples.push_back(msBetween(t0, std::max(gridProbe.doneNs(), headShown ? headProbe.doneNs() : 0)));
      const QImage& thumb = grid->thumbnail(0, 0);
      double sum = 0;
      for (int y = 0; y < thumb.height(); ++y)
        for (int x = 0; x < thumb.width(); ++x) sum += thumb.pixelIndex(x, y);
      m.drawn.push_back(sum);
    }
    settle(kSettleMs);
  }
  w.attentionModelView()->setData(current);
  w.attentionHeadView()->setData(current);
}

// Alternately types "e" and Backspace at the end of the prompt (QKeyEvents sent to the editor).
void measureKeystrokes(MainWindow& w, int rounds, BenchUiMetric& tokensMetric, BenchUiMetric& allMetric) {
  PromptEditor* editor = w.editor();
  editor->setFocus();
  editor->moveCursor(QTextCursor::End);
  NextTokenView* next = w.nextTokenView();
  PaintProbe tokens(w.tokensView()->chips()), chart(next->chart()), grid(w.attentionModelView()->grid()),
      head(w.attentionHeadView()->plot());
  std::string expected;
  bool chartFresh = false;
  const auto c = QObject::connect(next->chart(), &QCustomPlot::beforeReplot, &chart, [&] {
    const auto a = w.engine()->analysis();
    if (a && a->text == expected && next->source().owner == a) chartFresh = true;
  });
  for (const bool noDebounce : {false, true}) {
    w.engine()->setDebounceMs(noDebounce ? 0 : -1);  // -1: EngineController's automatic debounce
    for (int i = 0; i < rounds; ++i) {
      const void* gridBefore = w.attentionModelView()->data().map.get();
      const void* headBefore = w.attentionHeadView()->data().map.get();
      chartFresh = false;
      expected.clear();
      tokens.arm([&] { return !expected.empty() && w.tokensView()->data().text == expected; });
      chart.arm([&] { return chartFresh; });
      grid.arm([&] { return w.attentionModelView()->data().map.get() != gridBefore; });
      head.arm([&] { return w.attentionHeadView()->data().map.get() != headBefore; });
      std::vector<PaintProbe*> shown{&tokens};
      for (PaintProbe* p : {&chart, &grid, &head})
        if (p->onScreen()) shown.push_back(p);
      const bool type = i % 2 == 0;
      const qint64 t0 = nowNs();
      QKeyEvent press(QEvent::KeyPress, type ? Qt::Key_E : Qt::Key_Backspace, Qt::NoModifier, type ? QStringLiteral("e") : QString());
      QCoreApplication::sendEvent(editor, &press);
      QKeyEvent release(QEvent::KeyRelease, type ? Qt::Key_E : Qt::Key_Backspace, Qt::NoModifier, type ? QStringLiteral("e") : QString());
      QCoreApplication::sendEvent(editor, &release);
      expected = editor->prompt().toStdString();
      const bool ok = waitUntil([&] { return std::all_of(shown.begin(), shown.end(), [](PaintProbe* p) { return p->done(); }); },
                                kRoundTimeoutMs);
      if (tokens.done()) {
        (noDebounce ? tokensMetric.samplesNoDelay : tokensMetric.samples).push_back(msBetween(t0, tokens.doneNs()));
        if (!noDebounce) tokensMetric.drawn.push_back(chipCharacters(*w.tokensView()));
      }
      if (ok) {
        qint64 last = 0;
        for (PaintProbe* p : shown) last = std::max(last, p->doneNs());
        (noDebounce ? allMetric.samplesNoDelay : allMetric.samples).push_back(msBetween(t0, last));
        if (!noDebounce) allMetric.drawn.push_back(static_cast<double>(shown.size()));
      }
      waitForPromptViews(w, kRoundTimeoutMs);
      settle(kSettleMs);
    }
  }
  QObject::disconnect(c);
  w.engine()->setDebounceMs(-1);
}

}  // namespace glassbox::benchui
