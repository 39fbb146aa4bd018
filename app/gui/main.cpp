// glassbox: the desktop app. With --export DIR it renders every view without a display and exits;
// --bench-ui measures the UI budget (bench_ui.h) and exits.
#include <QApplication>
#include <QCoreApplication>
#include <QLocale>
#include <QTimer>
#include <cstdio>

#include "bench_ui.h"
#include "gui_options.h"
#include "language.h"
#include "lesson.h"
#include "main_window.h"
#include "window_host.h"
#include "paint_probe.h"

namespace {

void setApplicationNames() {
  QCoreApplication::setApplicationName(QStringLiteral("Glassbox"));
  QCoreApplication::setOrganizationName(QStringLiteral("Glassbox"));
  QCoreApplication::setApplicationVersion(QStringLiteral(GLASSBOX_VERSION));
}

// --help, --version and a bad command line need no display: answered with a QCoreApplication before
// any window system is touched (a lab machine's terminal, man-page checks in CI). -1 = carry on.
int answerWithoutDisplay(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  setApplicationNames();
  const glassbox::GuiCommandLine cl = glassbox::parseGuiCommandLine(QCoreApplication::arguments());
  if (!cl.error.isEmpty()) {
    std::fprintf(stderr, "glassbox: %s\n\n%s", qPrintable(cl.error), qPrintable(glassbox::guiUsage()));
    return 2;
  }
  if (cl.help) {
    std::printf("%s", qPrintable(glassbox::guiUsage()));
    return 0;
  }
  if (cl.version) {
    std::printf("glassbox %s\n", GLASSBOX_VERSION);
    return 0;
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (const int rc = answerWithoutDisplay(argc, argv); rc >= 0) return rc;
  // --export needs no display: choose the offscreen platform before QApplication exists.
  // --bench-ui and its children run without a display too, unless one is there (xvfb-run, a desktop).
  const bool noDisplay = qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
  for (int i = 1; i < argc; ++i) {
    const bool bench = qstrcmp(argv[i], "--bench-ui") == 0 || qstrcmp(argv[i], "--exit-when-painted") == 0;
    if ((qstrcmp(argv[i], "--export") == 0 || (bench && noDisplay)) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
      qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  QApplication app(argc, argv);
  setApplicationNames();
  const glassbox::GuiCommandLine cl = glassbox::parseGuiCommandLine(QApplication::arguments());

  glassbox::setFontFallbacks();
  glassbox::Lesson lesson;
  // --lang wins; then the choice saved in Settings ▸ Language (not in exports, which are reproducible);
  // then the system locale.
  const QString choice = !cl.language.isEmpty()            ? cl.language
                         : cl.options.persistSettings ? glassbox::savedLanguageChoice()
                                                      : QStringLiteral("system");
  glassbox::installLanguage(glassbox::resolveLanguage(choice, QLocale::system().name()));

  if (cl.listLessons || cl.lessonStep > 0) {
    try {
      lesson = glassbox::builtInLesson(glassbox::installedLanguage());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "glassbox: %s\n", e.what());
      return 1;
    }
    if (cl.lessonStep > static_cast<int>(lesson.steps.size())) {
      std::fprintf(stderr, "glassbox: --lesson %d: the lesson has %zu steps\n", cl.lessonStep, lesson.steps.size());
      return 2;
    }
  }
  if (cl.listLessons) {
    for (std::size_t i = 0; i < lesson.steps.size(); ++i)
      std::printf("%zu. %s\n", i + 1, lesson.steps[i].title.toUtf8().constData());
    return 0;
  }

  if (cl.benchUi) {
    glassbox::BenchUiOptions o;
    o.rounds = cl.benchRounds;
    o.jsonPath = cl.benchJson;
    o.defaultModelPath = cl.options.modelPath;
    return glassbox::runUiBenchCommand(o);
  }

  glassbox::WindowHost host(cl.options);
  glassbox::MainWindow& window = *host.window();
  if (cl.exitWhenPainted) {
    glassbox::benchui::notifyWhenFirstPromptPainted(window, [&app] {
      std::printf("painted\n");
      std::fflush(stdout);
      app.exit(0);
    });
  }
  int exitCode = 0;
  if (!cl.options.exportDir.isEmpty()) {
    QObject::connect(&window, &glassbox::MainWindow::exportFinished, &app, [&](bool ok, const QString& message) {
      if (ok) std::printf("glassbox: views written to %s\n", qPrintable(cl.options.exportDir));
      else std::fprintf(stderr, "glassbox: export failed: %s\n", qPrintable(message));
      exitCode = ok ? 0 : 1;
      app.exit(exitCode);
    });
    window.resize(1600, 1000);
  }
  if (cl.windowSize.isValid()) window.resize(cl.windowSize);
  if (cl.lessonStep > 0) window.openLesson(lesson, cl.lessonStep - 1);
  window.show();
  QTimer::singleShot(0, &window, [&window, session = cl.sessionPath] {
    window.start();
    if (!session.isEmpty()) window.openSession(session);
  });
  const int rc = app.exec();
  return cl.options.exportDir.isEmpty() ? rc : exitCode;
}
