#pragma once
// Every head of every layer as a small heatmap: rows = layers, columns = heads. Painted from cached
// thumbnails (one 8-bit image per head, at most 128 x 128, max-pooled when T is larger), so a repaint
// is L*H image blits whatever the prompt length.
#include <QImage>
#include <QWidget>
#include <vector>

#include "attention_data.h"

namespace glassbox {

class AttentionGrid : public QWidget {
  Q_OBJECT
 public:
  explicit AttentionGrid(QWidget* parent = nullptr);

  void setData(const AttentionData& data);
  const AttentionData& data() const { return data_; }
  void setCellSize(int pixels);  // a cell's side; the widget resizes itself to fit the grid
  int cellSize() const { return cell_; }
  void setSqrtScale(bool on);    // colour by sqrt(weight), which makes small weights visible
  void setSelected(int layer, int head);

  int rows() const { return data_.numLayers; }     // L
  int columns() const { return data_.numHeads; }   // H
  QRect cellRect(int layer, int head) const;
  // -1, -1 when `pos` is not on a cell.
  std::pair<int, int> cellAt(QPoint pos) const;
  const QImage& thumbnail(int layer, int head) const { return thumbs_[layer * data_.numHeads + head]; }
  // Space needed for the whole grid at a given cell size.
  QSize gridSize(int cell) const;

  QSize sizeHint() const override { return gridSize(cell_); }

 signals:
  void headSelected(int layer, int head);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  void rebuildThumbnails();
  void paintHeaders(QPainter& p);
  void paintKvGroups(QPainter& p);
  void paintCell(QPainter& p, int layer, int head);
  int topMargin() const;
  bool grouped() const { return data_.numKvHeads > 0 && data_.numKvHeads < data_.numHeads; }

  AttentionData data_;
  std::vector<QImage> thumbs_;  // [L][H], Format_Indexed8 over heatTable()
  int cell_ = 56;
  bool sqrt_ = true;
  int selLayer_ = -1, selHead_ = -1;
  int hoverLayer_ = -1, hoverHead_ = -1;
};

}  // namespace glassbox
