// glassbox --bench-ui: every figure is measured and every timed widget really painted the new state.
// No timing thresholds here (bench/README.md, "UI budget", is where the figures are read).
#include <QFileInfo>
#include <QJsonObject>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "bench_ui.h"
#include "gui_options.h"

namespace glassbox {
namespace {

TEST(BenchUiTest, PercentileInterpolatesBetweenOrderStatistics) {
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 50), 2.5);
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 95), 3.85);  // 3 + 0.85 * (4 - 3)
  EXPECT_DOUBLE_EQ(percentile({7}, 95), 7.0);
  EXPECT_TRUE(std::isnan(percentile({}, 50)));
}

TEST(BenchUiTest, CommandLineOptions) {
  const auto ok = parseGuiCommandLine({"glassbox", "--bench-ui", "--json", "out.json", "--rounds", "3"});
  EXPECT_TRUE(ok.error.isEmpty()) << ok.error.toStdString();
  EXPECT_TRUE(ok.benchUi);
  EXPECT_EQ(ok.benchJson, "out.json");
  EXPECT_EQ(ok.benchRounds, 3);
  EXPECT_FALSE(parseGuiCommandLine({"glassbox", "--bench-ui", "--rounds", "0"}).error.isEmpty());
  EXPECT_FALSE(parseGuiCommandLine({"glassbox", "--json", "x.json"}).error.isEmpty());
  const auto child = parseGuiCommandLine({"glassbox", "--exit-when-painted"});
  EXPECT_TRUE(child.exitWhenPainted);
  EXPECT_FALSE(child.options.persistSettings);
  EXPECT_FALSE(child.options.restoreAutosave);
}

// Distinct values among a metric's per-round evidence.
std::size_t distinct(const std::vector<double>& v) { return std::set<double>(v.begin(), v.end()).size(); }

TEST(BenchUiTest, TwoRoundsMeasureEveryFigureOnRepaintedWidgets) {
  const QString model = QStringLiteral(GLASSBOX_SOURCE_DIR "/assets/models/glassbox-kjv");
  if (!QFileInfo::exists(model + "/config.json")) GTEST_SKIP() << "the default model is absent: " << model.toStdString();
  const QString exe = QStringLiteral(GLASSBOX_BINARY_DIR "/bin/glassbox");
  QTemporaryDir work;
  BenchUiOptions o;
  o.rounds = 2;
  o.print = false;
  o.workDir = work.path();
  o.defaultModelPath = model;
  o.glassboxPath = exe;
  o.coldStartRounds = QFileInfo::exists(exe) ? 2 : 0;
  const BenchUiReport r = runUiBench(o);
  ASSERT_TRUE(r.error.isEmpty()) << r.error.toStdString();

  const QJsonObject j = r.toJson();
  std::vector<std::string> keys = {"ui_slider_repaint_ms", "ui_slider_temperature_ms", "ui_slider_top_k_ms",
                                   "ui_slider_top_p_ms", "ui_slider_drag_ms", "ui_attention_repaint_ms",
                                   "ui_attention_new_data_ms", "ui_keystroke_tokens_ms", "ui_keystroke_all_views_ms"};
  if (o.coldStartRounds > 0) keys.push_back("ui_cold_start_ms");
  const std::set<std::string> withoutDelay = {"ui_slider_repaint_ms", "ui_slider_temperature_ms", "ui_slider_top_k_ms",
                                              "ui_slider_top_p_ms", "ui_slider_drag_ms", "ui_keystroke_tokens_ms",
                                              "ui_keystroke_all_views_ms"};
  for (const auto& key : keys) {
    std::vector<std::string> suffixes = {"_p50", "_p95", "_budget"};
    if (withoutDelay.count(key)) suffixes.insert(suffixes.end(), {"_no_delay_p50", "_no_delay_p95"});
    for (const auto& suffix : suffixes) {
      const QString k = QString::fromStdString(key + suffix);
      ASSERT_TRUE(j.contains(k)) << k.toStdString();
      const double v = j.value(k).toDouble(-1);
      EXPECT_TRUE(std::isfinite(v) && v > 0) << k.toStdString() << " = " << v;
    }
    EXPECT_TRUE(j.value("ui_budget_pass").toObject().contains(QString::fromStdString(key))) << key;
  }

  // The timed widgets drew something new each round: the chart's top bar moved with the temperature,
  // the survivors with top-k and top-p, the head selection, the grid's thumbnails and the chips' text
  // alternate; every prompt view on screen (tokens, next token, attention grid and head) painted.
  for (const char* key : {"ui_slider_temperature_ms", "ui_slider_top_k_ms", "ui_slider_top_p_ms", "ui_attention_repaint_ms",
                          "ui_attention_new_data_ms", "ui_keystroke_tokens_ms"}) {
    const BenchUiMetric* m = r.find(key);
    ASSERT_NE(m, nullptr) << key;
    EXPECT_EQ(m->samples.size(), 2u) << key;
    EXPECT_EQ(distinct(m->drawn), 2u) << key;
  }
  const BenchUiMetric* temp = r.find("ui_slider_temperature_ms");
  EXPECT_GT(temp->drawn[0], temp->drawn[1]) << "T 0.5 then T 1.5: the top bar must shrink";
  const BenchUiMetric* all = r.find("ui_keystroke_all_views_ms");
  ASSERT_EQ(all->drawn.size(), 2u);
  EXPECT_EQ(all->drawn[0], 4.0) << "tokens, next token, attention grid and head view all on screen and painted";
  const BenchUiMetric* drag = r.find("ui_slider_drag_ms");
  EXPECT_EQ(drag->samples.size(), 30u) << "every move of the drag was followed by a paint";
  if (o.coldStartRounds > 0) EXPECT_EQ(r.find("ui_cold_start_ms")->samples.size(), 2u);
}

}  // namespace
}  // namespace glassbox
