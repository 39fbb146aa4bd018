#pragma once
// Owns the worker thread and the ModelWorker on it. The UI calls these methods (never blocking) and
// listens to the forwarded signals. Every keystroke is tokenized at once (encoding is microseconds) so
// the Tokens view keeps up with typing; the forward pass waits for a pause in typing (the debounce,
// about twice the last forward's time, between 40 and 150 ms), and a newer prompt cancels the running
// forward through an atomic flag the engine checks between layers.
#include <QObject>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <memory>

#include "encoder_outputs.h"
#include "engine_types.h"

namespace glassbox {

class ModelWorker;

class EngineController : public QObject {
  Q_OBJECT
 public:
  explicit EngineController(QObject* parent = nullptr);
  ~EngineController() override;  // cancels, quits and waits for the worker thread

  std::uint64_t loadModel(const QString& modelPath, const QString& tokenizerPath = {});
  void cancelLoad();
  bool isLoading() const { return loadingId_ != 0; }

  // Emits `encoded` at once (prompts up to kInlineEncodeChars; longer ones are encoded on the worker);
  // the forward starts debounceMs() after the last call. analyseNow skips the wait.
  void setPrompt(const QString& text);
  void analyseNow();
  // An encoder-decoder's forced output (teacher forcing): analysed like a prompt edit.
  void setTarget(const QString& text);
  QString target() const { return target_; }
  // A fixed debounce in ms, or a negative value for the automatic one (the default).
  void setDebounceMs(int ms) { fixedDebounceMs_ = ms; }
  int debounceMs() const;
  static constexpr int kInlineEncodeChars = 100'000;
  static constexpr int kMinDebounceMs = 40, kMaxDebounceMs = 150;

  // Generation on the worker (GenerationRequest says what); answers come by generationUpdated,
  // one per step while generating. Returns the request's id.
  std::uint64_t requestGeneration(GenerationRequest request);
  // The logits after prompt position `position` of `analysis`, computed on the worker from the trace;
  // they arrive by positionLogitsReady.
  void requestPositionLogits(std::shared_ptr<const PromptAnalysis> analysis, int position);
  void loadCompareTokenizer(const QString& path);
  void setVocabularySample(int count);  // rebuilds the token-embeddings data on the worker
  // Traces two sentences on the worker for the one-word comparison (empty: the homonym example pair).
  void requestHomonymStates(const QStringList& prompts = {});
  std::shared_ptr<const AnalysisViewsData> views() const { return views_; }  // last complete set
  // Encoder models: pools `sentences` on the worker; the cosines arrive by similarityReady.
  void requestSimilarity(const QStringList& sentences);

  std::shared_ptr<const LoadedModel> model() const { return model_; }
  std::shared_ptr<const PromptAnalysis> analysis() const { return analysis_; }  // last with trace
  bool isAnalysing() const { return analysing_; }

 signals:
  void loadStarted(const QString& path);
  void loadProgress(double fraction);
  void modelLoaded(std::shared_ptr<const glassbox::LoadedModel> model);
  void loadFailed(const QString& path, const QString& message);
  void encoded(std::shared_ptr<const glassbox::PromptAnalysis> analysis);
  void analysed(std::shared_ptr<const glassbox::PromptAnalysis> analysis);
  void analyseFailed(const QString& message);
  void generationUpdated(std::shared_ptr<const glassbox::GenerationUpdate> update);
  void generationFailed(std::uint64_t id, const QString& message);
  void positionLogitsReady(std::shared_ptr<const glassbox::PositionLogits> logits);
  void compareTokenizerLoaded(std::shared_ptr<const glassbox::Tokenizer> tokenizer, const QString& path);
  void compareTokenizerFailed(const QString& message);
  void busyChanged(bool busy);
  // Analysis-view data, built on the worker; null members are unchanged.
  void viewsReady(std::shared_ptr<const glassbox::AnalysisViewsData> views);
  void viewsFailed(const QString& message);
  void similarityReady(std::shared_ptr<const glassbox::SimilarityData> data);

 private:
  void startAnalysis();
  void encodeNow();

  QThread thread_;
  ModelWorker* worker_ = nullptr;  // lives on thread_, deleted when it finishes
  QTimer debounce_;
  QString prompt_;
  QString target_;
  std::shared_ptr<std::atomic<std::uint64_t>> latestAnalysis_;
  std::shared_ptr<std::atomic<bool>> analysisCancel_;
  std::shared_ptr<std::atomic<bool>> loadCancel_;
  std::uint64_t nextId_ = 1;
  std::uint64_t loadingId_ = 0;
  QString loadingPath_;
  bool analysing_ = false;
  int fixedDebounceMs_ = -1;
  double lastForwardMs_ = 0;      // of the last analysed prompt, for the automatic debounce
  std::string inlineEncodedText_;  // the prompt whose `encoded` was already emitted on this thread
  std::shared_ptr<const LoadedModel> model_;
  std::shared_ptr<const PromptAnalysis> analysis_;
  std::shared_ptr<const AnalysisViewsData> views_;
};

}  // namespace glassbox
