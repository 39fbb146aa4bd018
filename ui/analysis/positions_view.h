#pragma once
// How a transformer knows word order: the model's learned position embeddings (GPT-2) as a heatmap and
// as a position-by-position cosine-similarity matrix, or for RoPE models the rotation frequency of each
// dimension pair; the sinusoidal encoding of the original Transformer drawn beside it for comparison.
// Shape legend: P = positions, C = d_model, D = head dim.
#include <QWidget>

#include "analysis/dense_matrix.h"
#include "exportable_view.h"
#include "positions_data.h"

class QCustomPlot;
class QLabel;

namespace glassbox {

class Model;

// Whether nearby positions look alike in a [P][P] cosine-similarity matrix: the mean cosine of
// neighbours (|i - j| = 1) against that of positions at least P/4 apart. The titles say "alike" only
// when the data shows it (neighbours at least 0.2 higher and above 0.5).
struct NearbySimilarity {
  double neighbours = 0, distant = 0;
  bool alike() const { return neighbours >= 0.5 && neighbours - distant >= 0.2; }
};
NearbySimilarity nearbySimilarity(const DenseMatrix& similarity);

class PositionsView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit PositionsView(QWidget* parent = nullptr);

  void setData(const PositionsData& data);
  const PositionsData& data() const { return data_; }
  // What is drawn (for tests and export): cosine similarity of learned rows [P][P] (empty for RoPE),
  // the sinusoidal encoding [P][C'] and its similarity [P][P], RoPE frequencies [D/2].
  const DenseMatrix& learnedSimilarity() const { return learnedSim_; }
  const DenseMatrix& sinusoidal() const { return sinusoidal_; }
  const DenseMatrix& sinusoidalSimilarity() const { return sinusoidalSim_; }
  const std::vector<double>& ropeFrequencies() const { return ropeFreq_; }
  QString explanation() const;
  QStringList plotTitles() const;  // the four titles as drawn (unwrapped)
  int columns() const { return columns_; }  // plots side by side: 4 in a wide, short dock, 2 or 1 otherwise

  bool exportTo(const QString& path, QString* error = nullptr);
  bool exportData(const QString& path, QString* error = nullptr) const;
  QString exportName() const override { return "positions"; }
  QString exportTitle() const override;
  QWidget* exportWidget() override { return this; }
  QString csvData() const override;
  QJsonValue jsonData() const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void arrangePlots();
  void fitTitles();
  void keepSquare(QCustomPlot* plot);
  void drawLearned();
  void drawRope();
  void drawSinusoidal();

  PositionsData data_;
  DenseMatrix learnedSim_, sinusoidal_, sinusoidalSim_;
  std::vector<double> ropeFreq_;
  QLabel* why_ = nullptr;
  QWidget* plots_ = nullptr;  // the four plots, placed by arrangePlots()
  int columns_ = 2;
  QStringList titles_;        // [4] unwrapped, in the order top-left, top-right, bottom-left, bottom-right
  QCustomPlot* topLeft_ = nullptr;   // learned heatmap, or RoPE frequencies
  QCustomPlot* topRight_ = nullptr;  // learned similarity, or RoPE rotation angles
  QCustomPlot* bottomLeft_ = nullptr;   // sinusoidal heatmap
  QCustomPlot* bottomRight_ = nullptr;  // sinusoidal similarity
};

}  // namespace glassbox
