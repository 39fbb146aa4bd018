// The Embeddings dock in the real window on the default model: hidden states as paths through one
// PCA over all layers, the homonym example with its shared word emphasised, and pictures of the
// window at 1280 x 800 (written to $GLASSBOX_SCREENSHOT_DIR when set, else to a temporary folder).
// Closing the window while the analysis views' workers run.
#include <QComboBox>
#include <QDockWidget>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <gtest/gtest.h>

#include "analysis/layer_paths.h"
#include "attention_model_view.h"
#include "core/rng.h"
#include "embeddings_view.h"
#include "engine_controller.h"
#include "models/tiny_model.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

const std::string kDefaultModel = std::string(GLASSBOX_SOURCE_DIR) + "/assets/models/glassbox-kjv";

TEST(EmbeddingsWindow, HiddenStatePathsAndTheHomonymOnTheDefaultModel) {
  if (!std::filesystem::exists(kDefaultModel + "/model.safetensors")) GTEST_SKIP() << "no default model at " << kDefaultModel;
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, QString::fromStdString(kDefaultModel),
                                      QStringLiteral("In the beginning God created the heaven and the earth.")))
      << w->lastError().toStdString();
  QTemporaryDir tmp;
  const QString dir = qEnvironmentVariableIsEmpty("GLASSBOX_SCREENSHOT_DIR") ? tmp.path()
                                                                             : qEnvironmentVariable("GLASSBOX_SCREENSHOT_DIR");
  EmbeddingsView* emb = w->embeddingsView();
  w->embeddingsDock()->raise();

  // This prompt's hidden states: one path per token through embeddings + 4 layers.
  w->embeddingsMode()->setCurrentIndex(1);
  ASSERT_TRUE(testing::waitFor([&] { return emb->data().layers.size() == 5 && emb->projection() && !emb->projectionPending(); }));
  ASSERT_TRUE(emb->pathsShown());
  const LayerPaths direct = sharedLayerPca(emb->data().layers, 2);
  emb->setLayer(2);
  for (int i = 0; i < emb->data().size(); ++i)
    for (int k = 0; k < 2; ++k) ASSERT_EQ(emb->projected().at(i, k), direct.points[2].at(i, k)) << i;
  QTest::qWait(60);
  EXPECT_TRUE(w->grab().toImage().save(dir + "/embeddings-paths.png"));

  // The homonym pair: two prompts, the shared word once in each, both emphasised.
  w->embeddingsMode()->setCurrentIndex(2);
  ASSERT_TRUE(testing::waitFor([&] { return emb->data().groupNames.size() == 3 && emb->projection() && !emb->projectionPending(); }));
  EXPECT_EQ(emb->data().groupNames[1], homonymExamplePrompts()[0]);
  int emphasised = 0;
  for (int i = 0; i < emb->data().size(); ++i) emphasised += emb->isEmphasised(i) ? 1 : 0;
  EXPECT_EQ(emphasised, 2);
  EXPECT_EQ(emb->layer(), 4) << "the example opens at the last layer";
  QTest::qWait(60);
  EXPECT_TRUE(w->grab().toImage().save(dir + "/embeddings-homonym.png"));
  emb->setLayerLayout(EmbeddingsView::LayerLayout::EachLayer);
  QTest::qWait(60);
  EXPECT_TRUE(w->grab().toImage().save(dir + "/embeddings-homonym-each-layer.png"));
  // Back to token embeddings: no emphasis left over.
  w->embeddingsMode()->setCurrentIndex(0);
  ASSERT_TRUE(testing::waitFor([&] { return emb->data().layers.size() == 1; }));
  for (int i = 0; i < emb->data().size(); ++i) ASSERT_FALSE(emb->isEmphasised(i));
}

// The window closes while both workers are busy with data far larger than the tiny model's: nothing
// is delivered to the destroyed views and nothing hangs.
TEST(EmbeddingsWindow, ClosingWhileTheAnalysisWorkersRunIsSafe) {
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "m");
  EmbeddingsData big;
  big.title = "big";
  big.groupNames = {"(none)", "prompt"};
  Rng rng(4);
  for (int b = 0; b < 9; ++b) {
    DenseMatrix m(700, 192);
    for (auto& v : m.values) v = static_cast<float>(rng.normal());
    big.layers.push_back(std::move(m));
    big.layerNames << QString("boundary %1").arg(b);
  }
  for (int i = 0; i < 700; ++i) {
    big.labels << QString("t%1").arg(i);
    big.tokenIds.push_back(i);
    big.groups.push_back(1);
    big.positions.push_back(i);
  }
  std::vector<DenseMatrix> heads;
  for (int h = 0; h < 12 * 12; ++h) {
    DenseMatrix m(150, 150);
    for (int q = 0; q < 150; ++q)
      for (int k = 0; k <= q; ++k) m.at(q, k) = 1.0f / static_cast<float>(q + 1);
    heads.push_back(std::move(m));
  }
  QStringList tokens;
  for (int t = 0; t < 150; ++t) tokens << QString("w%1").arg(t);
  const AttentionData attention = attentionDataFromDense(heads, 12, 12, 12, tokens);
  for (int round = 0; round < 3; ++round) {
    auto w = testing::makeWindow();
    ASSERT_TRUE(testing::loadAndAnalyse(*w, QString::fromStdString(model.string()), "the theme")) << w->lastError().toStdString();
    w->embeddingsView()->setData(big);
    w->attentionModelView()->setData(attention);
    EXPECT_TRUE(w->embeddingsView()->projectionPending());
    EXPECT_TRUE(w->attentionModelView()->pending());
    if (round == 1) QTest::qWait(3);
    if (round == 2) w->close();
    w.reset();
    QTest::qWait(20);  // a late queued result would land here
  }
}

}  // namespace
}  // namespace glassbox
