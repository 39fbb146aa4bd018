#include "logits_view.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "analysis_export.h"
#include "tool_tip.h"

namespace glassbox {

LogitsView::LogitsView(QWidget* parent) : QWidget(parent) {
  setAutoFillBackground(true);
  setPalette([] { QPalette p; p.setColor(QPalette::Window, Qt::white); return p; }());
  setToolTip(wrappedToolTip(tr("The head gives every vocabulary token a score, its logit z. Dividing by the temperature T "
                               "stretches (T < 1) or squeezes (T > 1) the scores; the softmax exp(z/T) / Σ exp(z/T) turns "
                               "them into probabilities that sum to 1. Move the temperature in Next token to watch.")));
}

void LogitsView::setLogits(std::shared_ptr<const void> owner, std::span<const float> logits, const QString& title,
                           std::function<QString(int)> tokenText) {
  owner_ = std::move(owner);
  logits_ = logits;
  title_ = title;
  tokenText_ = std::move(tokenText);
  recompute();
}

void LogitsView::setTemperature(double temperature) {
  if (temperature == temperature_) return;
  temperature_ = temperature;
  recompute();
}

void LogitsView::setRows(int rows) {
  rows_ = std::max(1, rows);
  recompute();
}

void LogitsView::recompute() {
  steps_ = logitSteps(logits_, temperature_, rows_, tokenText_);
  update();
}

void LogitsView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QFontMetrics fm(font());
  if (steps_.rows.empty()) {
    p.drawText(rect(), Qt::AlignCenter, tr("Type a prompt: its logits appear here."));
    return;
  }
  const int lineH = fm.height();
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.drawText(QRect(8, 4, width() - 16, lineH), Qt::AlignLeft | Qt::AlignVCenter,
             fm.elidedText(exportTitle(), Qt::ElideRight, width() - 16));
  const int tokenW = std::min(width() / 5, 110);
  const int colW = (width() - 16 - tokenW) / 3;
  const int headY = 8 + lineH;
  const bool greedy = steps_.temperature == 0.0;
  const QString heads[3] = {tr("1. logit z"), greedy ? tr("2. T = 0: greedy") : tr("2. z / T  (T = %1)").arg(steps_.temperature, 0, 'f', 2),
                            tr("3. softmax p")};
  const QString formulas[3] = {tr("the head's score"), greedy ? tr("no division: the largest wins") : tr("divided by the temperature"),
                               tr("exp(z/T) / Σ exp(z/T), all %1 tokens").arg(QLocale().toString(steps_.vocabSize))};
  for (int c = 0; c < 3; ++c) {
    const QRect r(8 + tokenW + c * colW, headY, colW - 6, lineH);
    p.setFont(bold);
    p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(heads[c], Qt::ElideRight, r.width()));
    p.setFont(font());
    p.setPen(QColor(0x44, 0x44, 0x44));
    p.drawText(r.translated(0, lineH), Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(formulas[c], Qt::ElideRight, r.width()));
    p.setPen(Qt::black);
  }
  // z and z/T share one scale, so the temperature visibly stretches or squeezes the middle column.
  double scale = 1e-9;
  for (const LogitRow& r : steps_.rows) scale = std::max({scale, std::abs(static_cast<double>(r.logit)), std::abs(r.scaled)});
  const int top = headY + 2 * lineH + 6;
  const int rowH = std::clamp((height() - top - 6) / static_cast<int>(steps_.rows.size()), lineH + 2, 2 * lineH);
  for (std::size_t i = 0; i < steps_.rows.size(); ++i) {
    const LogitRow& row = steps_.rows[i];
    const int y = top + static_cast<int>(i) * rowH;
    if (y + rowH > height()) break;
    p.drawText(QRect(8, y, tokenW - 6, rowH), Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(row.token, Qt::ElideRight, tokenW - 6));
    const double values[3] = {row.logit, row.scaled, row.probability};
    const QColor colors[3] = {{0x8a, 0x6f, 0xc9}, {0xc9, 0x7b, 0x3f}, {0x3b, 0x82, 0xc4}};
    for (int c = 0; c < 3; ++c) {
      const int x = 8 + tokenW + c * colW;
      const QString num = c == 2 ? QStringLiteral("%1 %").arg(100 * values[c], 0, 'f', values[c] < 0.001 ? 3 : 1)
                                 : QString::number(values[c], 'f', 2);
      const int numW = fm.horizontalAdvance(QStringLiteral("-000.00 ")) ;
      const int barMax = colW - 6 - numW;
      const double frac = c == 2 ? values[c] : std::abs(values[c]) / scale;
      const int w = std::max(1, static_cast<int>(barMax * frac));
      p.fillRect(QRect(x, y + 2, w, rowH - 4), values[c] < 0 ? colors[c].lighter(140) : colors[c]);
      p.drawText(QRect(x + w + 4, y, numW, rowH), Qt::AlignLeft | Qt::AlignVCenter, num);
    }
  }
}

QString LogitsView::exportTitle() const {
  return title_.isEmpty() ? tr("Logits before softmax") : tr("Logits before softmax, %1").arg(title_);
}

QString LogitsView::csvData() const {
  QString out = QStringLiteral("rank,id,token,logit,logit_over_t,probability\n");
  for (std::size_t i = 0; i < steps_.rows.size(); ++i) {
    const LogitRow& r = steps_.rows[i];
    out += QStringLiteral("%1,%2,%3,%4,%5,%6\n").arg(i + 1).arg(r.id).arg(csvField(r.token))
               .arg(r.logit, 0, 'g', 9).arg(r.scaled, 0, 'g', 9).arg(r.probability, 0, 'g', 9);
  }
  return out;
}

QJsonValue LogitsView::jsonData() const {
  QJsonArray rows;
  for (const LogitRow& r : steps_.rows)
    rows.append(QJsonObject{{"id", r.id}, {"token", r.token}, {"logit", r.logit}, {"logit_over_t", r.scaled}, {"probability", r.probability}});
  return QJsonObject{{"title", title_}, {"temperature", steps_.temperature}, {"vocab_size", steps_.vocabSize},
                     {"log_sum_exp", steps_.logSumExp}, {"rows", rows}};
}

}  // namespace glassbox
