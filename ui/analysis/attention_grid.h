#pragma once
// Every head of every layer as a small heatmap: rows = layers, columns = heads, with a corner badge in
// the colour of each head's recognised pattern (its name and score written in the cell when the cell is
// large enough) and a one-line key to the badges under the cells. Painted from cached
// thumbnails (one 8-bit image per head, at most 128 x 128, max-pooled when T is larger), so a repaint
// is L*H image blits whatever the prompt length. The thumbnails (O(L*H*T^2) to build) are made on the
// grid's own worker thread; the grid keeps showing the previous data until they are back, then shows
// the new data and its thumbnails together.
#include <QImage>
#include <QWidget>
#include <memory>
#include <vector>

#include "analysis/layer_paths.h"
#include "attention_data.h"

namespace glassbox {

class LatestJobRunner;

// One image per head [L][H], Format_Indexed8 over heatTable(): colour index = weight * 255, or
// sqrt(weight) * 255 in the square-root set. Cells are max-pooled when T > 128.
struct AttentionThumbnails {
  std::vector<QImage> linear, sqrt;
  bool complete(const AttentionData& d) const {
    return linear.size() == static_cast<std::size_t>(d.numLayers) * d.numHeads && sqrt.size() == linear.size();
  }
};

inline constexpr int kMaxAttentionThumbnail = 128;
// Builds both sets (pure: safe on any thread). Stops early, incomplete, when `stop` says so.
AttentionThumbnails buildAttentionThumbnails(const AttentionData& data, const StopRequested& stop = {});

class AttentionGrid : public QWidget {
  Q_OBJECT
 public:
  explicit AttentionGrid(QWidget* parent = nullptr);
  ~AttentionGrid() override;

  void setData(const AttentionData& data);      // thumbnails are built on the worker
  const AttentionData& data() const { return data_; }  // the data shown (not one still being prepared)
  bool pending() const;                         // newer data is being prepared
  void flush();                                 // waits for it and shows it now (exports, tests)
  void setCellSize(int pixels);  // a cell's side; the widget resizes itself to fit the grid
  int cellSize() const { return cell_; }
  void setSqrtScale(bool on);    // colour by sqrt(weight), which makes small weights visible
  void setSelected(int layer, int head);  // -1, -1: none
  int selectedLayer() const { return selLayer_; }
  int selectedHead() const { return selHead_; }
  void setExporting(bool on);    // no selection or hover outline while an image is written
  void setKeyWidth(int pixels);  // the width the key under the cells may use (the view's)

  int rows() const { return data_.numLayers; }     // L
  int columns() const { return data_.numHeads; }   // H
  QRect cellRect(int layer, int head) const;
  // -1, -1 when `pos` is not on a cell.
  std::pair<int, int> cellAt(QPoint pos) const;
  const QImage& thumbnail(int layer, int head) const;
  // Space needed for the whole grid at a given cell size (the key under the cells included).
  QSize gridSize(int cell) const;
  QSize cellsSize(int cell) const;   // the cells with their row and column labels only
  int keyHeight(int width) const;    // the key flowed in `width` pixels
  // The key's entries as drawn: "prev = the previous token", ... (for tests).
  QStringList keyTexts() const;

  static constexpr int kMinCell = 22;     // below this the grid scrolls instead of shrinking
  static constexpr int kLabelCell = 40;   // from this size the pattern's name and score are written in the cell
  static QColor patternColor(HeadPatternKind kind);

  QSize sizeHint() const override { return gridSize(cell_); }

 signals:
  void headSelected(int layer, int head);
  void dataShown();  // new data and its thumbnails are on screen

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  void showData(const AttentionData& data, std::shared_ptr<const AttentionThumbnails> thumbs);
  void paintHeaders(QPainter& p);
  void paintKvGroups(QPainter& p);
  void paintCell(QPainter& p, int layer, int head);
  void paintKey(QPainter& p);
  int topMargin() const;
  bool grouped() const { return data_.numKvHeads > 0 && data_.numKvHeads < data_.numHeads; }

  AttentionData data_;
  std::shared_ptr<const AttentionThumbnails> thumbs_;  // of data_
  int cell_ = 56;
  bool sqrt_ = true;
  int selLayer_ = -1, selHead_ = -1;
  int hoverLayer_ = -1, hoverHead_ = -1;
  bool exporting_ = false;
  int keyWidth_ = 0;
  std::unique_ptr<LatestJobRunner> jobs_;  // last member: stopped first
};

}  // namespace glassbox
