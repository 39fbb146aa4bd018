#include "training/gpt2_model.h"

#include <Eigen/Dense>
#include <cmath>

#include "core/error.h"
#include "core/rng.h"

namespace glassbox {
namespace {

template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using MapM = Eigen::Map<Mat<T>>;
template <typename T>
using CMapM = Eigen::Map<const Mat<T>>;

struct LayerOffsets {
  std::size_t ln1w, ln1b, attnW, attnB, attnProjW, attnProjB, ln2w, ln2b, fcW, fcB, mlpProjW, mlpProjB;
};
struct Offsets {
  std::size_t wte = 0, wpe = 0, lnfw = 0, lnfb = 0;
  std::vector<LayerOffsets> layers;
};

Offsets offsetsOf(const Gpt2Config& c) {
  const auto layout = gpt2Layout(c);
  Offsets o;
  std::size_t i = 0;
  o.wte = layout[i++].offset;
  o.wpe = layout[i++].offset;
  for (int l = 0; l < c.layers; ++l) {
    LayerOffsets lo{};
    std::size_t* fields[] = {&lo.ln1w, &lo.ln1b, &lo.attnW, &lo.attnB, &lo.attnProjW, &lo.attnProjB,
                             &lo.ln2w, &lo.ln2b, &lo.fcW,   &lo.fcB,   &lo.mlpProjW,  &lo.mlpProjB};
    for (auto* f : fields) *f = layout[i++].offset;
    o.layers.push_back(lo);
  }
  o.lnfw = layout[i++].offset;
  o.lnfb = layout[i++].offset;
  return o;
}

constexpr double kGeluScale = 0.7978845608028654;  // sqrt(2 / pi)

template <typename T>
T gelu(T x) {
  return T(0.5) * x * (T(1) + std::tanh(T(kGeluScale) * (x + T(0.044715) * x * x * x)));
}
template <typename T>
T geluGrad(T x) {
  const T t = std::tanh(T(kGeluScale) * (x + T(0.044715) * x * x * x));
  return T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * T(kGeluScale) * (T(1) + T(3 * 0.044715) * x * x);
}

// y[t] = (x[t] - mean) / std * w + b over C; stats[t] = {mean, 1/std}.  x, y: [T][C]
template <typename T>
void layerNorm(const T* x, const T* w, const T* b, T* y, T* stats, int rows, int C, double eps) {
  for (int t = 0; t < rows; ++t) {
    const T* xr = x + static_cast<std::size_t>(t) * C;
    T mean = 0, var = 0;
    for (int c = 0; c < C; ++c) mean += xr[c];
    mean /= T(C);
    for (int c = 0; c < C; ++c) var += (xr[c] - mean) * (xr[c] - mean);
    var /= T(C);
    const T rstd = T(1) / std::sqrt(var + T(eps));
    T* yr = y + static_cast<std::size_t>(t) * C;
    for (int c = 0; c < C; ++c) yr[c] = (xr[c] - mean) * rstd * w[c] + b[c];
    stats[2 * t] = mean;
    stats[2 * t + 1] = rstd;
  }
}

// Adds dL/dx into dx, dL/dw into dw, dL/db into db, given dy = dL/dy.  [T][C]
template <typename T>
void layerNormBackward(const T* x, const T* w, const T* stats, const T* dy, T* dx, T* dw, T* db, int rows, int C) {
  for (int t = 0; t < rows; ++t) {
    const T* xr = x + static_cast<std::size_t>(t) * C;
    const T* dyr = dy + static_cast<std::size_t>(t) * C;
    const T mean = stats[2 * t], rstd = stats[2 * t + 1];
    T meanDyw = 0, meanDywX = 0;
    for (int c = 0; c < C; ++c) {
      const T xhat = (xr[c] - mean) * rstd;
      const T dyw = dyr[c] * w[c];
      meanDyw += dyw;
      meanDywX += dyw * xhat;
      dw[c] += dyr[c] * xhat;
      db[c] += dyr[c];
    }
    meanDyw /= T(C);
    meanDywX /= T(C);
    T* dxr = dx + static_cast<std::size_t>(t) * C;
    for (int c = 0; c < C; ++c) {
      const T xhat = (xr[c] - mean) * rstd;
      dxr[c] += rstd * (dyr[c] * w[c] - meanDyw - xhat * meanDywX);
    }
  }
}

// Causal multi-head attention on qkv [T][3C] -> out [T][C]; att [H][T][T] keeps the softmax rows.
template <typename T>
void attentionForward(const Gpt2Config& c, int n, const T* qkvData, T* att, T* outData) {
  const int C = c.embd, D = C / c.heads;
  const T scale = T(1) / std::sqrt(T(D));
  CMapM<T> qkv(qkvData, n, 3 * C);
  MapM<T> out(outData, n, C);
  for (int h = 0; h < c.heads; ++h) {
    MapM<T> p(att + static_cast<std::size_t>(h) * n * n, n, n);
    p.noalias() = qkv.block(0, h * D, n, D) * qkv.block(0, C + h * D, n, D).transpose();
    for (int i = 0; i < n; ++i) {
      T mx = p(i, 0) * scale;
      for (int j = 0; j <= i; ++j) mx = std::max(mx, p(i, j) * scale);
      T sum = 0;
      for (int j = 0; j <= i; ++j) {
        p(i, j) = std::exp(p(i, j) * scale - mx);
        sum += p(i, j);
      }
      for (int j = 0; j <= i; ++j) p(i, j) /= sum;
      for (int j = i + 1; j < n; ++j) p(i, j) = 0;
    }
    out.block(0, h * D, n, D).noalias() = p * qkv.block(0, 2 * C + h * D, n, D);
  }
}

// dOut [T][C] -> dqkv [T][3C] (overwritten).
template <typename T>
void attentionBackward(const Gpt2Config& c, int n, const T* qkvData, const T* att, const T* dOutData,
                       T* dqkvData) {
  const int C = c.embd, D = C / c.heads;
  const T scale = T(1) / std::sqrt(T(D));
  CMapM<T> qkv(qkvData, n, 3 * C);
  CMapM<T> dOut(dOutData, n, C);
  MapM<T> dqkv(dqkvData, n, 3 * C);
  Mat<T> dp(n, n);
  for (int h = 0; h < c.heads; ++h) {
    CMapM<T> p(att + static_cast<std::size_t>(h) * n * n, n, n);
    dp.noalias() = dOut.block(0, h * D, n, D) * qkv.block(0, 2 * C + h * D, n, D).transpose();
    dqkv.block(0, 2 * C + h * D, n, D).noalias() = p.transpose() * dOut.block(0, h * D, n, D);
    for (int i = 0; i < n; ++i) {
      T dot = 0;
      for (int j = 0; j <= i; ++j) dot += p(i, j) * dp(i, j);
      for (int j = 0; j <= i; ++j) dp(i, j) = p(i, j) * (dp(i, j) - dot) * scale;
      for (int j = i + 1; j < n; ++j) dp(i, j) = 0;
    }
    dqkv.block(0, h * D, n, D).noalias() = dp * qkv.block(0, C + h * D, n, D);
    dqkv.block(0, C + h * D, n, D).noalias() = dp.transpose() * qkv.block(0, h * D, n, D);
  }
}

// y [T][out] = x [T][in] W [in][out] + b
template <typename T>
void linear(const T* x, const T* w, const T* b, T* y, int n, int in, int out) {
  MapM<T> ym(y, n, out);
  ym.noalias() = CMapM<T>(x, n, in) * CMapM<T>(w, in, out);
  for (int t = 0; t < n; ++t)  // plain loops: reduction order must not depend on buffer alignment
    for (int o = 0; o < out; ++o) ym(t, o) += b[o];
}

// Given dy, adds dW += x^T dy, db += colsum(dy); sets dx = dy W^T (if dx).
template <typename T>
void linearBackward(const T* x, const T* w, const T* dy, T* dx, T* dw, T* db, int n, int in, int out) {
  CMapM<T> dym(dy, n, out);
  MapM<T>(dw, in, out).noalias() += CMapM<T>(x, n, in).transpose() * dym;
  for (int t = 0; t < n; ++t)
    for (int o = 0; o < out; ++o) db[o] += dym(t, o);
  if (dx != nullptr) MapM<T>(dx, n, in).noalias() = dym * CMapM<T>(w, in, out).transpose();
}

}  // namespace

void Gpt2Config::validate() const {
  if (vocabSize < 2 || context < 1 || layers < 1 || heads < 1 || embd < 1 || inner < 1 || embd % heads != 0 ||
      vocabSize > (1 << 22) || context > (1 << 16) || embd > (1 << 14) || inner > (1 << 16) || layers > 256)
    throw Error("GPT-2 config: impossible shape (vocab " + std::to_string(vocabSize) + ", ctx " +
                std::to_string(context) + ", n_embd " + std::to_string(embd) + ", n_head " + std::to_string(heads) +
                "; hint: n_embd must be a multiple of n_head)");
}

std::vector<ParamTensor> gpt2Layout(const Gpt2Config& c) {
  c.validate();
  std::vector<ParamTensor> out;
  std::size_t offset = 0;
  auto add = [&](std::string name, std::vector<std::int64_t> shape) {
    std::size_t size = 1;
    for (auto d : shape) size *= static_cast<std::size_t>(d);
    const bool decay = shape.size() == 2;
    out.push_back({std::move(name), std::move(shape), offset, size, decay});
    offset += size;
  };
  const std::int64_t C = c.embd, F = c.inner;
  add("transformer.wte.weight", {c.vocabSize, C});
  add("transformer.wpe.weight", {c.context, C});
  for (int l = 0; l < c.layers; ++l) {
    const std::string p = "transformer.h." + std::to_string(l) + ".";
    add(p + "ln_1.weight", {C});
    add(p + "ln_1.bias", {C});
    add(p + "attn.c_attn.weight", {C, 3 * C});
    add(p + "attn.c_attn.bias", {3 * C});
    add(p + "attn.c_proj.weight", {C, C});
    add(p + "attn.c_proj.bias", {C});
    add(p + "ln_2.weight", {C});
    add(p + "ln_2.bias", {C});
    add(p + "mlp.c_fc.weight", {C, F});
    add(p + "mlp.c_fc.bias", {F});
    add(p + "mlp.c_proj.weight", {F, C});
    add(p + "mlp.c_proj.bias", {C});
  }
  add("transformer.ln_f.weight", {C});
  add("transformer.ln_f.bias", {C});
  return out;
}

std::size_t gpt2ParamCount(const Gpt2Config& c) {
  const auto layout = gpt2Layout(c);
  return layout.back().offset + layout.back().size;
}

template <typename T>
std::vector<T> gpt2Init(const Gpt2Config& c, std::uint64_t seed) {
  const auto layout = gpt2Layout(c);
  std::vector<T> params(gpt2ParamCount(c), T(0));
  Rng rng(seed);
  const double projScale = 1.0 / std::sqrt(2.0 * c.layers);
  for (const auto& t : layout) {
    const bool isLnWeight = t.shape.size() == 1 && t.name.find(".ln_") != std::string::npos &&
                            t.name.ends_with(".weight");
    const bool isProj = t.name.ends_with("c_proj.weight");
    for (std::size_t i = 0; i < t.size; ++i) {
      T& v = params[t.offset + i];
      if (t.decay) v = static_cast<T>(0.02 * (isProj ? projScale : 1.0) * rng.normal());
      else v = isLnWeight ? T(1) : T(0);
    }
  }
  return params;
}

template <typename T>
void Gpt2Activations<T>::resize(const Gpt2Config& c, int n) {
  tokens = n;
  const std::size_t TC = static_cast<std::size_t>(n) * c.embd, TF = static_cast<std::size_t>(n) * c.inner;
  auto sized = [](std::vector<std::vector<T>>& v, std::size_t count, std::size_t each) {
    v.resize(count);
    for (auto& x : v) x.resize(each);
  };
  const std::size_t L = static_cast<std::size_t>(c.layers);
  sized(residual, L + 1, TC);
  sized(ln1, L, TC);
  sized(ln2, L, TC);
  sized(ln1Stats, L, 2 * static_cast<std::size_t>(n));
  sized(ln2Stats, L, 2 * static_cast<std::size_t>(n));
  sized(qkv, L, 3 * TC);
  sized(att, L, static_cast<std::size_t>(c.heads) * n * n);
  sized(attOut, L, TC);
  sized(mid, L, TC);
  sized(fcPre, L, TF);
  sized(fcAct, L, TF);
  lnf.resize(TC);
  lnfStats.resize(2 * static_cast<std::size_t>(n));
  probs.resize(static_cast<std::size_t>(n) * c.vocabSize);
}

namespace {

template <typename T>
void forwardBlocks(const Gpt2Config& c, const Offsets& o, const T* P, const int* tokens, int n,
                   Gpt2Activations<T>& a) {
  const int C = c.embd, F = c.inner;
  for (int t = 0; t < n; ++t) {
    if (tokens[t] < 0 || tokens[t] >= c.vocabSize)
      throw Error("GPT-2 trainer: token id " + std::to_string(tokens[t]) + " outside the vocabulary");
    for (int ch = 0; ch < C; ++ch)
      a.residual[0][static_cast<std::size_t>(t) * C + ch] =
          P[o.wte + static_cast<std::size_t>(tokens[t]) * C + ch] + P[o.wpe + static_cast<std::size_t>(t) * C + ch];
  }
  for (int l = 0; l < c.layers; ++l) {
    const LayerOffsets& lo = o.layers[static_cast<std::size_t>(l)];
    layerNorm(a.residual[l].data(), P + lo.ln1w, P + lo.ln1b, a.ln1[l].data(), a.ln1Stats[l].data(), n, C, c.lnEps);
    linear(a.ln1[l].data(), P + lo.attnW, P + lo.attnB, a.qkv[l].data(), n, C, 3 * C);
    attentionForward(c, n, a.qkv[l].data(), a.att[l].data(), a.attOut[l].data());
    linear(a.attOut[l].data(), P + lo.attnProjW, P + lo.attnProjB, a.mid[l].data(), n, C, C);
    MapM<T>(a.mid[l].data(), n, C) += MapM<T>(a.residual[l].data(), n, C);
    layerNorm(a.mid[l].data(), P + lo.ln2w, P + lo.ln2b, a.ln2[l].data(), a.ln2Stats[l].data(), n, C, c.lnEps);
    linear(a.ln2[l].data(), P + lo.fcW, P + lo.fcB, a.fcPre[l].data(), n, C, F);
    for (std::size_t i = 0; i < a.fcPre[l].size(); ++i) a.fcAct[l][i] = gelu(a.fcPre[l][i]);
    linear(a.fcAct[l].data(), P + lo.mlpProjW, P + lo.mlpProjB, a.residual[l + 1].data(), n, F, C);
    MapM<T>(a.residual[l + 1].data(), n, C) += MapM<T>(a.mid[l].data(), n, C);
  }
  layerNorm(a.residual[c.layers].data(), P + o.lnfw, P + o.lnfb, a.lnf.data(), a.lnfStats.data(), n, C, c.lnEps);
  MapM<T>(a.probs.data(), n, c.vocabSize).noalias() =
      CMapM<T>(a.lnf.data(), n, C) * CMapM<T>(P + o.wte, c.vocabSize, C).transpose();
}

// Turns logits into dL/dlogits in place and returns the summed cross-entropy.
template <typename T>
double crossEntropy(T* probs, const int* targets, int n, int V, T lossScale) {
  double total = 0;
  for (int t = 0; t < n; ++t) {
    T* row = probs + static_cast<std::size_t>(t) * V;
    T mx = row[0];
    for (int v = 1; v < V; ++v) mx = std::max(mx, row[v]);
    T sum = 0;
    for (int v = 0; v < V; ++v) sum += std::exp(row[v] - mx);
    const int target = targets[t];
    if (target >= V) throw Error("GPT-2 trainer: target id " + std::to_string(target) + " outside the vocabulary");
    if (target >= 0) total += static_cast<double>(std::log(sum) + mx - row[target]);
    const T inv = T(1) / sum;
    for (int v = 0; v < V; ++v) row[v] = target >= 0 ? std::exp(row[v] - mx) * inv * lossScale : T(0);
    if (target >= 0) row[target] -= lossScale;
  }
  return total;
}

template <typename T>
void backwardBlocks(const Gpt2Config& c, const Offsets& o, const T* P, const int* tokens, int n,
                    Gpt2Activations<T>& a, T* G) {
  const int C = c.embd, F = c.inner, V = c.vocabSize;
  const std::size_t TC = static_cast<std::size_t>(n) * C;
  std::vector<T> dLnf(TC), dRes(TC, T(0)), dMid(TC), dAttOut(TC), dLn(TC), dQkv(3 * TC);
  std::vector<T> dFc(static_cast<std::size_t>(n) * F);
  CMapM<T> dLogits(a.probs.data(), n, V);
  MapM<T>(G + o.wte, V, C).noalias() += dLogits.transpose() * CMapM<T>(a.lnf.data(), n, C);
  MapM<T>(dLnf.data(), n, C).noalias() = dLogits * CMapM<T>(P + o.wte, V, C);
  layerNormBackward(a.residual[c.layers].data(), P + o.lnfw, a.lnfStats.data(), dLnf.data(), dRes.data(),
                    G + o.lnfw, G + o.lnfb, n, C);
  for (int l = c.layers - 1; l >= 0; --l) {
    const LayerOffsets& lo = o.layers[static_cast<std::size_t>(l)];
    linearBackward(a.fcAct[l].data(), P + lo.mlpProjW, dRes.data(), dFc.data(), G + lo.mlpProjW, G + lo.mlpProjB, n,
                   F, C);
    for (std::size_t i = 0; i < dFc.size(); ++i) dFc[i] *= geluGrad(a.fcPre[l][i]);
    linearBackward(a.ln2[l].data(), P + lo.fcW, dFc.data(), dLn.data(), G + lo.fcW, G + lo.fcB, n, C, F);
    dMid = dRes;
    layerNormBackward(a.mid[l].data(), P + lo.ln2w, a.ln2Stats[l].data(), dLn.data(), dMid.data(), G + lo.ln2w,
                      G + lo.ln2b, n, C);
    linearBackward(a.attOut[l].data(), P + lo.attnProjW, dMid.data(), dAttOut.data(), G + lo.attnProjW,
                   G + lo.attnProjB, n, C, C);
    attentionBackward(c, n, a.qkv[l].data(), a.att[l].data(), dAttOut.data(), dQkv.data());
    linearBackward(a.ln1[l].data(), P + lo.attnW, dQkv.data(), dLn.data(), G + lo.attnW, G + lo.attnB, n, C, 3 * C);
    dRes = dMid;
    layerNormBackward(a.residual[l].data(), P + lo.ln1w, a.ln1Stats[l].data(), dLn.data(), dRes.data(),
                      G + lo.ln1w, G + lo.ln1b, n, C);
  }
  for (int t = 0; t < n; ++t) {
    for (int ch = 0; ch < C; ++ch) {
      const T d = dRes[static_cast<std::size_t>(t) * C + ch];
      G[o.wte + static_cast<std::size_t>(tokens[t]) * C + ch] += d;
      G[o.wpe + static_cast<std::size_t>(t) * C + ch] += d;
    }
  }
}

}  // namespace

template <typename T>
double gpt2ForwardBackward(const Gpt2Config& c, const T* params, const int* tokens, const int* targets, int n,
                           T lossScale, T* grads, Gpt2Activations<T>& acts, std::vector<T>* logits) {
  if (n < 1 || n > c.context)
    throw Error("GPT-2 trainer: sequence of " + std::to_string(n) + " tokens (context is " +
                std::to_string(c.context) + ")");
  const Offsets o = offsetsOf(c);
  if (acts.tokens != n) acts.resize(c, n);
  forwardBlocks(c, o, params, tokens, n, acts);
  if (logits != nullptr) *logits = acts.probs;
  const double loss = crossEntropy(acts.probs.data(), targets, n, c.vocabSize, lossScale);
  if (grads != nullptr) backwardBlocks(c, o, params, tokens, n, acts, grads);
  return loss;
}

template std::vector<float> gpt2Init<float>(const Gpt2Config&, std::uint64_t);
template std::vector<double> gpt2Init<double>(const Gpt2Config&, std::uint64_t);
template struct Gpt2Activations<float>;
template struct Gpt2Activations<double>;
template double gpt2ForwardBackward<float>(const Gpt2Config&, const float*, const int*, const int*, int, float, float*,
                                           Gpt2Activations<float>&, std::vector<float>*);
template double gpt2ForwardBackward<double>(const Gpt2Config&, const double*, const int*, const int*, int, double,
                                            double*, Gpt2Activations<double>&, std::vector<double>*);

}  // namespace glassbox
