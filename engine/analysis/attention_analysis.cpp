#include "analysis/attention_analysis.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "core/error.h"

namespace glassbox {
namespace {

void checkSource(const AttentionSource& s, int layer, int head) {
  if (!s.weight) throw Error("attention: the source has no weight function");
  if (s.numTokens < 0 || s.numLayers < 0 || s.numHeads < 0) throw Error("attention: negative source size");
  if (layer < 0 || layer >= s.numLayers)
    throw Error("attention: layer " + std::to_string(layer) + " outside 0.." + std::to_string(s.numLayers - 1));
  if (head < 0 || head >= s.numHeads)
    throw Error("attention: head " + std::to_string(head) + " outside 0.." + std::to_string(s.numHeads - 1));
}

}  // namespace

AttentionSource attentionFromDense(std::vector<DenseMatrix> heads, int numLayers, int numHeads, int numKvHeads) {
  if (numLayers < 0 || numHeads < 0 || heads.size() != static_cast<std::size_t>(numLayers) * numHeads)
    throw Error("attention: " + std::to_string(heads.size()) + " head matrices given for " +
                std::to_string(numLayers) + " layers x " + std::to_string(numHeads) + " heads");
  const int t = heads.empty() ? 0 : heads[0].rows;
  for (const auto& m : heads) {
    checkShape(m, "attention head");
    if (m.rows != t || m.cols != t) throw Error("attention: every head matrix must be [T][T] with the same T");
  }
  auto shared = std::make_shared<const std::vector<DenseMatrix>>(std::move(heads));
  AttentionSource s;
  s.numLayers = numLayers;
  s.numHeads = numHeads;
  s.numKvHeads = numKvHeads > 0 ? numKvHeads : numHeads;
  s.numTokens = t;
  s.weight = [shared, numHeads](int l, int h, int q, int k) { return (*shared)[l * numHeads + h].at(q, k); };
  return s;
}

DenseMatrix headAttention(const AttentionSource& s, int layer, int head) {
  checkSource(s, layer, head);
  const int t = s.numTokens;
  DenseMatrix m(t, t);
  for (int q = 0; q < t; ++q)
    for (int k = 0; k <= q; ++k) m.at(q, k) = s.weight(layer, head, q, k);
  return m;
}

DenseMatrix meanOverHeads(const AttentionSource& s, int layer) {
  checkSource(s, layer, 0);
  const int t = s.numTokens;
  DenseMatrix m(t, t);
  for (int h = 0; h < s.numHeads; ++h)
    for (int q = 0; q < t; ++q)
      for (int k = 0; k <= q; ++k) m.at(q, k) += s.weight(layer, h, q, k);
  const float inv = 1.0f / static_cast<float>(s.numHeads);
  for (float& v : m.values) v *= inv;
  return m;
}

DenseMatrix maxOverHeads(const AttentionSource& s, int layer) {
  checkSource(s, layer, 0);
  const int t = s.numTokens;
  DenseMatrix m(t, t);
  for (int h = 0; h < s.numHeads; ++h)
    for (int q = 0; q < t; ++q)
      for (int k = 0; k <= q; ++k) m.at(q, k) = std::max(m.at(q, k), s.weight(layer, h, q, k));
  return m;
}

DenseMatrix attentionRollout(const AttentionSource& s, int lastLayer) {
  checkSource(s, lastLayer, 0);
  const int t = s.numTokens;
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  RowMajor rollout = RowMajor::Identity(t, t);
  for (int l = 0; l <= lastLayer; ++l) {
    const DenseMatrix mean = meanOverHeads(s, l);
    RowMajor a(t, t);
    for (int q = 0; q < t; ++q)
      for (int k = 0; k < t; ++k) a(q, k) = 0.5 * mean.at(q, k) + (q == k ? 0.5 : 0.0);
    for (int q = 0; q < t; ++q) {
      const double sum = a.row(q).sum();
      if (sum > 0.0) a.row(q) /= sum;
    }
    rollout = a * rollout;
  }
  DenseMatrix out(t, t);
  for (int q = 0; q < t; ++q)
    for (int k = 0; k < t; ++k) out.at(q, k) = static_cast<float>(rollout(q, k));
  return out;
}

HeadEntropy attentionEntropy(const DenseMatrix& head) {
  checkShape(head, "attention head");
  HeadEntropy e;
  const int t = std::min(head.rows, head.cols);
  if (t == 0) return e;
  double sumNats = 0.0, sumNorm = 0.0;
  for (int q = 0; q < t; ++q) {
    double h = 0.0;
    for (int k = 0; k <= q; ++k) {
      const double a = head.at(q, k);
      if (a > 0.0) h -= a * std::log(a);
    }
    sumNats += h;
    if (q >= 1) sumNorm += h / std::log(static_cast<double>(q + 1));
  }
  e.meanNats = sumNats / t;
  e.meanNormalised = t > 1 ? sumNorm / (t - 1) : 0.0;
  return e;
}

const char* headPatternName(HeadPatternKind kind) {
  switch (kind) {
    case HeadPatternKind::PreviousToken: return "previous-token";
    case HeadPatternKind::FirstToken: return "first-token";
    case HeadPatternKind::Self: return "self";
    case HeadPatternKind::Uniform: return "uniform";
    case HeadPatternKind::Mixed: break;
  }
  return "mixed";
}

HeadPattern classifyHead(const DenseMatrix& head, const HeadPatternThresholds& thresholds) {
  checkShape(head, "attention head");
  HeadPattern p;
  const int t = std::min(head.rows, head.cols);
  if (t < 2) return p;
  for (int q = 1; q < t; ++q) {
    p.previousToken += head.at(q, q - 1);
    p.firstToken += head.at(q, 0);
    p.self += head.at(q, q);
  }
  const double rows = t - 1;
  p.previousToken /= rows;
  p.firstToken /= rows;
  p.self /= rows;
  p.uniform = attentionEntropy(head).meanNormalised;

  const std::pair<HeadPatternKind, double> positional[] = {{HeadPatternKind::PreviousToken, p.previousToken},
                                                           {HeadPatternKind::FirstToken, p.firstToken},
                                                           {HeadPatternKind::Self, p.self}};
  auto best = positional[0];
  for (const auto& c : positional)
    if (c.second > best.second) best = c;
  if (best.second >= thresholds.positional) {
    p.kind = best.first;
    p.score = best.second;
  } else if (p.uniform >= thresholds.uniform) {
    p.kind = HeadPatternKind::Uniform;
    p.score = p.uniform;
  } else {
    p.kind = HeadPatternKind::Mixed;
    p.score = std::max(best.second, p.uniform);
  }
  return p;
}

int kvHeadOf(int head, int numHeads, int numKvHeads) {
  if (numKvHeads <= 0 || numKvHeads >= numHeads || numHeads % numKvHeads != 0) return head;
  return head / (numHeads / numKvHeads);
}

}  // namespace glassbox
