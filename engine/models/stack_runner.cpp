#include "models/stack_runner.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "formats/rope_scaling.h"
#include "models/kernels.h"

namespace glassbox {

namespace {

std::size_t sz(long long a) { return static_cast<std::size_t>(a); }

void growTo(std::vector<float>& v, std::size_t size) {
  if (v.size() < size) v.resize(size);
}

int qkvWidth(const ModelConfig& c) { return (c.numHeads + 2 * c.numKvHeads) * c.headDim; }

// Copies rows [n][width] (row stride ld) into a trace array at row offset `row0` of rows of `width`.
void copyRows(const float* src, int n, int width, int ld, float* dst) {
  for (int i = 0; i < n; ++i) std::copy(src + sz(i) * ld, src + sz(i) * ld + width, dst + sz(i) * width);
}

}  // namespace

int relativePositionBucket(int relative, bool bidirectional, int numBuckets, int maxDistance) {
  int bucket = 0;
  if (bidirectional) {
    numBuckets /= 2;
    if (relative > 0) bucket += numBuckets;
    relative = std::abs(relative);
  } else {
    relative = -std::min(relative, 0);
  }
  const int maxExact = numBuckets / 2;
  if (relative < maxExact) return bucket + relative;
  // float32 throughout, as torch computes it on a float tensor; the cast to long truncates.
  const float ratio = std::log(static_cast<float>(relative) / static_cast<float>(maxExact)) /
                      static_cast<float>(std::log(static_cast<double>(maxDistance) / maxExact));
  int large = maxExact + static_cast<int>(ratio * static_cast<float>(numBuckets - maxExact));
  large = std::min(large, numBuckets - 1);
  return bucket + large;
}

StackRunner::StackRunner(const Model& model, StackRole role, int maxContext)
    : model_(model),
      config_(model.config()),
      weights_(model.weights().stack(role == StackRole::Encoder)),
      role_(role),
      maxContext_(maxContext) {
  keys_.resize(weights_.layers.size());
  values_.resize(weights_.layers.size());
}

void StackRunner::reserve(int n, int positions) {
  const ModelConfig& c = config_;
  if (n > rows_) {
    const std::size_t r = sz(n);
    growTo(x_, r * c.dModel);
    growTo(xn_, r * c.dModel);
    growTo(qkv_, r * qkvWidth(c));
    growTo(att_, r * c.numHeads * c.headDim);
    growTo(hidden_, r * c.hiddenDim);
    if (c.gatedFfn) growTo(up_, r * c.hiddenDim);
    if (c.positions == PositionScheme::Rotary) {
      growTo(ropeCos_, r * (c.headDim / 2));
      growTo(ropeSin_, r * (c.headDim / 2));
    }
    growTo(row_, sz(c.dModel));
    rows_ = n;
  }
  if (positions > cacheCapacity_) {
    const int cap = std::min(maxContext_, std::max({positions, 2 * cacheCapacity_, 64}));
    const std::size_t kvWidth = sz(c.numKvHeads) * c.headDim;
    for (auto& k : keys_) k.resize(sz(cap) * kvWidth);
    for (auto& v : values_) v.resize(sz(cap) * kvWidth);
    cacheCapacity_ = cap;
    scores_.assign(sz(c.numHeads) * std::max(cap, crossLength_), 0.0f);
  }
  if (c.positions == PositionScheme::RelativeBuckets && relSpan_ < cacheCapacity_) updateRelativeBias(cacheCapacity_);
}

// The rotary frequencies for a forward whose last position is seqLen - 1. Fixed except under dynamic
// scaling, which follows transformers' update rule (formats/rope_scaling.h): the new tokens' queries and
// keys use the frequencies of this forward, keys already cached keep theirs.
void StackRunner::updateRope(int seqLen) {
  const ModelConfig& c = config_;
  if (c.ropeScaling.type != RopeScalingType::Dynamic) {
    if (ropeInvFreq_.empty()) ropeInvFreq_ = ropeInverseFrequencies(c);
    return;
  }
  const int original = c.ropeScaling.originalContext;
  const int previous = ropeLength_ == 0 ? original : ropeLength_;
  const int next = dynamicRopeLength(previous, seqLen, original);
  if (ropeInvFreq_.empty() || next != previous) ropeInvFreq_ = ropeInverseFrequencies(c, next);
  ropeLength_ = next;
}

// relBias_[h][span - 1 + d] = W[bucket(d)][h] for distances d = k - p in (-span, span).
void StackRunner::updateRelativeBias(int span) {
  const ModelConfig& c = config_;
  const int H = c.numHeads, width = 2 * span - 1;
  relBias_.assign(sz(H) * width, 0.0f);
  const float* w = weights_.relativeBias;  // [B][H]
  for (int d = -(span - 1); d <= span - 1; ++d) {
    const int b = relativePositionBucket(d, !causal(), c.relativeBuckets, c.relativeMaxDistance);
    for (int h = 0; h < H; ++h) relBias_[sz(h) * width + (span - 1 + d)] = w[sz(b) * H + h];
  }
  relSpan_ = span;
}

void StackRunner::embed(std::span<const int> tokens, std::span<const int> typeIds, std::span<const int> positionRows,
                        int pos0, TraceStack* trace) {
  const ModelConfig& c = config_;
  const ModelWeights& w = model_.weights();
  const std::size_t C = sz(c.dModel);
  const int n = static_cast<int>(tokens.size());
  const bool rotary = c.positions == PositionScheme::Rotary;
  if (rotary) updateRope(pos0 + n);
  for (int i = 0; i < n; ++i) {
    float* row = x_.data() + sz(i) * C;
    w.tokens.row(tokens[i], row);  // F32, or F16/BF16 widened
    if (trace) std::copy(row, row + C, trace->tokenEmbeddings.data() + sz(i) * C);
    if (c.positions == PositionScheme::Learned && w.positions.present()) {
      const int p = positionRows.empty() ? pos0 + i + c.positionOffset : positionRows[sz(i)];
      w.positions.row(p, row_.data());
      for (std::size_t j = 0; j < C; ++j) row[j] += row_[j];
      if (trace) std::copy(row_.begin(), row_.begin() + C, trace->positionEmbeddings.data() + sz(i) * C);
    }
    if (w.tokenTypes.present()) {
      w.tokenTypes.row(typeIds.empty() ? 0 : typeIds[sz(i)], row_.data());
      for (std::size_t j = 0; j < C; ++j) row[j] += row_[j];
    }
    if (rotary) {
      const std::size_t half = sz(c.headDim / 2);
      ropeTables(pos0 + i, ropeInvFreq_.data(), c.headDim / 2, ropeCos_.data() + i * half, ropeSin_.data() + i * half);
    }
  }
  if (weights_.embeddingNorm.present()) norm(weights_.embeddingNorm, x_.data(), n, x_.data());
}

void StackRunner::norm(const NormWeights& w, const float* in, int n, float* out) const {
  const ModelConfig& c = config_;
  if (c.normKind == NormKind::LayerNorm) layerNorm(in, n, c.dModel, w.weight, w.bias, c.normEps, out);
  else rmsNorm(in, n, c.dModel, w.weight, c.normEps, out);
}

void StackRunner::runLayer(int layer, int n, int pos0, const LayerTraceTargets& trace) {
  attentionSublayer(layer, n, pos0, trace);
  const Linear& crossQ = weights_.layers[sz(layer)].cross.q;
  if (crossQ.weight || crossQ.weight16 || crossQ.blocks) crossSublayer(layer, n, pos0, trace);
  if (trace.stack && (trace.parts & kTraceMlp)) {
    TraceStack& t = *trace.stack;
    const std::size_t C = sz(config_.dModel);
    std::copy(x_.begin(), x_.begin() + sz(n) * C, t.attentionResidual.begin() + (sz(layer) * t.numTokens + pos0) * C);
  }
  ffnSublayer(layer, n, trace);
}

// Pre:  x += attention(norm(x));  Post: x = norm(x + attention(x)). Appends this forward's keys and
// values to the cache of `layer`.
void StackRunner::attentionSublayer(int layer, int n, int pos0, const LayerTraceTargets& trace) {
  const ModelConfig& c = config_;
  const LayerWeights& L = weights_.layers[sz(layer)];
  const int C = c.dModel, H = c.numHeads, K = c.numKvHeads, D = c.headDim, ld = qkvWidth(c);
  const int HD = H * D, KD = K * D;
  const bool pre = c.normPlacement == NormPlacement::Pre;
  const float* in = x_.data();
  if (pre) {
    norm(L.attnNorm, x_.data(), n, xn_.data());
    in = xn_.data();
  }
  if (c.fusedQkv) {
    linear(in, n, C, L.self.qkv, qkv_.data(), ld);
  } else {
    linear(in, n, C, L.self.q, qkv_.data(), ld);
    linear(in, n, C, L.self.k, qkv_.data() + HD, ld);
    linear(in, n, C, L.self.v, qkv_.data() + HD + KD, ld);
  }
  if (c.positions == PositionScheme::Rotary) {
    const bool interleaved = c.ropeStyle == RopeStyle::Interleaved;
    const std::size_t half = sz(D / 2);
    for (int i = 0; i < n; ++i) {
      float* row = qkv_.data() + sz(i) * ld;
      applyRope(row, H, D, ropeCos_.data() + i * half, ropeSin_.data() + i * half, interleaved);
      applyRope(row + HD, K, D, ropeCos_.data() + i * half, ropeSin_.data() + i * half, interleaved);
    }
  }
  if (trace.stack && (trace.parts & kTraceQkv)) {
    TraceStack& t = *trace.stack;
    const std::size_t T = sz(t.numTokens);
    copyRows(qkv_.data(), n, HD, ld, t.queries.data() + (sz(layer) * T + pos0) * HD);
    copyRows(qkv_.data() + HD, n, KD, ld, t.keys.data() + (sz(layer) * T + pos0) * KD);
    copyRows(qkv_.data() + HD + KD, n, KD, ld, t.values.data() + (sz(layer) * T + pos0) * KD);
  }
  for (int i = 0; i < n; ++i) {
    const float* row = qkv_.data() + sz(i) * ld;
    std::copy(row + HD, row + HD + KD, keys_[sz(layer)].data() + sz(pos0 + i) * KD);
    std::copy(row + HD + KD, row + HD + 2 * KD, values_[sz(layer)].data() + sz(pos0 + i) * KD);
  }
  AttentionArgs a;
  a.q = qkv_.data();
  a.ldq = ld;
  a.keys = keys_[sz(layer)].data();
  a.values = values_[sz(layer)].data();
  a.ldkv = KD;
  a.n = n, a.pos0 = pos0, a.H = H, a.K = K, a.D = D;
  a.causal = causal();
  a.numKeys = pos0 + n;
  a.window = c.attentionWindow(layer);
  a.scale = c.attentionScale == AttentionScale::None ? 1.0f : 0.0f;
  if (c.positions == PositionScheme::RelativeBuckets) {
    if (relSpan_ < pos0 + n) updateRelativeBias(pos0 + n);
    a.relBias = relBias_.data();
    a.relBiasStride = sz(2 * relSpan_ - 1);
    a.relBiasCenter = relSpan_ - 1;
  }
  if (!causal() && !keyMask_.empty()) a.keyMask = keyMask_.data();
  a.out = att_.data();
  a.scratch = scores_.data();
  a.scratchStride = scores_.size() / sz(H);
  if (trace.self) {
    AttentionMap& m = *trace.self;
    a.trace = m.values.data() + sz(layer) * H * m.valuesPerHead();
    a.traceHeadStride = m.valuesPerHead();
    a.tracePackedRows = m.storage == AttentionStorage::PackedCausal;
    a.traceKeys = m.numKeys;
  }
  attention(a);
  linearAdd(att_.data(), n, HD, L.self.o, x_.data(), C);
  if (!pre) norm(L.attnNorm, x_.data(), n, x_.data());
}

// x += cross_attention(norm(x), encoder output): queries from the decoder, keys and values from the
// encoder (computed once in setCrossSource), every encoder token visible but padding.
void StackRunner::crossSublayer(int layer, int n, int pos0, const LayerTraceTargets& trace) {
  const ModelConfig& c = config_;
  const LayerWeights& L = weights_.layers[sz(layer)];
  if (crossLength_ == 0) throw Error("cross-attention: no encoder output; hint: encode the input first");
  const int C = c.dModel, H = c.numHeads, K = c.numKvHeads, D = c.headDim, HD = H * D, KD = K * D;
  norm(L.crossNorm, x_.data(), n, xn_.data());
  linear(xn_.data(), n, C, L.cross.q, qkv_.data(), HD);
  AttentionArgs a;
  a.q = qkv_.data();
  a.ldq = HD;
  a.keys = crossKeys_[sz(layer)].data();
  a.values = crossValues_[sz(layer)].data();
  a.ldkv = KD;
  a.n = n, a.pos0 = pos0, a.H = H, a.K = K, a.D = D;
  a.causal = false;
  a.numKeys = crossLength_;
  a.scale = c.attentionScale == AttentionScale::None ? 1.0f : 0.0f;
  if (!crossMask_.empty()) a.keyMask = crossMask_.data();
  a.out = att_.data();
  a.scratch = scores_.data();
  a.scratchStride = scores_.size() / sz(H);
  if (trace.cross) {
    AttentionMap& m = *trace.cross;
    a.trace = m.values.data() + sz(layer) * H * m.valuesPerHead();
    a.traceHeadStride = m.valuesPerHead();
    a.tracePackedRows = false;
    a.traceKeys = m.numKeys;
  }
  attention(a);
  linearAdd(att_.data(), n, HD, L.cross.o, x_.data(), C);
}

// Pre: x += mlp(norm(x)); Post: x = norm(x + mlp(x)). Plain: down(act(up x)); gated: down(act(gate x) * up x).
void StackRunner::ffnSublayer(int layer, int n, const LayerTraceTargets& trace) {
  const ModelConfig& c = config_;
  const LayerWeights& L = weights_.layers[sz(layer)];
  const int C = c.dModel, F = c.hiddenDim;
  const bool pre = c.normPlacement == NormPlacement::Pre;
  const float* in = x_.data();
  if (pre) {
    norm(L.ffnNorm, x_.data(), n, xn_.data());
    in = xn_.data();
  }
  const bool traceMlp = trace.stack && (trace.parts & kTraceMlp);
  const std::size_t rows = sz(n) * F;
  if (c.gatedFfn) {
    linear(in, n, C, L.ffn.gate, hidden_.data(), F);
    linear(in, n, C, L.ffn.up, up_.data(), F);
    if (traceMlp) {
      TraceStack& t = *trace.stack;
      const std::size_t at = sz(layer) * sz(t.numTokens) * F;
      activate(c.activation, hidden_.data(), rows);
      std::copy(hidden_.begin(), hidden_.begin() + rows, t.mlpGate.begin() + at);
      std::copy(up_.begin(), up_.begin() + rows, t.mlpUp.begin() + at);
      for (std::size_t i = 0; i < rows; ++i) hidden_[i] *= up_[i];
    } else {
      gatedActivation(c.activation, hidden_.data(), up_.data(), rows);
    }
  } else if (c.activation == Activation::GeluTanh) {
    linearGelu(in, n, C, L.ffn.up, hidden_.data(), F);
  } else {
    linear(in, n, C, L.ffn.up, hidden_.data(), F);
    activate(c.activation, hidden_.data(), rows);
  }
  if (traceMlp) {
    TraceStack& t = *trace.stack;
    std::copy(hidden_.begin(), hidden_.begin() + rows, t.mlpActivations.begin() + sz(layer) * sz(t.numTokens) * F);
  }
  linearAdd(hidden_.data(), n, F, L.ffn.down, x_.data(), C);
  if (!pre) norm(L.ffnNorm, x_.data(), n, x_.data());
}

void StackRunner::finalNorm(int first, int count) {
  const std::size_t C = sz(config_.dModel);
  const float* src = x_.data() + sz(first) * C;
  float* dst = xn_.data() + sz(first) * C;
  if (weights_.finalNorm.present()) norm(weights_.finalNorm, src, count, dst);
  else std::copy(src, src + sz(count) * C, dst);
}

void StackRunner::setCrossSource(const float* encoderOut, int Te, std::span<const std::uint8_t> encoderMask) {
  const ModelConfig& c = config_;
  const int KD = c.numKvHeads * c.headDim;
  crossLength_ = Te;
  crossKeys_.resize(weights_.layers.size());
  crossValues_.resize(weights_.layers.size());
  for (std::size_t l = 0; l < weights_.layers.size(); ++l) {
    growTo(crossKeys_[l], sz(Te) * KD);
    growTo(crossValues_[l], sz(Te) * KD);
    linear(encoderOut, Te, c.dModel, weights_.layers[l].cross.k, crossKeys_[l].data(), KD);
    linear(encoderOut, Te, c.dModel, weights_.layers[l].cross.v, crossValues_[l].data(), KD);
  }
  crossMask_.assign(encoderMask.begin(), encoderMask.end());
  if (scores_.size() < sz(c.numHeads) * Te) scores_.assign(sz(c.numHeads) * std::max(Te, cacheCapacity_), 0.0f);
}

}  // namespace glassbox
