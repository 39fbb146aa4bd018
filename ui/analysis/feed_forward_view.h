#pragma once
// The feed-forward network of one layer: its hidden activations over the prompt [T x F] as a heatmap,
// the most active neurons of the selected token, one neuron's activation over the prompt and the
// tokens its output weights promote and suppress through the unembedding (Geva et al. 2022), and per
// layer how much attention and the FFN changed the selected token's residual stream. A gated FFN
// (SwiGLU, gated GELU) shows its gate and up branches beside the product.
// Keys: Up/Down the layer, Left/Right the token, a click on the heatmap picks a token and a neuron.
//
// Shape legend: T = tokens, F = FFN hidden size, L = layers, V = vocabulary.
#include <QStringList>
#include <QWidget>
#include <functional>
#include <memory>
#include <vector>

#include "exportable_view.h"

namespace glassbox {

class Model;
struct Trace;

struct NeuronValue {
  int neuron = -1;
  float value = 0;
};
struct TokenScore {
  QString token;
  float score = 0;
};

struct FeedForwardData {
  int layer = 0, numLayers = 0, position = 0, numTokens = 0, width = 0;  // width = F
  bool gated = false;
  QStringList tokens;                // [T]
  std::vector<float> activations;    // [T][F] the input of the down projection
  std::vector<float> gate, up;       // [T][F] gated FFNs: act(gate x) and up x
  std::vector<NeuronValue> topNeurons;  // of the selected token, by |activation|, largest first
  int neuron = -1;                   // the chosen neuron
  std::vector<float> neuronOverTokens;  // [T]
  std::vector<TokenScore> promotes, suppresses;  // its vocabulary effect (empty without a head)
  std::vector<double> attentionChange, ffnChange;  // [L] |Δ residual| of the selected token
  bool empty() const { return width == 0; }
};

// The FFN of `layer` for token `position` of the output stack (the trace needs kTraceMlp); neuron -1
// chooses the selected token's most active one. Throws Error when the trace has no MLP part.
FeedForwardData feedForwardData(const Model& model, const Trace& trace, const QStringList& tokens, int layer, int position,
                                int neuron, const std::function<QString(int)>& tokenText, int top = 8);

class FeedForwardView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit FeedForwardView(QWidget* parent = nullptr);

  void setTrace(std::shared_ptr<const Model> model, std::shared_ptr<const Trace> trace, QStringList tokens,
                std::function<QString(int)> tokenText);
  void setLayer(int layer);
  void setPosition(int position);
  void setNeuron(int neuron);
  const FeedForwardData& data() const { return data_; }

  QString exportName() const override { return QStringLiteral("feed-forward"); }
  QString exportTitle() const override;
  QWidget* exportWidget() override { return this; }
  QString csvData() const override;
  QJsonValue jsonData() const override;
  QSize sizeHint() const override { return {420, 520}; }
  QSize minimumSizeHint() const override { return {240, 240}; }

 signals:
  void layerChanged(int layer);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;

 private:
  void recompute();
  QRect heatRect() const;

  std::shared_ptr<const Model> model_;
  std::shared_ptr<const Trace> trace_;
  QStringList tokens_;
  std::function<QString(int)> tokenText_;
  int layer_ = 0, position_ = -1, neuron_ = -1;
  FeedForwardData data_;
  QString error_;
};

}  // namespace glassbox
