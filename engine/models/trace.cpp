#include "models/trace.h"

#include <algorithm>

#include "core/error.h"
#include "models/trace_layout.h"

namespace glassbox {

namespace {

std::size_t sz(long long a) { return static_cast<std::size_t>(a); }
std::size_t triangle(int T) { return sz(T) * (sz(T) + 1) / 2; }

}  // namespace

const char* attentionStreamName(AttentionStream s) {
  switch (s) {
    case AttentionStream::Self: return "self";
    case AttentionStream::EncoderSelf: return "encoder-self";
    case AttentionStream::DecoderSelf: return "decoder-self";
    case AttentionStream::Cross: return "cross";
  }
  return "?";
}

const char* stackRoleName(StackRole r) { return r == StackRole::Encoder ? "encoder" : "decoder"; }

std::size_t AttentionMap::valuesPerHead() const {
  return storage == AttentionStorage::PackedCausal ? triangle(numQueries) : sz(numQueries) * sz(numKeys);
}

void AttentionMap::allocate() { values.assign(sz(numLayers) * sz(numHeads) * valuesPerHead(), 0.0f); }

std::span<const float> AttentionMap::row(int layer, int head, int q) const {
  const std::size_t base = (sz(layer) * numHeads + head) * valuesPerHead();
  const std::size_t offset = storage == AttentionStorage::PackedCausal ? sz(q) * (q + 1) / 2 : sz(q) * sz(numKeys);
  return {values.data() + base + offset, sz(rowLength(q))};
}

float AttentionMap::at(int layer, int head, int q, int k) const {
  if (k < 0 || k >= rowLength(q)) return 0.0f;
  return row(layer, head, q)[sz(k)];
}

bool AttentionMap::keyVisible(int layer, int q, int k) const {
  if (k < 0 || k >= numKeys) return false;
  if (!keyMask.empty() && !keyMask[sz(k)]) return false;
  if (!causal) return true;
  const int w = layer >= 0 && sz(layer) < windows.size() ? windows[sz(layer)] : 0;
  return k <= q && (w <= 0 || k > q - w);
}

int AttentionMap::visibleKeys(int layer, int q) const {
  int first = 0, last = numKeys - 1;
  if (causal) {
    const int w = layer >= 0 && sz(layer) < windows.size() ? windows[sz(layer)] : 0;
    last = std::min(q, numKeys - 1);
    first = w > 0 ? std::max(0, q - w + 1) : 0;
  }
  if (last < first) return 0;
  if (keyMask.empty()) return last - first + 1;
  int count = 0;
  for (int k = first; k <= last; ++k) count += keyMask[sz(k)] != 0;
  return count;
}

std::size_t TraceStack::bytes() const {
  return sizeof(float) * (tokenEmbeddings.size() + positionEmbeddings.size() + residual.size() + finalHidden.size() +
                          mlpActivations.size() + mlpGate.size() + mlpUp.size() + attentionResidual.size() +
                          queries.size() + keys.size() +
                          values.size());
}

const TraceStack* Trace::findStack(StackRole role) const {
  for (const TraceStack& s : stacks)
    if (s.role == role) return &s;
  return nullptr;
}

const TraceStack& Trace::stack(StackRole role) const {
  if (const TraceStack* s = findStack(role)) return *s;
  throw Error(std::string("trace: no ") + stackRoleName(role) + " stack was recorded");
}

const TraceStack& Trace::output() const {
  if (stacks.empty()) throw Error("trace: empty (hint: run a forward with a trace first)");
  return stacks.back();
}

const AttentionMap* Trace::findAttention(AttentionStream stream) const {
  for (const AttentionMap& m : attention)
    if (m.stream == stream) return &m;
  return nullptr;
}

const AttentionMap& Trace::attentionMap(AttentionStream stream) const {
  if (const AttentionMap* m = findAttention(stream)) return *m;
  throw Error(std::string("trace: no ") + attentionStreamName(stream) + " attention was recorded");
}

const AttentionMap& Trace::selfAttention() const {
  for (AttentionStream s : {AttentionStream::Self, AttentionStream::DecoderSelf, AttentionStream::EncoderSelf})
    if (const AttentionMap* m = findAttention(s)) return *m;
  throw Error("trace: no self-attention was recorded");
}

std::size_t Trace::bytes() const {
  std::size_t b = lastLogits.size() * sizeof(float);
  for (const TraceStack& s : stacks) b += s.bytes();
  for (const AttentionMap& m : attention) b += m.bytes();
  return b;
}

// ---- layout (trace_layout.h) ----

void prepareStackTrace(TraceStack& t, StackRole role, const ModelConfig& c, int layers, int tokens, unsigned parts,
                       bool learnedPositions) {
  const std::size_t T = sz(tokens), C = sz(c.dModel), L = sz(layers), F = sz(c.hiddenDim);
  t = TraceStack{};
  t.role = role;
  t.numTokens = tokens;
  t.numLayers = layers;
  t.dModel = c.dModel;
  t.tokenEmbeddings.assign(T * C, 0.0f);
  t.positionEmbeddings.assign(learnedPositions ? T * C : 0, 0.0f);
  t.residual.assign((L + 1) * T * C, 0.0f);
  t.finalHidden.assign(T * C, 0.0f);
  if (parts & kTraceMlp) {
    t.mlpWidth = c.hiddenDim;
    t.mlpActivations.assign(L * T * F, 0.0f);
    t.attentionResidual.assign(L * T * C, 0.0f);
    if (c.gatedFfn) {
      t.mlpGate.assign(L * T * F, 0.0f);
      t.mlpUp.assign(L * T * F, 0.0f);
    }
  }
  if (parts & kTraceQkv) {
    t.qWidth = c.numHeads * c.headDim;
    t.kvWidth = c.numKvHeads * c.headDim;
    t.queries.assign(L * T * sz(t.qWidth), 0.0f);
    t.keys.assign(L * T * sz(t.kvWidth), 0.0f);
    t.values.assign(L * T * sz(t.kvWidth), 0.0f);
  }
}

AttentionMap& addAttentionMap(Trace& trace, AttentionStream stream, const ModelConfig& c, int layers, int queries,
                              int keys) {
  if (trace.attention.capacity() < 4) trace.attention.reserve(4);  // references to earlier maps stay valid
  AttentionMap m;
  m.stream = stream;
  m.causal = stream == AttentionStream::Self || stream == AttentionStream::DecoderSelf;
  m.storage = m.causal ? AttentionStorage::PackedCausal : AttentionStorage::Dense;
  m.numLayers = layers;
  m.numHeads = c.numHeads;
  m.numKvHeads = c.numKvHeads;
  m.numQueries = queries;
  m.numKeys = keys;
  if (m.causal) {
    m.windows.resize(sz(layers));
    for (int l = 0; l < layers; ++l) m.windows[sz(l)] = c.attentionWindow(l);
  }
  m.allocate();
  trace.attention.push_back(std::move(m));
  return trace.attention.back();
}

std::size_t stackTraceBytes(const ModelConfig& c, int layers, int tokens, unsigned parts, bool learnedPositions) {
  const std::size_t T = sz(tokens), C = sz(c.dModel), L = sz(layers), F = sz(c.hiddenDim);
  std::size_t floats = T * C * (learnedPositions ? 2 : 1) + (L + 1) * T * C + T * C;
  if (parts & kTraceMlp) floats += L * T * F * (c.gatedFfn ? 3 : 1) + L * T * C;
  if (parts & kTraceQkv) floats += L * T * sz(c.numHeads + 2 * c.numKvHeads) * sz(c.headDim);
  return floats * sizeof(float);
}

std::size_t attentionMapBytes(const ModelConfig& c, int layers, int queries, int keys, bool causal) {
  const std::size_t perHead = causal ? triangle(queries) : sz(queries) * sz(keys);
  return sz(layers) * sz(c.numHeads) * perHead * sizeof(float);
}

}  // namespace glassbox
