#pragma once
// The glassbox command line: --model PATH, --tokenizer PATH, --prompt TEXT, --export DIR, --no-restore.
#include <QStringList>

#include "main_window.h"

namespace glassbox {

struct GuiCommandLine {
  StartupOptions options;
  QString error;  // non-empty: print it and exit 2
  bool help = false;
};

GuiCommandLine parseGuiCommandLine(const QStringList& arguments);
QString guiUsage();

}  // namespace glassbox
