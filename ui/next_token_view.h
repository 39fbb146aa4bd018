#pragma once
// The next-token dock: the chart (or the same numbers as a table) beside the sampler controls. Moving a
// control re-applies the sampler chain to the cached logits of the shown position; the model never runs.
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>
#include <memory>
#include <span>

#include "exportable_view.h"
#include "next_token_data.h"
#include "sampling_controls.h"

class QLabel;
class QTableView;
class QTabWidget;

namespace glassbox {

class NextTokenChart;
class ProbabilityTableModel;
class Tokenizer;

// One step's logits and its context. `owner` keeps `logits` alive (a Trace or a generation step).
struct DistributionSource {
  std::shared_ptr<const void> owner;
  std::span<const float> logits;  // [V]
  std::vector<int> history;       // tokens before the step, for the repetition penalty
  int actualId = -1;              // the token that came next, if any
  QString title;                  // what the distribution is: "Generation step 3, the latest"
  QString hint;                   // what a click on a bar does here
  QString fileStem;               // what the source is, for file names: "after-token-4", "step-3"
};

class NextTokenView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit NextTokenView(QWidget* parent = nullptr);
  ~NextTokenView() override;

  void setTokenizer(std::shared_ptr<const Tokenizer> tokenizer);  // the top-k range comes from the model (controls()->setVocabSize)
  void setSource(DistributionSource source);  // replot coalesced
  void clearSource(const QString& message = {});
  SamplingControls* controls() const { return controls_; }
  NextTokenChart* chart() const { return chart_; }
  const SampleResult& lastResult() const { return result_; }
  const DistributionSource& source() const { return source_; }
  void flush();  // recompute now (tests, export)

  QString exportName() const override { return QStringLiteral("next-token"); }
  QString suggestedFileName() const override;
  QString exportTitle() const override;
  void setExporting(bool exporting) override;
  QWidget* exportWidget() override;
  QString csvData() const override;
  QJsonValue jsonData() const override;

 signals:
  void tokenChosen(int tokenId);  // a bar was clicked
  void settingsChanged(const glassbox::SamplingSettings& settings);
  void sourceChanged();  // setSource or clearSource: source() is new

 private:
  void recompute();
  void scheduleRecompute();

  std::shared_ptr<const Tokenizer> tokenizer_;
  DistributionSource source_;
  SampleResult result_;
  SamplingControls* controls_ = nullptr;
  NextTokenChart* chart_ = nullptr;
  ProbabilityTableModel* table_ = nullptr;
  QTableView* tableView_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  QTimer replot_;
  QElapsedTimer sinceRecompute_;  // since the end of the last recompute
};

}  // namespace glassbox
