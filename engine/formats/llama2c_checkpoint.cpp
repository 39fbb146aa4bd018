// llama2.c checkpoints: a 7 x int32 header, then float32 weights laid out by kind, each kind holding
// all layers back to back. Shape legend as in model_config.h.
#include "formats/llama2c_checkpoint.h"

#include <cstdint>
#include <cstdlib>

#include "core/error.h"
#include "core/mapped_file.h"

namespace glassbox {

namespace {

constexpr std::size_t kHeaderBytes = 7 * 4;

struct Header {
  std::int64_t dim, hidden, layers, heads, kvHeads, vocab, seqLen;
};

Header readHeader(const MappedFile& file) {
  const std::string& path = file.path();
  if (file.size() < kHeaderBytes)
    failFile(path, "is " + std::to_string(file.size()) + " bytes, too short for the 28-byte llama2.c header");
  std::int64_t v[7];
  for (int i = 0; i < 7; ++i) {
    const std::uint8_t* p = file.data() + 4 * i;
    const std::uint32_t u = std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
                            std::uint32_t{p[3]} << 24;
    v[i] = static_cast<std::int32_t>(u);
  }
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
}

void checkRange(const std::string& path, const char* field, std::int64_t value, std::int64_t max) {
  if (value <= 0 || value > max)
    failFile(path, std::string("llama2.c header field ") + field + " = " + std::to_string(value) +
                       " is outside 1.." + std::to_string(max) + "; hint: this is not a llama2.c checkpoint");
}

void validateHeader(const std::string& path, const Header& h) {
  checkRange(path, "dim", h.dim, kMaxDim);
  checkRange(path, "hidden_dim", h.hidden, kMaxDim);
  checkRange(path, "n_layers", h.layers, kMaxLayers);
  checkRange(path, "n_heads", h.heads, kMaxHeads);
  checkRange(path, "n_kv_heads", h.kvHeads, kMaxHeads);
  checkRange(path, "|vocab_size|", std::llabs(h.vocab), kMaxVocab);
  checkRange(path, "seq_len", h.seqLen, kMaxContext);
  if (h.dim % h.heads != 0)
    failFile(path, "llama2.c header: dim " + std::to_string(h.dim) + " is not divisible by n_heads " +
                       std::to_string(h.heads));
  if (h.heads % h.kvHeads != 0)
    failFile(path, "llama2.c header: n_heads " + std::to_string(h.heads) + " is not divisible by n_kv_heads " +
                       std::to_string(h.kvHeads));
  if ((h.dim / h.heads) % 2 != 0)
    failFile(path, "llama2.c header: head size " + std::to_string(h.dim / h.heads) +
                       " is odd; rotary embeddings need an even head size");
}

// Sum of products of the listed factor tuples, overflow-checked.
std::uint64_t checkedFloats(const std::string& path, std::initializer_list<std::initializer_list<std::int64_t>> terms) {
  std::uint64_t total = 0;
  for (const auto& term : terms) {
    std::uint64_t p = 1;
    for (std::int64_t f : term)
      if (__builtin_mul_overflow(p, static_cast<std::uint64_t>(f), &p))
        failFile(path, "llama2.c header dimensions overflow 64 bits when multiplied");
    if (__builtin_add_overflow(total, p, &total)) failFile(path, "llama2.c header dimensions overflow 64 bits");
  }
  return total;
}

ModelConfig configFrom(const Header& h) {
  ModelConfig c;
  c.architecture = "llama";  // features: the registry entry's setFeatures, at load
  c.architectureName = "llama2.c";
  c.modelType = "llama";
  c.numLayers = static_cast<int>(h.layers);
  c.numHeads = static_cast<int>(h.heads);
  c.numKvHeads = static_cast<int>(h.kvHeads);
  c.dModel = static_cast<int>(h.dim);
  c.headDim = static_cast<int>(h.dim / h.heads);
  c.hiddenDim = static_cast<int>(h.hidden);
  c.vocabSize = static_cast<int>(std::llabs(h.vocab));
  c.contextLength = static_cast<int>(h.seqLen);
  c.normEps = 1e-5f;
  c.ropeTheta = 10000.0f;
  c.ropeStyle = RopeStyle::Interleaved;
  c.tiedEmbeddings = h.vocab > 0;
  c.attentionBias = false;
  c.bosTokenId = 1;
  c.eosTokenIds = {2};
  c.bosEndsText = true;
  return c;
}

// Walks the weight kinds in file order, handing out per-layer views.
class Cursor {
 public:
  Cursor(TensorSource& src, std::shared_ptr<const MappedFile> file)
      : src_(src), file_(std::move(file)), offset_(kHeaderBytes) {}

  // One kind of weight of shape `shape` for each of `count` layers, named by nameOf(layer).
  template <typename NameOf>
  void take(int count, const std::vector<std::int64_t>& shape, NameOf nameOf) {
    std::size_t elements = 1;
    for (std::int64_t d : shape) elements *= static_cast<std::size_t>(d);
    for (int l = 0; l < count; ++l) {
      TensorRef ref;
      ref.name = nameOf(l);
      ref.dtype = DType::F32;
      ref.shape = shape;
      ref.data = file_->data() + offset_;
      ref.byteSize = elements * 4;
      ref.file = file_;
      offset_ += ref.byteSize;
      src_.add(std::move(ref));
    }
  }
  void skip(std::size_t floats) { offset_ += floats * 4; }

 private:
  TensorSource& src_;
  std::shared_ptr<const MappedFile> file_;
  std::size_t offset_;
};

std::string layerName(int l, const char* rest) { return "model.layers." + std::to_string(l) + "." + rest; }

void addTensors(TensorSource& src, const std::shared_ptr<const MappedFile>& file, const ModelConfig& c) {
  const std::int64_t C = c.dModel, F = c.hiddenDim, V = c.vocabSize, L = c.numLayers;
  const std::int64_t HD = std::int64_t{c.numHeads} * c.headDim, KD = std::int64_t{c.numKvHeads} * c.headDim;
  const int n = static_cast<int>(L);
  Cursor cur(src, file);
  cur.take(1, {V, C}, [](int) { return std::string("model.embed_tokens.weight"); });
  cur.take(n, {C}, [](int l) { return layerName(l, "input_layernorm.weight"); });
  cur.take(n, {HD, C}, [](int l) { return layerName(l, "self_attn.q_proj.weight"); });
  cur.take(n, {KD, C}, [](int l) { return layerName(l, "self_attn.k_proj.weight"); });
  cur.take(n, {KD, C}, [](int l) { return layerName(l, "self_attn.v_proj.weight"); });
  cur.take(n, {C, HD}, [](int l) { return layerName(l, "self_attn.o_proj.weight"); });
  cur.take(n, {C}, [](int l) { return layerName(l, "post_attention_layernorm.weight"); });
  cur.take(n, {F, C}, [](int l) { return layerName(l, "mlp.gate_proj.weight"); });  // w1
  cur.take(n, {C, F}, [](int l) { return layerName(l, "mlp.down_proj.weight"); });  // w2
  cur.take(n, {F, C}, [](int l) { return layerName(l, "mlp.up_proj.weight"); });    // w3
  cur.take(1, {C}, [](int) { return std::string("model.norm.weight"); });
  cur.skip(static_cast<std::size_t>(c.contextLength) * static_cast<std::size_t>(c.headDim));  // freq_cis real+imag
  if (!c.tiedEmbeddings) cur.take(1, {V, C}, [](int) { return std::string("lm_head.weight"); });
}

}  // namespace

Llama2cCheckpoint openLlama2cCheckpoint(const std::string& path) {
  auto file = MappedFile::open(path);
  const Header h = readHeader(*file);
  validateHeader(path, h);
  const std::int64_t V = std::llabs(h.vocab), C = h.dim, F = h.hidden, L = h.layers, P = h.seqLen;
  const std::int64_t D = h.dim / h.heads, HD = h.heads * D, KD = h.kvHeads * D;
  // Everything but the classifier: embeddings, 2 norms/layer, q, k, v, o, w1, w2, w3, final norm, freq_cis.
  const std::uint64_t shared = checkedFloats(
      path, {{V, C}, {2, L, C}, {L, C, HD}, {2, L, C, KD}, {L, HD, C}, {3, L, F, C}, {C}, {P, D}});
  const std::uint64_t classifier = checkedFloats(path, {{V, C}});
  const std::uint64_t tiedBytes = kHeaderBytes + 4 * shared;
  const std::uint64_t untiedBytes = tiedBytes + 4 * classifier;
  const bool tied = h.vocab > 0;
  const std::uint64_t expected = tied ? tiedBytes : untiedBytes;
  if (file->size() != expected) {
    std::string msg = "is " + std::to_string(file->size()) + " bytes, but a llama2.c checkpoint with this header (dim " +
                      std::to_string(C) + ", hidden_dim " + std::to_string(F) + ", " + std::to_string(L) +
                      " layers, vocab " + std::to_string(h.vocab) + ", seq_len " + std::to_string(P) + ", " +
                      (tied ? "shared" : "separate") + " classifier) is exactly " + std::to_string(expected) + " bytes";
    const std::uint64_t other = tied ? untiedBytes : tiedBytes;
    if (file->size() == other)
      msg += "; the size fits a " + std::string(tied ? "separate" : "shared") +
             " classifier instead, so the sign of vocab_size is wrong";
    else
      msg += "; hint: the file is truncated, has extra bytes, or is not a llama2.c checkpoint";
    failFile(path, msg);
  }
  Llama2cCheckpoint out;
  out.config = configFrom(h);
  out.tensors = std::make_unique<TensorSource>();
  out.tensors->description = path;
  addTensors(*out.tensors, file, out.config);
  return out;
}

}  // namespace glassbox
