#pragma once
// The weight plan of a model: which tensor of the file goes into which slot of ModelWeights, with the
// shape the configuration implies. Each architecture file lists its tensors through this class; the
// loader then checks them all (present, right shape, memory), and binds them in place or converted.
//
// Names: a slot may accept several names (checkpoint prefixes differ: "transformer.wte.weight" or
// "wte.weight"); the first present one is used, and a missing tensor's error lists every name tried.
#include <cstdint>
#include <string>
#include <vector>

#include "formats/model_config.h"
#include "formats/tensor_source.h"
#include "models/model_weights.h"

namespace glassbox {

using Shape = std::vector<std::int64_t>;

struct WeightBinding {
  std::vector<std::string> names;  // accepted names, in order of preference
  Shape shape;
  const float** target = nullptr;
  const TensorRef* ref = nullptr;  // resolved
  // Set for matmul weights and embedding tables, which may stay F16/BF16 in the mapping.
  const std::uint16_t** target16 = nullptr;
  DType* dtype16 = nullptr;
  // Set for the same tensors: where block-quantized rows go (GGUF), and their row size.
  const std::uint8_t** targetBlocks = nullptr;
  std::size_t* rowBytes = nullptr;
  std::string note;  // appended to the "missing" error (what config.json says about tying)
};

class WeightPlan {
 public:
  WeightPlan(const TensorSource& source, ModelWeights& weights, const ModelConfig& config)
      : source_(source), weights_(weights), config_(config) {}

  const TensorSource& source() const { return source_; }
  const ModelConfig& config() const { return config_; }
  ModelWeights& weights() { return weights_; }
  bool has(const std::string& name) const { return source_.find(name) != nullptr; }
  // The first of `candidates` p for which p + probe is a tensor of the file; the first candidate when
  // none is (the missing-tensor errors then name it).
  std::string prefix(const std::vector<std::string>& candidates, const std::string& probe) const;

  // A required F32 tensor (converted when stored otherwise).
  void tensor(std::vector<std::string> names, Shape shape, const float** target);
  void tensor(const std::string& name, Shape shape, const float** target) { tensor(std::vector{name}, shape, target); }
  void optionalTensor(const std::string& name, Shape shape, const float** target);
  // <base>.weight [C] and, when `bias`, <base>.bias [C].
  void norm(const std::string& base, int C, NormWeights& n, bool bias);
  // A projection y = x W (+ b) from <name> (weight) and <biasName> when given (required) or present
  // (optionalBias). inputMajor: W stored [in][out] (GPT-2 Conv1D); else [out][in] (nn.Linear). A source
  // whose matrices are all [out][in] (GGUF) is read that way whatever inputMajor says.
  void linear(std::vector<std::string> names, int in, int out, bool inputMajor, Linear& linear);
  void linear(const std::string& name, int in, int out, bool inputMajor, Linear& l) { linear(std::vector{name}, in, out, inputMajor, l); }
  void bias(const std::string& name, int out, Linear& l);
  void optionalBias(const std::string& name, int out, Linear& l);
  // An nn.Linear "<base>.weight" [out][in] with "<base>.bias" when hasBias.
  void dense(const std::string& base, int in, int out, bool hasBias, Linear& l);
  void embedding(std::vector<std::string> names, int rows, int cols, EmbeddingTable& table);

  // The token embedding [V][C] and the output head that may share it. transformers' rule: when the
  // config ties them, either tensor serves as both (the embedding is used when both are present);
  // untied, each must be present. The errors name every name tried and what the config says about tying.
  void tokenEmbeddingAndHead(const std::vector<std::string>& embeddingNames, const std::vector<std::string>& headNames,
                             bool tied, const std::string& tieField);
  // The token embedding alone (no output head reads it, or the head is planned separately).
  void tokenEmbedding(const std::vector<std::string>& embeddingNames);

  std::vector<WeightBinding>& bindings() { return bindings_; }

 private:
  const TensorSource& source_;
  ModelWeights& weights_;
  const ModelConfig& config_;
  std::vector<WeightBinding> bindings_;
};

}  // namespace glassbox
