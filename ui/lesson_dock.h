#pragma once
// Help ▸ Lesson: the dock beside the views. The step list, the step's explanation and the one thing
// to try, progress, Back / Next and End. It only shows; MainWindow applies the steps.
#include <QWidget>

#include "lesson.h"

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace glassbox {

class LessonDock : public QWidget {
  Q_OBJECT
 public:
  explicit LessonDock(QWidget* parent = nullptr);
  void setLesson(const Lesson& lesson);
  void setCurrent(int step);
  int current() const { return current_; }
  QString shownText() const;  // the explanation as plain text (tests)

 signals:
  void stepRequested(int step);
  void endRequested();

 private:
  Lesson lesson_;
  int current_ = -1;
  QLabel* title_;
  QListWidget* list_;
  QLabel* text_;
  QProgressBar* progress_;
  QPushButton* back_;
  QPushButton* next_;
};

}  // namespace glassbox
