#pragma once
// A loaded transformer: immutable weights plus its configuration. The sessions that run it (KV caches,
// scratch buffers) are in session.h; what a forward records is in trace.h.
//
// Shape legend for this folder:
//   T = tokens, C = channels (d_model), H = query heads, K = key/value heads, D = head dim,
//   F = MLP hidden size, V = vocabulary, L = layers, P = maximum positions (context length), N = labels.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "formats/model_config.h"
#include "models/trace.h"

namespace glassbox {

struct ArchitectureSpec;

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
  std::string format;        // for display: "safetensors", "llama2.c", "gguf"
  DType dtype = DType::F32;  // storage type of the weights in the file
  std::uint64_t fileBytes = 0;
  std::uint64_t parameterCount = 0;
  std::string name;          // for titles: the config's model name, else the folder or file name
  std::vector<TensorSummary> tensors;  // every tensor of the file, in the file's order (name order for safetensors)
};

struct LoadOptions {
  // Called with progress in [0, 1]; return false to cancel (load() then throws Cancelled).
  std::function<bool(double)> progress;
  // Refuse models whose weights would need more than this many bytes of RAM after mapping
  // (0 = the machine's available memory).
  std::uint64_t memoryLimitBytes = 0;
};

class ModelWeights;  // models/model_weights.h

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
  const ArchitectureSpec& architecture() const { return *architecture_; }
  Family family() const { return config_.family; }
  bool can(Capability c) const { return config_.can(c); }

  // Token-embedding row of `id` as floats [C] (copied: the file may store F16/BF16).
  std::vector<float> tokenEmbedding(int id) const;
  // Learned position-embedding row [C] of the position's table row; empty for other position schemes.
  std::vector<float> positionEmbedding(int position) const;

  // The output head alone: logits [V] of one final hidden state [C] (Trace's finalHidden of the
  // output stack): the LM head of a decoder (with the config's logitScale), or the MLM head of an
  // encoder (transform, norm, decoder + bias). Safe to call from any thread. Throws Error when the size
  // is not C or the model has no vocabulary head.
  std::vector<float> logitsFromHidden(std::span<const float> hidden) const;
  bool hasVocabularyHead() const;

  const ModelWeights& weights() const { return *weights_; }

 private:
  friend class ModelLoader;
  Model();
  ModelConfig config_;
  ModelInfo info_;
  const ArchitectureSpec* architecture_ = nullptr;
  std::unique_ptr<ModelWeights> weights_;
};

}  // namespace glassbox

#include "models/session.h"
