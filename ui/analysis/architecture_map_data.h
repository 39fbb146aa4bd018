#pragma once
// The architecture map's data: the loaded model as the lesson draws it, bottom up (tokens, embedding,
// positions, N x [attention, add & norm, feed-forward, add & norm], final norm, head, logits, softmax,
// sampling), every block with its sizes from the config and its parameter count, and, once a prompt
// ran, a miniature of the selected token's values at each block.
//
// The blocks come from the ModelConfig's feature enums (family, norm placement, position scheme,
// gated FFN, encoder head), never from the architecture's name, so that encoder and encoder-decoder
// models are drawn by the same code: an encoder stack ends at its head, an encoder-decoder has two
// columns.
//
// Shape legend: T = tokens, C = d_model, H = heads, K = key/value heads, D = head dim, F = FFN hidden
// size, V = vocabulary, L = layers, P = positions.
#include <QString>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <vector>

#include "formats/model_config.h"

namespace glassbox {

class Model;
struct Trace;

enum class MapStage {
  Tokens, Embedding, Position, Attention, CrossAttention, AddNorm, FeedForward, FinalNorm, Head, Logits,
  Softmax, Sampling, EncoderOutput,
};
const char* mapStageKey(MapStage s);  // "tokens", "embedding", ... (export and tests)

// A block of one stack. Live values are empty until a prompt ran.
struct MapBlock {
  MapStage stage = MapStage::Tokens;
  int layer = -1;            // the layer of a per-layer block, else -1
  QString title;             // "Multi-head self-attention"
  QString sizes;             // "4 heads × 32, causal"
  std::uint64_t params = 0;  // weights of this block (one layer's for per-layer blocks)
  // Live values of the selected token.
  std::vector<float> strip;  // a vector drawn as a strip: embedding row [C], position row [C], FFN activations [F]
  std::vector<float> heat;   // Attention: [H][Tk] the selected query's row in every head
  int heatRows = 0, heatCols = 0;
  double norm = -1;          // |residual| after the block (AddNorm, FinalNorm), or |change| it wrote (Attention, FFN)
  QStringList topTokens;     // Logits, Softmax, Sampling: the top tokens
  std::vector<float> topValues;  // their logits (Logits) or probabilities (Softmax)
  QString value;             // a short live line ("id 464", "argmax → ' the'")
};

// One column of the diagram (a stack with its input and output ends).
struct MapColumn {
  QString name;                 // "Decoder", "Encoder"
  std::vector<MapBlock> blocks; // bottom up; per-layer blocks for every layer, in layer order
  int layers = 0;               // L
  int blocksPerLayer = 0;       // 4 (5 with cross-attention)
  bool causal = true;
};

struct ParameterShare {
  QString part;                 // "Embeddings", "Attention", "Feed-forward", "Norms", "Head"
  std::uint64_t params = 0;
};

struct ArchitectureMapData {
  QString modelName;
  Family family = Family::Decoder;
  std::vector<MapColumn> columns;       // the encoder first when there is one
  std::vector<ParameterShare> shares;   // where the parameters live
  std::uint64_t totalParams = 0;        // the sum of the shares
  // Live: the selected token and layer the miniatures show.
  int position = -1;                    // -1: no prompt ran
  QString tokenText;
  int numTokens = 0;

  bool empty() const { return columns.empty(); }
  bool live() const { return position >= 0; }
  const MapColumn& outputColumn() const { return columns.back(); }
};

// The blocks and sizes of a model of config `c` (no live values).
ArchitectureMapData architectureFromConfig(const ModelConfig& c);

// The miniatures of token `position` of the output stack: its embedding and position rows, every
// layer's attention row and FFN activations (when traced), the residual norms, the top logits and
// the softmax. `tokenText` names a token id; top lists have `top` entries.
// `ids` [T] are the prompt's token ids.
void addLiveValues(ArchitectureMapData& d, const Model& model, const Trace& trace, const std::vector<int>& ids,
                   int position, const std::function<QString(int)>& tokenText, int top = 5);

}  // namespace glassbox
