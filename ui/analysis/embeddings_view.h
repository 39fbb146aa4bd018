#pragma once
// Where tokens live: a 2D projection (PCA by default, t-SNE on request, animated while it runs on its
// own thread) of embedding rows or of the prompt's hidden states at a chosen layer. Prompt tokens are
// highlighted and labelled; hover names any point; clicking one lists its cosine nearest neighbours
// and draws its raw vector as a bar strip.
#include <QVector>
#include <QWidget>

#include "analysis/tsne.h"
#include "embeddings_data.h"
#include "exportable_view.h"

class QCustomPlot;
class QCPGraph;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;

namespace glassbox {

class TsneRunner;

class EmbeddingsView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  enum class Projection { Pca, Tsne };

  explicit EmbeddingsView(QWidget* parent = nullptr);
  ~EmbeddingsView() override;

  void setData(const EmbeddingsData& data);  // projects with PCA at once
  const EmbeddingsData& data() const { return data_; }
  void setLayer(int boundary);               // contextual states: which layer boundary
  int layer() const { return layer_; }
  void setProjection(Projection p);          // t-SNE starts the background run
  void setTsneOptions(const TsneOptions& options) { tsneOptions_ = options; }
  void setVocabularySample(int count);  // shown in the spin box, without emitting
  void selectPoint(int index);               // -1 clears
  int selectedPoint() const { return selected_; }

  // Animated t-SNE frames (or any externally computed layout): points [N][2] interleaved.
  void showProjectionFrame(const QVector<float>& points, int iteration, int totalIterations, double kl);
  const DenseMatrix& projected() const { return projected_; }  // [N][2] as drawn
  QStringList neighbourLines() const;                         // the neighbour list as shown
  TsneRunner* tsneRunner() const { return runner_; }
  bool tsneRunning() const;

  bool exportTo(const QString& path, QString* error = nullptr);
  bool exportData(const QString& path, QString* error = nullptr) const;
  QString exportName() const override { return "embeddings"; }
  QWidget* exportWidget() override;
  QString csvData() const override;
  QJsonValue jsonData() const override;

 signals:
  void pointSelected(int index);
  void layerChanged(int boundary);
  void tsneFinished(bool cancelled);
  // The person asked for a different number of vocabulary tokens beside the prompt's (token-embeddings
  // mode); the owner rebuilds the data with tokenEmbeddingsData(..., sampleVocabularyIds(tok, n), ...).
  void vocabularySampleRequested(int count);

 private:
  void buildUi();
  void projectPca();
  void startTsne();
  void redraw(bool rescale);
  void updateSelectionPanel();
  void updateLayerLabel();
  int pointAt(QPoint pixel) const;

  EmbeddingsData data_;
  DenseMatrix projected_;
  int layer_ = 0;
  int selected_ = -1;
  Projection projection_ = Projection::Pca;
  TsneOptions tsneOptions_;
  QString axisNote_;

  QCustomPlot* plot_ = nullptr;
  QCustomPlot* strip_ = nullptr;
  QListWidget* neighbours_ = nullptr;
  QLabel* title_ = nullptr;
  QLabel* selectedLabel_ = nullptr;
  QLabel* layerLabel_ = nullptr;
  QSlider* layerSlider_ = nullptr;
  QSpinBox* vocabSpin_ = nullptr;
  QComboBox* projectionBox_ = nullptr;
  QPushButton* cancelButton_ = nullptr;
  QProgressBar* progress_ = nullptr;
  TsneRunner* runner_ = nullptr;
};

}  // namespace glassbox
