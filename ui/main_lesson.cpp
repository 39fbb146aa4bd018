// MainWindow: the lesson. Starting one keeps the current session; each step is that session with
// what the step sets (lesson.h); ending the lesson brings the kept session back.
#include <QDockWidget>
#include <QFileDialog>
#include <QMenu>
#include <QSettings>
#include <algorithm>

#include "engine_controller.h"
#include "language.h"
#include "lesson_dock.h"
#include "main_window.h"

namespace glassbox {

void MainWindow::addLessonActions(QMenu* file, QMenu* help) {
  QAction* open = new QAction(tr("Open &Lesson…"), this);
  open->setToolTip(tr("A lesson file in the format of resources/lessons/lesson_en.json."));
  connect(open, &QAction::triggered, this, &MainWindow::openLessonDialog);
  // Above Quit's separator.
  const QList<QAction*> actions = file->actions();
  file->insertAction(actions.size() >= 2 ? actions[actions.size() - 2] : nullptr, open);
  QAction* lesson = help->addAction(tr("&Lesson: How a Language Model Works"), this, [this] {
    try {
      openLesson(builtInLesson(installedLanguage()));
    } catch (const std::exception& e) {
      showError(tr("Could not open the lesson"), QString::fromStdString(e.what()));
    }
  });
  lesson->setShortcut(QKeySequence(Qt::Key_F2));
  help->insertAction(help->actions().value(0), lesson);
}

void MainWindow::openLessonDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open a lesson"), QSettings().value("lesson/dir").toString(),
                                                    tr("Glassbox lessons (*.json)"));
  if (path.isEmpty()) return;
  try {
    openLesson(loadLessonFile(path));
  } catch (const std::exception& e) {
    showError(tr("Could not open the lesson"), QString::fromStdString(e.what()));
  }
}

void MainWindow::openLesson(const Lesson& lesson, int step) {
  if (lesson.steps.empty()) return;
  if (!lessonDock_) {
    lessonView_ = new LessonDock;
    lessonDock_ = new QDockWidget(tr("Lesson"), this);
    lessonDock_->setObjectName(QStringLiteral("dock.lesson"));
    lessonDock_->setWidget(lessonView_);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);  // the lesson runs the window's full height
    addDockWidget(Qt::LeftDockWidgetArea, lessonDock_);
    resizeDocks({lessonDock_}, {320}, Qt::Horizontal);
    connect(lessonView_, &LessonDock::stepRequested, this, &MainWindow::goToLessonStep);
    connect(lessonView_, &LessonDock::endRequested, this, &MainWindow::endLesson);
  }
  if (!lessonActive()) beforeLesson_ = std::make_shared<const SessionData>(currentSession());
  lesson_ = lesson;
  lessonView_->setLesson(lesson_);
  lessonDock_->show();
  lessonDock_->raise();
  goToLessonStep(std::clamp(step, 0, static_cast<int>(lesson_.steps.size()) - 1));
}

void MainWindow::goToLessonStep(int step) {
  if (!lessonActive() || step < 0 || step >= static_cast<int>(lesson_.steps.size())) return;
  // Next from the step before keeps what the user did there; any other jump (and a start before the model
  // has a prompt) builds the state the earlier steps set up, so that a step without its own prompt still
  // has the sentence it talks about.
  SessionData base = currentSession();
  if (lessonStep_ != step - 1 || base.prompt.isEmpty())
    for (int k = 0; k < step; ++k) base = sessionForStep(base, lesson_.steps[static_cast<std::size_t>(k)]);
  lessonStep_ = step;
  lessonView_->setCurrent(step);
  const SessionData s = sessionForStep(base, lesson_.steps[static_cast<std::size_t>(step)]);
  if (engine_->model()) applySession(s);
  else pendingSession_ = std::make_shared<const SessionData>(s);  // applied once the model is loaded
}

void MainWindow::endLesson() {
  if (!lessonActive()) return;
  const auto before = std::move(beforeLesson_);
  lessonStep_ = -1;
  lessonDock_->hide();
  if (engine_->model()) applySession(*before);
  else pendingSession_ = before;
}

}  // namespace glassbox
