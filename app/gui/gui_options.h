#pragma once
// The glassbox command line: --model PATH, --tokenizer PATH, --prompt TEXT, --export DIR [--no-caption], --no-restore,
// --bench-ui [--json FILE] [--rounds N] (the UI budget run, bench_ui.h), --exit-when-painted (its
// cold-start child), and one positional FILE: a session (*.glassbox.json) or a model.
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
};

GuiCommandLine parseGuiCommandLine(const QStringList& arguments);
QString guiUsage();

}  // namespace glassbox
