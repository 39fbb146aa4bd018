#pragma once
// Sentence similarity for an encoder that embeds: an editable list of sentences (one per line), each
// pooled into one vector the way the folder says (sentence-transformers' Pooling module, else the mean
// of the tokens' last hidden states), and the cosine of every pair as a heatmap. S = sentences.
#include <QTimer>
#include <QWidget>
#include <memory>

#include "exportable_view.h"

class QCustomPlot;
class QCPColorMap;
class QLabel;
class QPlainTextEdit;

namespace glassbox {

struct SimilarityData;

class SimilarityView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit SimilarityView(QWidget* parent = nullptr);
  ~SimilarityView() override;

  void setSentences(const QStringList& sentences);  // the editor's lines (no sentencesChanged)
  QStringList sentences() const;                    // the non-empty lines
  void setData(std::shared_ptr<const SimilarityData> data);
  void setUnavailable(const QString& message);
  std::shared_ptr<const SimilarityData> data() const { return data_; }
  QPlainTextEdit* editor() const { return editor_; }
  QCPColorMap* heatmap() const { return map_; }

  QString exportName() const override { return QStringLiteral("similarity"); }
  QString exportTitle() const override;
  QWidget* exportWidget() override;
  QString csvData() const override;
  QJsonValue jsonData() const override;

 signals:
  void sentencesChanged(const QStringList& sentences);  // after a pause in typing

 private:
  QPlainTextEdit* editor_ = nullptr;
  QLabel* note_ = nullptr;
  QCustomPlot* plot_ = nullptr;
  QCPColorMap* map_ = nullptr;
  QTimer typing_;
  std::shared_ptr<const SimilarityData> data_;
};

}  // namespace glassbox
