#pragma once
// The architecture-level description of a model, read from config.json, a llama2.c header or GGUF
// metadata. Blocks are described by feature enums (norm kind and placement, activation, position
// scheme, attention scale, mask), in the spirit of gemma.cpp's configs.h, so that the one forward pass
// in engine/models never asks which model it runs; `architecture` names the registry entry
// (engine/models/registry.h) that parsed the config and planned the weights.
//
// Shape legend: C = d_model, H = query heads, K = key/value heads, D = head dim, F = MLP hidden size,
// V = vocabulary, P = maximum positions, L = layers, B = relative-position buckets, N = labels.
#include <cstdint>
#include <string>
#include <vector>

namespace glassbox {

// What the model is made of: one causal stack, one bidirectional stack, or both joined by
// cross-attention.
enum class Family { Decoder, Encoder, EncoderDecoder };
const char* familyName(Family f);  // "decoder-only", "encoder-only", "encoder-decoder"

enum class NormKind {
  LayerNorm,  // (x - mean) / sqrt(var + eps) * w + b
  RmsNorm,    // x / sqrt(mean(x^2) + eps) * w: Llama's RMSNorm, T5's T5LayerNorm (no mean, no bias)
};
enum class NormPlacement {
  Pre,   // x += f(norm(x)): GPT-2, Llama, T5
  Post,  // x = norm(x + f(x)): BERT, RoBERTa, DistilBERT
};
enum class Activation { GeluTanh, GeluErf, Relu, Silu };
const char* activationName(Activation a);  // "gelu (tanh)", "gelu", "relu", "silu"
enum class PositionScheme {
  Learned,          // a trained [P][C] table added to the token embeddings (GPT-2, BERT)
  Rotary,           // q and k rotated by position inside attention (Llama)
  RelativeBuckets,  // a trained per-head bias by bucketed distance added to the scores (T5)
  None,
};
const char* positionSchemeName(PositionScheme p);  // "learned", "rotary", "relative buckets", "none"
enum class AttentionScale {
  InverseSqrtHeadDim,  // scores / sqrt(D) (Attention Is All You Need)
  None,                // T5: the 1/sqrt(D) is folded into the query weights at initialisation
};

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

// The output head an encoder checkpoint carries (what its architectures[0] says).
enum class EncoderHead {
  None,                    // BertModel, sentence-transformers: hidden states and pooling only
  MaskedLm,                // ...ForMaskedLM: transform (dense, act, LayerNorm) + decoder [V][C] + bias
  SequenceClassification,  // ...ForSequenceClassification: N labels from the first token
  TokenClassification,     // ...ForTokenClassification: N labels per token
};
// How a sequence-classification head reads the first token's hidden state h [C]:
//   Pooler:    logits = W tanh(P h + p) + b  (BERT: bert.pooler, then classifier)
//   DenseTanh: logits = W tanh(P h + p) + b  (RoBERTa: classifier.dense, classifier.out_proj)
//   DenseRelu: logits = W relu(P h + p) + b  (DistilBERT: pre_classifier, classifier)
enum class SequenceHeadStyle { Pooler, DenseTanh, DenseRelu };

// What a loaded model can do; the CLI and the app read this instead of the architecture name.
enum Capability : unsigned {
  kCanGenerate = 1u << 0,        // next-token continuation (decoders; the decoder of an encoder-decoder)
  kCanFillMask = 1u << 1,        // masked-token prediction
  kCanClassify = 1u << 2,        // labels for the whole input
  kCanClassifyTokens = 1u << 3,  // a label per token (entities)
  kCanEmbed = 1u << 4,           // hidden states / pooled vectors per input
  kCanTranslate = 1u << 5,       // input text -> output text (encoder-decoder)
};

struct ModelConfig {
  std::string architecture;      // registry key: "gpt2", "llama", "bert", "distilbert", "roberta", "t5"
  std::string architectureName;  // config.json architectures[0]: "GPT2LMHeadModel", "LlamaForCausalLM", ...
  std::string modelType;         // config.json "model_type" ("gpt2", "llama", "mistral", "qwen2", "bert", ...)
  Family family = Family::Decoder;
  unsigned capabilities = kCanGenerate;

  int numLayers = 0;             // L (the encoder's for an encoder-decoder)
  int numDecoderLayers = 0;      // decoder layers of an encoder-decoder (0 otherwise)
  int numHeads = 0;              // H
  int numKvHeads = 0;            // K (== H without grouped-query attention)
  int dModel = 0;                // C
  int headDim = 0;               // D (H * D may differ from C: T5's d_kv, Llama's head_dim)
  int hiddenDim = 0;             // F
  int vocabSize = 0;             // V
  int contextLength = 0;         // P (positions the model was trained for; learned tables have P rows)
  float normEps = 1e-5f;         // layer_norm_epsilon / rms_norm_eps / layer_norm_eps

  // Block features: one forward pass reads these.
  NormKind normKind = NormKind::LayerNorm;
  NormPlacement normPlacement = NormPlacement::Pre;
  Activation activation = Activation::GeluTanh;
  bool gatedFfn = false;             // FFN = down(act(gate x) * up x) (SwiGLU, T5 gated-gelu)
  bool ffnBias = true;               // the FFN projections have biases
  PositionScheme positions = PositionScheme::Learned;
  AttentionScale attentionScale = AttentionScale::InverseSqrtHeadDim;
  bool attentionBias = false;        // q/k/v projections have biases (GPT-2, BERT, Qwen2)
  bool attentionOutBias = false;     // the output projection has a bias (GPT-2, BERT)
  bool fusedQkv = false;             // one [C][3C] Conv1D for q|k|v (GPT-2)
  bool finalNorm = true;             // a norm after the last block (pre-norm stacks)
  bool embeddingNorm = false;        // a norm right after the embeddings (BERT family)
  int typeVocabSize = 0;             // token-type (segment) embeddings rows; 0 = none
  int positionOffset = 0;            // learned position of token i is row i + offset (RoBERTa: padding_idx + 1)
  float logitScale = 1.0f;           // the final hidden state is multiplied by this before the head
                                     // (T5 v1.0 with a tied head: d_model^-0.5)
  // Rotary positions (PositionScheme::Rotary).
  float ropeTheta = 10000.0f;
  RopeStyle ropeStyle = RopeStyle::RotateHalf;
  RopeScaling ropeScaling;
  // Relative position buckets (PositionScheme::RelativeBuckets; T5 relative_attention_*).
  int relativeBuckets = 0;           // B
  int relativeMaxDistance = 0;
  // Sliding-window attention (Mistral "sliding_window"; Qwen2 with "use_sliding_window"): a query at
  // position p sees keys p - slidingWindow + 1 .. p in the layers marked in slidingLayers [L].
  int slidingWindow = 0;                    // 0 = every layer attends to all earlier positions
  std::vector<std::uint8_t> slidingLayers;  // [L], 1 = this layer uses the window; empty = none

  // Heads.
  bool tiedEmbeddings = true;        // LM / MLM head shares the token-embedding matrix
  EncoderHead encoderHead = EncoderHead::None;
  SequenceHeadStyle sequenceHeadStyle = SequenceHeadStyle::Pooler;
  Activation headActivation = Activation::GeluErf;  // the MLM transform's activation
  std::vector<std::string> labels;   // [N] id2label for classification heads, in id order

  // Special ids from the config (-1 / empty when unknown).
  int bosTokenId = -1;
  std::vector<int> eosTokenIds;
  int padTokenId = -1;
  int decoderStartTokenId = -1;      // encoder-decoder: the decoder's first input token
  bool bosEndsText = false;          // generation stops when BOS comes back (llama2.c's run.c does)

  // Keys visible to a query in `layer`: the window, or 0 for all earlier positions.
  int attentionWindow(int layer) const {
    const bool sliding = slidingWindow > 0 && layer >= 0 && static_cast<std::size_t>(layer) < slidingLayers.size() &&
                         slidingLayers[static_cast<std::size_t>(layer)] != 0;
    return sliding ? slidingWindow : 0;
  }
  bool can(Capability c) const { return (capabilities & c) != 0; }
  // Layers of the stack that produces the output: the decoder's for an encoder-decoder.
  int outputLayers() const { return family == Family::EncoderDecoder ? numDecoderLayers : numLayers; }
};

// Sane upper bounds for any dimension read from a file, checked before anything is allocated.
inline constexpr long long kMaxLayers = 1024;
inline constexpr long long kMaxDim = 1 << 17;          // d_model, hidden size
inline constexpr long long kMaxVocab = 1 << 22;
inline constexpr long long kMaxContext = 1 << 21;
inline constexpr long long kMaxHeads = 1024;
inline constexpr long long kMaxLabels = 1 << 16;
inline constexpr long long kMaxTokenTypes = 1 << 10;
inline constexpr long long kMaxBuckets = 1 << 12;

}  // namespace glassbox
