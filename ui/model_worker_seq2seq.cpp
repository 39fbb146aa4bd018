// ModelWorker for encoder-decoder models (T5, flan-T5, mT5): the prompt is the encoder's input, the
// target the decoder's forced output (teacher forcing, as `glassbox-cli trace --target`); generation
// steps run the decoder over the encoded input with its own KV cache (Seq2SeqSession::reusePrefix).
// Shape legend: Te = encoder tokens, Td = decoder tokens, C = d_model, V = vocabulary.
#include <QElapsedTimer>

#include "attention_data.h"
#include "core/error.h"
#include "embeddings_data.h"
#include "model_worker.h"
#include "token_text.h"

namespace glassbox {
namespace {

constexpr std::size_t kMlpTraceBudget = std::size_t{256} << 20;

QString idText(const Tokenizer& tok, int id) {
  return tok.isSpecial(id) ? QString::fromStdString(tok.tokenRaw(id)) : visibleTokenText(tok.tokenBytes(id));
}

QStringList tokenLabels(const Tokenizer& tok, const std::vector<int>& ids) {
  QStringList out;
  for (int id : ids) out << idText(tok, id);
  return out;
}

// decoder_start_token_id, then the target's tokens without special tokens (no </s>: the decoder goes
// on from there), as cli_generate's decoderPrefix.
std::vector<int> decoderPrefix(const Seq2SeqSession& session, const Tokenizer& tok, const std::string& target) {
  std::vector<int> ids{session.decoderStartToken()};
  if (target.empty()) return ids;
  const Encoding e = tok.encode(target, false);
  const int room = std::max(0, session.contextLength() - 1);
  ids.insert(ids.end(), e.ids.begin(), e.ids.begin() + std::min<std::ptrdiff_t>(room, std::ssize(e.ids)));
  return ids;
}

// A trace holding only the encoder's stack, so that the hidden-states builder (which reads the output
// stack) projects the encoder's output vectors, one per input token.
std::shared_ptr<const Trace> encoderOnly(const Trace& trace) {
  auto t = std::make_shared<Trace>();
  t->parts = trace.parts;
  t->vocabSize = trace.vocabSize;
  t->stacks.push_back(trace.stack(StackRole::Encoder));
  return t;
}

}  // namespace

void ModelWorker::setTarget(const QString& text) { target_ = text.toStdString(); }

void ModelWorker::analyseSeq2Seq(std::uint64_t id, const QString& text, const std::atomic<bool>* cancel) {
  try {
    auto result = std::make_shared<PromptAnalysis>();
    result->id = id;
    result->text = text.toStdString();
    result->target = target_;
    result->encoding = loaded_->tokenizer->encode(result->text, encodeOptionsFor(*loaded_->model));
    emit encoded(std::make_shared<const PromptAnalysis>(*result));
    if (result->encoding.ids.empty()) {
      emit analysed(result);
      return;
    }
    QElapsedTimer timer;
    timer.start();
    const EncoderInput input = EncoderInput::fromEncoding(result->encoding);
    result->decoderIds = decoderPrefix(*seq2seq_, *loaded_->tokenizer, target_);
    auto trace = std::make_shared<Trace>();
    ForwardOptions options;
    options.trace = trace.get();
    options.cancel = cancel;
    const int td = static_cast<int>(result->decoderIds.size()), te = static_cast<int>(input.ids.size());
    if (traceBytes(loaded_->model->config(), td, kTraceMlp, te) <= kMlpTraceBudget) options.traceParts = kTraceMlp;
    seq2seq_->encode(input, options);
    seq2seq_->forward(result->decoderIds, options);
    result->forwardMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    result->trace = std::move(trace);
    result->model = loaded_->model;
    emit analysed(result);
    buildSeq2SeqViews(*result);
  } catch (const Cancelled&) {
    // A newer prompt replaced this one; it reports for itself.
  } catch (const std::exception& e) {
    emit analyseFailed(id, QString::fromStdString(e.what()));
  }
}

void ModelWorker::buildSeq2SeqViews(const PromptAnalysis& a) {
  if (a.id != latestAnalysis_->load()) return;
  try {
    const Tokenizer& tok = *loaded_->tokenizer;
    const std::vector<int>& inputIds = a.encoding.ids;
    const QStringList input = tokenLabels(tok, inputIds), output = tokenLabels(tok, a.decoderIds);
    auto views = std::make_shared<AnalysisViewsData>();
    views->id = a.id;
    for (AttentionStream s : {AttentionStream::EncoderSelf, AttentionStream::DecoderSelf, AttentionStream::Cross}) {
      if (!a.trace->findAttention(s)) continue;
      const QStringList& rows = s == AttentionStream::EncoderSelf ? input : output;
      const QStringList keys = s == AttentionStream::Cross ? input : QStringList();
      views->attentionStreams.push_back(std::make_shared<const AttentionData>(attentionDataFromTrace(a.trace, s, rows, keys)));
    }
    if (views->attentionStreams.empty()) throw Error("attention view: the trace of " + loaded_->model->info().name + " has no attention");
    views->attention = views->attentionStreams.back();
    views->tokenEmbeddings = tokenEmbeddings(inputIds);
    const TracedPrompt prompt{QString::fromStdString(a.text).simplified().left(60), inputIds, encoderOnly(*a.trace)};
    EmbeddingsData states = contextualStatesData({prompt}, [&tok](int id) { return idText(tok, id); });
    states.title = tr("Encoder output: one vector per input token");
    // The residual stream ends before the encoder's final norm; what the decoder reads comes after it.
    const TraceStack& encoder = a.trace->stack(StackRole::Encoder);
    DenseMatrix encoded(encoder.numTokens, encoder.dModel);
    for (int t = 0; t < encoder.numTokens; ++t) {
      const auto row = encoder.finalHiddenAt(t);
      std::copy(row.begin(), row.end(), encoded.values.begin() + static_cast<std::ptrdiff_t>(t) * encoder.dModel);
    }
    states.layers.push_back(std::move(encoded));
    states.layerNames << tr("encoder output (after its final norm): what cross-attention reads");
    views->hiddenStates = std::make_shared<const EmbeddingsData>(std::move(states));
    lastIds_ = inputIds;
    lastId_ = a.id;
    emit viewsBuilt(views);
  } catch (const std::exception& e) {
    emit viewsFailed(QString::fromStdString(e.what()));
  }
}

// One word in two sentences: the encoder's states of each (a session apart from seq2seq_, whose
// encoded input and decoder cache serve generation).
void ModelWorker::buildSeq2SeqHomonymStates(const QStringList& requested) {
  try {
    const QStringList pair = requested.isEmpty() ? homonymExamplePrompts() : requested;
    if (!homonyms_ || pair != homonymPrompts_) {
      std::vector<TracedPrompt> prompts;
      Seq2SeqSession session(loaded_->model);
      for (const QString& p : pair) {
        const Encoding e = loaded_->tokenizer->encode(p.toStdString(), encodeOptionsFor(*loaded_->model));
        if (e.ids.empty()) throw Error("one word in two sentences: the sentence \"" + p.toStdString() + "\" has no tokens");
        Trace trace;
        ForwardOptions options;
        options.trace = &trace;
        session.encode(EncoderInput::fromEncoding(e), options);
        prompts.push_back({p, e.ids, encoderOnly(trace)});
      }
      const Tokenizer& tok = *loaded_->tokenizer;
      homonyms_ = std::make_shared<const EmbeddingsData>(contextualStatesData(prompts, [&tok](int id) { return idText(tok, id); }));
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

// The logits after decoder tokens `request.tokens` (decoder_start, target, continuation) over the
// input encoded by the last analysis; the decoder's cache keeps the common prefix.

}  // namespace glassbox
