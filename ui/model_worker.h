#pragma once
// The one object that touches Model, Tokenizer and InferenceSession. It lives on the controller's
// worker thread; every slot runs there, every result leaves by a signal carrying values only.
#include <QObject>
#include <atomic>
#include <memory>

#include "engine_types.h"

namespace glassbox {

// The tokenizer for a model: tokenizer.json in a model folder, else tokenizer.bin or tok*.bin beside a
// llama2.c checkpoint (the same rules as glassbox-cli). Throws Error naming what was looked for.
std::string findTokenizerFor(const std::string& modelPath);

class ModelWorker : public QObject {
  Q_OBJECT
 public:
  // latestAnalysis: the id of the newest prompt request; older queued requests are skipped.
  explicit ModelWorker(std::shared_ptr<std::atomic<std::uint64_t>> latestAnalysis);
  ~ModelWorker() override;

 public slots:
  void loadModel(const glassbox::LoadRequest& request);
  void analyse(std::uint64_t id, const QString& text, std::shared_ptr<std::atomic<bool>> cancel);
  void step(const glassbox::StepRequest& request);
  void loadCompareTokenizer(const QString& path);

 signals:
  void loadProgress(std::uint64_t id, double fraction);
  void modelLoaded(std::uint64_t id, std::shared_ptr<const glassbox::LoadedModel> model);
  void loadFailed(std::uint64_t id, const QString& message);
  void encoded(std::shared_ptr<const glassbox::PromptAnalysis> analysis);   // tokens only, trace null
  void analysed(std::shared_ptr<const glassbox::PromptAnalysis> analysis);  // with trace
  void analyseFailed(std::uint64_t id, const QString& message);
  void stepDone(std::shared_ptr<const glassbox::StepResult> result);
  void stepFailed(std::uint64_t id, const QString& message);
  void compareTokenizerLoaded(std::shared_ptr<const glassbox::Tokenizer> tokenizer, const QString& path);
  void compareTokenizerFailed(const QString& message);

 private:
  std::shared_ptr<std::atomic<std::uint64_t>> latestAnalysis_;
  std::shared_ptr<const LoadedModel> loaded_;
  std::unique_ptr<InferenceSession> session_;
};

}  // namespace glassbox
