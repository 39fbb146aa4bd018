// ModelWorker for encoder-only models (BERT, DistilBERT, RoBERTa, sentence-transformers folders): the
// whole input is encoded at once with a trace; the masked-LM head runs at each mask token, the
// classification heads over the input, and the similarity view's sentences are pooled into vectors.
//
// Shape legend: T = tokens, V = vocabulary, N = labels, S = sentences, C = d_model.
#include <QElapsedTimer>
#include <filesystem>

#include "core/error.h"
#include "embeddings_data.h"
#include "encoder_outputs.h"
#include "model_worker.h"
#include "models/sentence_pooling.h"
#include "models/session.h"
#include "token_text.h"

namespace glassbox {
namespace {

constexpr std::size_t kEncoderMlpTraceBudget = std::size_t{256} << 20;
constexpr int kMaxSimilaritySentences = 32;

TokenText encoderTokenText(std::shared_ptr<const Tokenizer> tok) {
  return [tok](int id) {
    return tok->isSpecial(id) ? QString::fromStdString(tok->tokenRaw(id)) : visibleTokenText(tok->tokenBytes(id));
  };
}

}  // namespace

std::unique_ptr<EncoderSession> ModelWorker::loadEncoderSession(const std::shared_ptr<const Model>& model,
                                                               const std::string& modelPath, SentencePooling& pooling) {
  auto session = std::make_unique<EncoderSession>(model);
  pooling = {};
  try {
    const std::filesystem::path path(modelPath);
    const std::string folder = std::filesystem::is_directory(path) ? path.string() : path.parent_path().string();
    if (auto p = readSentencePooling(folder)) pooling = *p;
  } catch (const std::exception&) {
    // A malformed modules.json: mean pooling (glassbox-cli similarity reports the file's error).
  }
  return session;
}

std::vector<int> ModelWorker::encoderIds(Encoding& encoding) const {
  std::vector<int> ids = encoding.ids;
  const int context = loaded_->model->config().contextLength;
  if (static_cast<int>(ids.size()) > context) ids.resize(static_cast<std::size_t>(context));
  return ids;
}

void ModelWorker::analyseEncoder(std::uint64_t id, const QString& text, std::shared_ptr<std::atomic<bool>> cancel) {
  auto result = std::make_shared<PromptAnalysis>();
  result->id = id;
  result->text = text.toStdString();
  result->encoding = loaded_->tokenizer->encode(result->text, appEncodeOptions(*loaded_->model));
  const std::vector<int> ids = encoderIds(result->encoding);
  result->droppedTokens = static_cast<int>(result->encoding.ids.size() - ids.size());
  emit encoded(std::make_shared<const PromptAnalysis>(*result));
  if (ids.empty()) {
    emit analysed(result);
    return;
  }
  QElapsedTimer timer;
  timer.start();
  EncoderInput input = EncoderInput::fromEncoding(result->encoding);
  input.ids = ids;
  if (!input.typeIds.empty()) input.typeIds.resize(ids.size());
  if (!input.attentionMask.empty()) input.attentionMask.resize(ids.size());
  auto trace = std::make_shared<Trace>();
  ForwardOptions options;
  options.trace = trace.get();
  options.cancel = cancel.get();
  if (traceBytes(loaded_->model->config(), static_cast<int>(ids.size()), kTraceMlp) <= kEncoderMlpTraceBudget)
    options.traceParts = kTraceMlp;
  encoder_->encode(input, options);
  result->encoder = encoderHeads(ids);
  result->forwardMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
  result->trace = std::move(trace);
  result->model = loaded_->model;
  emit analysed(result);
  buildViews(*result, ids);
}

std::shared_ptr<const EncoderOutputs> ModelWorker::encoderHeads(const std::vector<int>& ids) const {
  auto out = std::make_shared<EncoderOutputs>();
  const ModelConfig& c = loaded_->model->config();
  out->labels = c.labels;
  out->maskId = maskTokenId(*loaded_->tokenizer);
  try {
    for (std::size_t t = 0; t < ids.size(); ++t)
      if (ids[t] == out->maskId) out->maskPositions.push_back(static_cast<int>(t));
    if (c.can(kCanFillMask))
      for (int p : out->maskPositions) out->maskLogits.push_back(encoder_->maskedLmLogits(p));
    if (c.can(kCanClassify)) out->sequenceLogits = encoder_->sequenceLogits();
    if (c.can(kCanClassifyTokens)) out->tokenLogits = encoder_->tokenLogits();
  } catch (const std::exception& e) {
    out->headError = QString::fromStdString(e.what());
  }
  return out;
}

std::shared_ptr<const EmbeddingsData> ModelWorker::encoderHomonyms(const QStringList& pair) const {
  std::vector<TracedPrompt> prompts;
  EncoderSession session(loaded_->model);  // apart from encoder_, whose last input the views show
  for (const QString& p : pair) {
    Encoding enc = loaded_->tokenizer->encode(p.toStdString(), appEncodeOptions(*loaded_->model));
    std::vector<int> ids = encoderIds(enc);
    if (ids.empty()) continue;
    EncoderInput input = EncoderInput::fromEncoding(enc);
    input.ids = ids;
    if (!input.typeIds.empty()) input.typeIds.resize(ids.size());
    if (!input.attentionMask.empty()) input.attentionMask.resize(ids.size());
    auto trace = std::make_shared<Trace>();
    ForwardOptions options;
    options.trace = trace.get();
    session.encode(input, options);
    prompts.push_back({p, std::move(ids), std::move(trace)});
  }
  return std::make_shared<const EmbeddingsData>(contextualStatesData(prompts, encoderTokenText(loaded_->tokenizer)));
}

void ModelWorker::buildSimilarity(std::uint64_t id, const QStringList& requested) {
  auto data = std::make_shared<SimilarityData>();
  data->id = id;
  data->pooling = QString::fromLatin1(poolingName(pooling_.pooling));
  data->normalized = pooling_.normalize;
  try {
    if (!loaded_ || !encoder_) throw Error("similarity: open an encoder model (BERT, a sentence-transformers folder)");
    EncoderSession session(loaded_->model);
    for (const QString& s : requested) {
      if (s.trimmed().isEmpty()) continue;
      if (data->sentences.size() >= kMaxSimilaritySentences) break;
      Encoding enc = loaded_->tokenizer->encode(s.toStdString(), appEncodeOptions(*loaded_->model));
      const std::vector<int> ids = encoderIds(enc);
      if (ids.empty()) continue;
      EncoderInput input = EncoderInput::fromEncoding(enc);
      input.ids = ids;
      if (!input.typeIds.empty()) input.typeIds.resize(ids.size());
      if (!input.attentionMask.empty()) input.attentionMask.resize(ids.size());
      session.encode(input);
      std::vector<float> v = session.pool(pooling_.pooling);
      if (pooling_.normalize) normalizeL2(v);
      data->sentences << s;
      data->vectors.push_back(std::move(v));
    }
    const std::size_t S = data->vectors.size();
    data->cosines.assign(S * S, 0.0);
    for (std::size_t a = 0; a < S; ++a)
      for (std::size_t b = 0; b < S; ++b) data->cosines[a * S + b] = cosineSimilarity(data->vectors[a], data->vectors[b]);
  } catch (const std::exception& e) {
    data->error = QString::fromStdString(e.what());
  }
  emit similarityReady(data);
}

}  // namespace glassbox
