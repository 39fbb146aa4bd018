#pragma once
// The architecture-level description of a model, read from config.json or a llama2.c header.
// Shape legend: C = d_model, H = query heads, K = key/value heads, D = head dim, F = MLP hidden size,
// V = vocabulary, P = maximum positions, L = layers.
#include <cstdint>
#include <string>
#include <vector>

namespace glassbox {

enum class Architecture { Gpt2, Llama };

// How q/k rows are ordered for rotary embeddings: Hugging Face permutes them so that RoPE rotates
// (x[i], x[i + D/2]) pairs ("rotate half"); llama2.c keeps Meta's interleaved (x[2i], x[2i+1]) pairs.
enum class RopeStyle { RotateHalf, Interleaved };

// config.json "rope_scaling" (or "rope_parameters"), with transformers' modeling_rope_utils meaning:
//   Linear:  every frequency divided by `factor`;
//   Llama3:  wavelengths above originalContext / lowFreqFactor divided by `factor`, below
//            originalContext / highFreqFactor kept, smoothly interpolated between (Llama 3.1);
//   Dynamic: NTK-aware, theta grows with the sequence length once it passes originalContext
//            (= max_position_embeddings); recomputed per forward as transformers does.
enum class RopeScalingType { None, Linear, Llama3, Dynamic };

struct RopeScaling {
  RopeScalingType type = RopeScalingType::None;
  double factor = 1.0;
  double lowFreqFactor = 1.0;   // Llama3
  double highFreqFactor = 4.0;  // Llama3
  int originalContext = 0;      // Llama3: original_max_position_embeddings; Dynamic: max_position_embeddings
};

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
  RopeScaling ropeScaling;       // Llama only
  // Sliding-window attention (Mistral "sliding_window"; Qwen2 with "use_sliding_window"): a query at
  // position p sees keys p - slidingWindow + 1 .. p in the layers marked in slidingLayers [L].
  int slidingWindow = 0;                    // 0 = every layer attends to all earlier positions
  std::vector<std::uint8_t> slidingLayers;  // [L], 1 = this layer uses the window; empty = none
  bool tiedEmbeddings = true;    // LM head shares the token-embedding matrix
  bool attentionBias = false;    // q/k/v projections have biases (GPT-2 always, Qwen2)
  int bosTokenId = -1;
  std::vector<int> eosTokenIds;  // empty when unknown

  // Keys visible to a query in `layer`: the window, or 0 for all earlier positions.
  int attentionWindow(int layer) const {
    const bool sliding = slidingWindow > 0 && layer >= 0 && static_cast<std::size_t>(layer) < slidingLayers.size() &&
                         slidingLayers[static_cast<std::size_t>(layer)] != 0;
    return sliding ? slidingWindow : 0;
  }
};

// Sane upper bounds for any dimension read from a file, checked before anything is allocated.
inline constexpr long long kMaxLayers = 1024;
inline constexpr long long kMaxDim = 1 << 17;          // d_model, hidden size
inline constexpr long long kMaxVocab = 1 << 22;
inline constexpr long long kMaxContext = 1 << 21;
inline constexpr long long kMaxHeads = 1024;

}  // namespace glassbox
