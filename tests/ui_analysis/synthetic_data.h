#pragma once
// Constructed inputs for the view tests: attention heads with known patterns, embedding clouds.
#include <QStringList>

#include "analysis/dense_matrix.h"
#include "attention_data.h"

namespace glassbox::test {

QStringList sampleTokens(int n);  // "The", " cat", ... cycling, n of them
// L x H heads over T tokens; head h of layer l is previous-token, first-token, self, uniform or random
// by (l + h) % 5, so labels are known.
AttentionData syntheticAttention(int layers, int heads, int tokens, int kvHeads = 0);
// The dense matrices behind syntheticAttention (same order, same values).
std::vector<DenseMatrix> syntheticHeads(int layers, int heads, int tokens);

}  // namespace glassbox::test
