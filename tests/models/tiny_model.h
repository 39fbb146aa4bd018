#pragma once
// Tiny random GPT-2 and Llama models written to disk by the tests (Hugging Face folders and llama2.c
// checkpoints), and helpers to compare float arrays.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/dtype.h"
#include "formats/model_config.h"
#include "formats/safetensors.h"

namespace glassbox {
class Model;
}

namespace glassbox::testing {

// Which of the tiny architectures a TinySpec writes.
enum class TinyArch { Gpt2, Llama };

struct TinySpec {
  TinyArch arch = TinyArch::Llama;
  std::string architectureName = "LlamaForCausalLM";  // config.json "architectures"[0]
  std::string modelType = "llama";                     // config.json "model_type"
  int layers = 2, dModel = 32, heads = 4, kvHeads = 4, hidden = 48, vocab = 50, context = 32;
  bool tied = true;
  bool qkvBias = false;              // written as q/k/v biases (Qwen2 style)
  bool transformerPrefix = true;     // GPT-2 names with "transformer."
  float ropeTheta = 10000.0f;
  DType dtype = DType::F32;
  // A JSON object whose keys are added to (or replace those of) config.json, e.g.
  // R"({"rope_scaling": {"rope_type": "linear", "factor": 2.0}})".
  std::string extraConfigJson;
};

// A new empty directory named after the running test.
std::filesystem::path freshTempDir();

// Writes config.json and model.safetensors with random weights into `dir`; `edit` may change the
// tensors before they are written (e.g. poison one value).
void writeTinyHfModel(const std::filesystem::path& dir, const TinySpec& spec, std::uint64_t seed,
                      const std::function<void(std::vector<TensorToWrite>&)>& edit = {});
// Writes a llama2.c checkpoint (F32, Meta's interleaved q/k order; untied writes a classifier).
void writeTinyLlama2c(const std::filesystem::path& file, const TinySpec& spec, std::uint64_t seed);

// A tiny Mistral (4 heads, 2 KV heads, untied) whose config.json has "sliding_window": window.
TinySpec mistralSpec(int window);

// The logits [T][V] of `ids` fed to a fresh session of `model` in chunks of the given lengths (their sum
// must be ids.size()), concatenated: with lengths {1, 1, ...} that is token-by-token cached decoding.
std::vector<float> forwardInChunks(const std::shared_ptr<const Model>& model, const std::vector<int>& ids,
                                   const std::vector<int>& lengths);
// forwardInChunks with every chunk one token long.
std::vector<float> decodeOneByOne(const std::shared_ptr<const Model>& model, const std::vector<int>& ids);

// Random ids in [0, vocab).
std::vector<int> randomTokens(int count, int vocab, std::uint64_t seed);

// Largest |a - b| / max(|b|, floor) over the arrays (sizes must match).
double maxRelativeError(const std::vector<float>& a, const std::vector<double>& b, double floor);
double maxRelativeError(const std::vector<float>& a, const std::vector<float>& b, double floor);
// max |a - b| / max |b|.
double normwiseRelativeError(const std::vector<float>& a, const std::vector<double>& b);

}  // namespace glassbox::testing
