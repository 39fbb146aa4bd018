#include "logit_lens_view.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPainter>
#include <algorithm>

#include "analysis_export.h"
#include "heat_colors.h"
#include "models/model.h"
#include "models/trace.h"
#include "tool_tip.h"

namespace glassbox {

LogitLensView::LogitLensView(QWidget* parent) : QWidget(parent) {
  setAutoFillBackground(true);
  setPalette([] { QPalette p; p.setColor(QPalette::Window, Qt::white); return p; }());
  setToolTip(wrappedToolTip(tr("The logit lens: the residual stream after each layer read out as if it were the last "
                               "(final norm, then the head). Each cell is the token predicted there and its probability. "
                               "Outlined cells got the actual next token right; the black bar marks the first layer from "
                               "which the final answer stays on top.")));
}

void LogitLensView::setTrace(std::shared_ptr<const Model> model, std::shared_ptr<const Trace> trace, std::vector<int> ids,
                             std::function<QString(int)> tokenText) {
  model_ = std::move(model);
  ids_ = std::move(ids);
  tokenText_ = std::move(tokenText);
  lens_ = {};
  settled_.clear();
  error_.clear();
  if (model_ && trace && !trace->stacks.empty() && model_->hasVocabularyHead()) {
    const TraceStack& s = trace->output();
    std::vector<int> positions, targets;
    for (int t = std::max(0, s.numTokens - kMaxPositions); t < s.numTokens; ++t) {
      positions.push_back(t);
      targets.push_back(t + 1 < static_cast<int>(ids_.size()) && t + 1 < s.numTokens ? ids_[static_cast<std::size_t>(t + 1)] : -1);
    }
    try {
      lens_ = logitLens(*model_, s, positions, targets);
      settled_ = lens_.firstSettledBoundary();
    } catch (const std::exception& e) {
      error_ = QString::fromStdString(e.what());
    }
  } else if (model_ && !model_->hasVocabularyHead()) {
    error_ = tr("This model has no vocabulary head: there is nothing to decode the residual stream with.");
  }
  update();
}

void LogitLensView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  const QFontMetrics fm(font());
  const int P = static_cast<int>(lens_.positions.size()), B = lens_.boundaries;
  if (P == 0 || B == 0) {
    p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, error_.isEmpty() ? tr("Type a prompt: the logit lens appears here.") : error_);
    return;
  }
  const int lh = fm.height();
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.drawText(QRect(8, 4, width() - 16, lh), Qt::AlignLeft, fm.elidedText(exportTitle(), Qt::ElideRight, width() - 16));
  p.setFont(font());
  const int left = 8 + fm.horizontalAdvance(tr("embedding")) + 8;
  const QRect grid(left, 8 + 2 * lh, width() - left - 8, height() - 8 - 2 * lh - 2 * lh - 8);
  const double cw = static_cast<double>(grid.width()) / P, ch = static_cast<double>(grid.height()) / B;
  for (int b = 0; b < B; ++b) {
    const double y = grid.bottom() - (b + 1) * ch;  // boundary 0 at the bottom
    p.setPen(Qt::black);
    p.drawText(QRectF(8, y, left - 12, ch), Qt::AlignRight | Qt::AlignVCenter,
               b == 0 ? tr("embedding") : tr("layer %1").arg(b));
    for (int i = 0; i < P; ++i) {
      const LogitLensCell& c = lens_.at(b, i);
      const QRectF cell(grid.x() + i * cw, y, cw - 1, ch - 1);
      const double v = std::clamp(static_cast<double>(c.probability), 0.0, 1.0);
      p.fillRect(cell, QColor(heatColor(v)));
      if (c.target >= 0 && c.token == c.target) {
        p.setPen(QPen(QColor(0x10, 0xa0, 0x30), 2));
        p.drawRect(cell.adjusted(1, 1, -1, -1));
      }
      p.setPen(v > 0.55 ? Qt::white : Qt::black);
      if (cw > 18 && ch > lh * 0.8)
        p.drawText(cell, Qt::AlignCenter, fm.elidedText(tokenText_ ? tokenText_(c.token) : QString::number(c.token), Qt::ElideRight, static_cast<int>(cw) - 2));
    }
  }
  // The first settled boundary: a black bar under the row where the answer stops changing.
  p.setPen(QPen(Qt::black, 3));
  for (int i = 0; i < P && i < static_cast<int>(settled_.size()); ++i) {
    const double y = grid.bottom() - settled_[static_cast<std::size_t>(i)] * ch;
    p.drawLine(QPointF(grid.x() + i * cw + 2, y), QPointF(grid.x() + (i + 1) * cw - 3, y));
  }
  p.setPen(Qt::black);
  for (int i = 0; i < P; ++i) {
    const int t = lens_.positions[static_cast<std::size_t>(i)];
    const QString label = t < static_cast<int>(ids_.size()) && tokenText_ ? tokenText_(ids_[static_cast<std::size_t>(t)]) : QString::number(t);
    p.drawText(QRectF(grid.x() + i * cw, grid.bottom() + 2, cw, lh), Qt::AlignCenter, fm.elidedText(label, Qt::ElideRight, static_cast<int>(cw)));
  }
  p.drawText(QRect(grid.x(), grid.bottom() + 2 + lh, grid.width(), lh), Qt::AlignLeft,
             tr("Columns: the prompt's tokens; each cell predicts the token after its column. Green outline: the actual next token."));
}

QString LogitLensView::exportTitle() const {
  return tr("Logit lens: the prediction at every layer boundary (%n position(s))", "", static_cast<int>(lens_.positions.size()));
}

QString LogitLensView::csvData() const {
  QString out = QStringLiteral("boundary,position,token_id,token,probability,target_id,target_probability,target_rank\n");
  for (int b = 0; b < lens_.boundaries; ++b)
    for (std::size_t i = 0; i < lens_.positions.size(); ++i) {
      const LogitLensCell& c = lens_.at(b, static_cast<int>(i));
      out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n").arg(b).arg(lens_.positions[i]).arg(c.token)
                 .arg(csvField(tokenText_ ? tokenText_(c.token) : QString())).arg(c.probability, 0, 'g', 7).arg(c.target)
                 .arg(c.targetProbability, 0, 'g', 7).arg(c.targetRank);
    }
  return out;
}

QJsonValue LogitLensView::jsonData() const {
  QJsonArray rows;
  for (int b = 0; b < lens_.boundaries; ++b) {
    QJsonArray cells;
    for (std::size_t i = 0; i < lens_.positions.size(); ++i) {
      const LogitLensCell& c = lens_.at(b, static_cast<int>(i));
      cells.append(QJsonObject{{"position", lens_.positions[i]}, {"token_id", c.token},
                               {"token", tokenText_ ? tokenText_(c.token) : QString()}, {"probability", c.probability},
                               {"target_id", c.target}, {"target_probability", c.targetProbability}, {"target_rank", c.targetRank}});
    }
    rows.append(QJsonObject{{"boundary", b}, {"cells", cells}});
  }
  QJsonArray settled;
  for (int s : settled_) settled.append(s);
  return QJsonObject{{"boundaries", lens_.boundaries}, {"rows", rows}, {"first_settled_boundary", settled}};
}

}  // namespace glassbox
