#pragma once
// What the Positions view draws, read from a model once at load (on the worker): the learned position
// embeddings (GPT-2, BERT) or the RoPE settings (Llama). Plain data, no Qt widgets.
// Shape legend: P = positions, C = d_model, D = head dim.
#include <QString>
#include <vector>

#include "analysis/dense_matrix.h"

namespace glassbox {

class Model;

struct PositionsData {
  QString modelName;
  int dModel = 0;           // C
  int positions = 0;        // P shown
  DenseMatrix learned;      // [P][C] learned position embeddings; empty for RoPE models
  bool rope = false;
  int headDim = 0;          // D (RoPE)
  double ropeTheta = 10000.0;
  std::vector<double> ropeFreq;  // [D/2] the model's frequencies, scaled per config.json (empty: from theta)
  QString ropeScaling;           // e.g. "llama3 ×8"; empty when unscaled
};

// Reads the first `maxPositions` learned rows (GPT-2) or the RoPE settings (Llama) from the model.
PositionsData positionsDataFromModel(const Model& model, int maxPositions = 256);

}  // namespace glassbox
