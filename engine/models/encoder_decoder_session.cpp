// The encoder-decoder session: the encoder over the whole input once, the cross-attention keys and
// values of every decoder layer from its output, then the causal decoder over its own KV cache, its
// final norm and the LM head (scaled by the config's logitScale: T5 with a tied head).
//
// Shape legend: n = new decoder tokens, C = d_model, V = vocabulary, Te = encoder tokens,
// Td = decoder tokens.
#include <algorithm>
#include <string>

#include "core/error.h"
#include "models/kernels.h"
#include "models/model_weights.h"
#include "models/session.h"
#include "models/stack_runner.h"
#include "models/trace_layout.h"

namespace glassbox {

namespace {

std::size_t sz(long long a) { return static_cast<std::size_t>(a); }

bool sameInput(const EncoderInput& a, const EncoderInput& b) {
  return a.ids == b.ids && a.typeIds == b.typeIds && a.attentionMask == b.attentionMask;
}

// Forgets a previous decoder part of the trace, keeping the encoder's.
void dropDecoderTrace(Trace& t) {
  std::erase_if(t.stacks, [](const TraceStack& s) { return s.role == StackRole::Decoder; });
  std::erase_if(t.attention, [](const AttentionMap& m) {
    return m.stream == AttentionStream::DecoderSelf || m.stream == AttentionStream::Cross;
  });
}

}  // namespace

Seq2SeqSession::Seq2SeqSession(std::shared_ptr<const Model> model, int maxDecoderContext) : model_(std::move(model)) {
  if (!model_) throw Error("Seq2SeqSession needs a loaded model");
  if (model_->family() != Family::EncoderDecoder)
    throw Error(std::string("Seq2SeqSession runs encoder-decoder models; this one is ") + familyName(model_->family()) +
                (model_->family() == Family::Encoder ? "; hint: use EncoderSession" : "; hint: use InferenceSession"));
  const int P = model_->config().contextLength;
  maxContext_ = maxDecoderContext <= 0 ? P : std::min(maxDecoderContext, P);
  encoder_ = std::make_unique<EncoderSession>(model_);
  decoder_ = std::make_unique<StackRunner>(*model_, StackRole::Decoder, maxContext_);
}

Seq2SeqSession::~Seq2SeqSession() = default;

int Seq2SeqSession::decoderStartToken() const {
  const ModelConfig& c = model_->config();
  return c.decoderStartTokenId >= 0 ? c.decoderStartTokenId : std::max(c.padTokenId, 0);
}

void Seq2SeqSession::encode(const EncoderInput& input, const ForwardOptions& options) {
  const ModelConfig& c = model_->config();
  const int Te = static_cast<int>(input.ids.size());
  if (options.trace) {
    const std::size_t bytes = traceBytes(c, 1, options.traceParts, Te);
    if (bytes > options.traceLimitBytes)
      throw Error("encode: a trace of " + std::to_string(Te) + " input tokens would need " + std::to_string(bytes >> 20) +
                  " MiB, more than the limit of " + std::to_string(options.traceLimitBytes >> 20) +
                  " MiB; hint: trace a shorter text");
    *options.trace = Trace{};
  }
  tokens_.clear();
  encoder_->encode(input, options);
  decoder_->setCrossSource(encoder_->hidden().data(), encoder_->numTokens(), encoder_->input().attentionMask);
}

bool Seq2SeqSession::encodeIfChanged(const EncoderInput& input) {
  if (encoded() && sameInput(input, encoder_->input())) return false;
  encode(input);
  return true;
}

void Seq2SeqSession::truncate(int n) {
  n = std::max(0, n);
  if (n < position()) tokens_.resize(sz(n));
}

int Seq2SeqSession::reusePrefix(std::span<const int> decoderTokens) {
  std::size_t common = 0;
  while (common < tokens_.size() && common < decoderTokens.size() && tokens_[common] == decoderTokens[common]) ++common;
  if (common == decoderTokens.size() && common > 0) --common;  // forward needs at least one token
  truncate(static_cast<int>(common));
  return static_cast<int>(common);
}

const std::vector<float>& Seq2SeqSession::forward(std::span<const int> tokens, const ForwardOptions& options) {
  const ModelConfig& c = model_->config();
  const int n = static_cast<int>(tokens.size()), pos0 = position(), Te = encoder_->numTokens();
  if (!encoded()) throw Error("decoder: nothing encoded yet; hint: encode the input before running the decoder");
  if (n == 0) throw Error("decoder: no tokens given; hint: start with decoder_start_token_id");
  for (int id : tokens)
    if (id < 0 || id >= c.vocabSize)
      throw Error("decoder: token id " + std::to_string(id) + " is outside the vocabulary [0, " +
                  std::to_string(c.vocabSize) + ")");
  if (static_cast<long long>(pos0) + n > maxContext_)
    throw Error("decoder: the context is full: " + std::to_string(pos0) + " cached + " + std::to_string(n) +
                " new tokens > " + std::to_string(maxContext_) + "; hint: generate fewer tokens");
  Trace* trace = options.trace;
  if (trace && pos0 != 0)
    throw Error("decoder: a trace must start at position 0 but " + std::to_string(pos0) + " tokens are cached");
  if (trace && traceBytes(c, n, options.traceParts, Te) > options.traceLimitBytes)
    throw Error("decoder: a trace of " + std::to_string(n) + " + " + std::to_string(Te) + " tokens would need " +
                std::to_string(traceBytes(c, n, options.traceParts, Te) >> 20) + " MiB, more than the limit of " +
                std::to_string(options.traceLimitBytes >> 20) + " MiB; hint: trace a shorter text");
  StackRunner& s = *decoder_;
  s.reserve(n, pos0 + n);
  tokens_.reserve(sz(s.cacheCapacity()));
  const int L = c.numDecoderLayers;
  LayerTraceTargets targets;
  if (trace) {
    dropDecoderTrace(*trace);
    trace->parts = options.traceParts;
    trace->vocabSize = c.vocabSize;
    if (trace->stacks.capacity() < 2) trace->stacks.reserve(2);
    trace->stacks.emplace_back();
    prepareStackTrace(trace->stacks.back(), StackRole::Decoder, c, L, n, options.traceParts, false);
    targets.stack = &trace->stacks.back();
    targets.self = &addAttentionMap(*trace, AttentionStream::DecoderSelf, c, L, n, n);
    AttentionMap& cross = addAttentionMap(*trace, AttentionStream::Cross, c, L, n, Te);
    cross.keyMask = encoder_->input().attentionMask;
    targets.cross = &cross;
    targets.parts = options.traceParts;
    trace->lastLogits.assign(sz(c.vocabSize), 0.0f);
  }
  const std::size_t rowFloats = sz(n) * c.dModel;
  s.embed(tokens, {}, {}, pos0, targets.stack);
  if (trace) std::copy(s.x(), s.x() + rowFloats, targets.stack->residual.begin());
  for (int l = 0; l < L; ++l) {
    if (options.cancel && options.cancel->load()) throw Cancelled();  // cache untouched: tokens_ unchanged
    s.runLayer(l, n, pos0, targets);
    if (trace) std::copy(s.x(), s.x() + rowFloats, targets.stack->residual.begin() + sz(l + 1) * rowFloats);
  }
  const int first = trace || options.allLogits ? 0 : n - 1;
  s.finalNorm(first, n - first);
  const int headFirst = options.allLogits ? 0 : n - 1, headCount = n - headFirst;
  const std::size_t headFloats = sz(headCount) * c.dModel;
  const float* hidden = s.xn() + sz(headFirst) * c.dModel;
  if (c.logitScale != 1.0f) {
    if (scaled_.size() < headFloats) scaled_.resize(headFloats);
    for (std::size_t i = 0; i < headFloats; ++i) scaled_[i] = hidden[i] * c.logitScale;
    hidden = scaled_.data();
  }
  logits_.resize(sz(headCount) * c.vocabSize);
  linear(hidden, headCount, c.dModel, model_->weights().lmHead, logits_.data(), c.vocabSize);
  if (trace) {
    std::copy(s.xn(), s.xn() + rowFloats, targets.stack->finalHidden.begin());
    std::copy(logits_.end() - c.vocabSize, logits_.end(), trace->lastLogits.begin());
  }
  tokens_.insert(tokens_.end(), tokens.begin(), tokens.end());
  return logits_;
}

}  // namespace glassbox
