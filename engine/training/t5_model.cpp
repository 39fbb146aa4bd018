#include "training/t5_model.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/rng.h"
#include "training/blocks.h"

namespace glassbox {
namespace {

using namespace blocks;

struct AttnOff {
  std::size_t norm, q, k, v, o;
};
struct FfnOff {
  std::size_t norm, wi, wo;
};
struct Off {
  std::size_t shared = 0, encBias = 0, decBias = 0, encFinal = 0, decFinal = 0;
  std::vector<AttnOff> encSelf, decSelf, decCross;
  std::vector<FfnOff> encFfn, decFfn;
};

Off offsetsOf(const T5Config& c) {
  const auto layout = t5Layout(c);
  auto at = [&](const std::string& name) { return findTensor(layout, name).offset; };
  auto attn = [&](const std::string& p, const std::string& normName) {
    return AttnOff{at(normName), at(p + "q.weight"), at(p + "k.weight"), at(p + "v.weight"), at(p + "o.weight")};
  };
  Off o;
  o.shared = at("shared.weight");
  o.encBias = at("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight");
  o.decBias = at("decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight");
  o.encFinal = at("encoder.final_layer_norm.weight");
  o.decFinal = at("decoder.final_layer_norm.weight");
  for (int l = 0; l < c.encoderLayers; ++l) {
    const std::string p = "encoder.block." + std::to_string(l) + ".layer.";
    o.encSelf.push_back(attn(p + "0.SelfAttention.", p + "0.layer_norm.weight"));
    o.encFfn.push_back({at(p + "1.layer_norm.weight"), at(p + "1.DenseReluDense.wi.weight"),
                        at(p + "1.DenseReluDense.wo.weight")});
  }
  for (int l = 0; l < c.decoderLayers; ++l) {
    const std::string p = "decoder.block." + std::to_string(l) + ".layer.";
    o.decSelf.push_back(attn(p + "0.SelfAttention.", p + "0.layer_norm.weight"));
    o.decCross.push_back(attn(p + "1.EncDecAttention.", p + "1.layer_norm.weight"));
    o.decFfn.push_back({at(p + "2.layer_norm.weight"), at(p + "2.DenseReluDense.wi.weight"),
                        at(p + "2.DenseReluDense.wo.weight")});
  }
  return o;
}

// One pre-norm sublayer's saved values: residual before it, the normed input and its 1/rms.
template <typename T>
struct AttnActs {
  std::vector<T> before, normed, rstd, q, k, v, probs, ctx;  // [R][C], [R][C], [R], [R][I], [K][I] x2, [H][R][K], [R][I]
};
template <typename T>
struct FfnActs {
  std::vector<T> before, normed, rstd, pre, act;  // [R][C], [R][C], [R], [R][F], [R][F]
};

template <typename T>
struct Model {
  const T5Config& c;
  const Off& o;
  const T* P;
  T* G;
  int I() const { return c.heads * c.dKv; }

  // h [R][C] += o(attention(norm(h), kv)); kv = null means self-attention on norm(h).
  void attnForward(const AttnOff& w, std::vector<T>& h, int R, const std::vector<T>* kv, int K, const T* bias,
                   bool causal, AttnActs<T>& a) const {
    const int C = c.dModel;
    a.before = h;
    a.normed.assign(h.size(), T(0));
    a.rstd.assign(static_cast<std::size_t>(R), T(0));
    rmsNorm(h.data(), P + w.norm, a.normed.data(), a.rstd.data(), R, C, c.eps);
    const T* src = kv == nullptr ? a.normed.data() : kv->data();
    a.q.assign(static_cast<std::size_t>(R) * I(), T(0));
    a.k.assign(static_cast<std::size_t>(K) * I(), T(0));
    a.v.assign(static_cast<std::size_t>(K) * I(), T(0));
    linear(a.normed.data(), P + w.q, static_cast<const T*>(nullptr), a.q.data(), R, C, I());
    linear(src, P + w.k, static_cast<const T*>(nullptr), a.k.data(), K, C, I());
    linear(src, P + w.v, static_cast<const T*>(nullptr), a.v.data(), K, C, I());
    a.probs.assign(static_cast<std::size_t>(c.heads) * R * K, T(0));
    a.ctx.assign(static_cast<std::size_t>(R) * I(), T(0));
    const AttentionShape shape{c.heads, c.dKv, 1.0, causal};
    attention(shape, a.q.data(), a.k.data(), a.v.data(), bias, R, K, a.probs.data(), a.ctx.data());
    std::vector<T> out(h.size());
    linear(a.ctx.data(), P + w.o, static_cast<const T*>(nullptr), out.data(), R, I(), C);
    for (std::size_t i = 0; i < h.size(); ++i) h[i] += out[i];
  }

  // dH [R][C] is dL/d(h after); on return it is dL/d(h before). dKv [K][C] is added into for cross.
  void attnBackward(const AttnOff& w, std::vector<T>& dH, int R, const std::vector<T>* kv, std::vector<T>* dKv, int K,
                    T* dBias, bool causal, const AttnActs<T>& a) const {
    const int C = c.dModel;
    std::vector<T> dCtx(static_cast<std::size_t>(R) * I()), dq(dCtx.size()), dk(static_cast<std::size_t>(K) * I()),
        dv(dk.size());
    linearBackward(a.ctx.data(), P + w.o, dH.data(), dCtx.data(), G + w.o, static_cast<T*>(nullptr), R, I(), C);
    const AttentionShape shape{c.heads, c.dKv, 1.0, causal};
    attentionBackward(shape, a.q.data(), a.k.data(), a.v.data(), a.probs.data(), dCtx.data(), R, K, dq.data(),
                      dk.data(), dv.data(), dBias);
    std::vector<T> dNormed(dH.size()), tmp(static_cast<std::size_t>(K) * C);
    linearBackward(a.normed.data(), P + w.q, dq.data(), dNormed.data(), G + w.q, static_cast<T*>(nullptr), R, C, I());
    const T* src = kv == nullptr ? a.normed.data() : kv->data();
    for (auto [wk, d] : {std::pair{w.k, &dk}, std::pair{w.v, &dv}}) {
      linearBackward(src, P + wk, d->data(), tmp.data(), G + wk, static_cast<T*>(nullptr), K, C, I());
      std::vector<T>& sink = kv == nullptr ? dNormed : *dKv;
      for (std::size_t i = 0; i < tmp.size(); ++i) sink[i] += tmp[i];
    }
    rmsNormBackward(a.before.data(), P + w.norm, a.rstd.data(), dNormed.data(), dH.data(), G + w.norm, R, C);
  }

  void ffnForward(const FfnOff& w, std::vector<T>& h, int R, FfnActs<T>& a) const {
    const int C = c.dModel, F = c.dFF;
    a.before = h;
    a.normed.assign(h.size(), T(0));
    a.rstd.assign(static_cast<std::size_t>(R), T(0));
    rmsNorm(h.data(), P + w.norm, a.normed.data(), a.rstd.data(), R, C, c.eps);
    a.pre.assign(static_cast<std::size_t>(R) * F, T(0));
    linear(a.normed.data(), P + w.wi, static_cast<const T*>(nullptr), a.pre.data(), R, C, F);
    a.act.resize(a.pre.size());
    for (std::size_t i = 0; i < a.pre.size(); ++i) a.act[i] = std::max(a.pre[i], T(0));
    std::vector<T> out(h.size());
    linear(a.act.data(), P + w.wo, static_cast<const T*>(nullptr), out.data(), R, F, C);
    for (std::size_t i = 0; i < h.size(); ++i) h[i] += out[i];
  }

  void ffnBackward(const FfnOff& w, std::vector<T>& dH, int R, const FfnActs<T>& a) const {
    const int C = c.dModel, F = c.dFF;
    std::vector<T> dAct(static_cast<std::size_t>(R) * F), dNormed(dH.size());
    linearBackward(a.act.data(), P + w.wo, dH.data(), dAct.data(), G + w.wo, static_cast<T*>(nullptr), R, F, C);
    for (std::size_t i = 0; i < dAct.size(); ++i)
      if (a.pre[i] <= T(0)) dAct[i] = T(0);
    linearBackward(a.normed.data(), P + w.wi, dAct.data(), dNormed.data(), G + w.wi, static_cast<T*>(nullptr), R, C, F);
    rmsNormBackward(a.before.data(), P + w.norm, a.rstd.data(), dNormed.data(), dH.data(), G + w.norm, R, C);
  }

  std::vector<T> embed(const int* ids, int n) const {
    const int C = c.dModel;
    std::vector<T> h(static_cast<std::size_t>(n) * C);
    for (int t = 0; t < n; ++t) {
      if (ids[t] < 0 || ids[t] >= c.vocabSize)
        throw Error("T5 trainer: token id " + std::to_string(ids[t]) + " outside the vocabulary");
      std::copy_n(P + o.shared + static_cast<std::size_t>(ids[t]) * C, C, h.begin() + static_cast<std::ptrdiff_t>(t) * C);
    }
    return h;
  }
  void embedBackward(const int* ids, int n, const std::vector<T>& dH) const {
    const int C = c.dModel;
    for (int t = 0; t < n; ++t)
      for (int ch = 0; ch < C; ++ch)
        G[o.shared + static_cast<std::size_t>(ids[t]) * C + ch] += dH[static_cast<std::size_t>(t) * C + ch];
  }
};

}  // namespace

void T5Config::validate() const {
  if (vocabSize < 2 || dModel < 1 || dKv < 1 || dFF < 1 || encoderLayers < 1 || decoderLayers < 1 || heads < 1 ||
      buckets < 2 || maxDistance < 2 || vocabSize > (1 << 22) || dModel > (1 << 14) || dFF > (1 << 16) ||
      heads * dKv > (1 << 14) || encoderLayers > 256 || decoderLayers > 256 || buckets > 4096)
    throw Error("T5 config: impossible shape (vocab " + std::to_string(vocabSize) + ", d_model " +
                std::to_string(dModel) + ", d_kv " + std::to_string(dKv) + ", num_heads " + std::to_string(heads) + ")");
}

std::vector<ParamTensor> t5Layout(const T5Config& c) {
  c.validate();
  LayoutBuilder b;
  const std::int64_t C = c.dModel, I = static_cast<std::int64_t>(c.heads) * c.dKv, F = c.dFF;
  b.add("shared.weight", {c.vocabSize, C});
  auto attention = [&](const std::string& p, bool withBias) {
    b.add(p + "q.weight", {I, C});
    b.add(p + "k.weight", {I, C});
    b.add(p + "v.weight", {I, C});
    b.add(p + "o.weight", {C, I});
    if (withBias) b.add(p + "relative_attention_bias.weight", {c.buckets, c.heads}, false);
  };
  auto ffn = [&](const std::string& p) {
    b.add(p + "DenseReluDense.wi.weight", {F, C});
    b.add(p + "DenseReluDense.wo.weight", {C, F});
    b.add(p + "layer_norm.weight", {C});
  };
  for (int l = 0; l < c.encoderLayers; ++l) {
    const std::string p = "encoder.block." + std::to_string(l) + ".layer.";
    attention(p + "0.SelfAttention.", l == 0);
    b.add(p + "0.layer_norm.weight", {C});
    ffn(p + "1.");
  }
  b.add("encoder.final_layer_norm.weight", {C});
  for (int l = 0; l < c.decoderLayers; ++l) {
    const std::string p = "decoder.block." + std::to_string(l) + ".layer.";
    attention(p + "0.SelfAttention.", l == 0);
    b.add(p + "0.layer_norm.weight", {C});
    attention(p + "1.EncDecAttention.", false);
    b.add(p + "1.layer_norm.weight", {C});
    ffn(p + "2.");
  }
  b.add("decoder.final_layer_norm.weight", {C});
  return b.take();
}

template <typename T>
std::vector<T> t5Init(const T5Config& c, std::uint64_t seed) {
  const auto layout = t5Layout(c);
  std::vector<T> params(paramCount(layout), T(0));
  Rng rng(seed);
  const double C = c.dModel, D = c.dKv, H = c.heads, F = c.dFF;
  for (const auto& t : layout) {
    double std = 0;  // 0 = a norm weight, set to 1
    if (t.name == "shared.weight") std = 1.0;
    else if (t.name.ends_with(".q.weight")) std = 1.0 / std::sqrt(C * D);
    else if (t.name.ends_with(".k.weight") || t.name.ends_with(".v.weight")) std = 1.0 / std::sqrt(C);
    else if (t.name.ends_with(".o.weight")) std = 1.0 / std::sqrt(H * D);
    else if (t.name.ends_with("relative_attention_bias.weight")) std = 1.0 / std::sqrt(C);
    else if (t.name.ends_with(".wi.weight")) std = 1.0 / std::sqrt(C);
    else if (t.name.ends_with(".wo.weight")) std = 1.0 / std::sqrt(F);
    for (std::size_t i = 0; i < t.size; ++i) params[t.offset + i] = std == 0 ? T(1) : static_cast<T>(std * rng.normal());
  }
  return params;
}

template <typename T>
double t5ForwardBackward(const T5Config& c, const T* params, const int* input, int S, const int* decIn,
                         const int* targets, int M, T lossScale, T* grads, std::vector<T>* logits,
                         std::vector<T>* encoderHidden) {
  if (S < 1 || M < 1 || S > (1 << 14) || M > (1 << 14))
    throw Error("T5 trainer: encoder length " + std::to_string(S) + ", decoder length " + std::to_string(M));
  const Off o = offsetsOf(c);
  const Model<T> m{c, o, params, grads};
  const int C = c.dModel, H = c.heads;
  // Encoder.
  std::vector<T> encBias(static_cast<std::size_t>(H) * S * S);
  relativePositionBias(params + o.encBias, H, S, S, true, c.buckets, c.maxDistance, encBias.data());
  std::vector<T> h = m.embed(input, S);
  std::vector<AttnActs<T>> encSelf(static_cast<std::size_t>(c.encoderLayers));
  std::vector<FfnActs<T>> encFfn(static_cast<std::size_t>(c.encoderLayers));
  for (int l = 0; l < c.encoderLayers; ++l) {
    m.attnForward(o.encSelf[l], h, S, nullptr, S, encBias.data(), false, encSelf[l]);
    m.ffnForward(o.encFfn[l], h, S, encFfn[l]);
  }
  std::vector<T> enc(h.size()), encRstd(static_cast<std::size_t>(S));
  rmsNorm(h.data(), params + o.encFinal, enc.data(), encRstd.data(), S, C, c.eps);
  if (encoderHidden != nullptr) *encoderHidden = enc;
  // Decoder.
  std::vector<T> decBias(static_cast<std::size_t>(H) * M * M);
  relativePositionBias(params + o.decBias, H, M, M, false, c.buckets, c.maxDistance, decBias.data());
  std::vector<T> g = m.embed(decIn, M);
  std::vector<AttnActs<T>> decSelf(static_cast<std::size_t>(c.decoderLayers)), decCross(decSelf.size());
  std::vector<FfnActs<T>> decFfn(decSelf.size());
  for (int l = 0; l < c.decoderLayers; ++l) {
    m.attnForward(o.decSelf[l], g, M, nullptr, M, decBias.data(), true, decSelf[l]);
    m.attnForward(o.decCross[l], g, M, &enc, S, nullptr, false, decCross[l]);
    m.ffnForward(o.decFfn[l], g, M, decFfn[l]);
  }
  std::vector<T> y(g.size()), yRstd(static_cast<std::size_t>(M));
  rmsNorm(g.data(), params + o.decFinal, y.data(), yRstd.data(), M, C, c.eps);
  const T outScale = T(1) / std::sqrt(T(C));  // tie_word_embeddings: sequence_output * d_model^-0.5
  for (auto& x : y) x *= outScale;
  std::vector<T> lg(static_cast<std::size_t>(M) * c.vocabSize);
  linear(y.data(), params + o.shared, static_cast<const T*>(nullptr), lg.data(), M, C, c.vocabSize);
  if (logits != nullptr) *logits = lg;
  const double loss = softmaxCrossEntropy(lg.data(), targets, M, c.vocabSize, lossScale);
  if (grads == nullptr) return loss;

  std::vector<T> dY(y.size()), dG(g.size(), T(0));
  linearBackward(y.data(), params + o.shared, lg.data(), dY.data(), grads + o.shared, static_cast<T*>(nullptr), M, C,
                 c.vocabSize);
  for (auto& x : dY) x *= outScale;
  rmsNormBackward(g.data(), params + o.decFinal, yRstd.data(), dY.data(), dG.data(), grads + o.decFinal, M, C);
  std::vector<T> dEnc(enc.size(), T(0)), dDecBias(decBias.size(), T(0));
  for (int l = c.decoderLayers - 1; l >= 0; --l) {
    m.ffnBackward(o.decFfn[l], dG, M, decFfn[l]);
    m.attnBackward(o.decCross[l], dG, M, &enc, &dEnc, S, nullptr, false, decCross[l]);
    m.attnBackward(o.decSelf[l], dG, M, nullptr, nullptr, M, dDecBias.data(), true, decSelf[l]);
  }
  relativePositionBiasBackward(dDecBias.data(), H, M, M, false, c.buckets, c.maxDistance, grads + o.decBias);
  m.embedBackward(decIn, M, dG);
  std::vector<T> dH(h.size(), T(0)), dEncBias(encBias.size(), T(0));
  rmsNormBackward(h.data(), params + o.encFinal, encRstd.data(), dEnc.data(), dH.data(), grads + o.encFinal, S, C);
  for (int l = c.encoderLayers - 1; l >= 0; --l) {
    m.ffnBackward(o.encFfn[l], dH, S, encFfn[l]);
    m.attnBackward(o.encSelf[l], dH, S, nullptr, nullptr, S, dEncBias.data(), false, encSelf[l]);
  }
  relativePositionBiasBackward(dEncBias.data(), H, S, S, true, c.buckets, c.maxDistance, grads + o.encBias);
  m.embedBackward(input, S, dH);
  return loss;
}

template std::vector<float> t5Init<float>(const T5Config&, std::uint64_t);
template std::vector<double> t5Init<double>(const T5Config&, std::uint64_t);
template double t5ForwardBackward<float>(const T5Config&, const float*, const int*, int, const int*, const int*, int,
                                         float, float*, std::vector<float>*, std::vector<float>*);
template double t5ForwardBackward<double>(const T5Config&, const double*, const int*, int, const int*, const int*, int,
                                          double, double*, std::vector<double>*, std::vector<double>*);

}  // namespace glassbox
