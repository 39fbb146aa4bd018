#include "heat_colors.h"

#include <algorithm>
#include <cmath>

namespace glassbox {
namespace {

struct Stop {
  double at;
  QColor color;
};
const Stop kStops[] = {{0.0, QColor(255, 255, 255)}, {0.08, QColor(222, 235, 247)}, {0.3, QColor(158, 202, 225)},
                       {0.55, QColor(66, 146, 198)},  {0.8, QColor(8, 81, 156)},     {1.0, QColor(8, 38, 90)}};

QColor interpolate(double v) {
  for (std::size_t i = 1; i < std::size(kStops); ++i) {
    if (v <= kStops[i].at) {
      const Stop& a = kStops[i - 1];
      const Stop& b = kStops[i];
      const double t = (v - a.at) / (b.at - a.at);
      return QColor::fromRgbF(static_cast<float>(a.color.redF() + t * (b.color.redF() - a.color.redF())),
                              static_cast<float>(a.color.greenF() + t * (b.color.greenF() - a.color.greenF())),
                              static_cast<float>(a.color.blueF() + t * (b.color.blueF() - a.color.blueF())));
    }
  }
  return kStops[std::size(kStops) - 1].color;
}

}  // namespace

const QVector<QRgb>& heatTable() {
  static const QVector<QRgb> table = [] {
    QVector<QRgb> t(256);
    for (int i = 0; i < 256; ++i) t[i] = interpolate(i / 255.0).rgb();
    return t;
  }();
  return table;
}

QRgb heatColor(double v) {
  const double c = std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0;
  return heatTable()[static_cast<int>(std::lround(c * 255.0))];
}

QCPColorGradient heatGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  for (const Stop& s : kStops) g.setColorStopAt(s.at, s.color);
  g.setLevelCount(256);
  return g;
}

QCPColorGradient divergingGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorStopAt(0.0, QColor(178, 24, 43));
  g.setColorStopAt(0.25, QColor(239, 138, 98));
  g.setColorStopAt(0.5, QColor(247, 247, 247));
  g.setColorStopAt(0.75, QColor(103, 169, 207));
  g.setColorStopAt(1.0, QColor(33, 102, 172));
  g.setLevelCount(256);
  return g;
}

}  // namespace glassbox
