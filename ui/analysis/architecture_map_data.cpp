#include "architecture_map_data.h"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/logit_lens.h"
#include "models/model.h"
#include "models/trace.h"

namespace glassbox {
namespace {

// Messages of this file are in the "ArchitectureMap" context (named at each call, so that lupdate finds them).

MapBlock mk(MapStage stage, int layer, const QString& title, const QString& sizes, std::uint64_t params) {
  MapBlock b;
  b.stage = stage;
  b.layer = layer;
  b.title = title;
  b.sizes = sizes;
  b.params = params;
  return b;
}
QString number(std::uint64_t n) { return QLocale().toString(static_cast<qulonglong>(n)); }

std::uint64_t u(int v) { return static_cast<std::uint64_t>(std::max(0, v)); }

// Weights of one norm: a scale, and a shift for LayerNorm.
std::uint64_t normParams(const ModelConfig& c) { return u(c.dModel) * (c.normKind == NormKind::LayerNorm ? 2 : 1); }

std::uint64_t attentionParams(const ModelConfig& c) {
  const std::uint64_t q = u(c.numHeads) * u(c.headDim), kv = u(c.numKvHeads) * u(c.headDim), C = u(c.dModel);
  std::uint64_t p = C * q + 2 * C * kv + q * C;
  if (c.attentionBias) p += q + 2 * kv;
  if (c.attentionOutBias) p += C;
  return p;
}

std::uint64_t ffnParams(const ModelConfig& c) {
  const std::uint64_t C = u(c.dModel), F = u(c.hiddenDim);
  std::uint64_t p = (c.gatedFfn ? 3 : 2) * C * F;
  if (c.ffnBias) p += (c.gatedFfn ? 2 : 1) * F + C;
  return p;
}

QString normName(const ModelConfig& c) { return c.normKind == NormKind::RmsNorm ? QCoreApplication::translate("ArchitectureMap", "RMSNorm") : QCoreApplication::translate("ArchitectureMap", "LayerNorm"); }

QString positionSizes(const ModelConfig& c) {
  switch (c.positions) {
    case PositionScheme::Learned: return QCoreApplication::translate("ArchitectureMap", "learned, added: %1 positions × %2").arg(number(u(c.contextLength))).arg(c.dModel);
    case PositionScheme::Rotary: return QCoreApplication::translate("ArchitectureMap", "rotary, inside attention: q and k turned by position (θ %1)").arg(c.ropeTheta);
    case PositionScheme::RelativeBuckets: return QCoreApplication::translate("ArchitectureMap", "relative bias: %1 distance buckets per head").arg(c.relativeBuckets);
    case PositionScheme::None: break;
  }
  return QCoreApplication::translate("ArchitectureMap", "none");
}

void addLayer(MapColumn& col, const ModelConfig& c, int layer, bool causal, bool cross) {
  const bool pre = c.normPlacement == NormPlacement::Pre;
  const QString heads = c.numKvHeads != c.numHeads
                            ? QCoreApplication::translate("ArchitectureMap", "%1 heads × %2, %3 key/value heads").arg(c.numHeads).arg(c.headDim).arg(c.numKvHeads)
                            : QCoreApplication::translate("ArchitectureMap", "%1 heads × %2").arg(c.numHeads).arg(c.headDim);
  const QString mask = causal ? QCoreApplication::translate("ArchitectureMap", "causal") : QCoreApplication::translate("ArchitectureMap", "bidirectional");
  const QString add = pre ? QCoreApplication::translate("ArchitectureMap", "add (the %1 comes before the sub-layer)").arg(normName(c)) : QCoreApplication::translate("ArchitectureMap", "add, then %1").arg(normName(c));
  col.blocks.push_back(mk(MapStage::Attention, layer, causal ? QCoreApplication::translate("ArchitectureMap", "Masked self-attention") : QCoreApplication::translate("ArchitectureMap", "Self-attention"),
                        QCoreApplication::translate("ArchitectureMap", "%1, %2").arg(heads, mask), attentionParams(c) + (pre ? normParams(c) : 0)));
  col.blocks.push_back(mk(MapStage::AddNorm, layer, QCoreApplication::translate("ArchitectureMap", "Add & norm"), add, pre ? 0 : normParams(c)));
  if (cross) {
    col.blocks.push_back(mk(MapStage::CrossAttention, layer, QCoreApplication::translate("ArchitectureMap", "Cross-attention"), QCoreApplication::translate("ArchitectureMap", "%1, over the encoder's output").arg(heads),
                          attentionParams(c) + normParams(c)));
  }
  const QString act = QString::fromLatin1(activationName(c.activation));
  col.blocks.push_back(mk(MapStage::FeedForward, layer, QCoreApplication::translate("ArchitectureMap", "Feed-forward network"),
                        c.gatedFfn ? QCoreApplication::translate("ArchitectureMap", "%1 → %2 → %1 (gated %3)").arg(c.dModel).arg(c.hiddenDim).arg(act)
                                   : QCoreApplication::translate("ArchitectureMap", "%1 → %2 → %1 (%3)").arg(c.dModel).arg(c.hiddenDim).arg(act),
                        ffnParams(c) + (pre ? normParams(c) : 0)));
  col.blocks.push_back(mk(MapStage::AddNorm, layer, QCoreApplication::translate("ArchitectureMap", "Add & norm"), add, pre ? 0 : normParams(c)));
}

MapColumn stackColumn(const ModelConfig& c, const QString& name, int layers, bool causal, bool cross, bool withInput) {
  MapColumn col;
  col.name = name;
  col.layers = layers;
  col.causal = causal;
  col.blocksPerLayer = cross ? 5 : 4;
  if (withInput) {
    col.blocks.push_back(mk(MapStage::Tokens, -1, QCoreApplication::translate("ArchitectureMap", "Tokens"), QCoreApplication::translate("ArchitectureMap", "ids of a vocabulary of %1").arg(number(u(c.vocabSize))), 0));
    std::uint64_t emb = u(c.vocabSize) * u(c.dModel) + u(c.typeVocabSize) * u(c.dModel);
    if (c.embeddingNorm) emb += normParams(c);
    col.blocks.push_back(mk(MapStage::Embedding, -1, QCoreApplication::translate("ArchitectureMap", "Token embedding"),
                          QCoreApplication::translate("ArchitectureMap", "vocabulary %1 × d_model %2").arg(number(u(c.vocabSize))).arg(c.dModel), emb));
    const std::uint64_t pos = c.positions == PositionScheme::Learned ? u(c.contextLength) * u(c.dModel)
                              : c.positions == PositionScheme::RelativeBuckets ? u(c.relativeBuckets) * u(c.numHeads) : 0;
    col.blocks.push_back(mk(MapStage::Position, -1, QCoreApplication::translate("ArchitectureMap", "Positions"), positionSizes(c), pos));
  }
  for (int l = 0; l < layers; ++l) addLayer(col, c, l, causal, cross);
  if (c.finalNorm) col.blocks.push_back(mk(MapStage::FinalNorm, -1, QCoreApplication::translate("ArchitectureMap", "Final norm"), normName(c), normParams(c)));
  return col;
}

void addOutputEnd(MapColumn& col, const ModelConfig& c) {
  const bool generates = (c.capabilities & kCanGenerate) != 0 || (c.capabilities & kCanFillMask) != 0;
  if (!generates) {
    col.blocks.push_back(mk(MapStage::EncoderOutput, -1, QCoreApplication::translate("ArchitectureMap", "Head"),
                          c.encoderHead == EncoderHead::SequenceClassification || c.encoderHead == EncoderHead::TokenClassification
                              ? QCoreApplication::translate("ArchitectureMap", "%n label(s)", "", static_cast<int>(c.labels.size()))
                              : QCoreApplication::translate("ArchitectureMap", "hidden states and pooling"),
                          0));
    return;
  }
  col.blocks.push_back(mk(MapStage::Head, -1, QCoreApplication::translate("ArchitectureMap", "Linear head"),
                        c.tiedEmbeddings ? QCoreApplication::translate("ArchitectureMap", "d_model %1 → vocabulary %2, tied to the embedding").arg(c.dModel).arg(number(u(c.vocabSize)))
                                         : QCoreApplication::translate("ArchitectureMap", "d_model %1 → vocabulary %2").arg(c.dModel).arg(number(u(c.vocabSize))),
                        c.tiedEmbeddings ? 0 : u(c.vocabSize) * u(c.dModel)));
  col.blocks.push_back(mk(MapStage::Logits, -1, QCoreApplication::translate("ArchitectureMap", "Logits"), QCoreApplication::translate("ArchitectureMap", "one score per vocabulary token (%1)").arg(number(u(c.vocabSize))), 0));
  col.blocks.push_back(mk(MapStage::Softmax, -1, QCoreApplication::translate("ArchitectureMap", "Softmax"), QCoreApplication::translate("ArchitectureMap", "exp(logit / T), normalised to sum to 1"), 0));
  col.blocks.push_back(mk(MapStage::Sampling, -1, (c.capabilities & kCanGenerate) ? QCoreApplication::translate("ArchitectureMap", "Next token") : QCoreApplication::translate("ArchitectureMap", "Masked token"),
                        QCoreApplication::translate("ArchitectureMap", "sampled (or the most likely)"), 0));
}

}  // namespace

const char* mapStageKey(MapStage s) {
  switch (s) {
    case MapStage::Tokens: return "tokens";
    case MapStage::Embedding: return "embedding";
    case MapStage::Position: return "position";
    case MapStage::Attention: return "attention";
    case MapStage::CrossAttention: return "cross-attention";
    case MapStage::AddNorm: return "add-norm";
    case MapStage::FeedForward: return "feed-forward";
    case MapStage::FinalNorm: return "final-norm";
    case MapStage::Head: return "head";
    case MapStage::Logits: return "logits";
    case MapStage::Softmax: return "softmax";
    case MapStage::Sampling: return "sampling";
    case MapStage::EncoderOutput: return "encoder-output";
  }
  return "?";
}

ArchitectureMapData architectureFromConfig(const ModelConfig& c) {
  ArchitectureMapData d;
  d.family = c.family;
  if (c.family == Family::EncoderDecoder) {
    d.columns.push_back(stackColumn(c, QCoreApplication::translate("ArchitectureMap", "Encoder"), c.numLayers, false, false, true));
    MapColumn dec = stackColumn(c, QCoreApplication::translate("ArchitectureMap", "Decoder"), c.numDecoderLayers, true, true, true);
    addOutputEnd(dec, c);
    d.columns.push_back(std::move(dec));
  } else {
    const bool causal = c.family == Family::Decoder;
    MapColumn col = stackColumn(c, causal ? QCoreApplication::translate("ArchitectureMap", "Decoder") : QCoreApplication::translate("ArchitectureMap", "Encoder"), c.numLayers, causal, false, true);
    addOutputEnd(col, c);
    d.columns.push_back(std::move(col));
  }
  std::uint64_t emb = 0, att = 0, ffn = 0, norms = 0, head = 0;
  for (const MapColumn& col : d.columns)
    for (const MapBlock& b : col.blocks) {
      const bool pre = c.normPlacement == NormPlacement::Pre;
      switch (b.stage) {
        case MapStage::Embedding: case MapStage::Position: emb += b.params; break;
        case MapStage::Attention: case MapStage::CrossAttention:
          att += b.params - (pre || b.stage == MapStage::CrossAttention ? normParams(c) : 0);
          norms += pre || b.stage == MapStage::CrossAttention ? normParams(c) : 0;
          break;
        case MapStage::FeedForward: ffn += b.params - (pre ? normParams(c) : 0); norms += pre ? normParams(c) : 0; break;
        case MapStage::AddNorm: case MapStage::FinalNorm: norms += b.params; break;
        case MapStage::Head: head += b.params; break;
        default: break;
      }
    }
  d.shares = {{QCoreApplication::translate("ArchitectureMap", "Embeddings"), emb}, {QCoreApplication::translate("ArchitectureMap", "Attention"), att}, {QCoreApplication::translate("ArchitectureMap", "Feed-forward"), ffn}, {QCoreApplication::translate("ArchitectureMap", "Norms"), norms}, {QCoreApplication::translate("ArchitectureMap", "Head"), head}};
  for (const ParameterShare& s : d.shares) d.totalParams += s.params;
  return d;
}

namespace {

double norm(std::span<const float> v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

double distance(std::span<const float> a, std::span<const float> b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) s += (static_cast<double>(a[i]) - b[i]) * (a[i] - b[i]);
  return std::sqrt(s);
}

std::vector<float> rowOf(const std::vector<float>& all, int row, int width) {
  const std::size_t at = static_cast<std::size_t>(row) * static_cast<std::size_t>(width);
  if (width <= 0 || at + static_cast<std::size_t>(width) > all.size()) return {};
  return {all.begin() + static_cast<std::ptrdiff_t>(at), all.begin() + static_cast<std::ptrdiff_t>(at + width)};
}

void fillOutputEnd(MapColumn& col, const std::vector<float>& logits, const std::function<QString(int)>& tokenText, int top) {
  if (logits.empty()) return;
  std::vector<int> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  const int n = std::min<int>(top, static_cast<int>(order.size()));
  std::partial_sort(order.begin(), order.begin() + n, order.end(), [&](int a, int b) { return logits[a] > logits[b]; });
  double sum = 0;
  const double mx = logits[order[0]];
  for (float v : logits) sum += std::exp(static_cast<double>(v) - mx);
  for (MapBlock& b : col.blocks) {
    if (b.stage != MapStage::Logits && b.stage != MapStage::Softmax && b.stage != MapStage::Sampling) continue;
    for (int i = 0; i < n; ++i) {
      b.topTokens << tokenText(order[i]);
      b.topValues.push_back(b.stage == MapStage::Logits ? logits[order[i]]
                                                        : static_cast<float>(std::exp(logits[order[i]] - mx) / sum));
    }
    if (b.stage == MapStage::Sampling) b.value = QCoreApplication::translate("ArchitectureMap", "most likely: %1").arg(tokenText(order[0]));
  }
}

}  // namespace

void addLiveValues(ArchitectureMapData& d, const Model& model, const Trace& trace, const std::vector<int>& ids,
                   int position, const std::function<QString(int)>& tokenText, int top) {
  if (d.empty() || trace.stacks.empty()) return;
  const TraceStack& s = trace.output();
  if (position < 0 || position >= s.numTokens) return;
  d.position = position;
  d.numTokens = s.numTokens;
  const int id = position < static_cast<int>(ids.size()) ? ids[static_cast<std::size_t>(position)] : -1;
  d.tokenText = id >= 0 ? tokenText(id) : QString();
  const AttentionMap* att = trace.findAttention(s.role == StackRole::Encoder ? AttentionStream::EncoderSelf : AttentionStream::Self);
  if (!att) att = trace.findAttention(AttentionStream::DecoderSelf);
  MapColumn& col = d.columns.back();
  int addNormSeen = 0;
  for (MapBlock& b : col.blocks) {
    const int l = b.layer;
    switch (b.stage) {
      case MapStage::Tokens: b.value = QCoreApplication::translate("ArchitectureMap", "“%1”, id %2").arg(d.tokenText).arg(id); break;
      case MapStage::Embedding: b.strip = rowOf(s.tokenEmbeddings, position, s.dModel); break;
      case MapStage::Position: b.strip = rowOf(s.positionEmbeddings, position, s.dModel); break;
      case MapStage::Attention:
        if (att && l < att->numLayers) {
          b.heatRows = att->numHeads;
          b.heatCols = att->numKeys;
          for (int h = 0; h < att->numHeads; ++h)
            for (int k = 0; k < att->numKeys; ++k) b.heat.push_back(att->at(l, h, std::min(position, att->numQueries - 1), k));
        }
        if (!s.attentionResidual.empty()) b.norm = distance(s.attentionResidualAt(l, position), s.residualAt(l, position));
        break;
      case MapStage::FeedForward:
        b.strip = rowOf(s.mlpActivations, l * s.numTokens + position, s.mlpWidth);
        if (!s.attentionResidual.empty()) b.norm = distance(s.residualAt(l + 1, position), s.attentionResidualAt(l, position));
        break;
      case MapStage::AddNorm:
        // The first of a layer follows attention, the second the FFN.
        if (addNormSeen++ % 2 == 0) b.norm = s.attentionResidual.empty() ? -1 : norm(s.attentionResidualAt(l, position));
        else b.norm = norm(s.residualAt(l + 1, position));
        break;
      case MapStage::FinalNorm: b.norm = norm(s.finalHiddenAt(position)); break;
      default: break;
    }
  }
  if (model.hasVocabularyHead()) {
    const bool last = position == s.numTokens - 1 && !trace.lastLogits.empty();
    fillOutputEnd(col, last ? trace.lastLogits : logitsFromResidual(model, s.residualAt(s.numLayers, position)), tokenText, top);
  }
}

}  // namespace glassbox
