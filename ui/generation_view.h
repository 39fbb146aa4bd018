#pragma once
// Step-by-step generation: the prompt (faded) followed by the generated tokens coloured by the
// probability they had when drawn; Step, Generate/Stop, Greedy vs Sample, max new tokens, Reset, and
// the branches left behind when a different token was chosen.
#include <QWidget>
#include <memory>

#include "exportable_view.h"
#include "generation_state.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace glassbox {

class Tokenizer;
class TokenChipsWidget;

// Red (unlikely) → amber → green (likely), readable behind dark text; log scale from 0.1 % to 100 %.
QColor probabilityColor(float p);
// The colour key of the generated chips: the ramp with its probabilities marked.
QPixmap probabilityKeyPixmap(const QFont& font);

class GenerationView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit GenerationView(QWidget* parent = nullptr);

  void setTokenizer(std::shared_ptr<const Tokenizer> tokenizer) { tokenizer_ = std::move(tokenizer); }
  void setState(const GenerationState& state);
  void setRunning(bool running);
  void setSampling(bool sample);
  void setMaxNewTokens(int n);
  void setMessage(const QString& text);
  void setSelectedStep(int step);  // -1: none
  int selectedStep() const { return selectedStep_; }
  // Whether Next token follows each new step (off once a token is pinned by a click).
  void setFollowLatest(bool follow);
  bool followLatest() const;
  void setSamplingSummary(const QString& summary);  // "sampling, T 0.80, top-k 40": for the caption
  TokenChipsWidget* chips() const { return chips_; }
  QLabel* colourKey() const { return key_; }
  QStringList branchTexts() const;  // the branch list as shown

  QString exportName() const override { return QStringLiteral("generation"); }
  QString exportTitle() const override;
  QWidget* exportWidget() override { return this; }
  void setExporting(bool exporting) override;
  QString csvData() const override;
  QJsonValue jsonData() const override;

 signals:
  void stepRequested();
  void generateRequested();
  void stopRequested();
  void resetRequested();
  void samplingToggled(bool sample);
  void maxNewTokensChanged(int n);
  void stepSelected(int step);  // a generated token was clicked
  void branchSelected(int branchIndex);
  void followLatestToggled(bool follow);

 private:
  GenerationState state_;
  std::shared_ptr<const Tokenizer> tokenizer_;
  int selectedStep_ = -1;
  TokenChipsWidget* chips_ = nullptr;
  QPushButton* step_ = nullptr;
  QPushButton* generate_ = nullptr;
  QPushButton* reset_ = nullptr;
  QComboBox* mode_ = nullptr;
  QSpinBox* maxNew_ = nullptr;
  QComboBox* branches_ = nullptr;
  QLabel* message_ = nullptr;
  QLabel* key_ = nullptr;
  QCheckBox* follow_ = nullptr;
  QString samplingSummary_;
  bool running_ = false;
};

}  // namespace glassbox
