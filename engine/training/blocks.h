#pragma once
// Forward and backward passes of the blocks the encoder (BERT) and encoder-decoder (T5) trainers are
// built from, templated on the scalar (float for training, double for the gradient checks). Plain
// loops and Eigen products only; every backward *adds* into parameter gradients and says what it does
// with input gradients.
//
// Shape legend: T = rows (tokens), C = channels, H = heads, D = head dim, Q = query rows, K = key rows,
// F = inner (FFN) width, V = vocabulary, B = relative-position buckets.
// Linear weights are nn.Linear's [out][in] (y = x W^T + b), the layout of BERT's and T5's checkpoints.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace glassbox::blocks {

// y [T][out] = x [T][in] W^T + b  (b may be null).
template <typename T>
void linear(const T* x, const T* w, const T* b, T* y, int rows, int in, int out);
// dW += dy^T x, db += colsum(dy) (db may be null); dx = dy W (overwritten) when dx is not null.
template <typename T>
void linearBackward(const T* x, const T* w, const T* dy, T* dx, T* dw, T* db, int rows, int in, int out);

// LayerNorm over C with weight and bias; stats [T][2] = mean, 1/std.
template <typename T>
void layerNorm(const T* x, const T* w, const T* b, T* y, T* stats, int rows, int C, double eps);
// Adds dL/dx into dx, dL/dw into dw, dL/db into db.
template <typename T>
void layerNormBackward(const T* x, const T* w, const T* stats, const T* dy, T* dx, T* dw, T* db, int rows, int C);

// T5LayerNorm (RMS norm): y = x / sqrt(mean(x^2) + eps) * w — no mean subtracted, no bias.
// rstd [T] keeps 1/sqrt(mean(x^2) + eps).
template <typename T>
void rmsNorm(const T* x, const T* w, T* y, T* rstd, int rows, int C, double eps);
// Adds dL/dx into dx and dL/dw into dw.
template <typename T>
void rmsNormBackward(const T* x, const T* w, const T* rstd, const T* dy, T* dx, T* dw, int rows, int C);

// GELU with erf (BERT's "gelu"), and its derivative.
template <typename T>
T geluErf(T x);
template <typename T>
T geluErfGrad(T x);

// Multi-head attention of Q query rows over K key rows: q [Q][H*D], k and v [K][H*D], optional additive
// bias [H][Q][K] (T5's relative position bias), scores = scale * q.k + bias, causal hides keys j > i.
// probs [H][Q][K] keeps the softmax rows (0 where hidden); out [Q][H*D].
struct AttentionShape {
  int heads = 1, headDim = 1;
  double scale = 1.0;   // 1/sqrt(D) for BERT, 1 for T5 (its 1/sqrt(D) lives in the initialisation)
  bool causal = false;  // decoders; encoders and cross-attention are bidirectional
};
template <typename T>
void attention(const AttentionShape& s, const T* q, const T* k, const T* v, const T* bias, int Q, int K, T* probs,
               T* out);
// From dOut [Q][H*D]: dq [Q][H*D], dk, dv [K][H*D] overwritten; dBias [H][Q][K] added into when not null.
template <typename T>
void attentionBackward(const AttentionShape& s, const T* q, const T* k, const T* v, const T* probs, const T* dOut,
                       int Q, int K, T* dq, T* dk, T* dv, T* dBias);

// transformers' T5Attention._relative_position_bucket for relative = key - query, computed in float32
// as PyTorch does (the log of the large-distance buckets is taken in single precision).
int relativePositionBucket(int relative, bool bidirectional, int numBuckets, int maxDistance);
// bias [H][Q][K] from the table [B][H] (relative_attention_bias.weight): bias[h][i][j] = table[b(j-i)][h].
template <typename T>
void relativePositionBias(const T* table, int heads, int Q, int K, bool bidirectional, int numBuckets,
                          int maxDistance, T* bias);
// dTable [B][H] += the sum of dBias over the (i, j) of each bucket.
template <typename T>
void relativePositionBiasBackward(const T* dBias, int heads, int Q, int K, bool bidirectional, int numBuckets,
                                  int maxDistance, T* dTable);

// Softmax cross-entropy of rows [T][V] against targets (negative = not counted). Returns the summed
// nats; the rows are replaced by lossScale * dL/dlogits (0 for rows not counted).
template <typename T>
double softmaxCrossEntropy(T* logits, const int* targets, int rows, int V, T lossScale);

}  // namespace glassbox::blocks
