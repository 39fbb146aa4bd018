#include "engine_controller.h"

#include <algorithm>

#include "encoder_outputs.h"
#include "model_worker.h"

namespace glassbox {

EngineController::EngineController(QObject* parent)
    : QObject(parent), latestAnalysis_(std::make_shared<std::atomic<std::uint64_t>>(0)) {
  qRegisterMetaType<std::shared_ptr<const LoadedModel>>();
  qRegisterMetaType<std::shared_ptr<const PromptAnalysis>>();
  qRegisterMetaType<std::shared_ptr<const GenerationUpdate>>();
  qRegisterMetaType<std::shared_ptr<const PositionLogits>>();
  qRegisterMetaType<std::shared_ptr<const AnalysisViewsData>>();
  qRegisterMetaType<std::shared_ptr<const Tokenizer>>();
  qRegisterMetaType<LoadRequest>();
  qRegisterMetaType<GenerationRequest>();
  qRegisterMetaType<std::uint64_t>("std::uint64_t");
  qRegisterMetaType<std::shared_ptr<std::atomic<bool>>>();
  qRegisterMetaType<std::shared_ptr<const SimilarityData>>();

  debounce_.setSingleShot(true);
  connect(&debounce_, &QTimer::timeout, this, &EngineController::startAnalysis);

  worker_ = new ModelWorker(latestAnalysis_);
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.setObjectName(QStringLiteral("glassbox-model-worker"));
  thread_.start();

  connect(worker_, &ModelWorker::loadProgress, this, [this](std::uint64_t id, double f) {
    if (id == loadingId_) emit loadProgress(f);
  });
  connect(worker_, &ModelWorker::modelLoaded, this, [this](std::uint64_t id, std::shared_ptr<const LoadedModel> m) {
    if (id == loadingId_) loadingId_ = 0;
    model_ = std::move(m);
    analysis_.reset();
    views_.reset();
    inlineEncodedText_.clear();  // the new tokenizer's encoding comes from the worker
    lastForwardMs_ = 0;
    emit busyChanged(analysing_);
    emit modelLoaded(model_);
    startAnalysis();
  });
  connect(worker_, &ModelWorker::loadFailed, this, [this](std::uint64_t id, const QString& msg) {
    if (id == loadingId_) loadingId_ = 0;
    emit busyChanged(analysing_);
    emit loadFailed(loadingPath_, msg);
  });
  connect(worker_, &ModelWorker::encoded, this, [this](std::shared_ptr<const PromptAnalysis> a) {
    if (a->id != latestAnalysis_->load()) return;
    if (a->text == inlineEncodedText_) return;  // the Tokens view already shows this encoding
    emit encoded(std::move(a));
  });
  connect(worker_, &ModelWorker::analysed, this, [this](std::shared_ptr<const PromptAnalysis> a) {
    if (a->id != latestAnalysis_->load()) return;
    analysing_ = false;
    analysis_ = a;
    lastForwardMs_ = a->forwardMs;
    emit busyChanged(isLoading());
    emit analysed(std::move(a));
  });
  connect(worker_, &ModelWorker::analyseFailed, this, [this](std::uint64_t id, const QString& msg) {
    if (id != latestAnalysis_->load()) return;
    analysing_ = false;
    emit busyChanged(isLoading());
    emit analyseFailed(msg);
  });
  connect(worker_, &ModelWorker::viewsBuilt, this, [this](std::shared_ptr<const AnalysisViewsData> v) {
    if (v->attention) views_ = v;
    emit viewsReady(std::move(v));
  });
  connect(worker_, &ModelWorker::viewsFailed, this, &EngineController::viewsFailed);
  connect(worker_, &ModelWorker::generationUpdated, this, &EngineController::generationUpdated);
  connect(worker_, &ModelWorker::generationFailed, this, &EngineController::generationFailed);
  connect(worker_, &ModelWorker::positionLogitsReady, this, &EngineController::positionLogitsReady);
  connect(worker_, &ModelWorker::compareTokenizerLoaded, this, &EngineController::compareTokenizerLoaded);
  connect(worker_, &ModelWorker::compareTokenizerFailed, this, &EngineController::compareTokenizerFailed);
  connect(worker_, &ModelWorker::similarityReady, this, &EngineController::similarityReady);
}

EngineController::~EngineController() {
  if (analysisCancel_) analysisCancel_->store(true);
  if (loadCancel_) loadCancel_->store(true);
  latestAnalysis_->store(~std::uint64_t{0});  // queued prompts are skipped
  thread_.quit();
  thread_.wait();
}

std::uint64_t EngineController::loadModel(const QString& modelPath, const QString& tokenizerPath) {
  if (loadCancel_) loadCancel_->store(true);
  if (analysisCancel_) analysisCancel_->store(true);  // let the worker reach the load quickly
  LoadRequest request;
  request.id = nextId_++;
  request.modelPath = modelPath;
  request.tokenizerPath = tokenizerPath;
  request.cancel = loadCancel_ = std::make_shared<std::atomic<bool>>(false);
  loadingId_ = request.id;
  loadingPath_ = modelPath;
  emit loadStarted(modelPath);
  emit busyChanged(true);
  QMetaObject::invokeMethod(worker_, [w = worker_, request] { w->loadModel(request); }, Qt::QueuedConnection);
  return request.id;
}

void EngineController::cancelLoad() {
  if (loadCancel_) loadCancel_->store(true);
}

void EngineController::setPrompt(const QString& text) {
  prompt_ = text;
  encodeNow();
  debounce_.setInterval(debounceMs());
  debounce_.start();
}

void EngineController::setTarget(const QString& text) {
  if (text == target_) return;
  target_ = text;
  QMetaObject::invokeMethod(worker_, [w = worker_, text] { w->setTarget(text); }, Qt::QueuedConnection);
  debounce_.setInterval(debounceMs());
  debounce_.start();
}

int EngineController::debounceMs() const {
  if (fixedDebounceMs_ >= 0) return fixedDebounceMs_;
  return std::clamp(static_cast<int>(2 * lastForwardMs_), kMinDebounceMs, kMaxDebounceMs);
}

// Tokenizes the prompt on this thread so the Tokens view follows each keystroke without waiting for
// the forward pass. Tokenizer::encode is safe to call while the worker uses the same tokenizer.
void EngineController::encodeNow() {
  inlineEncodedText_.clear();
  if (!model_ || prompt_.size() > kInlineEncodeChars) return;
  auto a = std::make_shared<PromptAnalysis>();
  a->text = prompt_.toStdString();
  try {
    a->encoding = model_->tokenizer->encode(a->text, appEncodeOptions(*model_->model));
  } catch (const std::exception&) {
    return;  // the worker encodes it again and reports the error
  }
  inlineEncodedText_ = a->text;
  emit encoded(std::move(a));
}

void EngineController::analyseNow() {
  debounce_.stop();
  startAnalysis();
}

void EngineController::startAnalysis() {
  debounce_.stop();
  if (!model_) return;
  if (analysisCancel_) analysisCancel_->store(true);  // the stale forward stops at its next layer
  const std::uint64_t id = nextId_++;
  latestAnalysis_->store(id);
  auto cancel = analysisCancel_ = std::make_shared<std::atomic<bool>>(false);
  analysing_ = true;
  emit busyChanged(true);
  QMetaObject::invokeMethod(
      worker_, [w = worker_, id, text = prompt_, cancel] { w->analyse(id, text, cancel); }, Qt::QueuedConnection);
}

std::uint64_t EngineController::requestGeneration(GenerationRequest request) {
  request.id = nextId_++;
  QMetaObject::invokeMethod(worker_, [w = worker_, request] { w->generation(request); }, Qt::QueuedConnection);
  return request.id;
}

void EngineController::requestPositionLogits(std::shared_ptr<const PromptAnalysis> analysis, int position) {
  QMetaObject::invokeMethod(
      worker_, [w = worker_, a = std::move(analysis), position] { w->positionLogits(a, position); }, Qt::QueuedConnection);
}

void EngineController::loadCompareTokenizer(const QString& path) {
  QMetaObject::invokeMethod(worker_, [w = worker_, path] { w->loadCompareTokenizer(path); }, Qt::QueuedConnection);
}

void EngineController::setVocabularySample(int count) {
  QMetaObject::invokeMethod(worker_, [w = worker_, count] { w->setVocabularySample(count); }, Qt::QueuedConnection);
}

void EngineController::requestHomonymStates(const QStringList& prompts) {
  QMetaObject::invokeMethod(worker_, [w = worker_, prompts] { w->buildHomonymStates(prompts); }, Qt::QueuedConnection);
}

}  // namespace glassbox

namespace glassbox {

void EngineController::requestSimilarity(const QStringList& sentences) {
  const std::uint64_t id = nextId_++;
  QMetaObject::invokeMethod(worker_, [w = worker_, id, sentences] { w->buildSimilarity(id, sentences); }, Qt::QueuedConnection);
}

}  // namespace glassbox
