#include "attention_data.h"

#include "core/error.h"
#include "models/model.h"

namespace glassbox {
namespace {

void computePatterns(AttentionData& d) {
  const AttentionSource s = d.source();
  d.patterns.assign(static_cast<std::size_t>(d.numLayers) * d.numHeads, {});
  d.entropies.assign(d.patterns.size(), {});
  for (int l = 0; l < d.numLayers; ++l)
    for (int h = 0; h < d.numHeads; ++h) {
      const DenseMatrix m = headAttention(s, l, h);
      d.patterns[l * d.numHeads + h] = classifyHead(m);
      d.entropies[l * d.numHeads + h] = attentionEntropy(m);
    }
}

}  // namespace

AttentionSource AttentionData::source() const {
  AttentionSource s;
  s.numLayers = numLayers;
  s.numHeads = numHeads;
  s.numKvHeads = numKvHeads;
  s.numTokens = numTokens;
  AttentionData shape = *this;  // shares `packed`; the labels are not needed inside
  shape.patterns.clear();
  shape.entropies.clear();
  shape.tokens.clear();
  s.weight = [shape](int l, int h, int q, int k) { return shape.weight(l, h, q, k); };
  return s;
}

AttentionData attentionDataFromTrace(std::shared_ptr<const Trace> trace, QStringList tokens, int numKvHeads) {
  if (!trace) throw Error("attention view: no trace (hint: run the prompt first)");
  const std::size_t tri = static_cast<std::size_t>(trace->numTokens) * (trace->numTokens + 1) / 2;
  if (trace->attentionPacked.size() != tri * trace->numLayers * trace->numHeads)
    throw Error("attention view: the trace holds " + std::to_string(trace->attentionPacked.size()) +
                " attention values, expected L*H*T*(T+1)/2");
  AttentionData d;
  d.numLayers = trace->numLayers;
  d.numHeads = trace->numHeads;
  d.numKvHeads = numKvHeads > 0 ? numKvHeads : trace->numHeads;
  d.numTokens = trace->numTokens;
  d.tokens = std::move(tokens);
  for (QString& t : d.tokens) t = singleLineToken(t);
  while (d.tokens.size() < d.numTokens) d.tokens.append(QString("#%1").arg(d.tokens.size()));
  d.packed = std::shared_ptr<const std::vector<float>>(trace, &trace->attentionPacked);  // aliasing: no copy
  computePatterns(d);
  return d;
}

AttentionData attentionDataFromDense(const std::vector<DenseMatrix>& heads, int numLayers, int numHeads,
                                     int numKvHeads, QStringList tokens) {
  const AttentionSource s = attentionFromDense(heads, numLayers, numHeads, numKvHeads);  // validates shapes
  const int t = s.numTokens;
  const std::size_t tri = static_cast<std::size_t>(t) * (t + 1) / 2;
  auto packed = std::make_shared<std::vector<float>>(tri * numLayers * numHeads);
  for (int l = 0; l < numLayers; ++l)
    for (int h = 0; h < numHeads; ++h)
      for (int q = 0; q < t; ++q)
        for (int k = 0; k <= q; ++k)
          (*packed)[(static_cast<std::size_t>(l) * numHeads + h) * tri + static_cast<std::size_t>(q) * (q + 1) / 2 + k] =
              heads[l * numHeads + h].at(q, k);
  AttentionData d;
  d.numLayers = numLayers;
  d.numHeads = numHeads;
  d.numKvHeads = s.numKvHeads;
  d.numTokens = t;
  d.tokens = std::move(tokens);
  for (QString& label : d.tokens) label = singleLineToken(label);
  while (d.tokens.size() < t) d.tokens.append(QString("#%1").arg(d.tokens.size()));
  d.packed = std::move(packed);
  computePatterns(d);
  return d;
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
