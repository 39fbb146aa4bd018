#include "analysis_export.h"

#include <QFile>
#include <QFontMetrics>
#include <QImage>
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

constexpr int kCaptionPad = 8;

QFont captionFont(bool title) {
  QFont f;
  f.setPointSizeF(title ? 10.5 : 9.0);
  f.setBold(title);
  return f;
}

// The caption's lines, each wrapped to `width`, stacked from `top`; returns the height used.
int layoutCaption(QPainter* p, const QString& caption, int width) {
  if (caption.isEmpty()) return 0;
  int y = kCaptionPad;
  const QStringList lines = caption.split(QLatin1Char('\n'));
  for (int i = 0; i < lines.size(); ++i) {
    const QFont f = captionFont(i == 0);
    const QRect box(kCaptionPad, y, std::max(40, width - 2 * kCaptionPad), 100000);
    const QRect used = QFontMetrics(f).boundingRect(box, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, lines[i]);
    if (p) {
      p->setFont(f);
      p->setPen(i == 0 ? QColor(17, 24, 39) : QColor(75, 85, 99));
      p->drawText(box, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, lines[i]);
    }
    y += used.height() + 2;
  }
  return y + kCaptionPad / 2;
}

// Caption, then the widget below it, on any paint device.
void paintPicture(QCPPainter& painter, QWidget* widget, const QString& caption, QSize size, int captionHeight) {
  painter.fillRect(QRect(0, 0, size.width(), size.height() + captionHeight), Qt::white);
  layoutCaption(&painter, caption, size.width());
  painter.save();
  painter.translate(0, captionHeight);
  if (auto* plot = qobject_cast<QCustomPlot*>(widget)) plot->toPainter(&painter, size.width(), size.height());
  else widget->render(&painter, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
  painter.restore();
}

}  // namespace

int exportCaptionHeight(const QString& caption, int width) { return layoutCaption(nullptr, caption, width); }

bool exportAnalysisImage(QWidget* widget, const QString& path, QString* error, const QString& caption) {
  if (!widget) return fail(error, QObject::tr("nothing to export"));
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix != "png" && suffix != "svg" && suffix != "pdf")
    return fail(error, QObject::tr("%1: unknown image type “%2” (hint: use .png, .svg or .pdf)").arg(path, suffix));
  if (widget->size().isEmpty()) widget->resize(widget->sizeHint().expandedTo(QSize(640, 480)));
  const QSize size = widget->size();
  const int ch = exportCaptionHeight(caption, size.width());
  const QSize total(size.width(), size.height() + ch);
  if (auto* plot = qobject_cast<QCustomPlot*>(widget)) plot->replot(QCustomPlot::rpImmediateRefresh);
  if (suffix == "png") {
    QImage image(total * 2, QImage::Format_ARGB32);
    image.setDevicePixelRatio(2.0);
    image.fill(Qt::white);
    QCPPainter painter;
    if (!painter.begin(&image)) return fail(error, QObject::tr("%1: could not draw the picture").arg(path));
    painter.setRenderHint(QPainter::Antialiasing);
    paintPicture(painter, widget, caption, size, ch);
    painter.end();
    return image.save(path, "PNG") ||
           fail(error, QObject::tr("%1: could not write the PNG (hint: check the folder exists and is writable)").arg(path));
  }
  std::unique_ptr<QPaintDevice> device;
  if (suffix == "svg") {
    auto svg = std::make_unique<QSvgGenerator>();
    svg->setFileName(path);
    svg->setSize(total);
    svg->setViewBox(QRect(QPoint(0, 0), total));
    svg->setTitle(caption.isEmpty() ? widget->windowTitle() : caption.section(QLatin1Char('\n'), 0, 0));
    device = std::move(svg);
  } else {
    auto pdf = std::make_unique<QPdfWriter>(path);
    pdf->setPageSize(QPageSize(QSizeF(total), QPageSize::Point));
    pdf->setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf->setResolution(72);
    device = std::move(pdf);
  }
  QCPPainter painter;
  if (!painter.begin(device.get())) return fail(error, QObject::tr("%1: could not open the file for writing").arg(path));
  paintPicture(painter, widget, caption, size, ch);
  painter.end();
  return QFileInfo(path).size() > 0 || fail(error, QObject::tr("%1: nothing was written").arg(path));
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
    return fail(error, QObject::tr("%1: unknown data type “%2” (hint: use .csv or .json)").arg(path, suffix));
  }
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
    return fail(error, QObject::tr("%1: could not write (hint: check the folder exists and is writable)").arg(path));
  return true;
}

QString csvField(const QString& text) {
  if (!text.contains(',') && !text.contains('"') && !text.contains('\n') && !text.contains('\r')) return text;
  QString quoted = text;
  quoted.replace("\"", "\"\"");
  return "\"" + quoted + "\"";
}

}  // namespace glassbox
