// The forward pass of GPT-2 and Llama-family models over a KV cache, with an optional trace.
//
// Shape legend: n = new tokens of this forward, C = d_model, H = query heads, K = key/value heads,
// D = head dim, F = MLP hidden size, V = vocabulary, S = cached positions.
#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.h"
#include "formats/rope_scaling.h"
#include "models/kernels.h"
#include "models/model.h"
#include "models/model_weights.h"

namespace glassbox {

// Scratch buffers and the KV cache. Buffers only grow, so decoding one token at a time allocates
// nothing once the first decode step has run (the cache grows by doubling, at most log2(P) times).
struct InferenceSession::State {
  int rows = 0;                    // capacity in new tokens of the per-forward buffers
  std::vector<float> x;            // [n][C] residual stream
  std::vector<float> xn;           // [n][C] normed input of a sub-block
  std::vector<float> qkv;          // [n][H*D + 2*K*D] q | k | v
  std::vector<float> att;          // [n][H*D] attention output before the output projection
  std::vector<float> hidden, up;   // [n][F] MLP hidden (up: Llama's second branch)
  std::vector<float> ropeCos, ropeSin;  // [n][D/2]
  std::vector<double> ropeInvFreq;      // [D/2] rotary frequencies in use (scaled per config.json)
  int ropeLength = 0;                   // dynamic scaling: sequence length ropeInvFreq was computed for
  int cacheCapacity = 0;           // positions allocated in the caches
  std::vector<std::vector<float>> keys, values;  // [L][S][K*D]
  std::vector<float> scores;       // [H][cacheCapacity] attention scratch

  void ensureCapacity(const ModelConfig& c, int n, int positions, int maxContext);
  void updateRope(const ModelConfig& c, int seqLen);
  void embed(const Model& m, std::span<const int> tokens, int pos0, Trace* trace);
  void attentionBlock(const Model& m, int layer, int n, int pos0, Trace* trace);
  void mlpBlock(const Model& m, int layer, int n);
  void outputHead(const Model& m, int n, bool normAll, bool allLogits, std::vector<float>& logits);
};

namespace {

int qkvWidth(const ModelConfig& c) { return (c.numHeads + 2 * c.numKvHeads) * c.headDim; }

}  // namespace

InferenceSession::InferenceSession(std::shared_ptr<const Model> model, int maxContext)
    : model_(std::move(model)), state_(std::make_unique<State>()) {
  if (!model_) throw Error("InferenceSession needs a loaded model");
  const int P = model_->config().contextLength;
  maxContext_ = maxContext <= 0 ? P : std::min(maxContext, P);
  state_->keys.resize(model_->config().numLayers);
  state_->values.resize(model_->config().numLayers);
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

namespace {

void growTo(std::vector<float>& v, std::size_t size) {
  if (v.size() < size) v.resize(size);
}

std::size_t sz(long long a) { return static_cast<std::size_t>(a); }

}  // namespace

void InferenceSession::State::ensureCapacity(const ModelConfig& c, int n, int positions, int maxContext) {
  if (n > rows) {
    const std::size_t r = sz(n);
    growTo(x, r * c.dModel);
    growTo(xn, r * c.dModel);
    growTo(qkv, r * qkvWidth(c));
    growTo(att, r * c.numHeads * c.headDim);
    growTo(hidden, r * c.hiddenDim);
    if (c.architecture == Architecture::Llama) growTo(up, r * c.hiddenDim);
    growTo(ropeCos, r * (c.headDim / 2));
    growTo(ropeSin, r * (c.headDim / 2));
    rows = n;
  }
  if (positions > cacheCapacity) {
    const int cap = std::min(maxContext, std::max({positions, 2 * cacheCapacity, 64}));
    const std::size_t kvWidth = sz(c.numKvHeads) * c.headDim;
    for (auto& k : keys) k.resize(sz(cap) * kvWidth);
    for (auto& v : values) v.resize(sz(cap) * kvWidth);
    scores.assign(sz(c.numHeads) * cap, 0.0f);
    cacheCapacity = cap;
  }
}

// The rotary frequencies for a forward whose last position is seqLen - 1. Fixed except under dynamic
// scaling, which follows transformers' update rule (formats/rope_scaling.h): the new tokens' queries and
// keys use the frequencies of this forward, keys already cached keep theirs.
void InferenceSession::State::updateRope(const ModelConfig& c, int seqLen) {
  if (c.ropeScaling.type != RopeScalingType::Dynamic) {
    if (ropeInvFreq.empty()) ropeInvFreq = ropeInverseFrequencies(c);
    return;
  }
  const int original = c.ropeScaling.originalContext;
  const int previous = ropeLength == 0 ? original : ropeLength;
  const int next = dynamicRopeLength(previous, seqLen, original);
  if (ropeInvFreq.empty() || next != previous) ropeInvFreq = ropeInverseFrequencies(c, next);
  ropeLength = next;
}

// x [n][C] = token embedding (+ learned position embedding); RoPE tables for Llama.
void InferenceSession::State::embed(const Model& m, std::span<const int> tokens, int pos0, Trace* trace) {
  const ModelConfig& c = m.config();
  const ModelWeights& w = m.weights();
  const std::size_t C = sz(c.dModel);
  const int n = static_cast<int>(tokens.size());
  if (c.architecture == Architecture::Llama) updateRope(c, pos0 + n);
  for (int i = 0; i < n; ++i) {
    float* row = x.data() + sz(i) * C;
    w.tokenRow(tokens[i], c.dModel, row);  // F32, or F16/BF16 widened
    if (trace) std::copy(row, row + C, trace->tokenEmbeddings.data() + sz(i) * C);
    if (w.positionEmbedding) {
      const float* pos = w.positionEmbedding + sz(pos0 + i) * C;
      for (std::size_t j = 0; j < C; ++j) row[j] += pos[j];
      if (trace) std::copy(pos, pos + C, trace->positionEmbeddings.data() + sz(i) * C);
    }
    if (c.architecture == Architecture::Llama) {
      const std::size_t half = sz(c.headDim / 2);
      ropeTables(pos0 + i, ropeInvFreq.data(), c.headDim / 2, ropeCos.data() + i * half, ropeSin.data() + i * half);
    }
  }
}

// x += attention(norm(x)); appends this forward's keys/values to the cache of `layer`.
void InferenceSession::State::attentionBlock(const Model& m, int layer, int n, int pos0, Trace* trace) {
  const ModelConfig& c = m.config();
  const LayerWeights& L = m.weights().layers[layer];
  const int C = c.dModel, H = c.numHeads, K = c.numKvHeads, D = c.headDim, ld = qkvWidth(c);
  const int HD = H * D, KD = K * D;
  if (c.architecture == Architecture::Gpt2) {
    layerNorm(x.data(), n, C, L.attnNormWeight, L.attnNormBias, c.normEps, xn.data());
    linear(xn.data(), n, C, L.qkv, qkv.data(), ld);
  } else {
    rmsNorm(x.data(), n, C, L.attnNormWeight, c.normEps, xn.data());
    linear(xn.data(), n, C, L.q, qkv.data(), ld);
    linear(xn.data(), n, C, L.k, qkv.data() + HD, ld);
    linear(xn.data(), n, C, L.v, qkv.data() + HD + KD, ld);
    const bool interleaved = c.ropeStyle == RopeStyle::Interleaved;
    const std::size_t half = sz(D / 2);
    for (int i = 0; i < n; ++i) {
      float* row = qkv.data() + sz(i) * ld;
      applyRope(row, H, D, ropeCos.data() + i * half, ropeSin.data() + i * half, interleaved);
      applyRope(row + HD, K, D, ropeCos.data() + i * half, ropeSin.data() + i * half, interleaved);
    }
  }
  for (int i = 0; i < n; ++i) {
    const float* row = qkv.data() + sz(i) * ld;
    std::copy(row + HD, row + HD + KD, keys[layer].data() + sz(pos0 + i) * KD);
    std::copy(row + HD + KD, row + HD + 2 * KD, values[layer].data() + sz(pos0 + i) * KD);
  }
  AttentionArgs a;
  a.q = qkv.data();
  a.ldq = ld;
  a.keys = keys[layer].data();
  a.values = values[layer].data();
  a.ldkv = KD;
  a.n = n, a.pos0 = pos0, a.H = H, a.K = K, a.D = D;
  a.window = c.attentionWindow(layer);
  a.out = att.data();
  a.scratch = scores.data();
  a.scratchStride = sz(cacheCapacity);
  if (trace) {
    const std::size_t tri = sz(trace->numTokens) * (trace->numTokens + 1) / 2;
    a.tracePacked = trace->attentionPacked.data() + sz(layer) * H * tri;
    a.traceT = trace->numTokens;
  }
  attention(a);
  linearAdd(att.data(), n, HD, L.attnOut, x.data(), C);
}

// x += mlp(norm(x)): GELU MLP (GPT-2) or SwiGLU (Llama).
void InferenceSession::State::mlpBlock(const Model& m, int layer, int n) {
  const ModelConfig& c = m.config();
  const LayerWeights& L = m.weights().layers[layer];
  const int C = c.dModel, F = c.hiddenDim;
  if (c.architecture == Architecture::Gpt2) {
    layerNorm(x.data(), n, C, L.mlpNormWeight, L.mlpNormBias, c.normEps, xn.data());
    linearGelu(xn.data(), n, C, L.fc, hidden.data(), F);
    linearAdd(hidden.data(), n, F, L.proj, x.data(), C);
  } else {
    rmsNorm(x.data(), n, C, L.mlpNormWeight, c.normEps, xn.data());
    linear(xn.data(), n, C, L.gate, hidden.data(), F);
    linear(xn.data(), n, C, L.up, up.data(), F);
    swiglu(hidden.data(), up.data(), sz(n) * F);
    linearAdd(hidden.data(), n, F, L.down, x.data(), C);
  }
}

// Final norm into xn for the last row (or all rows with normAll), then logits [rows][V] for the last
// row or all rows (allLogits). A trace needs every row normalised but only the last row's logits.
void InferenceSession::State::outputHead(const Model& m, int n, bool normAll, bool allLogits,
                                         std::vector<float>& logits) {
  const ModelConfig& c = m.config();
  const ModelWeights& w = m.weights();
  const int C = c.dModel, V = c.vocabSize;
  const int first = normAll || allLogits ? 0 : n - 1, count = n - first;
  const float* src = x.data() + sz(first) * C;
  float* dst = xn.data() + sz(first) * C;
  if (c.architecture == Architecture::Gpt2) layerNorm(src, count, C, w.finalNormWeight, w.finalNormBias, c.normEps, dst);
  else rmsNorm(src, count, C, w.finalNormWeight, c.normEps, dst);
  const int headFirst = allLogits ? 0 : n - 1, headCount = n - headFirst;
  logits.resize(sz(headCount) * V);
  linear(xn.data() + sz(headFirst) * C, headCount, C, w.lmHead, logits.data(), V);
}

namespace {

void prepareTrace(Trace& t, const ModelConfig& c, int n) {
  const std::size_t T = sz(n), C = sz(c.dModel);
  t.numTokens = n;
  t.numLayers = c.numLayers;
  t.numHeads = c.numHeads;
  t.dModel = c.dModel;
  t.vocabSize = c.vocabSize;
  t.tokenEmbeddings.assign(T * C, 0.0f);
  t.positionEmbeddings.assign(c.architecture == Architecture::Gpt2 ? T * C : 0, 0.0f);
  t.residual.assign((sz(c.numLayers) + 1) * T * C, 0.0f);
  t.attentionPacked.assign(sz(c.numLayers) * c.numHeads * (T * (T + 1) / 2), 0.0f);
  t.finalHidden.assign(T * C, 0.0f);
  t.lastLogits.assign(sz(c.vocabSize), 0.0f);
}

}  // namespace

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
  if (trace && Trace::expectedBytes(c, n) > options.traceLimitBytes)
    throw Error("forward: a trace of " + std::to_string(n) + " tokens would need " +
                std::to_string(Trace::expectedBytes(c, n) >> 20) + " MiB, more than the limit of " +
                std::to_string(options.traceLimitBytes >> 20) + " MiB; hint: trace a shorter prompt");
  State& s = *state_;
  s.ensureCapacity(c, n, pos0 + n, maxContext_);
  tokens_.reserve(static_cast<std::size_t>(s.cacheCapacity));  // grows with the cache, not per token
  if (trace) prepareTrace(*trace, c, n);
  const std::size_t rowFloats = sz(n) * c.dModel;
  s.embed(*model_, tokens, pos0, trace);
  if (trace) std::copy(s.x.begin(), s.x.begin() + rowFloats, trace->residual.begin());
  for (int l = 0; l < c.numLayers; ++l) {
    if (options.cancel && options.cancel->load()) throw Cancelled();  // cache untouched: tokens_ unchanged
    s.attentionBlock(*model_, l, n, pos0, trace);
    s.mlpBlock(*model_, l, n);
    if (trace) std::copy(s.x.begin(), s.x.begin() + rowFloats, trace->residual.begin() + sz(l + 1) * rowFloats);
  }
  if (options.cancel && options.cancel->load()) throw Cancelled();
  s.outputHead(*model_, n, trace != nullptr, options.allLogits, logits_);
  if (trace) {
    std::copy(s.xn.begin(), s.xn.begin() + rowFloats, trace->finalHidden.begin());
    std::copy(logits_.end() - c.vocabSize, logits_.end(), trace->lastLogits.begin());
  }
  tokens_.insert(tokens_.end(), tokens.begin(), tokens.end());
  return logits_;
}

std::vector<float> Model::logitsFromHidden(std::span<const float> hidden) const {
  const int C = config_.dModel, V = config_.vocabSize;
  if (hidden.size() != sz(C))
    throw Error("logitsFromHidden: a hidden state of " + std::to_string(hidden.size()) + " values, the model has d_model " +
                std::to_string(C) + "; hint: pass one row of Trace::finalHidden");
  std::vector<float> logits(sz(V));
  linear(hidden.data(), 1, C, weights_->lmHead, logits.data(), V);
  return logits;
}

std::size_t Trace::bytes() const {
  return sizeof(float) * (tokenEmbeddings.size() + positionEmbeddings.size() + residual.size() +
                          attentionPacked.size() + finalHidden.size() + lastLogits.size());
}

std::size_t Trace::expectedBytes(const ModelConfig& c, int tokens) {
  const std::size_t T = sz(tokens), C = sz(c.dModel);
  const std::size_t pos = c.architecture == Architecture::Gpt2 ? T * C : 0;
  return sizeof(float) * (T * C + pos + (sz(c.numLayers) + 1) * T * C +
                          sz(c.numLayers) * c.numHeads * (T * (T + 1) / 2) + T * C + sz(c.vocabSize));
}

}  // namespace glassbox
