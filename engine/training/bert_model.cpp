#include "training/bert_model.h"

#include <Eigen/Dense>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/rng.h"
#include "training/blocks.h"

namespace glassbox {
namespace {

using namespace blocks;

struct LayerOff {
  std::size_t qW, qB, kW, kB, vW, vB, oW, oB, ln1W, ln1B, iW, iB, outW, outB, ln2W, ln2B;
};
struct Off {
  std::size_t wte, wpe, tte, embLnW, embLnB, headW, headB, headLnW, headLnB, bias;
  std::vector<LayerOff> layers;
};

Off offsetsOf(const BertConfig& c) {
  const auto layout = bertLayout(c);
  Off o{};
  std::size_t i = 0;
  for (std::size_t* f : {&o.wte, &o.wpe, &o.tte, &o.embLnW, &o.embLnB}) *f = layout[i++].offset;
  for (int l = 0; l < c.layers; ++l) {
    LayerOff lo{};
    for (std::size_t* f : {&lo.qW, &lo.qB, &lo.kW, &lo.kB, &lo.vW, &lo.vB, &lo.oW, &lo.oB, &lo.ln1W, &lo.ln1B,
                           &lo.iW, &lo.iB, &lo.outW, &lo.outB, &lo.ln2W, &lo.ln2B})
      *f = layout[i++].offset;
    o.layers.push_back(lo);
  }
  for (std::size_t* f : {&o.headW, &o.headB, &o.headLnW, &o.headLnB, &o.bias}) *f = layout[i++].offset;
  return o;
}

template <typename T>
void sized(std::vector<std::vector<T>>& v, std::size_t count, std::size_t each) {
  v.resize(count);
  for (auto& x : v) x.assign(each, T(0));
}

template <typename T>
void resize(BertActivations<T>& a, const BertConfig& c, int n) {
  const std::size_t L = static_cast<std::size_t>(c.layers), TC = static_cast<std::size_t>(n) * c.hidden;
  const std::size_t TF = static_cast<std::size_t>(n) * c.inner, T2 = 2 * static_cast<std::size_t>(n);
  a.embSum.assign(TC, T(0));
  a.embStats.assign(T2, T(0));
  sized(a.in, L + 1, TC);
  for (auto* v : {&a.q, &a.k, &a.v, &a.ctx, &a.sum1, &a.h1, &a.sum2}) sized(*v, L, TC);
  sized(a.probs, L, static_cast<std::size_t>(c.heads) * n * n);
  sized(a.stats1, L, T2);
  sized(a.stats2, L, T2);
  sized(a.fcPre, L, TF);
  sized(a.fcAct, L, TF);
}

template <typename T>
void forwardEncoder(const BertConfig& c, const Off& o, const T* P, const int* tokens, int n, BertActivations<T>& a) {
  const int C = c.hidden, F = c.inner;
  for (int t = 0; t < n; ++t) {
    if (tokens[t] < 0 || tokens[t] >= c.vocabSize)
      throw Error("BERT trainer: token id " + std::to_string(tokens[t]) + " outside the vocabulary");
    for (int ch = 0; ch < C; ++ch)
      a.embSum[static_cast<std::size_t>(t) * C + ch] = P[o.wte + static_cast<std::size_t>(tokens[t]) * C + ch] +
                                                        P[o.wpe + static_cast<std::size_t>(t) * C + ch] + P[o.tte + ch];
  }
  layerNorm(a.embSum.data(), P + o.embLnW, P + o.embLnB, a.in[0].data(), a.embStats.data(), n, C, c.lnEps);
  const AttentionShape shape{c.heads, C / c.heads, 1.0 / std::sqrt(static_cast<double>(C / c.heads)), false};
  for (int l = 0; l < c.layers; ++l) {
    const LayerOff& lo = o.layers[static_cast<std::size_t>(l)];
    const T* x = a.in[l].data();
    linear(x, P + lo.qW, P + lo.qB, a.q[l].data(), n, C, C);
    linear(x, P + lo.kW, P + lo.kB, a.k[l].data(), n, C, C);
    linear(x, P + lo.vW, P + lo.vB, a.v[l].data(), n, C, C);
    attention(shape, a.q[l].data(), a.k[l].data(), a.v[l].data(), static_cast<const T*>(nullptr), n, n,
              a.probs[l].data(), a.ctx[l].data());
    linear(a.ctx[l].data(), P + lo.oW, P + lo.oB, a.sum1[l].data(), n, C, C);
    for (std::size_t i = 0; i < a.sum1[l].size(); ++i) a.sum1[l][i] += x[i];
    layerNorm(a.sum1[l].data(), P + lo.ln1W, P + lo.ln1B, a.h1[l].data(), a.stats1[l].data(), n, C, c.lnEps);
    linear(a.h1[l].data(), P + lo.iW, P + lo.iB, a.fcPre[l].data(), n, C, F);
    for (std::size_t i = 0; i < a.fcPre[l].size(); ++i) a.fcAct[l][i] = geluErf(a.fcPre[l][i]);
    linear(a.fcAct[l].data(), P + lo.outW, P + lo.outB, a.sum2[l].data(), n, F, C);
    for (std::size_t i = 0; i < a.sum2[l].size(); ++i) a.sum2[l][i] += a.h1[l][i];
    layerNorm(a.sum2[l].data(), P + lo.ln2W, P + lo.ln2B, a.in[l + 1].data(), a.stats2[l].data(), n, C, c.lnEps);
  }
}

// The MLM head on the rows a.rows of the last hidden state: logits [R][V].
template <typename T>
void forwardHead(const BertConfig& c, const Off& o, const T* P, BertActivations<T>& a) {
  const int C = c.hidden, R = static_cast<int>(a.rows.size());
  const std::size_t RC = static_cast<std::size_t>(R) * C;
  a.headIn.assign(RC, T(0));
  for (int r = 0; r < R; ++r)
    for (int ch = 0; ch < C; ++ch)
      a.headIn[static_cast<std::size_t>(r) * C + ch] = a.in[c.layers][static_cast<std::size_t>(a.rows[r]) * C + ch];
  a.headPre.assign(RC, T(0));
  a.headAct.assign(RC, T(0));
  a.headOut.assign(RC, T(0));
  a.headStats.assign(2 * static_cast<std::size_t>(R), T(0));
  linear(a.headIn.data(), P + o.headW, P + o.headB, a.headPre.data(), R, C, C);
  for (std::size_t i = 0; i < RC; ++i) a.headAct[i] = geluErf(a.headPre[i]);
  layerNorm(a.headAct.data(), P + o.headLnW, P + o.headLnB, a.headOut.data(), a.headStats.data(), R, C, c.lnEps);
  a.logits.assign(static_cast<std::size_t>(R) * c.vocabSize, T(0));
  linear(a.headOut.data(), P + o.wte, P + o.bias, a.logits.data(), R, C, c.vocabSize);  // tied decoder
}

template <typename T>
void backwardHead(const BertConfig& c, const Off& o, const T* P, BertActivations<T>& a, T* G, std::vector<T>& dLast) {
  const int C = c.hidden, R = static_cast<int>(a.rows.size());
  const std::size_t RC = static_cast<std::size_t>(R) * C;
  std::vector<T> dOut(RC), dAct(RC, T(0)), dIn(RC);
  linearBackward(a.headOut.data(), P + o.wte, a.logits.data(), dOut.data(), G + o.wte, G + o.bias, R, C, c.vocabSize);
  layerNormBackward(a.headAct.data(), P + o.headLnW, a.headStats.data(), dOut.data(), dAct.data(), G + o.headLnW,
                    G + o.headLnB, R, C);
  for (std::size_t i = 0; i < RC; ++i) dAct[i] *= geluErfGrad(a.headPre[i]);
  linearBackward(a.headIn.data(), P + o.headW, dAct.data(), dIn.data(), G + o.headW, G + o.headB, R, C, C);
  for (int r = 0; r < R; ++r)
    for (int ch = 0; ch < C; ++ch)
      dLast[static_cast<std::size_t>(a.rows[r]) * C + ch] += dIn[static_cast<std::size_t>(r) * C + ch];
}

template <typename T>
void backwardEncoder(const BertConfig& c, const Off& o, const T* P, const int* tokens, int n, BertActivations<T>& a,
                     T* G, std::vector<T>& dX) {
  const int C = c.hidden, F = c.inner;
  const std::size_t TC = static_cast<std::size_t>(n) * C;
  const AttentionShape shape{c.heads, C / c.heads, 1.0 / std::sqrt(static_cast<double>(C / c.heads)), false};
  std::vector<T> dSum(TC), dH1(TC), dFc(static_cast<std::size_t>(n) * F), dCtx(TC), dq(TC), dk(TC), dv(TC), tmp(TC);
  for (int l = c.layers - 1; l >= 0; --l) {
    const LayerOff& lo = o.layers[static_cast<std::size_t>(l)];
    std::fill(dSum.begin(), dSum.end(), T(0));
    layerNormBackward(a.sum2[l].data(), P + lo.ln2W, a.stats2[l].data(), dX.data(), dSum.data(), G + lo.ln2W,
                      G + lo.ln2B, n, C);
    linearBackward(a.fcAct[l].data(), P + lo.outW, dSum.data(), dFc.data(), G + lo.outW, G + lo.outB, n, F, C);
    for (std::size_t i = 0; i < dFc.size(); ++i) dFc[i] *= geluErfGrad(a.fcPre[l][i]);
    linearBackward(a.h1[l].data(), P + lo.iW, dFc.data(), dH1.data(), G + lo.iW, G + lo.iB, n, C, F);
    for (std::size_t i = 0; i < TC; ++i) dH1[i] += dSum[i];  // residual into the FFN
    std::fill(dSum.begin(), dSum.end(), T(0));
    layerNormBackward(a.sum1[l].data(), P + lo.ln1W, a.stats1[l].data(), dH1.data(), dSum.data(), G + lo.ln1W,
                      G + lo.ln1B, n, C);
    linearBackward(a.ctx[l].data(), P + lo.oW, dSum.data(), dCtx.data(), G + lo.oW, G + lo.oB, n, C, C);
    attentionBackward(shape, a.q[l].data(), a.k[l].data(), a.v[l].data(), a.probs[l].data(), dCtx.data(), n, n,
                      dq.data(), dk.data(), dv.data(), static_cast<T*>(nullptr));
    const T* x = a.in[l].data();
    dX = dSum;  // residual around the attention
    linearBackward(x, P + lo.qW, dq.data(), tmp.data(), G + lo.qW, G + lo.qB, n, C, C);
    for (std::size_t i = 0; i < TC; ++i) dX[i] += tmp[i];
    linearBackward(x, P + lo.kW, dk.data(), tmp.data(), G + lo.kW, G + lo.kB, n, C, C);
    for (std::size_t i = 0; i < TC; ++i) dX[i] += tmp[i];
    linearBackward(x, P + lo.vW, dv.data(), tmp.data(), G + lo.vW, G + lo.vB, n, C, C);
    for (std::size_t i = 0; i < TC; ++i) dX[i] += tmp[i];
  }
  std::vector<T> dEmb(TC, T(0));
  layerNormBackward(a.embSum.data(), P + o.embLnW, a.embStats.data(), dX.data(), dEmb.data(), G + o.embLnW,
                    G + o.embLnB, n, C);
  for (int t = 0; t < n; ++t)
    for (int ch = 0; ch < C; ++ch) {
      const T d = dEmb[static_cast<std::size_t>(t) * C + ch];
      G[o.wte + static_cast<std::size_t>(tokens[t]) * C + ch] += d;
      G[o.wpe + static_cast<std::size_t>(t) * C + ch] += d;
      G[o.tte + ch] += d;
    }
}

}  // namespace

void BertConfig::validate() const {
  if (vocabSize < 2 || context < 1 || layers < 1 || heads < 1 || hidden < 1 || inner < 1 || hidden % heads != 0 ||
      typeVocab < 1 || vocabSize > (1 << 22) || context > (1 << 16) || hidden > (1 << 14) || inner > (1 << 16) ||
      layers > 256 || typeVocab > 16)
    throw Error("BERT config: impossible shape (vocab " + std::to_string(vocabSize) + ", positions " +
                std::to_string(context) + ", hidden " + std::to_string(hidden) + ", heads " + std::to_string(heads) +
                "; hint: hidden_size must be a multiple of num_attention_heads)");
}

std::vector<ParamTensor> bertLayout(const BertConfig& c) {
  c.validate();
  LayoutBuilder b;
  const std::int64_t C = c.hidden, F = c.inner;
  b.add("bert.embeddings.word_embeddings.weight", {c.vocabSize, C});
  b.add("bert.embeddings.position_embeddings.weight", {c.context, C});
  b.add("bert.embeddings.token_type_embeddings.weight", {c.typeVocab, C});
  b.add("bert.embeddings.LayerNorm.weight", {C});
  b.add("bert.embeddings.LayerNorm.bias", {C});
  for (int l = 0; l < c.layers; ++l) {
    const std::string p = "bert.encoder.layer." + std::to_string(l) + ".";
    for (const char* m : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
      b.add(p + m + ".weight", {C, C});
      b.add(p + m + ".bias", {C});
    }
    b.add(p + "attention.output.LayerNorm.weight", {C});
    b.add(p + "attention.output.LayerNorm.bias", {C});
    b.add(p + "intermediate.dense.weight", {F, C});
    b.add(p + "intermediate.dense.bias", {F});
    b.add(p + "output.dense.weight", {C, F});
    b.add(p + "output.dense.bias", {C});
    b.add(p + "output.LayerNorm.weight", {C});
    b.add(p + "output.LayerNorm.bias", {C});
  }
  b.add("cls.predictions.transform.dense.weight", {C, C});
  b.add("cls.predictions.transform.dense.bias", {C});
  b.add("cls.predictions.transform.LayerNorm.weight", {C});
  b.add("cls.predictions.transform.LayerNorm.bias", {C});
  b.add("cls.predictions.bias", {c.vocabSize});
  return b.take();
}

template <typename T>
std::vector<T> bertInit(const BertConfig& c, std::uint64_t seed) {
  const auto layout = bertLayout(c);
  std::vector<T> params(paramCount(layout), T(0));
  Rng rng(seed);
  for (const auto& t : layout) {
    const bool lnWeight = t.shape.size() == 1 && t.name.find("LayerNorm.weight") != std::string::npos;
    for (std::size_t i = 0; i < t.size; ++i)
      params[t.offset + i] = t.shape.size() == 2 ? static_cast<T>(0.02 * rng.normal()) : (lnWeight ? T(1) : T(0));
  }
  return params;
}

template <typename T>
double bertForwardBackward(const BertConfig& c, const T* params, const int* tokens, const int* targets, int n,
                           T lossScale, T* grads, BertActivations<T>& a, std::vector<T>* logits,
                           std::vector<T>* hidden) {
  if (n < 1 || n > c.context)
    throw Error("BERT trainer: sequence of " + std::to_string(n) + " tokens (max_position_embeddings is " +
                std::to_string(c.context) + ")");
  const Off o = offsetsOf(c);
  resize(a, c, n);
  forwardEncoder(c, o, params, tokens, n, a);
  if (hidden != nullptr) *hidden = a.in[c.layers];
  a.rows.clear();
  std::vector<int> rowTargets;
  for (int t = 0; t < n; ++t)
    if (logits != nullptr || targets[t] >= 0) {
      a.rows.push_back(t);
      rowTargets.push_back(targets[t]);
    }
  if (a.rows.empty()) return 0.0;
  forwardHead(c, o, params, a);
  if (logits != nullptr) *logits = a.logits;
  const int R = static_cast<int>(a.rows.size());
  const double loss = softmaxCrossEntropy(a.logits.data(), rowTargets.data(), R, c.vocabSize, lossScale);
  if (grads == nullptr) return loss;
  std::vector<T> dLast(static_cast<std::size_t>(n) * c.hidden, T(0));
  backwardHead(c, o, params, a, grads, dLast);
  backwardEncoder(c, o, params, tokens, n, a, grads, dLast);
  return loss;
}

template std::vector<float> bertInit<float>(const BertConfig&, std::uint64_t);
template std::vector<double> bertInit<double>(const BertConfig&, std::uint64_t);
template double bertForwardBackward<float>(const BertConfig&, const float*, const int*, const int*, int, float, float*,
                                           BertActivations<float>&, std::vector<float>*, std::vector<float>*);
template double bertForwardBackward<double>(const BertConfig&, const double*, const int*, const int*, int, double,
                                            double*, BertActivations<double>&, std::vector<double>*,
                                            std::vector<double>*);

}  // namespace glassbox
