#include "attention_data.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include "core/error.h"
#include "models/model.h"

namespace glassbox {
namespace {

void computePatterns(AttentionData& d) {
  const AttentionSource s = d.source();
  d.patterns.assign(static_cast<std::size_t>(d.numLayers) * d.numHeads, {});
  d.entropies.assign(d.patterns.size(), {});
  // Previous-token, first-token and self patterns compare query and key positions of one sequence;
  // cross-attention's keys are another sequence, so its heads carry no pattern label (entropy only).
  const bool positional = d.stream != AttentionStream::Cross;
  for (int l = 0; l < d.numLayers; ++l) {
    const std::vector<int> visible = s.visibleKeyCounts(l);
    for (int h = 0; h < d.numHeads; ++h) {
      const DenseMatrix m = headAttention(s, l, h);
      if (positional) d.patterns[l * d.numHeads + h] = classifyHead(m, {}, visible);
      d.entropies[l * d.numHeads + h] = attentionEntropy(m, visible);
    }
  }
}

QStringList labels(QStringList tokens, int count) {
  for (QString& t : tokens) t = singleLineToken(t);
  while (tokens.size() < count) tokens.append(QString("#%1").arg(tokens.size()));
  return tokens;
}

AttentionData fromMap(std::shared_ptr<const AttentionMap> map, QStringList tokens, QStringList keyTokens) {
  AttentionData d;
  d.stream = map->stream;
  d.numLayers = map->numLayers;
  d.numHeads = map->numHeads;
  d.numKvHeads = map->numKvHeads > 0 ? map->numKvHeads : map->numHeads;
  d.numTokens = map->numQueries;
  d.numKeys = map->numKeys;
  const bool self = map->stream != AttentionStream::Cross;
  d.tokens = labels(std::move(tokens), d.numTokens);
  d.keyTokens = self && keyTokens.isEmpty() ? d.tokens : labels(std::move(keyTokens), d.numKeys);
  d.map = std::move(map);
  computePatterns(d);
  return d;
}

}  // namespace

AttentionSource AttentionData::source() const {
  AttentionSource s;
  s.numLayers = numLayers;
  s.numHeads = numHeads;
  s.numKvHeads = numKvHeads;
  s.numTokens = numTokens;
  s.numKeys = numKeys;
  if (map) {
    s.causal = map->causal;
    s.windows = map->windows;
    s.keyMask = map->keyMask;
  }
  std::shared_ptr<const AttentionMap> keep = map;
  s.weight = [keep](int l, int h, int q, int k) { return keep->at(l, h, q, k); };
  return s;
}

AttentionData attentionDataFromTrace(std::shared_ptr<const Trace> trace, QStringList tokens, int numKvHeads) {
  if (!trace) throw Error("attention view: no trace (hint: run the prompt first)");
  AttentionData d = attentionDataFromTrace(trace, trace->selfAttention().stream, std::move(tokens));
  if (numKvHeads > 0) d.numKvHeads = numKvHeads;
  return d;
}

AttentionData attentionDataFromTrace(std::shared_ptr<const Trace> trace, AttentionStream stream, QStringList tokens,
                                     QStringList keyTokens) {
  if (!trace) throw Error("attention view: no trace (hint: run the prompt first)");
  const AttentionMap& m = trace->attentionMap(stream);
  if (m.values.size() != m.valuesPerHead() * m.numLayers * m.numHeads)
    throw Error("attention view: the trace holds " + std::to_string(m.values.size()) + " attention values, expected " +
                std::to_string(m.valuesPerHead() * m.numLayers * m.numHeads));
  return fromMap(std::shared_ptr<const AttentionMap>(trace, &m), std::move(tokens), std::move(keyTokens));
}

AttentionData attentionDataFromDense(const std::vector<DenseMatrix>& heads, int numLayers, int numHeads,
                                     int numKvHeads, QStringList tokens, bool causal, QStringList keyTokens) {
  const AttentionSource s = attentionFromDense(heads, numLayers, numHeads, numKvHeads, causal);  // validates shapes
  auto map = std::make_shared<AttentionMap>();
  map->stream = causal ? AttentionStream::Self : (s.square() && keyTokens.isEmpty() ? AttentionStream::EncoderSelf
                                                                                     : AttentionStream::Cross);
  map->causal = causal;
  map->storage = causal ? AttentionStorage::PackedCausal : AttentionStorage::Dense;
  map->numLayers = numLayers;
  map->numHeads = numHeads;
  map->numKvHeads = s.numKvHeads;
  map->numQueries = s.numTokens;
  map->numKeys = s.keys();
  map->allocate();
  std::vector<float>& v = map->values;
  for (int l = 0; l < numLayers; ++l)
    for (int h = 0; h < numHeads; ++h) {
      const std::size_t base = (static_cast<std::size_t>(l) * numHeads + h) * map->valuesPerHead();
      for (int q = 0; q < map->numQueries; ++q) {
        const std::size_t row = causal ? static_cast<std::size_t>(q) * (q + 1) / 2 : static_cast<std::size_t>(q) * map->numKeys;
        for (int k = 0; k < map->rowLength(q); ++k) v[base + row + k] = heads[l * numHeads + h].at(q, k);
      }
    }
  return fromMap(std::move(map), std::move(tokens), std::move(keyTokens));
}

DenseMatrix attentionMatrix(const AttentionData& data, int layer, int head, AttentionAggregate aggregate) {
  const AttentionSource s = data.source();
  switch (aggregate) {
    case AttentionAggregate::LayerMean: return meanOverHeads(s, layer);
    case AttentionAggregate::LayerMax: return maxOverHeads(s, layer);
    case AttentionAggregate::Rollout: return attentionRollout(s, layer);
    case AttentionAggregate::Head: break;
  }
  return headAttention(s, layer, head);
}

QString attentionStreamTitle(AttentionStream stream) {
  switch (stream) {
    case AttentionStream::Self: break;
    case AttentionStream::EncoderSelf: return QCoreApplication::translate("AttentionStream", "Encoder self-attention");
    case AttentionStream::DecoderSelf: return QCoreApplication::translate("AttentionStream", "Decoder self-attention");
    case AttentionStream::Cross: return QCoreApplication::translate("AttentionStream", "Cross-attention");
  }
  return QCoreApplication::translate("AttentionStream", "Attention");
}

bool isSpecialTokenLabel(const QString& label) {
  static const QRegularExpression special(QStringLiteral("^(\\[[A-Z_]+\\]|<[^<>\\s]+>)$"));
  return special.match(label).hasMatch();
}

QString singleLineToken(QString text) {
  text.replace(QLatin1Char('\r'), QString());
  text.replace(QLatin1Char('\n'), QStringLiteral("⏎"));
  text.replace(QLatin1Char('\t'), QStringLiteral("→"));
  return text;
}

QString shortPatternLabel(const HeadPattern& p) {
  const QString score = QString::number(p.score, 'f', 2).mid(p.score < 1.0 ? 1 : 0);
  switch (p.kind) {
    case HeadPatternKind::PreviousToken: return "prev " + score;
    case HeadPatternKind::FirstToken: return "first " + score;
    case HeadPatternKind::Self: return "self " + score;
    case HeadPatternKind::Uniform: return "unif " + score;
    case HeadPatternKind::Mixed: break;
  }
  return {};
}

}  // namespace glassbox
