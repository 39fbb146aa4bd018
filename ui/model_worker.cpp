#include "model_worker.h"

#include <QElapsedTimer>
#include <cctype>
#include <string_view>
#include <filesystem>

#include "attention_data.h"
#include "core/error.h"
#include "embeddings_data.h"
#include "positions_data.h"
#include "sampling/generator.h"
#include "token_text.h"

namespace glassbox {
namespace {

constexpr std::size_t kMlpTraceBudget = std::size_t{256} << 20;

QString pieceText(const TokenPiece& piece) {
  return piece.special ? QString::fromStdString(piece.raw) : visibleTokenText(piece.bytes);
}

TokenText tokenTextOf(std::shared_ptr<const Tokenizer> tok) {
  return [tok](int id) {
    return tok->isSpecial(id) ? QString::fromStdString(tok->tokenRaw(id)) : visibleTokenText(tok->tokenBytes(id));
  };
}

}  // namespace

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
        request.tokenizerPath.isEmpty() ? findTokenizerPath(modelPath) : request.tokenizerPath.toStdString();
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
    const Family family = loaded->model->family();
    SentencePooling pooling;
    auto encoderSession = family == Family::Encoder ? loadEncoderSession(loaded->model, modelPath, pooling) : nullptr;
    auto seq2seqSession = family == Family::EncoderDecoder ? std::make_unique<Seq2SeqSession>(loaded->model) : nullptr;
    auto session = family == Family::Decoder ? std::make_unique<InferenceSession>(loaded->model) : nullptr;
    loaded->positions = std::make_shared<const PositionsData>(positionsDataFromModel(*loaded->model, 256));
    loaded->loadMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    // Only now replace the previous model: a failed load leaves it working.
    loaded_ = loaded;
    session_ = std::move(session);
    seq2seq_ = std::move(seq2seqSession);
    encoder_ = std::move(encoderSession);
    pooling_ = pooling;
    resetGeneration();
    homonyms_.reset();
    lastIds_.clear();
    emit modelLoaded(request.id, loaded_);
  } catch (const Cancelled&) {
    emit loadFailed(request.id, QStringLiteral("Loading was cancelled."));
  } catch (const std::exception& e) {
    emit loadFailed(request.id, QString::fromStdString(e.what()));
  }
}

void ModelWorker::analyse(std::uint64_t id, const QString& text, std::shared_ptr<std::atomic<bool>> cancel) {
  if (id != latestAnalysis_->load() || !loaded_) return;  // a newer prompt is already queued
  if (seq2seq_) return analyseSeq2Seq(id, text, cancel.get());
  try {
    if (encoder_) return analyseEncoder(id, text, cancel);
    auto result = std::make_shared<PromptAnalysis>();
    result->id = id;
    result->text = text.toStdString();
    result->encoding = loaded_->tokenizer->encode(result->text, encodeOptionsFor(*loaded_->model));
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
    options.cancel = cancel.get();
    // The feed-forward activations and the residual between the sub-layers, for the architecture map
    // and the feed-forward view, when they stay small (the default model: a few MB).
    if (traceBytes(loaded_->model->config(), static_cast<int>(ids.size()), kTraceMlp) <= kMlpTraceBudget) options.traceParts = kTraceMlp;
    session_->reset();
    session_->forward(ids, options);
    result->forwardMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    result->trace = std::move(trace);
    result->model = loaded_->model;
    emit analysed(result);
    buildViews(*result, ids);
  } catch (const Cancelled&) {
    // A newer prompt replaced this one; it reports for itself.
  } catch (const std::exception& e) {
    emit analyseFailed(id, QString::fromStdString(e.what()));
  }
}

void ModelWorker::buildViews(const PromptAnalysis& a, const std::vector<int>& ids) {
  if (a.id != latestAnalysis_->load()) return;  // a newer prompt is queued: its views come with it
  try {
    auto views = std::make_shared<AnalysisViewsData>();
    views->id = a.id;
    QStringList labels;
    for (std::size_t i = 0; i < ids.size(); ++i) labels << pieceText(a.encoding.tokens[i]);
    const ModelConfig& c = loaded_->model->config();
    views->attention = std::make_shared<const AttentionData>(attentionDataFromTrace(a.trace, labels, c.numKvHeads));
    views->tokenEmbeddings = tokenEmbeddings(ids);
    const TracedPrompt prompt{QString::fromStdString(a.text).simplified().left(60), ids, a.trace};
    views->hiddenStates = std::make_shared<const EmbeddingsData>(contextualStatesData({prompt}, tokenTextOf(loaded_->tokenizer)));
    lastIds_ = ids;
    lastId_ = a.id;
    emit viewsBuilt(views);
  } catch (const std::exception& e) {
    emit viewsFailed(QString::fromStdString(e.what()));
  }
}

std::shared_ptr<const EmbeddingsData> ModelWorker::tokenEmbeddings(const std::vector<int>& ids) const {
  // The sample is "words": single-byte tokens other than letters and common punctuation (control and
  // lone UTF-8 bytes, digits, rare symbols) are often absent from the training text; their rows share one
  // direction (every softmax step pushes them down together) and form a clump that takes over the
  // first principal axis. The prompt's own tokens are always shown.
  const auto& tok = *loaded_->tokenizer;
  std::vector<int> sample;
  for (int id : sampleVocabularyIds(tok, vocabularySample_ + 256)) {
    if (static_cast<int>(sample.size()) >= vocabularySample_) break;
    const std::string bytes = tok.tokenBytes(id);
    const unsigned char b = bytes.size() == 1 ? static_cast<unsigned char>(bytes[0]) : 0;
    const bool letterOrPunct = std::isalpha(b) || std::string_view(".,;:!?'\"").find(static_cast<char>(b)) != std::string_view::npos;
    if (bytes.size() != 1 || letterOrPunct) sample.push_back(id);
  }
  return std::make_shared<const EmbeddingsData>(
      tokenEmbeddingsData(*loaded_->model, ids, sample, tokenTextOf(loaded_->tokenizer)));
}

void ModelWorker::setVocabularySample(int count) {
  vocabularySample_ = std::max(0, count);
  if (!loaded_) return;
  try {
    auto views = std::make_shared<AnalysisViewsData>();
    views->id = lastId_;
    views->tokenEmbeddings = tokenEmbeddings(lastIds_);
    emit viewsBuilt(views);
  } catch (const std::exception& e) {
    emit viewsFailed(QString::fromStdString(e.what()));
  }
}

void ModelWorker::buildHomonymStates(const QStringList& requested) {
  if (!loaded_) return;
  try {
    const QStringList pair = requested.isEmpty() ? homonymExamplePrompts() : requested;
    if (!homonyms_ || pair != homonymPrompts_) {
      homonyms_ = encoder_ ? encoderHomonyms(pair) : seq2seq_ ? seq2seqHomonyms(pair) : decoderHomonyms(pair);
      homonymPrompts_ = pair;
    }
    auto views = std::make_shared<AnalysisViewsData>();
    views->id = lastId_;
    views->homonymStates = homonyms_;
    emit viewsBuilt(views);
  } catch (const std::exception& e) {
    emit viewsFailed(QString::fromStdString(e.what()));
  }
}

std::shared_ptr<const EmbeddingsData> ModelWorker::decoderHomonyms(const QStringList& pair) const {
  std::vector<TracedPrompt> prompts;
  InferenceSession session(loaded_->model);  // apart from session_, whose cache serves generation
  for (const QString& p : pair) {
    std::vector<int> ids = loaded_->tokenizer->encode(p.toStdString(), encodeOptionsFor(*loaded_->model)).ids;
    if (static_cast<int>(ids.size()) > session.contextLength()) ids.resize(static_cast<std::size_t>(session.contextLength()));
    auto trace = std::make_shared<Trace>();
    ForwardOptions options;
    options.trace = trace.get();
    session.reset();
    session.forward(ids, options);
    prompts.push_back({p, std::move(ids), std::move(trace)});
  }
  return std::make_shared<const EmbeddingsData>(contextualStatesData(prompts, tokenTextOf(loaded_->tokenizer)));
}

void ModelWorker::loadCompareTokenizer(const QString& path) {
  try {
    emit compareTokenizerLoaded(Tokenizer::load(path.toStdString()), path);
  } catch (const std::exception& e) {
    emit compareTokenizerFailed(QString::fromStdString(e.what()));
  }
}

void ModelWorker::positionLogits(std::shared_ptr<const PromptAnalysis> analysis, int position) {
  if (!analysis || !analysis->trace || !analysis->model) return;
  const Trace& trace = *analysis->trace;
  if (position < 0 || position >= trace.output().numTokens) return;
  try {
    auto result = std::make_shared<PositionLogits>();
    result->analysisId = analysis->id;
    result->position = position;
    result->logits = analysis->model->logitsFromHidden(trace.output().finalHiddenAt(position));
    emit positionLogitsReady(result);
  } catch (const std::exception& e) {
    emit analyseFailed(analysis->id, QString::fromStdString(e.what()));
  }
}

}  // namespace glassbox
