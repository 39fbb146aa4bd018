#pragma once
// One colour ramp for every attention/similarity heatmap in the analysis views, so the grid thumbnails,
// the head view and the legend agree: white (0) through blues to navy (1).
#include <QColor>
#include <QVector>
#include <qcustomplot.h>

namespace glassbox {

// 256 ARGB entries for value v in [0, 1] -> table[round(v * 255)].
const QVector<QRgb>& heatTable();
QRgb heatColor(double v);  // v clamped to [0, 1]
QCPColorGradient heatGradient();

// A diverging ramp for cosine similarities in [-1, 1]: red (-1), white (0), blue (+1).
QCPColorGradient divergingGradient();

}  // namespace glassbox
