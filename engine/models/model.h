#pragma once
// A loaded transformer: immutable weights plus its configuration, and the mutable inference session
// (KV cache, scratch buffers) that runs it.
//
// Shape legend for this folder:
//   T = tokens, C = channels (d_model), H = query heads, K = key/value heads, D = head dim (C / H),
//   F = MLP hidden size, V = vocabulary, L = layers, P = maximum positions (context length).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "formats/model_config.h"

namespace glassbox {

// One tensor of the file as stored, for the Model view and `glassbox-cli info`.
struct TensorSummary {
  std::string name;                 // as named in the file (GGUF: "blk.0.attn_q.weight")
  DType dtype = DType::F32;         // storage type
  std::vector<std::int64_t> shape;  // row-major
  std::uint64_t bytes = 0;          // stored size
  std::string typeName;             // the file's own type name when set; else dtypeName(dtype)
  std::string type() const { return typeName.empty() ? dtypeName(dtype) : typeName; }
  double bitsPerWeight() const {
    double n = 1;
    for (auto d : shape) n *= static_cast<double>(d);
    return n > 0 ? 8.0 * static_cast<double>(bytes) / n : 0.0;
  }
};

struct ModelInfo {
  std::string path;          // what the person opened
  std::string format;        // "safetensors", "llama2.c" or "gguf"
  DType dtype = DType::F32;  // storage type of the weights in the file
  std::uint64_t fileBytes = 0;
  std::uint64_t parameterCount = 0;
  std::string name;          // folder or file name, for titles
  std::vector<TensorSummary> tensors;  // every tensor of the file, in the file's order (name order for safetensors)
};

// Everything one forward pass can record for the views. Off for plain generation. A trace covers a
// forward that starts at position 0 (InferenceSession::forward throws otherwise).
// Memory: attention is stored as packed lower triangles, L*H*T*(T+1)/2 floats (GPT-2 small at 512
// tokens: 144 heads * 131,328 * 4 B = 76 MB).
struct Trace {
  int numTokens = 0;  // T
  int numLayers = 0;  // L
  int numHeads = 0;   // H
  int dModel = 0;     // C
  int vocabSize = 0;  // V
  std::vector<float> tokenEmbeddings;     // [T][C] token-embedding rows
  std::vector<float> positionEmbeddings;  // [T][C] learned positions (GPT-2); empty for RoPE models
  std::vector<float> residual;            // [L+1][T][C]; [0] = block input of layer 0, [l+1] = output of layer l
  std::vector<float> attentionPacked;     // [L][H][T*(T+1)/2] post-softmax, row q holds keys 0..q
  std::vector<float> finalHidden;         // [T][C] after the final norm
  // [V] logits of the last token. Earlier positions' logits are not stored (T*V floats would cost more
  // than the rest of the trace for a 50k vocabulary): Model::logitsFromHidden(finalHiddenAt(t)) gives them.
  std::vector<float> lastLogits;

  // Attention probability of query q on key k in (layer, head); 0 above the diagonal (k > q) and, for a
  // sliding-window layer, 0 for keys outside the window.
  float attention(int layer, int head, int q, int k) const {
    if (k > q) return 0.0f;
    const std::size_t tri = static_cast<std::size_t>(numTokens) * (numTokens + 1) / 2;
    const std::size_t base = (static_cast<std::size_t>(layer) * numHeads + head) * tri;
    return attentionPacked[base + static_cast<std::size_t>(q) * (q + 1) / 2 + k];
  }
  std::span<const float> residualAt(int layerBoundary, int token) const {
    return {residual.data() + (static_cast<std::size_t>(layerBoundary) * numTokens + token) * dModel,
            static_cast<std::size_t>(dModel)};
  }
  std::span<const float> finalHiddenAt(int token) const {
    return {finalHidden.data() + static_cast<std::size_t>(token) * dModel, static_cast<std::size_t>(dModel)};
  }
  std::size_t bytes() const;
  // What bytes() will be for a trace of `tokens` tokens of a model with config `c`.
  static std::size_t expectedBytes(const ModelConfig& c, int tokens);
};

struct LoadOptions {
  // Called with progress in [0, 1]; return false to cancel (load() then throws Cancelled).
  std::function<bool(double)> progress;
  // Refuse models whose weights would need more than this many bytes of RAM after mapping
  // (0 = the machine's available memory).
  std::uint64_t memoryLimitBytes = 0;
};

class ModelWeights;  // defined in the implementation

class Model {
 public:
  // path: a Hugging Face model directory (config.json + model.safetensors or a sharded index), a GGUF
  // file (F32/F16/BF16 or block-quantized weights, formats/gguf_model.h) or a llama2.c checkpoint file
  // (.bin), told apart by content. Validates everything before use; throws Error naming the file,
  // tensor or field, and what was expected.
  static std::shared_ptr<const Model> load(const std::string& path, const LoadOptions& options = {});

  ~Model();
  const ModelConfig& config() const { return config_; }
  const ModelInfo& info() const { return info_; }

  // Token-embedding row of `id` as floats [C] (copied: the file may store F16/BF16).
  std::vector<float> tokenEmbedding(int id) const;
  // Learned position-embedding row [C]; empty for RoPE models.
  std::vector<float> positionEmbedding(int position) const;

  // The output head alone: logits [V] of one final hidden state [C] (after the final norm, as in
  // Trace::finalHidden). Safe to call from any thread. Throws Error when the size is not C.
  std::vector<float> logitsFromHidden(std::span<const float> hidden) const;

  const ModelWeights& weights() const { return *weights_; }

 private:
  friend class ModelLoader;
  Model();
  ModelConfig config_;
  ModelInfo info_;
  std::unique_ptr<ModelWeights> weights_;
};

struct ForwardOptions {
  Trace* trace = nullptr;                      // record everything (forward must start at position 0)
  bool allLogits = false;                      // return [n][V] for every new token, not just the last
  const std::atomic<bool>* cancel = nullptr;   // checked between layers; raised -> throws Cancelled
  // A trace that would need more than this (Trace::expectedBytes) is refused with an Error giving the
  // numbers, before anything is allocated.
  std::size_t traceLimitBytes = std::size_t{2} << 30;
};

// Mutable state for running one Model: the KV cache and scratch buffers. One session is used by one
// thread at a time; many sessions may share one Model concurrently.
class InferenceSession {
 public:
  explicit InferenceSession(std::shared_ptr<const Model> model, int maxContext = 0);  // 0 = model's P
  ~InferenceSession();

  const Model& model() const { return *model_; }
  std::shared_ptr<const Model> modelPtr() const { return model_; }
  int position() const { return static_cast<int>(tokens_.size()); }  // tokens in the KV cache
  int contextLength() const { return maxContext_; }
  const std::vector<int>& tokens() const { return tokens_; }

  // Forgets cached positions n.. (KV-cache reuse when a prompt changes in the middle).
  void truncate(int n);
  void reset() { truncate(0); }

  // Runs `tokens` at positions position().. and appends them to the cache. Returns the logits of the
  // last new token [V], or of all new tokens [n][V] with allLogits. Throws Error when the context would
  // overflow or an id is outside the vocabulary (the cache is left unchanged), Cancelled on cancel
  // (the cache is truncated back to where it was).
  const std::vector<float>& forward(std::span<const int> tokens, const ForwardOptions& options = {});

  // Number of common leading tokens between the cache and `prompt`; truncates the cache there. The
  // caller then forwards prompt[result..]. At most prompt.size() - 1, so that forward gets at least one
  // token and returns the logits after the prompt.
  int reusePrefix(std::span<const int> prompt);

 private:
  struct State;
  std::shared_ptr<const Model> model_;
  int maxContext_ = 0;
  std::vector<int> tokens_;
  std::unique_ptr<State> state_;
  std::vector<float> logits_;
};

}  // namespace glassbox
