// MainWindow: File ▸ Export View…, the caption of exported images, and --export DIR.
#include <QApplication>
#include <QCoreApplication>
#include <QDockWidget>
#include <QSettings>

#include <QDir>
#include "engine_controller.h"
#include "main_window.h"
#include "model_display_name.h"
#include "next_token_view.h"
#include "prompt_editor.h"
#include "view_export.h"

namespace glassbox {

ExportContext MainWindow::exportContext() const {
  ExportContext c;
  c.caption = exportCaption_;
  if (const auto m = engine_->model()) c.model = modelDisplayName(m->modelPath, QString::fromStdString(m->model->info().name));
  c.prompt = editor_->prompt();
  return c;
}

void MainWindow::setExportCaption(bool on) {
  exportCaption_ = on;
  if (options_.persistSettings) QSettings().setValue("export/caption", on);
}

void MainWindow::exportCurrentView() {
  // The view whose dock has focus, else the next-token view.
  ExportableView* target = next_;
  const QWidget* focus = QApplication::focusWidget();
  for (ExportableView* v : views()) {
    const QWidget* w = dynamic_cast<QWidget*>(v);
    if (focus && w && (w == focus || w->isAncestorOf(focus))) target = v;
  }
  exportViewInteractively(*target, this, exportContext());
}

void MainWindow::runExport() {
  if (!exportPending_) return;
  if ((!analysisViewsReady() || !encoderViewsReady()) && exportWaits_++ < 600) {  // the worker is still building them
    QTimer::singleShot(50, this, &MainWindow::runExport);
    return;
  }
  exportPending_ = false;
  next_->flush();
  QStringList errors;
  // In a lesson step, the whole window too (the lesson dock beside the step's view), before the loop
  // below raises every view in turn.
  if (lessonActive() && QDir().mkpath(options_.exportDir)) {
    QCoreApplication::processEvents();
    if (!grab().save(QDir(options_.exportDir).filePath(QStringLiteral("lesson-window.png"))))
      errors << tr("%1: could not write the PNG").arg(QStringLiteral("lesson-window.png"));
  }
  for (ExportableView* v : views()) {
    if (!viewApplies(v)) continue;
    if (QDockWidget* d = dockOf(v)) d->raise();  // a tabbed dock has no size until it is the visible tab
    QCoreApplication::processEvents();
    applyAnalysisViews();
    applyArchitecture();
    QCoreApplication::processEvents();
    const QString e = exportAllViews({v}, options_.exportDir, exportContext());
    if (!e.isEmpty()) errors << e;
    if (const QString j = writeEncoderViewJson(v); !j.isEmpty()) errors << j;
  }
  if (encoderDecoder()) {  // encoder-attention, decoder-attention, cross-attention and their -heads grids
    const QString e = exportAttentionStreams();
    if (!e.isEmpty()) errors << e;
  }
  emit exportFinished(errors.isEmpty(), errors.join(QLatin1Char('\n')));
}

}  // namespace glassbox
