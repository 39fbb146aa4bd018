// MainWindow: how the views share the window at its first show, and the prompt's fixed height.
//
// Narrow windows (below 1500 px, e.g. 1280 x 800 and the 1440 x 900 the window opens at on a 1600 px
// screen): two rows under the prompt — Tokens, Generation and Model as tabs in a short row, then Next
// token and the analysis views as tabs sharing the rest, so that the 12 x 12 attention grid of GPT-2
// fits at a readable size without scrolling. Wide windows: Tokens, Next token and Generation in a left
// column, the analysis views in a right column running the full height.
#include <QDockWidget>
#include <QMenuBar>
#include <QStatusBar>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextDocument>
#include <algorithm>

#include "attention_grid.h"
#include "attention_model_view.h"
#include "main_window.h"
#include "prompt_editor.h"

namespace glassbox {
namespace {

constexpr int kWideLayout = 1500;
constexpr int kPromptLines = 3;  // the prompt keeps this height however tall the window is

}  // namespace

// The prompt keeps a few lines: the views get the rest of a resize. (The empty state, shown without a
// model, may take what it needs.)
void MainWindow::fitPromptHeight() {
  if (central_->currentWidget() != promptPage_) {
    central_->setMinimumHeight(0);
    central_->setMaximumHeight(QWIDGETSIZE_MAX);
    return;
  }
  const int line = editor_->fontMetrics().lineSpacing();
  const int chrome = 2 * editor_->frameWidth() + static_cast<int>(2 * editor_->document()->documentMargin()) + 4;
  central_->setMinimumHeight(2 * line + chrome);
  // An encoder-decoder's output pane (title row, forced output, tokens) needs a few lines more.
  const int lines = encoderDecoder() ? kPromptLines + 3 : kPromptLines;
  central_->setMaximumHeight(lines * line + chrome);
}

void MainWindow::arrangeDefaultLayout() {
  QDockWidget* tokens = docks_[0];
  QDockWidget* next = docks_[1];
  QDockWidget* generation = docks_[2];
  QDockWidget* model = docks_[3];
  // The encoder docks stay tabs of the views they stand in for (Next token; Model), wherever those go.
  const auto keepEncoderTabs = [&] {
    tabifyDockWidget(next, dock(QStringLiteral("dock.masked")));
    for (const char* name : {"dock.classification", "dock.similarity"}) tabifyDockWidget(model, dock(QString::fromLatin1(name)));
  };
  if (width() < kWideLayout) {
    // Generation moves up beside Tokens; the analysis views become tabs beside Next token.
    tabifyDockWidget(tokens, generation);
    tabifyDockWidget(generation, model);
    tabifyDockWidget(next, attentionDock_);
    tabifyDockWidget(attentionDock_, embeddingsDock_);
    tabifyDockWidget(embeddingsDock_, positionsDock_);
    for (QDockWidget* d : {mapDock_, ffnDock_, lensDock_, logitsDock_}) tabifyDockWidget(positionsDock_, d);
    keepEncoderTabs();
    tokens->raise();
    next->raise();
    attSplit_->setOrientation(Qt::Horizontal);  // wide and short there: grid beside the head
    // What the two rows of docks share: the window less the menu, status bar, prompt and two tab bars.
    const int rest = std::max(300, height() - menuBar()->height() - statusBar()->height() - central_->maximumHeight() - 2 * 30);
    const int top = std::min(130, rest / 5);
    resizeDocks({tokens, next}, {top, rest - top}, Qt::Vertical);
  } else {
    keepEncoderTabs();
    generation->raise();
    next->raise();
    resizeDocks({attentionDock_}, {width() * 45 / 100}, Qt::Horizontal);
    const int rest = std::max(400, height() - menuBar()->height() - statusBar()->height() - central_->maximumHeight() - 30);
    resizeDocks({tokens, next, generation}, {rest * 20 / 100, rest * 58 / 100, rest * 22 / 100}, Qt::Vertical);
  }
  fitAttentionSplit();
}

// Grid and head view share the Attention dock: the grid gets what its square cells need at the shape
// of the model shown (or of GPT-2, 12 x 12, before any data), the head view the rest but at least 40 %.
void MainWindow::fitAttentionSplit() {
  const AttentionGrid* grid = attGrid_->grid();
  const int layers = grid->rows() > 0 ? grid->rows() : 12, heads = grid->columns() > 0 ? grid->columns() : 12;
  const QSize dockSize = attentionDock_->size();
  const int chrome = 90;  // the grid view's summary, key and margins
  if (attSplit_->orientation() == Qt::Horizontal) {
    const int h = std::max(200, dockSize.height() - 40);
    const int cell = std::max(AttentionGrid::kMinCell, (h - chrome) / layers - 3);
    const int want = 34 + heads * (cell + 3) + 30;
    const int total = std::max(400, dockSize.width());
    const int gridWidth = std::clamp(want, total * 40 / 100, total * 60 / 100);
    attSplit_->setSizes({gridWidth, total - gridWidth});
  } else {
    const int w = std::max(200, dockSize.width() - 20);
    const int cell = std::max(AttentionGrid::kMinCell, (w - 40) / heads - 3);
    const int want = chrome + layers * (cell + 3);
    const int total = std::max(400, dockSize.height());
    const int gridHeight = std::clamp(want, total * 35 / 100, total * 60 / 100);
    attSplit_->setSizes({gridHeight, total - gridHeight});
  }
}

}  // namespace glassbox
