#pragma once
// One attention matrix in detail: a [query x key] heatmap (QCustomPlot colour map, no interpolation,
// colour scale legend) with token labels on both axes (thinned when crowded, re-thinned on zoom),
// hover read-out of the exact weight and the two tokens, a selectable query row, and a "lines" mode.
// Besides a single head it shows the layer's mean or max over heads, or the rollout up to the layer.
#include <QSize>
#include <QWidget>

#include "attention_data.h"
#include "exportable_view.h"

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QComboBox;
class QLabel;
class QScrollArea;
class QSpinBox;
class QStackedWidget;

namespace glassbox {

class AttentionLinesWidget;

class AttentionHeadView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  enum class DisplayMode { Heatmap, Lines };

  explicit AttentionHeadView(QWidget* parent = nullptr);

  // Keeps the layer, head and aggregate when still valid; keeps the selected query row only while the
  // tokens up to it are unchanged (else the row would describe another token), and resets the read-out.
  void setData(const AttentionData& data);
  const AttentionData& data() const { return data_; }
  void setHead(int layer, int head);
  void setAggregate(AttentionAggregate aggregate);
  void setDisplayMode(DisplayMode mode);
  void selectQuery(int q);  // -1 clears
  // Restores a saved state; before any data it is kept and applied when data arrives.
  void restoreState(int layer, int head, AttentionAggregate aggregate, DisplayMode mode, int query);

  int layer() const { return layer_; }
  int head() const { return head_; }
  AttentionAggregate aggregate() const { return aggregate_; }
  int selectedQuery() const { return query_; }
  DisplayMode displayMode() const { return mode_; }
  QString readout() const;  // the line under the plot
  const DenseMatrix& matrix() const { return matrix_; }  // what is drawn, [T][T]
  // The colour map's stored value for (query q, key k), NaN above the diagonal (for tests).
  double cellValue(int q, int k) const;
  // Text of the hover read-out for (q, k), as shown in the tooltip and status line.
  QString describeCell(int q, int k) const;
  QCustomPlot* plot() const { return plot_; }

  bool exportTo(const QString& path, QString* error = nullptr);  // .png .svg .pdf
  bool exportData(const QString& path, QString* error = nullptr) const;  // .csv (matrix) .json

  QString exportName() const override { return "attention-head"; }
  QString suggestedFileName() const override;  // "attention-head-L3-H5", "attention-rollout-layers-0-3", ...
  QString exportTitle() const override;
  QWidget* exportWidget() override;
  void setExporting(bool exporting) override;
  QString csvData() const override;
  QJsonValue jsonData() const override;

 signals:
  void querySelected(int q);
  void headChanged(int layer, int head);

 private:
  void buildControls();
  void rebuild();
  void updateTitle();
  void updateTicks();
  void updateHighlight();
  void onMouseMove(QMouseEvent* event);
  void onMousePress(QMouseEvent* event);
  std::pair<int, int> cellAt(QPoint pos) const;

  void resetReadout();
  QString aggregateTitle() const;  // the export title without the stream

  AttentionData data_;
  DenseMatrix matrix_;
  int layer_ = 0, head_ = 0, query_ = -1;
  int pendingQuery_ = -1;  // a restored query row, applied when data arrives
  bool exporting_ = false;
  QSize tickedSize_;
  AttentionAggregate aggregate_ = AttentionAggregate::Head;
  DisplayMode mode_ = DisplayMode::Heatmap;

  QCustomPlot* plot_ = nullptr;
  QCPColorMap* map_ = nullptr;
  QCPColorScale* scale_ = nullptr;
  QCPItemRect* rowHighlight_ = nullptr;
  std::vector<QCPItemRect*> specialMarks_;  // grey bars beside the labels of [CLS], [SEP], <s> …
  void markSpecialTokens();
  AttentionLinesWidget* lines_ = nullptr;
  QStackedWidget* stack_ = nullptr;
  QScrollArea* linesScroll_ = nullptr;
  QComboBox* aggregateBox_ = nullptr;
  QComboBox* modeBox_ = nullptr;
  QSpinBox* layerBox_ = nullptr;
  QSpinBox* headBox_ = nullptr;
  QLabel* title_ = nullptr;
  QLabel* readout_ = nullptr;
};

}  // namespace glassbox
