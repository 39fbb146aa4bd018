#pragma once
// Where text labels go on a scatter plot so that none overlaps another: each point, most important
// first, tries a few spots around itself (right-above, right-below, left-above, left-below, above,
// below) and takes the first whose rectangle is free of every label already placed and of the plot's
// edge; a point with no free spot is left unlabelled (the view names it on hover). Pure, in pixels.
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <vector>

namespace glassbox {

struct LabelCandidate {
  QPointF anchor;    // the point, in widget pixels
  QSizeF size;       // the label's text box
  double priority = 0;  // higher is placed first (ties: the order given)
};

struct PlacedLabel {
  int index = -1;  // into the candidates
  QRectF rect;     // where its text box goes
};

// gap: pixels between a point and its label. bounds: the plot area labels must stay inside.
std::vector<PlacedLabel> placeLabels(const std::vector<LabelCandidate>& candidates, const QRectF& bounds,
                                     double gap = 4.0);

}  // namespace glassbox
