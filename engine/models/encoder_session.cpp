// The encoder session: a bidirectional stack over a whole input with its padding mask, and the heads
// an encoder checkpoint may carry (masked-LM, sequence and token classification, pooling).
//
// Shape legend: T = tokens, C = d_model, V = vocabulary, N = labels.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "models/kernels.h"
#include "models/model_weights.h"
#include "models/session.h"
#include "models/stack_runner.h"
#include "models/trace_layout.h"
#include "tokenizers/encoding.h"

namespace glassbox {

namespace {

std::size_t sz(long long a) { return static_cast<std::size_t>(a); }

void checkInput(const ModelConfig& c, const EncoderInput& in, int maxPositions) {
  const std::size_t T = in.ids.size();
  if (T == 0) throw Error("encode: no tokens given; hint: type some text");
  if (!in.typeIds.empty() && in.typeIds.size() != T)
    throw Error("encode: " + std::to_string(in.typeIds.size()) + " token types for " + std::to_string(T) + " tokens");
  if (!in.attentionMask.empty() && in.attentionMask.size() != T)
    throw Error("encode: an attention mask of " + std::to_string(in.attentionMask.size()) + " for " +
                std::to_string(T) + " tokens");
  if (static_cast<long long>(T) > maxPositions)
    throw Error("encode: " + std::to_string(T) + " tokens are more than the model's " + std::to_string(maxPositions) +
                " positions; hint: shorten the text (or let the tokenizer truncate it)");
  for (int id : in.ids)
    if (id < 0 || id >= c.vocabSize)
      throw Error("encode: token id " + std::to_string(id) + " is outside the vocabulary [0, " +
                  std::to_string(c.vocabSize) + ")");
  // A model without token types (DistilBERT) reads no token_type_ids, as transformers drops them.
  const int types = c.typeVocabSize;
  if (types > 0)
    for (int t : in.typeIds)
      if (t < 0 || t >= types)
        throw Error("encode: token type " + std::to_string(t) + " is outside [0, " + std::to_string(types) +
                    "); hint: this model has " + std::to_string(types) + " token type(s)");
}

// RoBERTa: the learned position of a real token is its 1-based count among real tokens plus padding_idx
// (= positionOffset - 1); padding tokens sit at padding_idx (transformers' create_position_ids_from_input_ids).
std::vector<int> positionRows(const ModelConfig& c, const EncoderInput& in) {
  std::vector<int> rows(in.ids.size());
  int real = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool isReal = in.attentionMask.empty() || in.attentionMask[i];
    if (c.positionOffset > 0) rows[i] = isReal ? c.positionOffset + real : c.positionOffset - 1;
    else rows[i] = static_cast<int>(i);
    real += isReal;
  }
  return rows;
}

}  // namespace

EncodeOptions encodeOptionsFor(const Model& model, bool addSpecialTokens) {
  EncodeOptions o;
  o.addSpecialTokens = addSpecialTokens;
  if (model.family() == Family::Decoder) o.padding = o.truncation = false;
  return o;
}

EncoderInput EncoderInput::fromEncoding(const Encoding& e) {
  EncoderInput in;
  in.ids = e.ids;
  if (e.typeIds.size() == e.ids.size()) in.typeIds = e.typeIds;
  if (e.attentionMask.size() == e.ids.size()) in.attentionMask.assign(e.attentionMask.begin(), e.attentionMask.end());
  return in;
}

const char* poolingName(Pooling p) {
  switch (p) {
    case Pooling::None: return "none";
    case Pooling::Mean: return "mean";
    case Pooling::Cls: return "cls";
    case Pooling::Max: return "max";
  }
  return "?";
}

EncoderSession::EncoderSession(std::shared_ptr<const Model> model) : model_(std::move(model)) {
  if (!model_) throw Error("EncoderSession needs a loaded model");
  if (model_->family() == Family::Decoder)
    throw Error("EncoderSession runs encoders; this model is decoder-only; hint: use InferenceSession (generate)");
  stack_ = std::make_unique<StackRunner>(*model_, StackRole::Encoder, model_->config().contextLength);
}

EncoderSession::~EncoderSession() = default;

void EncoderSession::encode(const EncoderInput& input, const ForwardOptions& options) {
  const ModelConfig& c = model_->config();
  checkInput(c, input, c.contextLength);
  const int n = static_cast<int>(input.ids.size());
  Trace* trace = options.trace;
  if (trace && c.family == Family::Encoder && traceBytes(c, n, options.traceParts) > options.traceLimitBytes)
    throw Error("encode: a trace of " + std::to_string(n) + " tokens would need " +
                std::to_string(traceBytes(c, n, options.traceParts) >> 20) + " MiB, more than the limit of " +
                std::to_string(options.traceLimitBytes >> 20) + " MiB; hint: trace a shorter text");
  StackRunner& s = *stack_;
  s.reserve(n, n);
  s.setKeyMask(input.attentionMask);
  LayerTraceTargets targets;
  if (trace) {
    if (c.family == Family::Encoder) *trace = Trace{};
    trace->parts = options.traceParts;
    trace->vocabSize = c.vocabSize;
    if (trace->stacks.capacity() < 2) trace->stacks.reserve(2);
    trace->stacks.emplace_back();
    prepareStackTrace(trace->stacks.back(), StackRole::Encoder, c, c.numLayers, n, options.traceParts,
                      c.positions == PositionScheme::Learned);
    targets.stack = &trace->stacks.back();
    AttentionMap& m = addAttentionMap(*trace, AttentionStream::EncoderSelf, c, c.numLayers, n, n);
    m.keyMask = input.attentionMask;
    targets.self = &m;
    targets.parts = options.traceParts;
  }
  const std::vector<int> rows = positionRows(c, input);
  const std::size_t rowFloats = sz(n) * c.dModel;
  s.embed(input.ids, input.typeIds, c.positions == PositionScheme::Learned ? std::span<const int>(rows) : std::span<const int>(),
          0, targets.stack);
  if (trace) std::copy(s.x(), s.x() + rowFloats, targets.stack->residual.begin());
  for (int l = 0; l < c.numLayers; ++l) {
    if (options.cancel && options.cancel->load()) throw Cancelled();
    s.runLayer(l, n, 0, targets);
    if (trace) std::copy(s.x(), s.x() + rowFloats, targets.stack->residual.begin() + sz(l + 1) * rowFloats);
  }
  s.finalNorm(0, n);
  hidden_.assign(s.xn(), s.xn() + rowFloats);
  if (trace) std::copy(hidden_.begin(), hidden_.end(), targets.stack->finalHidden.begin());
  input_ = input;
  tokens_ = n;
}

std::span<const float> EncoderSession::hiddenAt(int token) const {
  if (token < 0 || token >= tokens_)
    throw Error("encoder: token " + std::to_string(token) + " is outside the last input [0, " + std::to_string(tokens_) + ")");
  const std::size_t C = sz(model_->config().dModel);
  return {hidden_.data() + sz(token) * C, C};
}

std::vector<float> EncoderSession::maskedLmLogits(int position) const {
  if (!model_->hasVocabularyHead())
    throw Error("fill-mask: " + model_->info().name + " has no masked-LM head (" + model_->config().architectureName +
                "); hint: open a ...ForMaskedLM checkpoint");
  return model_->logitsFromHidden(hiddenAt(position));
}

std::vector<float> EncoderSession::pool(Pooling pooling) const {
  const std::size_t C = sz(model_->config().dModel);
  if (tokens_ == 0) throw Error("pool: nothing encoded yet");
  std::vector<float> out(C, 0.0f);
  if (pooling == Pooling::Cls || pooling == Pooling::None) {
    std::copy(hidden_.begin(), hidden_.begin() + C, out.begin());
    return out;
  }
  const auto& mask = input_.attentionMask;
  int count = 0;
  if (pooling == Pooling::Max) std::fill(out.begin(), out.end(), -INFINITY);
  for (int t = 0; t < tokens_; ++t) {
    if (!mask.empty() && !mask[sz(t)]) continue;
    const float* h = hidden_.data() + sz(t) * C;
    for (std::size_t j = 0; j < C; ++j) out[j] = pooling == Pooling::Max ? std::max(out[j], h[j]) : out[j] + h[j];
    ++count;
  }
  if (pooling == Pooling::Mean)
    for (float& v : out) v /= static_cast<float>(std::max(count, 1));
  return out;
}

std::vector<float> EncoderSession::sequenceLogits() const {
  const ModelConfig& c = model_->config();
  const EncoderHeadWeights& h = model_->weights().head;
  if (c.encoderHead != EncoderHead::SequenceClassification)
    throw Error("classify: " + model_->info().name + " has no sequence-classification head (" + c.architectureName +
                "); hint: open a ...ForSequenceClassification checkpoint");
  const int C = c.dModel, N = static_cast<int>(c.labels.size());
  std::vector<float> pooled(sz(C)), logits(sz(N));
  linear(hiddenAt(0).data(), 1, C, h.pooler, pooled.data(), C);
  for (float& v : pooled) v = c.sequenceHeadStyle == SequenceHeadStyle::DenseRelu ? std::max(v, 0.0f) : std::tanh(v);
  linear(pooled.data(), 1, C, h.classifier, logits.data(), N);
  return logits;
}

std::vector<float> EncoderSession::poolerOutput() const {
  const ModelConfig& c = model_->config();
  const Linear& p = model_->weights().head.pooler;
  if (!p.weight && !p.weight16 && !p.blocks)
    throw Error("pool: " + model_->info().name + " (" + c.architectureName + ") has no pooler; hint: use --pooling mean or cls");
  std::vector<float> out(sz(c.dModel));
  linear(hiddenAt(0).data(), 1, c.dModel, p, out.data(), c.dModel);
  for (float& v : out) v = std::tanh(v);
  return out;
}

std::vector<float> EncoderSession::tokenLogits() const {
  const ModelConfig& c = model_->config();
  if (c.encoderHead != EncoderHead::TokenClassification)
    throw Error("classify: " + model_->info().name + " has no token-classification head (" + c.architectureName +
                "); hint: open a ...ForTokenClassification checkpoint");
  const int N = static_cast<int>(c.labels.size());
  std::vector<float> logits(sz(tokens_) * N);
  linear(hidden_.data(), tokens_, c.dModel, model_->weights().head.classifier, logits.data(), N);
  return logits;
}

}  // namespace glassbox
