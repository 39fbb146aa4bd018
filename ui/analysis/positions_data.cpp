#include "positions_data.h"

#include <algorithm>

#include "analysis/positional.h"
#include "formats/rope_scaling.h"
#include "models/model.h"

namespace glassbox {

PositionsData positionsDataFromModel(const Model& model, int maxPositions) {
  const ModelConfig& cfg = model.config();
  PositionsData d;
  d.modelName = QString::fromStdString(model.info().name);
  d.dModel = cfg.dModel;
  d.positions = std::max(1, std::min(cfg.contextLength, maxPositions));
  d.rope = cfg.positions == PositionScheme::Rotary;
  d.headDim = cfg.headDim > 0 ? cfg.headDim : (cfg.numHeads > 0 ? cfg.dModel / cfg.numHeads : 0);
  d.ropeTheta = cfg.ropeTheta;
  if (d.rope) {
    try {
      d.ropeFreq = ropeFrequencies(cfg);
    } catch (const std::exception&) {
      d.ropeFreq.clear();  // setData falls back to theta alone
    }
    if (cfg.ropeScaling.type != RopeScalingType::None)
      d.ropeScaling = QStringLiteral("%1 ×%2").arg(QLatin1String(ropeScalingName(cfg.ropeScaling.type)))
                          .arg(cfg.ropeScaling.factor, 0, 'g', 4);
  }
  if (!d.rope) {
    d.learned = DenseMatrix(d.positions, cfg.dModel);
    for (int p = 0; p < d.positions; ++p) {
      const std::vector<float> row = model.positionEmbedding(p);
      if (row.size() != static_cast<std::size_t>(cfg.dModel)) {
        d.learned = DenseMatrix();
        break;
      }
      std::copy(row.begin(), row.end(), d.learned.row(p).begin());
    }
  }
  return d;
}

}  // namespace glassbox
