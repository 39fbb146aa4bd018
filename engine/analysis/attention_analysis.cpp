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
  if (s.numTokens < 0 || s.numKeys < 0 || s.numLayers < 0 || s.numHeads < 0) throw Error("attention: negative source size");
  if (layer < 0 || layer >= s.numLayers)
    throw Error("attention: layer " + std::to_string(layer) + " outside 0.." + std::to_string(s.numLayers - 1));
  if (head < 0 || head >= s.numHeads)
    throw Error("attention: head " + std::to_string(head) + " outside 0.." + std::to_string(s.numHeads - 1));
}

// Last key of row q that can be non-zero.
int lastKey(const AttentionSource& s, int q) { return s.causal ? std::min(q, s.keys() - 1) : s.keys() - 1; }

}  // namespace

int AttentionSource::visibleKeys(int layer, int q) const {
  int first = 0, last = keys() - 1;
  if (causal) {
    const int w = layer >= 0 && static_cast<std::size_t>(layer) < windows.size() ? windows[static_cast<std::size_t>(layer)] : 0;
    last = std::min(q, last);
    first = w > 0 ? std::max(0, q - w + 1) : 0;
  }
  if (last < first) return 0;
  if (keyMask.empty()) return last - first + 1;
  int n = 0;
  for (int k = first; k <= last; ++k) n += keyMask[static_cast<std::size_t>(k)] != 0;
  return n;
}

std::vector<int> AttentionSource::visibleKeyCounts(int layer) const {
  std::vector<int> v(static_cast<std::size_t>(std::max(numTokens, 0)));
  for (int q = 0; q < numTokens; ++q) v[static_cast<std::size_t>(q)] = visibleKeys(layer, q);
  return v;
}

AttentionSource attentionFromDense(std::vector<DenseMatrix> heads, int numLayers, int numHeads, int numKvHeads,
                                   bool causal) {
  if (numLayers < 0 || numHeads < 0 || heads.size() != static_cast<std::size_t>(numLayers) * numHeads)
    throw Error("attention: " + std::to_string(heads.size()) + " head matrices given for " +
                std::to_string(numLayers) + " layers x " + std::to_string(numHeads) + " heads");
  const int t = heads.empty() ? 0 : heads[0].rows, tk = heads.empty() ? 0 : heads[0].cols;
  for (const auto& m : heads) {
    checkShape(m, "attention head");
    if (m.rows != t || m.cols != tk) throw Error("attention: every head matrix must be [Tq][Tk] with the same sizes");
  }
  if (causal && t != tk) throw Error("attention: causal head matrices must be square");
  auto shared = std::make_shared<const std::vector<DenseMatrix>>(std::move(heads));
  AttentionSource s;
  s.numLayers = numLayers;
  s.numHeads = numHeads;
  s.numKvHeads = numKvHeads > 0 ? numKvHeads : numHeads;
  s.numTokens = t;
  s.numKeys = tk;
  s.causal = causal;
  s.weight = [shared, numHeads](int l, int h, int q, int k) { return (*shared)[l * numHeads + h].at(q, k); };
  return s;
}

DenseMatrix headAttention(const AttentionSource& s, int layer, int head) {
  checkSource(s, layer, head);
  const int t = s.numTokens;
  DenseMatrix m(t, s.keys());
  for (int q = 0; q < t; ++q)
    for (int k = 0; k <= lastKey(s, q); ++k) m.at(q, k) = s.weight(layer, head, q, k);
  return m;
}

DenseMatrix meanOverHeads(const AttentionSource& s, int layer) {
  checkSource(s, layer, 0);
  const int t = s.numTokens;
  DenseMatrix m(t, s.keys());
  for (int h = 0; h < s.numHeads; ++h)
    for (int q = 0; q < t; ++q)
      for (int k = 0; k <= lastKey(s, q); ++k) m.at(q, k) += s.weight(layer, h, q, k);
  const float inv = 1.0f / static_cast<float>(s.numHeads);
  for (float& v : m.values) v *= inv;
  return m;
}

DenseMatrix maxOverHeads(const AttentionSource& s, int layer) {
  checkSource(s, layer, 0);
  const int t = s.numTokens;
  DenseMatrix m(t, s.keys());
  for (int h = 0; h < s.numHeads; ++h)
    for (int q = 0; q < t; ++q)
      for (int k = 0; k <= lastKey(s, q); ++k) m.at(q, k) = std::max(m.at(q, k), s.weight(layer, h, q, k));
  return m;
}

DenseMatrix attentionRollout(const AttentionSource& s, int lastLayer) {
  checkSource(s, lastLayer, 0);
  if (!s.square())
    throw Error("attention: rollout follows one token sequence through its layers; cross-attention has two");
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

HeadEntropy attentionEntropy(const DenseMatrix& head, std::span<const int> visible) {
  checkShape(head, "attention head");
  if (visible.size() != static_cast<std::size_t>(head.rows))
    throw Error("attention entropy: " + std::to_string(visible.size()) + " visible-key counts for " +
                std::to_string(head.rows) + " rows");
  HeadEntropy e;
  const int t = head.rows;
  if (t == 0) return e;
  double sumNats = 0.0, sumNorm = 0.0;
  int normRows = 0;
  for (int q = 0; q < t; ++q) {
    double h = 0.0;
    for (int k = 0; k < head.cols; ++k) {
      const double a = head.at(q, k);
      if (a > 0.0) h -= a * std::log(a);
    }
    sumNats += h;
    const int v = visible[static_cast<std::size_t>(q)];
    if (v >= 2) {
      sumNorm += h / std::log(static_cast<double>(v));
      ++normRows;
    }
  }
  e.meanNats = sumNats / t;
  e.meanNormalised = normRows > 0 ? sumNorm / normRows : 0.0;
  return e;
}

namespace {

std::vector<int> causalVisible(int rows) {
  std::vector<int> v(static_cast<std::size_t>(std::max(rows, 0)));
  for (int q = 0; q < rows; ++q) v[static_cast<std::size_t>(q)] = q + 1;
  return v;
}

}  // namespace

HeadEntropy attentionEntropy(const DenseMatrix& head) {
  checkShape(head, "attention head");
  return attentionEntropy(head, causalVisible(head.rows));
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

HeadPattern classifyHead(const DenseMatrix& head, const HeadPatternThresholds& thresholds,
                         std::span<const int> visible) {
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
  p.uniform = (visible.empty() ? attentionEntropy(head) : attentionEntropy(head, visible)).meanNormalised;

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
