#pragma once
// The masked-token dock of an encoder (BERT's fill-mask): the sentence with the model's pick in place of
// each mask, a selector of the masks, and the next-token chart with its sampler controls fed the
// masked-LM distribution at the selected mask. Moving a control reshapes the cached logits exactly as
// for a decoder's next token; the model never runs.
#include <QWidget>
#include <memory>
#include <vector>

#include "exportable_view.h"

class QComboBox;
class QLabel;

namespace glassbox {

class NextTokenView;
class Tokenizer;
struct PromptAnalysis;

class MaskedTokenView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit MaskedTokenView(QWidget* parent = nullptr);
  ~MaskedTokenView() override;

  void setTokenizer(std::shared_ptr<const Tokenizer> tokenizer);
  // The analysis of an encoder's input; masked[m] is the token the person replaced by mask m (-1: typed).
  void setAnalysis(std::shared_ptr<const PromptAnalysis> analysis, std::vector<int> masked = {});
  // A model (or prompt) the view does not apply to: the chart is cleared and says why.
  void setUnavailable(const QString& message);
  void selectMask(int index);
  int selectedMask() const { return selected_; }
  int maskCount() const;
  int maskPosition(int index) const;  // token position of mask `index`
  int predictedId(int index) const;   // the most likely token at mask `index`
  QString sentenceHtml() const;       // the sentence with the predictions in place
  NextTokenView* distribution() const { return view_; }
  QComboBox* maskSelector() const { return selector_; }

  QString exportName() const override { return QStringLiteral("masked-token"); }
  QString suggestedFileName() const override;
  QString exportTitle() const override;
  void setExporting(bool exporting) override;
  QWidget* exportWidget() override;
  QString csvData() const override;
  QJsonValue jsonData() const override;

 signals:
  void maskSelected(int index);

 private:
  void showSelected();
  void refreshSentence();
  QString tokenString(int id) const;

  std::shared_ptr<const Tokenizer> tokenizer_;
  std::shared_ptr<const PromptAnalysis> analysis_;
  std::vector<int> masked_;
  int selected_ = -1;
  QLabel* sentence_ = nullptr;
  QComboBox* selector_ = nullptr;
  NextTokenView* view_ = nullptr;
};

}  // namespace glassbox
