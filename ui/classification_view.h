#pragma once
// The classification dock of an encoder with a classification head: for sequence classification the
// probability of each label (softmax of the head's logits, e.g. POSITIVE / NEGATIVE), updated with each
// analysis as one types; for token classification each token coloured by its entity (PER, ORG, LOC …)
// with the grouped spans listed. Legend: N = labels, T = tokens.
#include <QWidget>
#include <memory>

#include "exportable_view.h"

class QCustomPlot;
class QCPBars;
class QLabel;

namespace glassbox {

struct PromptAnalysis;

// One run of tokens with the same entity (a B- tag starts a new one), in the input text.
struct EntitySpan {
  QString entity;      // "PER" (the label without its B-/I- prefix)
  QString text;        // the span of the input text
  int firstToken = 0, lastToken = 0;
  double score = 0;    // mean probability of the tokens' labels
};

// Softmax of logits [N].
std::vector<double> labelProbabilities(const std::vector<float>& logits);
// The entity of a label: "B-PER" -> "PER", "O" -> "" (outside every entity).
QString entityOf(const QString& label);
// The spans of token labels [T] (argmax of the head per token) over `analysis`'s text.
std::vector<EntitySpan> groupEntities(const PromptAnalysis& analysis);

class ClassificationView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit ClassificationView(QWidget* parent = nullptr);
  ~ClassificationView() override;

  void setAnalysis(std::shared_ptr<const PromptAnalysis> analysis);
  void setUnavailable(const QString& message);
  bool hasData() const;
  const std::vector<double>& probabilities() const { return probabilities_; }  // [N] sequence head
  QStringList labels() const { return labels_; }
  const std::vector<EntitySpan>& spans() const { return spans_; }
  QString tokensHtml() const { return tokens_ ? tokensHtml_ : QString(); }

  QString exportName() const override { return QStringLiteral("classification"); }
  QString exportTitle() const override;
  QWidget* exportWidget() override { return this; }
  QString csvData() const override;
  QJsonValue jsonData() const override;

 private:
  void showSequence();
  void showTokens();

  std::shared_ptr<const PromptAnalysis> analysis_;
  QStringList labels_;
  std::vector<double> probabilities_;
  std::vector<int> tokenLabels_;   // [T] argmax label per token
  std::vector<EntitySpan> spans_;
  QString tokensHtml_;
  QLabel* note_ = nullptr;
  QLabel* tokens_ = nullptr;
  QCustomPlot* plot_ = nullptr;
  QCPBars* bars_ = nullptr;
};

}  // namespace glassbox
