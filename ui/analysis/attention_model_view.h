#pragma once
// The model view of attention: every layer (rows) x head (columns) as a small heatmap, badged with its
// recognised pattern; click a head to open it in AttentionHeadView. The cells are square and as large
// as the view allows (never below AttentionGrid::kMinCell = 22 px: only then does the grid scroll, and
// the summary says so). Grouped-query models show a band over the query heads that share a key/value
// head. New data appears when the grid's worker has built its thumbnails (dataShown).
#include <QWidget>

#include "attention_data.h"
#include "exportable_view.h"

class QCheckBox;
class QLabel;
class QScrollArea;

namespace glassbox {

class AttentionGrid;

class AttentionModelView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit AttentionModelView(QWidget* parent = nullptr);

  void setData(const AttentionData& data);  // shown once the grid's worker has its thumbnails
  const AttentionData& data() const;        // the data shown
  bool pending() const;                     // newer data is being prepared
  void flush();                             // waits for it and shows it now (exports, tests)
  void setSelectedHead(int layer, int head);
  AttentionGrid* grid() const { return grid_; }

  // Image by suffix (.png, .svg, .pdf) of the whole grid; data (.csv, .json): one row per head with
  // its pattern scores and entropy. Return false with `error` set on failure.
  bool exportTo(const QString& path, QString* error = nullptr);
  bool exportData(const QString& path, QString* error = nullptr) const;

  // ExportableView
  QString exportName() const override { return "attention-heads"; }
  QString exportTitle() const override;
  QWidget* exportWidget() override;
  void setExporting(bool exporting) override;
  QString summaryText() const;  // as shown above the grid
  bool scrolls() const;         // the cells are at their smallest and the grid does not fit
  QString csvData() const override;
  QJsonValue jsonData() const override;

 signals:
  void headSelected(int layer, int head);
  void dataShown();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void fitCells();
  void updateSummary();

  AttentionGrid* grid_ = nullptr;
  QScrollArea* scroll_ = nullptr;
  QLabel* summary_ = nullptr;
  QCheckBox* sqrt_ = nullptr;
};

}  // namespace glassbox
