#pragma once
// The architecture map: the loaded model drawn bottom up as the lesson draws it (tokens at the bottom,
// the next token at the top), one layer of the N x stack shown at a time with a layer stepper beside it,
// every block with its sizes and parameter count and a miniature of the selected token's live values.
// A bar shows where the parameters live. Clicking a block asks for the detailed view of that stage;
// hovering explains it. Keys: Up/Down (or PgUp/PgDn) step the layer, Left/Right the token.
#include <QWidget>
#include <functional>
#include <memory>
#include <vector>

#include "architecture_map_data.h"
#include "exportable_view.h"

namespace glassbox {

class Model;
struct Trace;

class ArchitectureMapView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit ArchitectureMapView(QWidget* parent = nullptr);

  // A new model: its blocks from the config, no live values until setTrace.
  void setModel(std::shared_ptr<const Model> model, const QString& modelName);
  // A new prompt's trace (ids [T]); the miniatures show `position` (-1: the last token).
  void setTrace(std::shared_ptr<const Trace> trace, std::vector<int> ids, std::function<QString(int)> tokenText,
                int position = -1);
  void setPosition(int position);
  void setLayer(int layer);
  int layer() const { return layer_; }
  int position() const { return data_.position; }
  const ArchitectureMapData& data() const { return data_; }
  // The blocks drawn now, per column, bottom up (the selected layer's blocks stand for the N x stack).
  std::vector<const MapBlock*> drawnBlocks(int column) const;
  // The one- or two-sentence explanation a block's tooltip gives.
  static QString explanation(const MapBlock& block, const ArchitectureMapData& data);

  QString exportName() const override { return QStringLiteral("architecture"); }
  QString exportTitle() const override;
  QWidget* exportWidget() override { return this; }
  QString csvData() const override;
  QJsonValue jsonData() const override;

  QSize sizeHint() const override { return {420, 600}; }
  QSize minimumSizeHint() const override { return {240, 240}; }

 signals:
  // A block was clicked (or Enter pressed on the selected layer): open the detailed view of `stage`.
  void stageActivated(glassbox::MapStage stage, int layer);
  void layerChanged(int layer);
  void positionChanged(int position);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  bool event(QEvent* event) override;

 private:
  struct Hit {
    QRect rect;
    const MapBlock* block = nullptr;
    int layer = -1;  // a layer chip of the stepper (block null)
  };
  void recompute();
  void layout();
  void paintBlock(QPainter& p, const QRect& r, const MapBlock& b) const;
  void paintMiniature(QPainter& p, const QRect& r, const MapBlock& b) const;
  void paintShares(QPainter& p, const QRect& r) const;
  void paintStepper(QPainter& p, const QRect& r, const MapColumn& col) const;
  const Hit* hitAt(const QPoint& pos) const;

  std::shared_ptr<const Model> model_;
  std::shared_ptr<const Trace> trace_;
  std::vector<int> ids_;
  std::function<QString(int)> tokenText_;
  ArchitectureMapData data_;
  int layer_ = 0;
  std::vector<Hit> hits_;  // filled by layout()
  QRect sharesRect_;
  std::vector<QRect> groupRects_;  // the N x frame of each column
  std::vector<QRect> stepperRects_;
};

}  // namespace glassbox

Q_DECLARE_METATYPE(glassbox::MapStage)
