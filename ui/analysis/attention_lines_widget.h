#pragma once
// The "lines" form of one attention matrix: queries in a left column, keys in a right column, a link
// from query q to key k whose thickness and opacity are the weight (the classic head view).
#include <QStringList>
#include <QWidget>

#include "analysis/dense_matrix.h"

namespace glassbox {

class AttentionLinesWidget : public QWidget {
  Q_OBJECT
 public:
  explicit AttentionLinesWidget(QWidget* parent = nullptr);

  // matrix: [Tq][Tk] (row = query). Links below `minWeight` are not drawn. keyTokens: the right
  // column's tokens when they differ from the queries' (cross-attention: encoder tokens), else empty.
  void setMatrix(const DenseMatrix& matrix, const QStringList& tokens, const QStringList& keyTokens = {});
  void setSelectedQuery(int q);  // -1: all queries
  int selectedQuery() const { return selected_; }
  void setExporting(bool on) { exporting_ = on; update(); }  // the selected row is not marked in images
  QSize sizeHint() const override;
  int rowCentre(int row) const;  // y of a token row, for scrolling to it

  static constexpr int kRowHeight = 18;
  static constexpr double kMinWeight = 0.02;

 signals:
  void querySelected(int q);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  int rowAt(int y) const;
  DenseMatrix matrix_;
  QStringList tokens_, keyTokens_;
  int selected_ = -1;
  bool exporting_ = false;
};

}  // namespace glassbox
