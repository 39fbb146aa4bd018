#include "view_export.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <qcustomplot.h>

#include "exportable_view.h"

namespace glassbox {
namespace {

QString writeFile(const QString& path, const QByteArray& bytes) {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return QObject::tr("%1: cannot write (%2)").arg(path, f.errorString());
  f.write(bytes);
  if (!f.commit()) return QObject::tr("%1: cannot write (%2)").arg(path, f.errorString());
  return {};
}

QString exportPlot(QCustomPlot* plot, const QString& path, const QString& suffix) {
  const int w = plot->width(), h = plot->height();
  bool ok = false;
  if (suffix == QLatin1String("png")) ok = plot->savePng(path, w, h, 2.0);
  else if (suffix == QLatin1String("pdf")) ok = plot->savePdf(path, w, h);
  else {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(QSize(w, h));
    svg.setViewBox(QRect(0, 0, w, h));
    svg.setTitle(QStringLiteral("Glassbox"));
    QCPPainter painter;
    ok = painter.begin(&svg);
    if (ok) {
      plot->toPainter(&painter, w, h);
      ok = painter.end();
    }
  }
  return ok ? QString() : QObject::tr("%1: could not be written").arg(path);
}

QString exportWidget(QWidget* widget, const QString& path, const QString& suffix) {
  const QSize size = widget->size();
  if (suffix == QLatin1String("png")) {
    QImage image(size * 2, QImage::Format_ARGB32);
    image.setDevicePixelRatio(2.0);
    image.fill(widget->palette().color(QPalette::Window));
    widget->render(&image);
    return image.save(path) ? QString() : QObject::tr("%1: could not be written").arg(path);
  }
  if (suffix == QLatin1String("pdf")) {
    QPdfWriter pdf(path);
    pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setResolution(72);
    QPainter painter(&pdf);
    widget->render(&painter);
    return painter.end() ? QString() : QObject::tr("%1: could not be written").arg(path);
  }
  QSvgGenerator svg;
  svg.setFileName(path);
  svg.setSize(size);
  svg.setViewBox(QRect(QPoint(0, 0), size));
  QPainter painter(&svg);
  widget->render(&painter);
  return painter.end() ? QString() : QObject::tr("%1: could not be written").arg(path);
}

}  // namespace

QString exportViewImage(ExportableView& view, const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
    return QObject::tr("%1: unknown image type (use .png, .svg or .pdf)").arg(path);
  QWidget* w = view.exportWidget();
  if (w->width() < 10 || w->height() < 10) w->resize(std::max(w->width(), 900), std::max(w->height(), 500));
  if (auto* plot = qobject_cast<QCustomPlot*>(w)) return exportPlot(plot, path, suffix);
  return exportWidget(w, path, suffix);
}

QString exportViewData(ExportableView& view, const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("csv")) return writeFile(path, view.csvData().toUtf8());
  if (suffix == QLatin1String("json")) {
    const QJsonValue v = view.jsonData();
    const QJsonDocument doc = v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray());
    return writeFile(path, doc.toJson(QJsonDocument::Indented));
  }
  return QObject::tr("%1: unknown data type (use .csv or .json)").arg(path);
}

QString exportAllViews(const std::vector<ExportableView*>& views, const QString& dir) {
  if (!QDir().mkpath(dir)) return QObject::tr("%1: cannot create the folder").arg(dir);
  QStringList errors;
  for (ExportableView* v : views) {
    for (const char* ext : {"png", "svg"}) {
      const QString e = exportViewImage(*v, QDir(dir).filePath(v->exportName() + QLatin1Char('.') + QLatin1String(ext)));
      if (!e.isEmpty()) errors << e;
    }
  }
  return errors.join(QLatin1Char('\n'));
}

void exportViewInteractively(ExportableView& view, QWidget* parent) {
  const QString filters = QObject::tr("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV data (*.csv);;JSON data (*.json)");
  QString selected;
  QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export %1").arg(view.exportName()),
                                              view.exportName() + QStringLiteral(".png"), filters, &selected);
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) {
    const int star = selected.indexOf(QStringLiteral("*."));
    path += selected.mid(star + 1, selected.indexOf(QLatin1Char(')'), star) - star - 1);
  }
  const QString suffix = QFileInfo(path).suffix().toLower();
  const QString error = (suffix == QLatin1String("csv") || suffix == QLatin1String("json")) ? exportViewData(view, path)
                                                                                            : exportViewImage(view, path);
  if (!error.isEmpty()) QMessageBox::warning(parent, QObject::tr("Export failed"), error);
}

void addExportContextMenu(QWidget* host, ExportableView* view) {
  host->setContextMenuPolicy(Qt::ActionsContextMenu);
  auto* action = new QAction(QObject::tr("Export View…"), host);
  QObject::connect(action, &QAction::triggered, host, [host, view] { exportViewInteractively(*view, host); });
  host->addAction(action);
}

}  // namespace glassbox
