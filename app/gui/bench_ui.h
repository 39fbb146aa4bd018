#pragma once
// glassbox --bench-ui: the UI budget, measured on the real MainWindow and its views. Every figure is the
// time from an input (a slider moved the way a drag moves it, a key event sent to the prompt editor, a
// mouse click, new data arriving, a process started) until the affected widget has painted the result
// (see paint_probe.h). A measurement, not a test: it reports p50 / p95 against the budget and never fails.
#include <QJsonObject>
#include <QString>
#include <string>
#include <vector>

namespace glassbox {

struct BenchUiOptions {
  int rounds = 30;            // samples per figure (the cold start takes min(rounds, 10) processes)
  int coldStartRounds = -1;   // -1: min(rounds, 10); 0: skip the cold start
  QString jsonPath;           // --json FILE
  QString glassboxPath;       // the executable started for the cold start (empty: this one)
  QString defaultModelPath;   // empty: the default model as the app finds it
  QString workDir;            // where the synthetic model is written (empty: a temporary folder)
  bool print = true;          // progress and the table on stdout
};

struct BenchUiMetric {
  std::string key;      // JSON key prefix: <key>_p50, <key>_p95, <key>_no_delay_p50, ...
  std::string what;     // one line for the table
  double budgetMs = 0;
  std::vector<double> samples;         // ms, including the UI's deliberate delays: compared with the budget
  std::vector<double> samplesNoDelay;  // ms, the same interval with the deliberate delay removed (may be empty)
  std::vector<double> drawn;           // per sample, a figure read from the widget after it painted (evidence)
  double p50() const;
  double p95() const;
  bool pass() const { return !samples.empty() && p95() < budgetMs; }
};

struct BenchUiReport {
  std::vector<BenchUiMetric> metrics;
  std::vector<std::string> notes;  // what was measured on what
  QString error;                   // non-empty: the run could not finish (metrics hold what was measured)
  const BenchUiMetric* find(const std::string& key) const;
  QJsonObject toJson() const;      // numbers only at the top level, plus "ui_budget_pass" and "notes"
  QString table() const;
};

// Runs every measurement. Needs a QApplication; creates and closes its own windows.
BenchUiReport runUiBench(const BenchUiOptions& options);

// The command: runs, prints the table, writes --json; returns 0 unless the JSON file cannot be written.
int runUiBenchCommand(const BenchUiOptions& options);

// p-th percentile (0..100) of samples, linear between order statistics; NaN when empty.
double percentile(std::vector<double> samples, double p);

}  // namespace glassbox
