#pragma once
// The next-token distribution as bars: the untouched softmax (T = 1) ghosted behind the adjusted one,
// removed tokens greyed and labelled with the stage that removed them, the token that really came next
// outlined. Above the bars, in its own panel with its own 0–1 axis (green like its curve), the
// cumulative probability the top-p stage sees, its threshold and where top-p cuts: a line after the
// last kept bar, or, when the cut lies beyond the bars shown, an arrow at the right edge saying how
// many tokens top-p keeps.
#include <qcustomplot.h>

#include "next_token_data.h"

namespace glassbox {

class NextTokenChart : public QCustomPlot {
  Q_OBJECT
 public:
  explicit NextTokenChart(QWidget* parent = nullptr);

  void setData(const NextTokenData& data, bool logScale);
  const NextTokenData& data() const { return data_; }

  // What is drawn, bar by bar (for tests): heights of the adjusted and the ghost bars.
  std::vector<double> adjustedHeights() const;
  std::vector<double> originalHeights() const;
  QCPAxisRect* cumulativeRect() const { return cumRect_; }
  QCPAxisRect* barsRect() const { return xAxis->axisRect(); }  // (axisRect() is the first in the layout: cumRect_)
  QString topPCutText() const { return cutText_; }
  // What the empty chart says instead of its default line ("an encoder has no next token…"); empty: the default.
  void setEmptyMessage(const QString& text) { emptyMessage_ = text; }
  void setHintShown(bool shown);  // the data's hint line under the summary (off while exporting)  // as written in the cumulative panel; empty when top-p is off

 signals:
  void barClicked(int tokenId);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void showTexts();  // title (wrapped to the width) and summary
  void buildCumulativePanel();
  void drawRemovedLabels();
  void drawTopP();
  void showEmptyState();

  NextTokenData data_;
  bool logScale_ = false;
  QString cutText_;
  QString summaryText_;
  bool hintShown_ = true;
  QString emptyMessage_;
  QCPAxisRect* cumRect_ = nullptr;  // the cumulative panel, above the bars
  QCPBars* original_ = nullptr;
  QCPBars* adjusted_ = nullptr;
  QCPBars* actual_ = nullptr;       // the token that came next, outlined
  QCPGraph* cumulative_ = nullptr;
  QCPTextElement* title_ = nullptr;
  QCPTextElement* summary_ = nullptr;
};

}  // namespace glassbox
