#include "analysis_export.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QWidget>
#include <memory>
#include <qcustomplot.h>

namespace glassbox {
namespace {

bool fail(QString* error, const QString& message) {
  if (error) *error = message;
  return false;
}

}  // namespace

bool exportAnalysisImage(QWidget* widget, const QString& path, QString* error) {
  if (!widget) return fail(error, "nothing to export");
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (widget->size().isEmpty()) widget->resize(widget->sizeHint().expandedTo(QSize(640, 480)));
  const QSize size = widget->size();
  auto* plot = qobject_cast<QCustomPlot*>(widget);
  if (suffix == "png") {
    const bool ok = plot ? plot->savePng(path, size.width(), size.height(), 2.0) : widget->grab().save(path, "PNG");
    return ok || fail(error, path + ": could not write the PNG (hint: check the folder exists and is writable)");
  }
  if (suffix == "pdf" && plot) {
    return plot->savePdf(path, size.width(), size.height()) ||
           fail(error, path + ": could not write the PDF (hint: check the folder is writable)");
  }
  if (suffix == "svg" || suffix == "pdf") {
    std::unique_ptr<QPaintDevice> device;
    if (suffix == "svg") {
      auto svg = std::make_unique<QSvgGenerator>();
      svg->setFileName(path);
      svg->setSize(size);
      svg->setViewBox(QRect(QPoint(0, 0), size));
      svg->setTitle(widget->windowTitle());
      device = std::move(svg);
    } else {
      auto pdf = std::make_unique<QPdfWriter>(path);
      pdf->setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
      pdf->setPageMargins(QMarginsF(0, 0, 0, 0));
      pdf->setResolution(72);
      device = std::move(pdf);
    }
    QCPPainter painter;
    if (!painter.begin(device.get())) return fail(error, path + ": could not open the file for writing");
    if (plot) plot->toPainter(&painter, size.width(), size.height());
    else widget->render(&painter, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    painter.end();
    return QFileInfo(path).size() > 0 || fail(error, path + ": nothing was written");
  }
  return fail(error, path + ": unknown image type '" + suffix + "' (hint: use .png, .svg or .pdf)");
}

bool exportAnalysisText(const QString& path, const std::function<QString()>& csv, const std::function<QJsonValue()>& json,
                QString* error) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  QByteArray bytes;
  if (suffix == "csv") {
    bytes = csv().toUtf8();
  } else if (suffix == "json") {
    const QJsonValue v = json();
    bytes = v.isArray() ? QJsonDocument(v.toArray()).toJson() : QJsonDocument(v.toObject()).toJson();
  } else {
    return fail(error, path + ": unknown data type '" + suffix + "' (hint: use .csv or .json)");
  }
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
    return fail(error, path + ": could not write (hint: check the folder exists and is writable)");
  return true;
}

QString csvField(const QString& text) {
  if (!text.contains(',') && !text.contains('"') && !text.contains('\n') && !text.contains('\r')) return text;
  QString quoted = text;
  quoted.replace("\"", "\"\"");
  return "\"" + quoted + "\"";
}

}  // namespace glassbox
