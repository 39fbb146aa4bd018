#pragma once
// The glassbox command line: --model PATH, --tokenizer PATH, --prompt TEXT, --target TEXT, --export DIR [--no-caption], --no-restore,
// --lang ko|en, the sampling flags of glassbox-cli generate (--temperature, --top-k, --top-p, --min-p, --typical-p,
// --repeat-penalty, --frequency-penalty, --presence-penalty, --penalty-last-n, --sampler-order, --seed),
// --max-new-tokens N, --generate N, --list-lessons, --lesson N, --window-size WxH, --bench-ui [--json FILE] [--rounds N] (the UI budget run, bench_ui.h), --exit-when-painted (its
// cold-start child), and one positional FILE: a session (*.glassbox.json) or a model.
#include <QSize>
#include <QStringList>

#include "main_window.h"

namespace glassbox {

struct GuiCommandLine {
  StartupOptions options;
  QString error;  // non-empty: print it and exit 2
  bool help = false;
  bool version = false;
  QString sessionPath;           // a positional FILE.glassbox.json (opened from the file manager)
  bool benchUi = false;          // --bench-ui: measure the UI budget and exit
  QString benchJson;             // --json FILE
  int benchRounds = 30;          // --rounds N
  bool exitWhenPainted = false;  // exit once the first prompt's views are painted (cold-start timing)
  bool listLessons = false;      // --list-lessons: print the built-in lesson's steps and exit
  int lessonStep = 0;            // --lesson N (1-based; 0: none): open the built-in lesson at step N
  QSize windowSize;              // --window-size WxH (invalid: the default)
  QString language;              // --lang ko|en (empty: the saved choice, else the system locale)
};

GuiCommandLine parseGuiCommandLine(const QStringList& arguments);
QString guiUsage();

}  // namespace glassbox
