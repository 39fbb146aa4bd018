#pragma once
// Writing a view to an image (by suffix: .png, .svg, .pdf) and its data to a text file (.csv, .json).
#include <QJsonValue>
#include <QString>
#include <functional>

class QWidget;
class QCustomPlot;
class QPainter;

namespace glassbox {

// Paints `widget` (a QCustomPlot as vectors in SVG/PDF; other widgets as they render themselves)
// into `path`, PNG at twice the widget's pixel size. A non-empty `caption` (lines separated by '\n',
// the first drawn bold) is written above the picture, wrapped to its width. Returns false and sets
// `error` when the suffix is unknown or the file cannot be written.
bool exportAnalysisImage(QWidget* widget, const QString& path, QString* error = nullptr, const QString& caption = {});

// Height the caption takes above a picture `width` pixels wide (0 for an empty caption).
int exportCaptionHeight(const QString& caption, int width);

// Picks CSV or JSON by the suffix of `path` and writes what the callables return.
bool exportAnalysisText(const QString& path, const std::function<QString()>& csv, const std::function<QJsonValue()>& json,
                QString* error = nullptr);

// CSV field quoting (RFC 4180): quotes when the text has a comma, a quote or a line break.
QString csvField(const QString& text);

}  // namespace glassbox
