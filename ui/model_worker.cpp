#include "model_worker.h"

#include <QElapsedTimer>
#include <filesystem>

#include "core/error.h"

namespace glassbox {

std::string findTokenizerFor(const std::string& modelPath) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path p(modelPath);
  if (fs::is_directory(p, ec)) {
    const fs::path json = p / "tokenizer.json";
    if (!fs::exists(json, ec))
      throw Error(modelPath + ": no tokenizer.json in the model folder (hint: open a folder with one, or pass --tokenizer PATH)");
    return json.string();
  }
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (fs::exists(dir / "tokenizer.bin", ec)) return (dir / "tokenizer.bin").string();
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() == ".bin" && name.rfind("tok", 0) == 0) return entry.path().string();
  }
  throw Error(modelPath + ": no tokenizer.bin beside the checkpoint (hint: pass --tokenizer PATH)");
}

ModelWorker::ModelWorker(std::shared_ptr<std::atomic<std::uint64_t>> latestAnalysis)
    : latestAnalysis_(std::move(latestAnalysis)) {}

ModelWorker::~ModelWorker() = default;

void ModelWorker::loadModel(const LoadRequest& request) {
  QElapsedTimer timer;
  timer.start();
  try {
    auto loaded = std::make_shared<LoadedModel>();
    loaded->modelPath = request.modelPath;
    const std::string modelPath = request.modelPath.toStdString();
    const std::string tokPath =
        request.tokenizerPath.isEmpty() ? findTokenizerFor(modelPath) : request.tokenizerPath.toStdString();
    loaded->tokenizerPath = QString::fromStdString(tokPath);
    LoadOptions options;
    const auto cancel = request.cancel;
    const std::uint64_t id = request.id;
    options.progress = [this, cancel, id](double f) {
      emit loadProgress(id, f);
      return !(cancel && cancel->load());
    };
    loaded->model = Model::load(modelPath, options);
    loaded->tokenizer = Tokenizer::load(tokPath);
    if (loaded->tokenizer->vocabSize() > loaded->model->config().vocabSize)
      throw Error(tokPath + ": the tokenizer has " + std::to_string(loaded->tokenizer->vocabSize()) +
                  " tokens but the model only " + std::to_string(loaded->model->config().vocabSize) +
                  " (hint: pick the tokenizer that belongs to this model)");
    auto session = std::make_unique<InferenceSession>(loaded->model);
    loaded->loadMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    // Only now replace the previous model: a failed load leaves it working.
    loaded_ = loaded;
    session_ = std::move(session);
    emit modelLoaded(request.id, loaded_);
  } catch (const Cancelled&) {
    emit loadFailed(request.id, QStringLiteral("Loading was cancelled."));
  } catch (const std::exception& e) {
    emit loadFailed(request.id, QString::fromStdString(e.what()));
  }
}

void ModelWorker::analyse(std::uint64_t id, const QString& text, std::shared_ptr<std::atomic<bool>> cancel) {
  if (id != latestAnalysis_->load() || !loaded_) return;  // a newer prompt is already queued
  try {
    auto result = std::make_shared<PromptAnalysis>();
    result->id = id;
    result->text = text.toStdString();
    result->encoding = loaded_->tokenizer->encode(result->text, true);
    std::vector<int> ids = result->encoding.ids;
    const int context = session_->contextLength();
    if (static_cast<int>(ids.size()) > context) {
      result->droppedTokens = static_cast<int>(ids.size()) - context;
      ids.resize(static_cast<std::size_t>(context));
    }
    emit encoded(std::make_shared<const PromptAnalysis>(*result));
    if (ids.empty()) {
      emit analysed(result);
      return;
    }
    QElapsedTimer timer;
    timer.start();
    auto trace = std::make_shared<Trace>();
    ForwardOptions options;
    options.trace = trace.get();
    options.allLogits = true;
    options.cancel = cancel.get();
    session_->reset();
    session_->forward(ids, options);
    result->forwardMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    result->trace = std::move(trace);
    emit analysed(result);
  } catch (const Cancelled&) {
    // A newer prompt replaced this one; it reports for itself.
  } catch (const std::exception& e) {
    emit analyseFailed(id, QString::fromStdString(e.what()));
  }
}

void ModelWorker::step(const StepRequest& request) {
  if (!loaded_) {
    emit stepFailed(request.id, QStringLiteral("No model is loaded."));
    return;
  }
  if (request.tokens.empty()) {
    emit stepFailed(request.id, QStringLiteral("There is no token to continue from."));
    return;
  }
  try {
    QElapsedTimer timer;
    timer.start();
    const int reused = session_->reusePrefix(request.tokens);
    std::span<const int> rest(request.tokens.data() + reused, request.tokens.size() - static_cast<std::size_t>(reused));
    if (rest.empty()) {  // the cache already holds everything: re-run the last token for its logits
      session_->truncate(reused - 1);
      rest = std::span<const int>(request.tokens.data() + reused - 1, 1);
    }
    auto result = std::make_shared<StepResult>();
    result->id = request.id;
    result->tokens = request.tokens;
    result->logits = session_->forward(rest);
    result->forwardMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    emit stepDone(result);
  } catch (const std::exception& e) {
    emit stepFailed(request.id, QString::fromStdString(e.what()));
  }
}

void ModelWorker::loadCompareTokenizer(const QString& path) {
  try {
    emit compareTokenizerLoaded(Tokenizer::load(path.toStdString()), path);
  } catch (const std::exception& e) {
    emit compareTokenizerFailed(QString::fromStdString(e.what()));
  }
}

}  // namespace glassbox
