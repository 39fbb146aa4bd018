#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <cmath>

#include "analysis/positional.h"
#include "analysis/similarity.h"
#include "core/rng.h"
#include "embeddings_view.h"
#include "models/model.h"
#include "positions_view.h"
#include "tokenizers/tokenizer.h"
#include "tsne_runner.h"

namespace glassbox {
namespace {

QString outDir() {
  const QString dir = QString(GLASSBOX_BINARY_DIR) + "/ui_analysis_test_output";
  QDir().mkpath(dir);
  return dir;
}

// Three clusters of 20 points in 16 dimensions, along axes 0, 1, 2; prompt points are the first 4 of each.
EmbeddingsData clusterData() {
  Rng rng(5);
  EmbeddingsData d;
  d.title = "test clusters";
  d.groupNames = {"vocabulary", "prompt"};
  d.layerNames = {"embeddings"};
  DenseMatrix m(60, 16);
  for (int i = 0; i < 60; ++i) {
    for (int c = 0; c < 16; ++c) m.at(i, c) = static_cast<float>(0.1 * rng.normal() + (c == i / 20 ? 3.0 : 0.0));
    d.labels << QString("c%1_%2").arg(i / 20).arg(i % 20);
    d.tokenIds.push_back(i);
    d.groups.push_back(i % 20 < 4 ? 1 : 0);
    d.positions.push_back(i % 20 < 4 ? i : -1);
  }
  d.layers.push_back(m);
  return d;
}

double nonUniformFraction(const QImage& img) {
  const QRgb first = img.pixel(0, 0);
  long long diff = 0, all = 0;
  for (int y = 0; y < img.height(); y += 2)
    for (int x = 0; x < img.width(); x += 2, ++all) diff += img.pixel(x, y) != first ? 1 : 0;
  return all ? static_cast<double>(diff) / all : 0.0;
}

TEST(EmbeddingsView, PcaSeparatesClustersAndClickListsNeighbours) {
  EmbeddingsView view;
  view.resize(1000, 700);
  view.setData(clusterData());
  view.flush();  // PCA runs on the view's worker
  const DenseMatrix& p = view.projected();
  ASSERT_EQ(p.rows, 60);
  // Cluster centroids in 2D are far apart compared with the spread inside a cluster.
  double cx[3] = {0, 0, 0}, cy[3] = {0, 0, 0};
  for (int i = 0; i < 60; ++i) {
    cx[i / 20] += p.at(i, 0) / 20;
    cy[i / 20] += p.at(i, 1) / 20;
  }
  for (int i = 0; i < 60; ++i) {
    const double own = std::hypot(p.at(i, 0) - cx[i / 20], p.at(i, 1) - cy[i / 20]);
    for (int c = 0; c < 3; ++c) {
      if (c != i / 20) EXPECT_LT(own, std::hypot(p.at(i, 0) - cx[c], p.at(i, 1) - cy[c]));
    }
  }
  QSignalSpy spy(&view, &EmbeddingsView::pointSelected);
  view.selectPoint(21);
  ASSERT_EQ(spy.count(), 1);
  const QStringList lines = view.neighbourLines();
  ASSERT_EQ(lines.size(), 10);
  // The best neighbour matches an independent cosine computation.
  const auto nn = cosineNearest(view.data().layers[0].row(21), view.data().layers[0], 1, 21);
  EXPECT_TRUE(lines[0].contains(view.data().labels[nn[0].index])) << lines[0].toStdString();
  for (const QString& l : lines) EXPECT_TRUE(l.contains("c1_")) << l.toStdString();
  view.show();
  QCoreApplication::processEvents();
  EXPECT_GT(nonUniformFraction(view.grab().toImage()), 0.05);
  EXPECT_TRUE(view.exportTo(outDir() + "/embeddings.png"));
  EXPECT_TRUE(view.exportData(outDir() + "/embeddings.csv"));
  EXPECT_EQ(view.csvData().count('\n'), 61);
}

TEST(EmbeddingsView, TsneRunsOffTheUiThreadAnimatesAndIsDeterministic) {
  EmbeddingsView view;
  TsneOptions o;
  o.iterations = 300;
  o.perplexity = 10;
  o.seed = 3;
  view.setTsneOptions(o);
  view.setData(clusterData());
  QSignalSpy frames(view.tsneRunner(), &TsneRunner::frame);
  QSignalSpy done(&view, &EmbeddingsView::tsneFinished);
  view.tsneRunner()->setFrameInterval(0);
  view.setProjection(EmbeddingsView::Projection::Tsne);
  ASSERT_TRUE(done.wait(60000));
  EXPECT_FALSE(done.at(0).at(0).toBool());
  EXPECT_GE(frames.count(), 5);
  const std::vector<float> first = view.projected().values;
  // The same seed gives the same picture, and it equals a direct call of the engine function.
  const TsneResult direct = tsne(view.data().layers[0], o);
  EXPECT_EQ(first, direct.points.values);
  view.setProjection(EmbeddingsView::Projection::Tsne);
  ASSERT_TRUE(done.wait(60000));
  EXPECT_EQ(view.projected().values, first);
}

TEST(EmbeddingsView, TsneCanBeCancelled) {
  TsneRunner runner;
  QSignalSpy done(&runner, &TsneRunner::finished);
  TsneOptions o;
  o.iterations = 100000;
  runner.start(clusterData().layers[0], o);
  runner.cancel();
  ASSERT_TRUE(done.wait(60000));
  EXPECT_TRUE(done.at(0).at(1).toBool());
  EXPECT_FALSE(runner.running());
}

TEST(EmbeddingsView, ContextualStatesFollowTheLayerSlider) {
  std::vector<TracedPrompt> prompts;
  for (int g = 0; g < 2; ++g) {
    auto trace = std::make_shared<Trace>();
    TraceStack& stack = trace->stacks.emplace_back();
    stack.numTokens = 5 + g;
    stack.numLayers = 2;
    stack.dModel = 8;
    stack.residual.resize(3 * stack.numTokens * 8);
    Rng rng(10 + g);
    for (auto& v : stack.residual) v = static_cast<float>(rng.normal());
    prompts.push_back({QString("prompt %1").arg(g), {1, 2, 3, 4, 5, 6}, trace});
  }
  const EmbeddingsData d = contextualStatesData(prompts, [](int id) { return QString("t%1").arg(id); });
  ASSERT_EQ(d.layers.size(), 3u);
  ASSERT_EQ(d.size(), 11);
  EXPECT_EQ(d.groups[4], 1);
  EXPECT_EQ(d.groups[5], 2);
  EXPECT_EQ(d.positions[5], 0);
  // Row 7 of boundary 2 is token 2 of the second prompt.
  EXPECT_EQ(d.layers[2].at(7, 3), prompts[1].trace->output().residualAt(2, 2)[3]);
  EmbeddingsView view;
  view.setData(d);
  view.flush();
  QSignalSpy spy(&view, &EmbeddingsView::layerChanged);
  const std::vector<float> before = view.projected().values;
  view.setLayer(2);
  EXPECT_EQ(spy.count(), 1);
  EXPECT_EQ(view.layer(), 2);
  EXPECT_NE(view.projected().values, before);
  EXPECT_EQ(homonymExamplePrompts().size(), 2);
}

TEST(EmbeddingsView, HomonymIsOneTokenOfTheDefaultTokenizerInBothPrompts) {
  const std::string path = std::string(GLASSBOX_SOURCE_DIR) + "/assets/models/glassbox-kjv/tokenizer.json";
  if (!QFileInfo::exists(QString::fromStdString(path))) GTEST_SKIP() << "no default model at " << path;
  const auto tok = Tokenizer::load(path);
  const std::string word = " " + homonymExampleWord().toStdString();
  const QStringList prompts = homonymExamplePrompts();
  ASSERT_EQ(prompts.size(), 2);
  std::vector<int> wordIds;
  for (const QString& p : prompts) {
    const Encoding e = tok->encode(p.toStdString());
    int found = 0;
    for (const int id : e.ids)
      if (tok->tokenBytes(id) == word) {
        ++found;
        wordIds.push_back(id);
      }
    EXPECT_EQ(found, 1) << "“" << word << "” must be exactly one token of " << p.toStdString();
  }
  ASSERT_EQ(wordIds.size(), 2u);
  EXPECT_EQ(wordIds[0], wordIds[1]);

  // The view draws that word's paths bold: both occurrences, nothing else.
  EmbeddingsData d;
  d.labels = {QString::fromUtf8("·the"), QString::fromUtf8("·well"), QStringLiteral("well."), QString::fromUtf8("·Well")};
  EmbeddingsView view;
  view.setData(d);
  view.setEmphasisedWord(homonymExampleWord());
  EXPECT_FALSE(view.isEmphasised(0));
  EXPECT_TRUE(view.isEmphasised(1));
  EXPECT_FALSE(view.isEmphasised(2));
  EXPECT_TRUE(view.isEmphasised(3));
  EXPECT_FALSE(view.isEmphasised(9));
}

TEST(PositionsView, LearnedSimilarityAndSinusoidalMatchTheEngine) {
  PositionsData d;
  d.modelName = "synthetic";
  d.dModel = 16;
  d.positions = 32;
  d.learned = DenseMatrix(32, 16);
  for (int p = 0; p < 32; ++p)
    for (int c = 0; c < 16; ++c) d.learned.at(p, c) = static_cast<float>(std::sin(0.2 * p * (c + 1) / 4.0));
  PositionsView view;
  view.resize(1100, 800);
  view.setData(d);
  const DenseMatrix ref = cosineSimilarityMatrix(d.learned);
  EXPECT_EQ(view.learnedSimilarity().values, ref.values);
  EXPECT_EQ(view.sinusoidal().values, sinusoidalEncoding(32, 16).values);
  EXPECT_TRUE(view.explanation().contains("permutation-invariant"));
  view.show();
  QCoreApplication::processEvents();
  EXPECT_GT(nonUniformFraction(view.grab().toImage()), 0.2);
  EXPECT_TRUE(view.exportTo(outDir() + "/positions.png"));
  EXPECT_TRUE(view.exportTo(outDir() + "/positions.svg"));
  EXPECT_TRUE(view.exportData(outDir() + "/positions.json"));

  PositionsData rope;
  rope.rope = true;
  rope.headDim = 16;
  rope.ropeTheta = 10000;
  rope.dModel = 64;
  rope.positions = 64;
  view.setData(rope);
  ASSERT_EQ(view.ropeFrequencies().size(), 8u);
  EXPECT_NEAR(view.ropeFrequencies()[1], std::pow(10000.0, -2.0 / 16), 1e-12);
  EXPECT_TRUE(view.learnedSimilarity().empty());
}

}  // namespace
}  // namespace glassbox
