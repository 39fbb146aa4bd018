#pragma once
// The next-token distribution as bars: the untouched softmax (T = 1) ghosted behind the adjusted one,
// removed tokens greyed and labelled with the stage that removed them, the cumulative probability the
// top-p stage sees with its threshold line.
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

 signals:
  void barClicked(int tokenId);

 private:
  void clearItemsAndText();
  void drawRemovedLabels();
  void drawThreshold();
  void showEmptyState();

  NextTokenData data_;
  bool logScale_ = false;
  QCPBars* original_ = nullptr;
  QCPBars* adjusted_ = nullptr;
  QCPGraph* cumulative_ = nullptr;
  QCPTextElement* title_ = nullptr;
  QCPTextElement* summary_ = nullptr;
};

}  // namespace glassbox
