#include "synthetic_data.h"

#include <cmath>

#include "core/rng.h"

namespace glassbox::test {

QStringList sampleTokens(int n) {
  static const char* kWords[] = {"<s>", "The", " teacher", " taught", " the", " student", " with", " the",
                                 " book", ".", " I", " sat", " on", " the", " river", " bank", "."};
  QStringList out;
  for (int i = 0; i < n; ++i) out << QString::fromUtf8(kWords[i % std::size(kWords)]);
  return out;
}

std::vector<DenseMatrix> syntheticHeads(int layers, int heads, int t) {
  Rng rng(99);
  std::vector<DenseMatrix> out;
  for (int l = 0; l < layers; ++l)
    for (int h = 0; h < heads; ++h) {
      DenseMatrix m(t, t);
      const int kind = (l + h) % 5;
      for (int q = 0; q < t; ++q) {
        double sum = 0;
        for (int k = 0; k <= q; ++k) {
          double v = 0.02 * rng.uniform();
          if (kind == 0 && k == std::max(0, q - 1)) v += 1.0;
          if (kind == 1 && k == 0) v += 1.0;
          if (kind == 2 && k == q) v += 1.0;
          if (kind == 3) v = 1.0;
          if (kind == 4) v = std::exp(2.0 * rng.normal());
          m.at(q, k) = static_cast<float>(v);
          sum += v;
        }
        for (int k = 0; k <= q; ++k) m.at(q, k) = static_cast<float>(m.at(q, k) / sum);
      }
      out.push_back(std::move(m));
    }
  return out;
}

AttentionData syntheticAttention(int layers, int heads, int tokens, int kvHeads) {
  return attentionDataFromDense(syntheticHeads(layers, heads, tokens), layers, heads, kvHeads, sampleTokens(tokens));
}

}  // namespace glassbox::test
