#pragma once
// The architecture-level description of a model, read from config.json or a llama2.c header.
// Shape legend: C = d_model, H = query heads, K = key/value heads, D = head dim, F = MLP hidden size,
// V = vocabulary, P = maximum positions, L = layers.
#include <string>
#include <vector>

namespace glassbox {

enum class Architecture { Gpt2, Llama };

// How q/k rows are ordered for rotary embeddings: Hugging Face permutes them so that RoPE rotates
// (x[i], x[i + D/2]) pairs ("rotate half"); llama2.c keeps Meta's interleaved (x[2i], x[2i+1]) pairs.
enum class RopeStyle { RotateHalf, Interleaved };

struct ModelConfig {
  Architecture architecture = Architecture::Gpt2;
  std::string architectureName;  // "GPT2LMHeadModel", "LlamaForCausalLM", "llama2.c", ...
  std::string modelType;         // config.json "model_type" ("gpt2", "llama", "mistral", "qwen2", ...)
  int numLayers = 0;             // L
  int numHeads = 0;              // H
  int numKvHeads = 0;            // K (== H without grouped-query attention)
  int dModel = 0;                // C
  int headDim = 0;               // D
  int hiddenDim = 0;             // F
  int vocabSize = 0;             // V
  int contextLength = 0;         // P
  float normEps = 1e-5f;         // layer_norm_epsilon (GPT-2) / rms_norm_eps (Llama)
  float ropeTheta = 10000.0f;    // Llama only
  RopeStyle ropeStyle = RopeStyle::RotateHalf;
  bool tiedEmbeddings = true;    // LM head shares the token-embedding matrix
  bool attentionBias = false;    // q/k/v projections have biases (GPT-2 always, Qwen2)
  int bosTokenId = -1;
  std::vector<int> eosTokenIds;  // empty when unknown
};

// Sane upper bounds for any dimension read from a file, checked before anything is allocated.
inline constexpr long long kMaxLayers = 1024;
inline constexpr long long kMaxDim = 1 << 17;          // d_model, hidden size
inline constexpr long long kMaxVocab = 1 << 22;
inline constexpr long long kMaxContext = 1 << 21;
inline constexpr long long kMaxHeads = 1024;

}  // namespace glassbox
