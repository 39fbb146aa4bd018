#pragma once
// Where tokens live: a 2D projection (PCA by default, t-SNE on request, animated while it runs on its
// own thread) of embedding rows or of the prompt's hidden states. With hidden states (one matrix per
// layer boundary) the default picture is one PCA fitted on every layer together, each token drawn as
// its path from the embeddings to the last layer and the layer slider moving a dot along it; the
// other layout projects each layer on its own. Prompt tokens are highlighted and labelled where a
// label fits without covering another (label_placement.h; the rest are named on hover); a key under the
// plot says which colour is which prompt and, with one prompt, which path is which token. Clicking a
// point lists its cosine nearest neighbours and draws its raw vector. A word compared across two
// sentences (setComparison) is drawn bold with its cosine, layer by layer, written on the plot.
//
// The PCAs run on the view's own worker thread (LatestJobRunner) when data arrives: the UI thread only
// draws. Until the result is back the previous picture stays; newer data makes older work stale.
#include <QRect>
#include <QVector>
#include <QWidget>
#include <memory>

#include "analysis/tsne.h"
#include "embeddings_data.h"
#include "embeddings_projection.h"
#include "exportable_view.h"

class QCustomPlot;
class QCPGraph;
class QCPItemText;
class QCPTextElement;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;

namespace glassbox {

class LatestJobRunner;
class TsneRunner;

// One word in two sentences: the points (indices into the data) that spell it in each.
struct WordComparison {
  QString word;
  std::vector<int> first, second;
  bool active() const { return !first.empty() && !second.empty(); }
};

class EmbeddingsView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  enum class Projection { Pca, Tsne };
  // With more than one layer: paths in one PCA over all layers, or each layer on its own PCA.
  enum class LayerLayout { Paths, EachLayer };

  explicit EmbeddingsView(QWidget* parent = nullptr);
  ~EmbeddingsView() override;

  void setData(const EmbeddingsData& data);  // a copy; PCA starts on the worker
  void setData(std::shared_ptr<const EmbeddingsData> data);
  const EmbeddingsData& data() const { return *data_; }
  void setLayer(int boundary);               // contextual states: which layer boundary (kept until data arrives)
  int layer() const { return layer_; }
  void setProjection(Projection p);          // t-SNE starts the background run
  void setLayerLayout(LayerLayout layout);
  LayerLayout layerLayout() const { return layout_; }
  bool pathsShown() const;                   // PCA, paths layout, and the data has layers
  // Paths of tokens spelling this word (spaces and the visible-space dot ignored) are drawn bold and
  // the others faint: the homonym example follows its shared word. Empty: no emphasis.
  void setEmphasisedWord(const QString& word);
  bool isEmphasised(int point) const;
  // The same word in two sentences: both drawn bold, their cosine per layer written on the plot.
  // Cleared by new data unless set again.
  void setComparison(const WordComparison& comparison);
  const WordComparison& comparison() const { return comparison_; }
  std::vector<double> comparisonCosines() const;  // per layer boundary; empty without a comparison
  QString comparisonText() const;                 // as written on the plot
  // Labels drawn on the plot now (the others are named on hover), and the key's entries.
  QStringList drawnLabels() const;
  QStringList keyEntries() const;
  // True while the worker projects data that is not drawn yet.
  bool projectionPending() const;
  // Waits for the worker's projection and draws it now (exports, tests).
  void flush();
  std::shared_ptr<const EmbeddingsProjection> projection() const { return proj_; }  // null while pending
  void setTsneOptions(const TsneOptions& options) { tsneOptions_ = options; }
  void setVocabularySample(int count);  // shown in the spin box, without emitting
  void selectPoint(int index);               // -1 clears
  // Selects this point once the data of this size is drawn (a restored session); -1 clears.
  void restoreSelection(int index);
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
  QString suggestedFileName() const override;
  QString exportTitle() const override;
  QWidget* exportWidget() override;
  void setExporting(bool exporting) override;
  QString csvData() const override;
  QJsonValue jsonData() const override;

 signals:
  void pointSelected(int index);
  void projectionReady();  // the worker's PCA of the current data is drawn
  void layerChanged(int boundary);
  void tsneFinished(bool cancelled);
  // The person asked for a different number of vocabulary tokens beside the prompt's (token-embeddings
  // mode); the owner rebuilds the data with tokenEmbeddingsData(..., sampleVocabularyIds(tok, n), ...).
  void vocabularySampleRequested(int count);

 private:
  void buildUi();
  void startProjection();
  void onProjected(std::shared_ptr<const EmbeddingsProjection> projection);
  void showPca(bool rescale);
  void startTsne();
  void updateControls();
  void redraw(bool rescale);
  void drawPaths();
  void drawPoints();
  void drawComparison();
  void placeTextLabels();  // after the axes are set: labels that fit, most important first
  void scheduleLabels();
  void rescaleAxes();
  void updateSelectionPanel();
  void updateLayerLabel();
  int pointAt(QPoint pixel) const;

  std::shared_ptr<const EmbeddingsData> data_;
  std::shared_ptr<const EmbeddingsProjection> proj_;  // of data_; null while the worker runs
  DenseMatrix projected_;  // [N][2] as drawn: the current layer
  int layer_ = 0;
  int selected_ = -1;
  Projection projection_ = Projection::Pca;
  LayerLayout layout_ = LayerLayout::Paths;
  QString emphasised_;
  WordComparison comparison_;
  int pendingSelection_ = -1;
  bool exporting_ = false;
  bool labelsQueued_ = false;
  bool inRedraw_ = false;   // range changes made by redraw() itself do not re-place the labels
  QRect labelledRect_;      // the axis rect the labels were placed for
  std::vector<QCPItemText*> labels_;  // the point labels on the plot now
  QCPTextElement* comparisonLine_ = nullptr;  // above the axes while a word is compared
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
  QComboBox* layoutBox_ = nullptr;
  QPushButton* cancelButton_ = nullptr;
  QProgressBar* progress_ = nullptr;
  TsneRunner* runner_ = nullptr;
  std::unique_ptr<LatestJobRunner> jobs_;  // last member: stopped first
};

}  // namespace glassbox
