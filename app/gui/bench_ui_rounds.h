#pragma once
// The measurements of glassbox --bench-ui, each on a live MainWindow (see bench_ui.h for the report).
// Every function says in its comment exactly which interval it times.
#include <QString>
#include <string>

#include "bench_ui.h"

class QSlider;

namespace glassbox {

class MainWindow;
struct AttentionData;

namespace benchui {

// The window shows `prompt` analysed by the model at `path`, with its analysis views filled.
bool loadModelAndWait(MainWindow& window, const QString& path, const QString& prompt, int timeoutMs = 120000);
// Waits until the prompt now in the editor is analysed and its analysis views are on screen.
bool waitForPromptViews(MainWindow& window, int timeoutMs = 60000);

// The sampling slider of a row ("Temperature", "Top-k", "Top-p"); null for any other name.
QSlider* samplingSlider(MainWindow& window, const std::string& control);

// Slider step -> Next token chart painted; fills samples (the view's replot coalescing included) and
// samplesNoDelay (the view flushed right after the input).
void measureSamplingControl(MainWindow& window, const std::string& control, int rounds, BenchUiMetric& metric);
// A continuous drag, one slider move every 10 ms: each move -> the next chart paint after it.
void measureSliderDrag(MainWindow& window, int drags, BenchUiMetric& metric);
// Click on a head of the attention grid -> the grid painted (selection drawn).
void measureAttentionClick(MainWindow& window, int rounds, BenchUiMetric& metric);
// New attention data handed to the grid and the head view (as MainWindow does when the worker's data
// arrives) -> both painted; thumbnails are rebuilt in between. `other` alternates with the current data.
void measureAttentionNewData(MainWindow& window, const AttentionData& other, int rounds, BenchUiMetric& metric);
// Key event sent to the prompt editor -> the Tokens chips painted (tokens), and -> every prompt view on
// screen painted with the new prompt (all: tokens, Next token chart, attention grid, attention head).
// samples: with the editor's automatic debounce; samplesNoDelay: with the debounce set to 0.
void measureKeystrokes(MainWindow& window, int rounds, BenchUiMetric& tokens, BenchUiMetric& all);

}  // namespace benchui
}  // namespace glassbox
