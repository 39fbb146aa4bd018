// The architecture map: its blocks and sizes follow the config (GPT-2 and Llama shapes, and the
// parameter counts of GPT-2 small and Llama-2-7B as published), its live values are the trace's own
// numbers, and the view steps through layers and opens stages.
#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <cmath>

#include "architecture_map_view.h"
#include "feed_forward_view.h"
#include "logit_lens_view.h"
#include "logits_data.h"
#include "models/model.h"
#include "models/session.h"
#include "models/trace.h"
#include "models/tiny_model.h"

namespace glassbox {
namespace {

using testing::TinyArch;
using testing::TinySpec;

ModelConfig gpt2Small() {
  ModelConfig c;
  c.architecture = "gpt2";
  c.numLayers = 12, c.numHeads = 12, c.numKvHeads = 12, c.dModel = 768, c.headDim = 64, c.hiddenDim = 3072;
  c.vocabSize = 50257, c.contextLength = 1024;
  c.attentionBias = c.attentionOutBias = c.fusedQkv = true;
  return c;
}

ModelConfig llama2_7b() {
  ModelConfig c;
  c.architecture = "llama";
  c.numLayers = 32, c.numHeads = 32, c.numKvHeads = 32, c.dModel = 4096, c.headDim = 128, c.hiddenDim = 11008;
  c.vocabSize = 32000, c.contextLength = 4096;
  c.normKind = NormKind::RmsNorm, c.activation = Activation::Silu, c.gatedFfn = true, c.ffnBias = false;
  c.positions = PositionScheme::Rotary, c.tiedEmbeddings = false;
  return c;
}

int count(const MapColumn& col, MapStage s) {
  return static_cast<int>(std::count_if(col.blocks.begin(), col.blocks.end(), [s](const MapBlock& b) { return b.stage == s; }));
}

TEST(ArchitectureMap, BlocksFollowTheDecoderConfig) {
  for (const ModelConfig& c : {gpt2Small(), llama2_7b()}) {
    const ArchitectureMapData d = architectureFromConfig(c);
    ASSERT_EQ(d.columns.size(), 1u);
    const MapColumn& col = d.columns[0];
    EXPECT_EQ(col.layers, c.numLayers);
    // tokens, embedding, positions; 4 per layer; final norm, head, logits, softmax, next token.
    EXPECT_EQ(col.blocks.size(), static_cast<std::size_t>(3 + 4 * c.numLayers + 5));
    EXPECT_EQ(count(col, MapStage::Attention), c.numLayers);
    EXPECT_EQ(count(col, MapStage::FeedForward), c.numLayers);
    EXPECT_EQ(count(col, MapStage::AddNorm), 2 * c.numLayers);
    EXPECT_EQ(col.blocks.front().stage, MapStage::Tokens);
    EXPECT_EQ(col.blocks.back().stage, MapStage::Sampling);
    for (const MapBlock& b : col.blocks) {
      if (b.stage == MapStage::Attention) {
        EXPECT_TRUE(b.sizes.contains(QStringLiteral("%1 heads × %2").arg(c.numHeads).arg(c.headDim))) << b.sizes.toStdString();
      }
      if (b.stage == MapStage::FeedForward) {
        EXPECT_TRUE(b.sizes.contains(QStringLiteral("%1 → %2 → %1").arg(c.dModel).arg(c.hiddenDim))) << b.sizes.toStdString();
        EXPECT_EQ(b.sizes.contains(QStringLiteral("gated")), c.gatedFfn);
      }
    }
  }
}

TEST(ArchitectureMap, ParameterCountsAreThePublishedOnes) {
  EXPECT_EQ(architectureFromConfig(gpt2Small()).totalParams, 124439808u);   // GPT-2 small, tied head
  EXPECT_EQ(architectureFromConfig(llama2_7b()).totalParams, 6738415616u);  // Llama-2-7B
  const ArchitectureMapData d = architectureFromConfig(llama2_7b());
  std::uint64_t sum = 0;
  for (const ParameterShare& s : d.shares) sum += s.params;
  EXPECT_EQ(sum, d.totalParams);
  EXPECT_EQ(d.shares[4].params, 32000u * 4096u);  // the untied head
}

TEST(ArchitectureMap, EncoderDecoderHasTwoColumnsWithCrossAttention) {
  ModelConfig c = gpt2Small();
  c.family = Family::EncoderDecoder;
  c.numLayers = 6, c.numDecoderLayers = 4;
  c.positions = PositionScheme::RelativeBuckets, c.relativeBuckets = 32;
  const ArchitectureMapData d = architectureFromConfig(c);
  ASSERT_EQ(d.columns.size(), 2u);
  EXPECT_EQ(d.columns[0].layers, 6);
  EXPECT_EQ(d.columns[1].layers, 4);
  EXPECT_EQ(count(d.columns[0], MapStage::CrossAttention), 0);
  EXPECT_EQ(count(d.columns[1], MapStage::CrossAttention), 4);
  EXPECT_EQ(count(d.columns[0], MapStage::Softmax), 0);
  EXPECT_EQ(count(d.columns[1], MapStage::Softmax), 1);
}

struct Traced {
  std::shared_ptr<const Model> model;
  Trace trace;
  std::vector<int> ids;
};

Traced traced(const TinySpec& s, const char* name) {
  const auto dir = testing::freshTempDir() / name;
  testing::writeTinyHfModel(dir, s, 23);
  Traced t;
  t.model = Model::load(dir.string());
  t.ids = testing::randomTokens(7, s.vocab, 5);
  InferenceSession session(t.model);
  ForwardOptions o;
  o.trace = &t.trace;
  o.traceParts = kTraceMlp;
  session.forward(t.ids, o);
  return t;
}

TinySpec gpt2Tiny() {
  TinySpec s;
  s.arch = TinyArch::Gpt2, s.architectureName = "GPT2LMHeadModel", s.modelType = "gpt2";
  return s;
}

QString idText(int id) { return QStringLiteral("t%1").arg(id); }

TEST(ArchitectureMap, TinyModelsCountTheirOwnParameters) {
  TinySpec untied;
  untied.tied = false;
  untied.kvHeads = 2;
  for (const TinySpec& s : {gpt2Tiny(), untied}) {
    const Traced t = traced(s, s.arch == TinyArch::Gpt2 ? "gpt2" : "llama");
    EXPECT_EQ(architectureFromConfig(t.model->config()).totalParams, t.model->info().parameterCount);
  }
}

TEST(ArchitectureMap, LiveValuesAreTheTracesNumbers) {
  const Traced t = traced(gpt2Tiny(), "gpt2");
  ArchitectureMapData d = architectureFromConfig(t.model->config());
  const int pos = 6;  // the last: the trace's own logits
  addLiveValues(d, *t.model, t.trace, t.ids, pos, idText, 5);
  const TraceStack& s = t.trace.output();
  for (const MapBlock& b : d.columns[0].blocks) {
    if (b.stage == MapStage::Embedding) {
      ASSERT_EQ(b.strip.size(), static_cast<std::size_t>(s.dModel));
      for (int i = 0; i < s.dModel; ++i) EXPECT_EQ(b.strip[i], s.tokenEmbeddings[pos * s.dModel + i]);
    }
    if (b.stage == MapStage::FeedForward) {
      ASSERT_EQ(b.strip.size(), static_cast<std::size_t>(s.mlpWidth));
      for (int i = 0; i < s.mlpWidth; ++i)
        EXPECT_EQ(b.strip[i], s.mlpActivations[(static_cast<std::size_t>(b.layer) * s.numTokens + pos) * s.mlpWidth + i]);
      EXPECT_GT(b.norm, 0);
    }
    if (b.stage == MapStage::Attention) {
      ASSERT_EQ(b.heatRows, t.model->config().numHeads);
      for (int h = 0; h < b.heatRows; ++h) {
        double sum = 0;
        for (int k = 0; k < b.heatCols; ++k) sum += b.heat[h * b.heatCols + k];
        EXPECT_NEAR(sum, 1.0, 1e-5);  // a causal row of the last token sees every key
      }
    }
    if (b.stage == MapStage::Logits) {
      ASSERT_EQ(b.topValues.size(), 5u);
      EXPECT_EQ(b.topValues[0], *std::max_element(t.trace.lastLogits.begin(), t.trace.lastLogits.end()));
      EXPECT_TRUE(std::is_sorted(b.topValues.rbegin(), b.topValues.rend()));
    }
    if (b.stage == MapStage::Softmax) {
      double z = 0;
      const float mx = *std::max_element(t.trace.lastLogits.begin(), t.trace.lastLogits.end());
      for (float v : t.trace.lastLogits) z += std::exp(static_cast<double>(v) - mx);
      EXPECT_NEAR(b.topValues[0], 1.0 / z, 1e-6);
    }
  }
  // An earlier position decodes its residual through the final norm and head.
  ArchitectureMapData early = architectureFromConfig(t.model->config());
  addLiveValues(early, *t.model, t.trace, t.ids, 2, idText, 3);
  const std::vector<float> logits = t.model->logitsFromHidden(s.finalHiddenAt(2));
  for (const MapBlock& b : early.columns[0].blocks)
    if (b.stage == MapStage::Logits) {
      EXPECT_NEAR(b.topValues[0], *std::max_element(logits.begin(), logits.end()), 1e-4);
    }
}

TEST(ArchitectureMapView, StepsLayersAndOpensStages) {
  const Traced t = traced(gpt2Tiny(), "gpt2");
  ArchitectureMapView view;
  view.resize(520, 760);
  view.setModel(t.model, QStringLiteral("tiny"));
  view.setTrace(std::make_shared<const Trace>(t.trace), t.ids, idText);
  view.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
  EXPECT_EQ(view.position(), 6);
  EXPECT_EQ(view.drawnBlocks(0).size(), 3u + 4u + 5u);
  QSignalSpy layers(&view, &ArchitectureMapView::layerChanged);
  QTest::keyClick(&view, Qt::Key_Up);
  EXPECT_EQ(view.layer(), 1);
  QTest::keyClick(&view, Qt::Key_Up);  // 2 layers: stays at the top
  EXPECT_EQ(view.layer(), 1);
  EXPECT_EQ(layers.count(), 1);
  for (const MapBlock* b : view.drawnBlocks(0))
    if (b->layer >= 0) {
      EXPECT_EQ(b->layer, 1);
    }
  QTest::keyClick(&view, Qt::Key_Left);
  EXPECT_EQ(view.position(), 5);
  EXPECT_EQ(view.data().tokenText, idText(t.ids[5]));
  // A click on the feed-forward block asks for that stage of the shown layer.
  QSignalSpy stages(&view, &ArchitectureMapView::stageActivated);
  bool clicked = false;
  for (int y = view.height() - 1; y > 0 && !clicked; y -= 4) {
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(view.width() / 4, y));
    if (!stages.isEmpty() && stages.last().at(0).value<MapStage>() == MapStage::FeedForward) clicked = true;
  }
  ASSERT_TRUE(clicked);
  EXPECT_EQ(stages.last().at(1).toInt(), 1);
  const QJsonObject json = view.jsonData().toObject();
  EXPECT_EQ(json["columns"].toArray()[0].toObject()["blocks"].toArray().size(), 3 + 4 * 2 + 5);
}

TEST(LogitSteps, DivideByTemperatureThenSoftmaxAsComputedDirectly) {
  const Traced t = traced(gpt2Tiny(), "gpt2");
  const std::vector<float>& z = t.trace.lastLogits;
  for (double T : {0.1, 0.5, 0.8, 1.0, 1.7, 3.0}) {
    const LogitSteps s = logitSteps(z, T, 8, idText);
    ASSERT_EQ(s.rows.size(), 8u);
    double sum = 0;
    for (float v : z) sum += std::exp(static_cast<double>(v) / T);
    for (const LogitRow& r : s.rows) {
      EXPECT_EQ(r.logit, z[static_cast<std::size_t>(r.id)]);
      EXPECT_NEAR(r.scaled, z[static_cast<std::size_t>(r.id)] / T, 1e-9);
      EXPECT_NEAR(r.probability, std::exp(z[static_cast<std::size_t>(r.id)] / T) / sum, 1e-9) << "T " << T;
    }
    EXPECT_EQ(s.rows[0].id, static_cast<int>(std::max_element(z.begin(), z.end()) - z.begin()));
    EXPECT_NEAR(s.logSumExp, std::log(sum), 1e-9);
  }
  const LogitSteps greedy = logitSteps(z, 0.0, 3, idText);
  EXPECT_EQ(greedy.rows[0].probability, 1.0);
  EXPECT_EQ(greedy.rows[1].probability, 0.0);
  EXPECT_TRUE(logitSteps({}, 1.0, 3, idText).rows.empty());
}

TEST(FeedForwardData, IsTheTracedLayerWithItsGateAndUp) {
  TinySpec llama;
  llama.kvHeads = 2;
  const Traced t = traced(llama, "llama");
  const TraceStack& s = t.trace.output();
  const QStringList labels(7, QStringLiteral("x"));
  const FeedForwardData d = feedForwardData(*t.model, t.trace, labels, 1, 3, -1, idText, 6);
  ASSERT_EQ(d.width, llama.hidden);
  ASSERT_TRUE(d.gated);
  const std::size_t F = static_cast<std::size_t>(d.width), T = 7;
  for (std::size_t i = 0; i < T * F; ++i) {
    ASSERT_EQ(d.activations[i], s.mlpActivations[T * F + i]);
    EXPECT_NEAR(d.activations[i], d.gate[i] * d.up[i], 1e-5 * (1 + std::abs(d.activations[i])));
  }
  ASSERT_EQ(d.topNeurons.size(), 6u);
  for (std::size_t i = 1; i < d.topNeurons.size(); ++i) EXPECT_GE(std::abs(d.topNeurons[i - 1].value), std::abs(d.topNeurons[i].value));
  EXPECT_EQ(d.neuron, d.topNeurons[0].neuron);
  EXPECT_EQ(d.neuronOverTokens[3], d.activations[3 * F + static_cast<std::size_t>(d.neuron)]);
  ASSERT_FALSE(d.promotes.empty());
  EXPECT_GT(d.promotes.front().score, d.suppresses.front().score);
  ASSERT_EQ(d.attentionChange.size(), 2u);
  EXPECT_GT(d.ffnChange[1], 0);
  // Without the MLP part the data says what is missing instead of showing zeros.
  Trace bare = t.trace;
  bare.stacks.back().mlpActivations.clear();
  EXPECT_ANY_THROW(feedForwardData(*t.model, bare, labels, 0, 0, -1, idText));
}

TEST(LogitLensView, LastBoundaryIsTheModelsOwnAnswer) {
  const Traced t = traced(gpt2Tiny(), "gpt2");
  LogitLensView view;
  view.setTrace(t.model, std::make_shared<const Trace>(t.trace), t.ids, idText);
  const LogitLens& lens = view.lens();
  ASSERT_EQ(lens.boundaries, t.model->config().numLayers + 1);
  ASSERT_EQ(lens.positions.size(), 7u);
  const auto& z = t.trace.lastLogits;
  EXPECT_EQ(lens.at(lens.boundaries - 1, 6).token, static_cast<int>(std::max_element(z.begin(), z.end()) - z.begin()));
  EXPECT_EQ(lens.at(0, 0).target, t.ids[1]);  // position t is compared with the token that came next
  EXPECT_EQ(view.jsonData().toObject()["rows"].toArray().size(), lens.boundaries);
}

}  // namespace
}  // namespace glassbox
