#include "gui_options.h"

#include <QCommandLineParser>

namespace glassbox {
namespace {

void addOptions(QCommandLineParser& p) {
  p.setApplicationDescription(QStringLiteral("Glassbox: see how a transformer language model works."));
  p.addOption({QStringLiteral("model"), QStringLiteral("A Hugging Face model folder or a llama2.c .bin file."), QStringLiteral("PATH")});
  p.addOption({QStringLiteral("tokenizer"), QStringLiteral("The tokenizer (tokenizer.json or tokenizer.bin), when not beside the model."), QStringLiteral("PATH")});
  p.addOption({QStringLiteral("prompt"), QStringLiteral("The prompt to start with."), QStringLiteral("TEXT")});
  p.addOption({QStringLiteral("export"), QStringLiteral("Render every view to DIR/<view>.png and .svg, then exit."), QStringLiteral("DIR")});
  p.addOption({QStringLiteral("no-restore"), QStringLiteral("Do not reopen the autosaved session.")});
  p.addHelpOption();
  p.addVersionOption();
}

}  // namespace

GuiCommandLine parseGuiCommandLine(const QStringList& arguments) {
  QCommandLineParser p;
  addOptions(p);
  GuiCommandLine r;
  if (!p.parse(arguments)) {
    r.error = p.errorText();
    return r;
  }
  r.help = p.isSet(QStringLiteral("help"));
  r.options.modelPath = p.value(QStringLiteral("model"));
  r.options.tokenizerPath = p.value(QStringLiteral("tokenizer"));
  if (p.isSet(QStringLiteral("prompt"))) r.options.prompt = p.value(QStringLiteral("prompt"));
  r.options.exportDir = p.value(QStringLiteral("export"));
  r.options.restoreAutosave = !p.isSet(QStringLiteral("no-restore")) && r.options.exportDir.isEmpty();
  r.options.persistSettings = r.options.exportDir.isEmpty();
  if (!p.positionalArguments().isEmpty()) r.error = QStringLiteral("unexpected argument: ") + p.positionalArguments().first();
  return r;
}

QString guiUsage() {
  QCommandLineParser p;
  addOptions(p);
  return p.helpText();
}

}  // namespace glassbox
