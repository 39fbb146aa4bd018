// The decoder-only session: a causal stack over a KV cache, the final norm and the LM head.
//
// Shape legend: n = new tokens of this forward, C = d_model, V = vocabulary, S = cached positions.
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

bool learnedPositions(const Model& m) { return m.config().positions == PositionScheme::Learned; }

}  // namespace

std::size_t traceBytes(const ModelConfig& c, int tokens, unsigned parts, int encoderTokens) {
  const bool learned = c.positions == PositionScheme::Learned;
  const std::size_t logits = sz(c.vocabSize) * sizeof(float);
  switch (c.family) {
    case Family::Decoder:
      return stackTraceBytes(c, c.numLayers, tokens, parts, learned) +
             attentionMapBytes(c, c.numLayers, tokens, tokens, true) + logits;
    case Family::Encoder:
      return stackTraceBytes(c, c.numLayers, tokens, parts, learned) +
             attentionMapBytes(c, c.numLayers, tokens, tokens, false);
    case Family::EncoderDecoder:
      return stackTraceBytes(c, c.numLayers, encoderTokens, parts, learned) +
             attentionMapBytes(c, c.numLayers, encoderTokens, encoderTokens, false) +
             stackTraceBytes(c, c.numDecoderLayers, tokens, parts, learned) +
             attentionMapBytes(c, c.numDecoderLayers, tokens, tokens, true) +
             attentionMapBytes(c, c.numDecoderLayers, tokens, encoderTokens, false) + logits;
  }
  return 0;
}

InferenceSession::InferenceSession(std::shared_ptr<const Model> model, int maxContext) : model_(std::move(model)) {
  if (!model_) throw Error("InferenceSession needs a loaded model");
  if (model_->family() != Family::Decoder)
    throw Error(std::string("InferenceSession runs decoder-only models; this one is ") + familyName(model_->family()) +
                (model_->family() == Family::Encoder ? "; hint: use EncoderSession (fill-mask, embed, classify)"
                                                     : "; hint: use Seq2SeqSession"));
  const int P = model_->config().contextLength;
  maxContext_ = maxContext <= 0 ? P : std::min(maxContext, P);
  stack_ = std::make_unique<StackRunner>(*model_, StackRole::Decoder, maxContext_);
}

InferenceSession::~InferenceSession() = default;

void InferenceSession::truncate(int n) {
  n = std::max(0, n);
  if (n < position()) tokens_.resize(n);
}

int InferenceSession::reusePrefix(std::span<const int> prompt) {
  std::size_t common = 0;
  while (common < tokens_.size() && common < prompt.size() && tokens_[common] == prompt[common]) ++common;
  // Keep at least one token to forward so the caller gets logits for the prompt's end.
  if (common == prompt.size() && common > 0) --common;
  truncate(static_cast<int>(common));
  return static_cast<int>(common);
}

const std::vector<float>& InferenceSession::forward(std::span<const int> tokens, const ForwardOptions& options) {
  const ModelConfig& c = model_->config();
  const int n = static_cast<int>(tokens.size()), pos0 = position();
  if (n == 0) throw Error("forward: no tokens given; hint: pass at least one token id");
  for (int id : tokens)
    if (id < 0 || id >= c.vocabSize)
      throw Error("forward: token id " + std::to_string(id) + " is outside the vocabulary [0, " +
                  std::to_string(c.vocabSize) + ")");
  if (static_cast<long long>(pos0) + n > maxContext_)
    throw Error("forward: the context is full: " + std::to_string(pos0) + " cached + " + std::to_string(n) +
                " new tokens > " + std::to_string(maxContext_) + "; hint: shorten the prompt or start over");
  Trace* trace = options.trace;
  if (trace && pos0 != 0)
    throw Error("forward: a trace must start at position 0 but " + std::to_string(pos0) +
                " tokens are cached; hint: reset() the session first");
  if (trace && traceBytes(c, n, options.traceParts) > options.traceLimitBytes)
    throw Error("forward: a trace of " + std::to_string(n) + " tokens would need " +
                std::to_string(traceBytes(c, n, options.traceParts) >> 20) + " MiB, more than the limit of " +
                std::to_string(options.traceLimitBytes >> 20) + " MiB; hint: trace a shorter prompt");
  StackRunner& s = *stack_;
  s.reserve(n, pos0 + n);
  tokens_.reserve(static_cast<std::size_t>(s.cacheCapacity()));  // grows with the cache, not per token
  LayerTraceTargets targets;
  if (trace) {
    *trace = Trace{};
    trace->parts = options.traceParts;
    trace->vocabSize = c.vocabSize;
    trace->stacks.resize(1);
    prepareStackTrace(trace->stacks[0], StackRole::Decoder, c, c.numLayers, n, options.traceParts, learnedPositions(*model_));
    targets.stack = &trace->stacks[0];
    targets.self = &addAttentionMap(*trace, AttentionStream::Self, c, c.numLayers, n, n);
    targets.parts = options.traceParts;
    trace->lastLogits.assign(sz(c.vocabSize), 0.0f);
  }
  const std::size_t rowFloats = sz(n) * c.dModel;
  s.embed(tokens, {}, {}, pos0, targets.stack);
  if (trace) std::copy(s.x(), s.x() + rowFloats, targets.stack->residual.begin());
  for (int l = 0; l < c.numLayers; ++l) {
    if (options.cancel && options.cancel->load()) throw Cancelled();  // cache untouched: tokens_ unchanged
    s.runLayer(l, n, pos0, targets);
    if (trace) std::copy(s.x(), s.x() + rowFloats, targets.stack->residual.begin() + sz(l + 1) * rowFloats);
  }
  if (options.cancel && options.cancel->load()) throw Cancelled();
  // The final norm of the last row, or of every row for a trace or all logits.
  const int first = trace || options.allLogits ? 0 : n - 1;
  s.finalNorm(first, n - first);
  const int headFirst = options.allLogits ? 0 : n - 1, headCount = n - headFirst;
  logits_.resize(sz(headCount) * c.vocabSize);
  const ModelWeights& w = model_->weights();
  const float* hidden = s.xn() + sz(headFirst) * c.dModel;
  if (c.logitScale != 1.0f) {
    std::vector<float> scaled(hidden, hidden + sz(headCount) * c.dModel);
    for (float& v : scaled) v *= c.logitScale;
    linear(scaled.data(), headCount, c.dModel, w.lmHead, logits_.data(), c.vocabSize);
  } else {
    linear(hidden, headCount, c.dModel, w.lmHead, logits_.data(), c.vocabSize);
  }
  if (trace) {
    std::copy(s.xn(), s.xn() + rowFloats, targets.stack->finalHidden.begin());
    std::copy(logits_.end() - c.vocabSize, logits_.end(), trace->lastLogits.begin());
  }
  tokens_.insert(tokens_.end(), tokens.begin(), tokens.end());
  return logits_;
}

}  // namespace glassbox
