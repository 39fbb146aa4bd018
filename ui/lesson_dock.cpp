#include "lesson_dock.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QTextDocument>
#include <QVBoxLayout>

namespace glassbox {

LessonDock::LessonDock(QWidget* parent) : QWidget(parent) {
  auto* v = new QVBoxLayout(this);
  title_ = new QLabel;
  title_->setWordWrap(true);
  list_ = new QListWidget;
  list_->setObjectName(QStringLiteral("lessonSteps"));
  list_->setMaximumHeight(140);
  text_ = new QLabel;
  text_->setObjectName(QStringLiteral("lessonText"));
  text_->setWordWrap(true);
  text_->setTextFormat(Qt::RichText);
  text_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  text_->setMinimumWidth(260);
  progress_ = new QProgressBar;
  progress_->setFormat(tr("Step %v of %m"));
  back_ = new QPushButton(tr("◀ Back"));
  next_ = new QPushButton(tr("Next ▶"));
  auto* end = new QPushButton(tr("End Lesson"));
  end->setToolTip(tr("Leave the lesson and bring back what you had before it started."));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(back_);
  buttons->addWidget(next_);
  buttons->addStretch(1);
  buttons->addWidget(end);
  v->addWidget(title_);
  v->addWidget(progress_);
  auto* scroll = new QScrollArea;  // a long explanation scrolls instead of being cut off
  scroll->setWidget(text_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  v->addWidget(scroll, 1);
  v->addLayout(buttons);
  v->addWidget(list_);
  connect(back_, &QPushButton::clicked, this, [this] { emit stepRequested(current_ - 1); });
  connect(next_, &QPushButton::clicked, this, [this] { emit stepRequested(current_ + 1); });
  connect(end, &QPushButton::clicked, this, &LessonDock::endRequested);
  connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0 && row != current_) emit stepRequested(row);
  });
}

void LessonDock::setLesson(const Lesson& lesson) {
  lesson_ = lesson;
  title_->setText(QStringLiteral("<b>%1</b>").arg(lesson.title.toHtmlEscaped()));
  const QSignalBlocker block(list_);
  list_->clear();
  for (std::size_t i = 0; i < lesson.steps.size(); ++i)
    list_->addItem(tr("%1. %2").arg(i + 1).arg(lesson.steps[i].title));
  progress_->setRange(1, static_cast<int>(lesson.steps.size()));
  current_ = -1;
}

void LessonDock::setCurrent(int step) {
  if (step < 0 || step >= static_cast<int>(lesson_.steps.size())) return;
  current_ = step;
  const LessonStep& s = lesson_.steps[static_cast<std::size_t>(step)];
  QString html = QStringLiteral("<h3>%1</h3><p>%2</p>").arg(s.title.toHtmlEscaped(), s.text.toHtmlEscaped());
  if (!s.tryThis.isEmpty()) html += tr("<p><b>Try:</b> %1</p>").arg(s.tryThis.toHtmlEscaped());
  text_->setText(html);
  progress_->setValue(step + 1);
  back_->setEnabled(step > 0);
  next_->setEnabled(step + 1 < static_cast<int>(lesson_.steps.size()));
  const QSignalBlocker block(list_);
  list_->setCurrentRow(step);
}

QString LessonDock::shownText() const {
  QTextDocument d;
  d.setHtml(text_->text());
  return d.toPlainText();
}

}  // namespace glassbox
