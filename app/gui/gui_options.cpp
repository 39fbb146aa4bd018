#include "gui_options.h"

#include <QCommandLineParser>
#include <exception>

#include "cli_args.h"
#include "cli_sampling.h"

namespace glassbox {
namespace {

void addOptions(QCommandLineParser& p) {
  p.setApplicationDescription(QStringLiteral("Glassbox: see how a transformer language model works."));
  p.addOption({QStringLiteral("model"), QStringLiteral("A Hugging Face model folder or a llama2.c .bin file."), QStringLiteral("PATH")});
  p.addOption({QStringLiteral("tokenizer"), QStringLiteral("The tokenizer (tokenizer.json or tokenizer.bin), when not beside the model."), QStringLiteral("PATH")});
  p.addOption({QStringLiteral("prompt"), QStringLiteral("The prompt to start with."), QStringLiteral("TEXT")});
  p.addOption({QStringLiteral("target"), QStringLiteral("An encoder-decoder's output to force (teacher forcing); the prompt is its input."), QStringLiteral("TEXT")});
  p.addOption({QStringLiteral("export"), QStringLiteral("Render every view to DIR/<view>.png and .svg with its data beside as .json, then exit."), QStringLiteral("DIR")});
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
  // The sampling flags of glassbox-cli generate, parsed and checked by the same code (cli_sampling.h).
  p.addOption({QStringLiteral("temperature"), QStringLiteral("Sampling: the starting temperature (0: greedy)."), QStringLiteral("T")});
  p.addOption({QStringLiteral("top-k"), QStringLiteral("Sampling: keep the k most likely tokens (0: off)."), QStringLiteral("K")});
  p.addOption({QStringLiteral("top-p"), QStringLiteral("Sampling: keep the smallest set with this much probability (1: off)."), QStringLiteral("P")});
  p.addOption({QStringLiteral("min-p"), QStringLiteral("Sampling: drop tokens below this fraction of the top one (0: off)."), QStringLiteral("P")});
  p.addOption({QStringLiteral("typical-p"), QStringLiteral("Sampling: locally typical sampling (1: off)."), QStringLiteral("P")});
  p.addOption({QStringLiteral("repeat-penalty"), QStringLiteral("Sampling: repetition penalty (1: off)."), QStringLiteral("X")});
  p.addOption({QStringLiteral("frequency-penalty"), QStringLiteral("Sampling: frequency penalty (0: off)."), QStringLiteral("X")});
  p.addOption({QStringLiteral("presence-penalty"), QStringLiteral("Sampling: presence penalty (0: off)."), QStringLiteral("X")});
  p.addOption({QStringLiteral("penalty-last-n"), QStringLiteral("Sampling: how many previous tokens the penalties see (-1: all)."), QStringLiteral("N")});
  p.addOption({QStringLiteral("sampler-order"), QStringLiteral("Sampling: the stages in order, e.g. penalties,top-k,top-p,min-p,temperature."), QStringLiteral("LIST")});
  p.addOption({QStringLiteral("seed"), QStringLiteral("Sampling: the seed of the random draws."), QStringLiteral("N")});
  p.addOption({QStringLiteral("max-new-tokens"), QStringLiteral("How many tokens Generate adds at most (1 to 4096)."), QStringLiteral("N")});
  p.addOption({QStringLiteral("generate"), QStringLiteral("Generate N tokens once the prompt is analysed (with --export: before the views are written)."), QStringLiteral("N")});
  p.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A saved session (*.glassbox.json) or a model to open."), QStringLiteral("[FILE]"));
  p.addHelpOption();
  p.addVersionOption();
}

// The sampling flags, --max-new-tokens and --generate, read by glassbox-cli's own parser. Returns an
// error message, or empty.
QString parseGenerationFlags(const QCommandLineParser& p, StartupOptions& options) {
  std::vector<std::string> flags;
  std::set<std::string> names = cli::samplingFlagNames();
  names.insert({"max-new-tokens", "generate"});
  for (const std::string& name : names) {
    const QString q = QString::fromStdString(name);
    if (p.isSet(q)) flags.push_back("--" + name + "=" + p.value(q).toStdString());
  }
  try {
    const cli::CliArgs args(flags, {});
    bool sampling = false;
    for (const std::string& name : cli::samplingFlagNames()) sampling = sampling || args.has(name);
    if (sampling) {
      cli::samplingParamsFrom(args, SamplingParams{});  // checked now: a bad value exits before the window opens
      options.startSampling = [args](const SamplingParams& base) { return cli::samplingParamsFrom(args, base); };
    }
    options.maxNewTokens = cli::maxNewTokensFrom(args, 0, 1, 4096);
    options.generateSteps = static_cast<int>(args.getInt("generate", -1, 0, 100000));
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return {};
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
  r.options.target = p.value(QStringLiteral("target"));
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
  if (const QString e = parseGenerationFlags(p, r.options); !e.isEmpty()) r.error = e;
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
