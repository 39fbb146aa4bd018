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
  p.addOption({QStringLiteral("no-caption"), QStringLiteral("With --export: no caption (view, settings, model, prompt) above the images.")});
  p.addOption({QStringLiteral("bench-ui"), QStringLiteral("Measure the UI budget (slider, typing, attention, cold start) on synthetic and default models, print p50/p95, exit.")});
  p.addOption({QStringLiteral("json"), QStringLiteral("With --bench-ui: also write the figures to FILE as one JSON object."), QStringLiteral("FILE")});
  p.addOption({QStringLiteral("rounds"), QStringLiteral("With --bench-ui: samples per figure (default 30)."), QStringLiteral("N")});
  p.addOption({QStringLiteral("exit-when-painted"), QStringLiteral("Exit once the first prompt's views are painted (used by --bench-ui to time a cold start).")});
  p.addOption({QStringLiteral("lang"), QStringLiteral("The interface language: ko (Korean) or en (English). Default: the one chosen in Settings, else the system's."), QStringLiteral("ko|en")});
  p.addOption({QStringLiteral("list-lessons"), QStringLiteral("Print the built-in lesson, one line per step with its title, in the --lang language, and exit.")});
  p.addOption({QStringLiteral("lesson"), QStringLiteral("Open the built-in lesson at step N (with --export: render the app in that step's state)."), QStringLiteral("N")});
  p.addOption({QStringLiteral("window-size"), QStringLiteral("The window's size, e.g. 1280x800 (with --export: the size of the pictures)."), QStringLiteral("WxH")});
  p.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A saved session (*.glassbox.json) or a model to open."), QStringLiteral("[FILE]"));
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
  r.version = p.isSet(QStringLiteral("version"));
  r.options.modelPath = p.value(QStringLiteral("model"));
  r.options.tokenizerPath = p.value(QStringLiteral("tokenizer"));
  if (p.isSet(QStringLiteral("prompt"))) r.options.prompt = p.value(QStringLiteral("prompt"));
  r.options.exportDir = p.value(QStringLiteral("export"));
  r.options.exportCaption = !p.isSet(QStringLiteral("no-caption"));
  r.options.restoreAutosave = !p.isSet(QStringLiteral("no-restore")) && r.options.exportDir.isEmpty();
  r.options.persistSettings = r.options.exportDir.isEmpty();
  r.benchUi = p.isSet(QStringLiteral("bench-ui"));
  r.benchJson = p.value(QStringLiteral("json"));
  if (p.isSet(QStringLiteral("rounds"))) {
    bool ok = false;
    r.benchRounds = p.value(QStringLiteral("rounds")).toInt(&ok);
    if (!ok || r.benchRounds < 1 || r.benchRounds > 10000) r.error = QStringLiteral("--rounds needs a number from 1 to 10000");
  }
  if ((p.isSet(QStringLiteral("json")) || p.isSet(QStringLiteral("rounds"))) && !r.benchUi)
    r.error = QStringLiteral("--json and --rounds go with --bench-ui");
  r.language = p.value(QStringLiteral("lang"));
  if (p.isSet(QStringLiteral("lang")) && r.language != QLatin1String("ko") && r.language != QLatin1String("en"))
    r.error = QStringLiteral("--lang needs ko or en");
  r.listLessons = p.isSet(QStringLiteral("list-lessons"));
  if (p.isSet(QStringLiteral("lesson"))) {
    bool ok = false;
    r.lessonStep = p.value(QStringLiteral("lesson")).toInt(&ok);
    if (!ok || r.lessonStep < 1 || r.lessonStep > 200) r.error = QStringLiteral("--lesson needs a step number from 1");
  }
  if (p.isSet(QStringLiteral("window-size"))) {
    const QStringList wh = p.value(QStringLiteral("window-size")).split(QLatin1Char('x'));
    const int w = wh.value(0).toInt(), h = wh.value(1).toInt();
    if (wh.size() != 2 || w < 400 || h < 300 || w > 8000 || h > 8000) r.error = QStringLiteral("--window-size needs WxH, e.g. 1280x800");
    else r.windowSize = QSize(w, h);
  }
  r.exitWhenPainted = p.isSet(QStringLiteral("exit-when-painted"));
  if (r.exitWhenPainted) {
    r.options.restoreAutosave = false;
    r.options.persistSettings = false;
  }
  const QStringList files = p.positionalArguments();
  if (files.size() > 1 && r.error.isEmpty()) r.error = QStringLiteral("unexpected argument: ") + files.at(1);
  if (files.size() == 1) {
    if (files.first().endsWith(QLatin1String(".glassbox.json"))) r.sessionPath = files.first();
    else if (r.options.modelPath.isEmpty()) r.options.modelPath = files.first();
    else if (r.error.isEmpty()) r.error = QStringLiteral("unexpected argument: ") + files.first();
  }
  return r;
}

QString guiUsage() {
  QCommandLineParser p;
  addOptions(p);
  return p.helpText();
}

}  // namespace glassbox
