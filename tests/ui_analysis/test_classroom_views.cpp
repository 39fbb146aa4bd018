// What a lesson needs from the analysis views: labels that never overlap, keys and summaries worded
// from the data, selections that do not outlive their tokens, exports without selection outlines and
// with their caption, the Positions plots square and titled from the data.
#include <gtest/gtest.h>

#include <QDir>
#include <QImage>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "analysis/positional.h"
#include "analysis/similarity.h"
#include "analysis_export.h"
#include "attention_grid.h"
#include "attention_head_view.h"
#include "attention_model_view.h"
#include "core/rng.h"
#include "embeddings_view.h"
#include "head_pattern_text.h"
#include "label_placement.h"
#include "positions_view.h"
#include "synthetic_data.h"
#include "word_comparison.h"

namespace glassbox {
namespace {

// Pixels of exactly this colour in an image.
int countColour(const QImage& image, QColor c) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) n += QColor(image.pixel(x, y)) == c ? 1 : 0;
  return n;
}

TEST(LabelPlacement, NoTwoLabelsOverlapAndImportantOnesComeFirst) {
  std::vector<LabelCandidate> c;
  for (int i = 0; i < 60; ++i)  // a tight clump: most cannot be labelled
    c.push_back({QPointF(200 + (i % 5), 200 + (i / 5)), QSizeF(40, 14), i == 37 ? 5.0 : 1.0});
  const QRectF bounds(0, 0, 400, 400);
  const auto placed = placeLabels(c, bounds);
  ASSERT_FALSE(placed.empty());
  EXPECT_LT(placed.size(), c.size()) << "the clump is thinned";
  EXPECT_EQ(placed.front().index, 37) << "the most important point is labelled first";
  for (std::size_t i = 0; i < placed.size(); ++i) {
    EXPECT_TRUE(bounds.contains(placed[i].rect));
    for (std::size_t j = i + 1; j < placed.size(); ++j)
      EXPECT_FALSE(placed[i].rect.intersects(placed[j].rect)) << placed[i].index << " / " << placed[j].index;
  }
  // Points far apart all get a label, next to their point.
  std::vector<LabelCandidate> spread;
  for (int i = 0; i < 10; ++i) spread.push_back({QPointF(20 + 38 * i, 30 + 35 * i), QSizeF(30, 12), 1.0});
  const auto all = placeLabels(spread, bounds);
  ASSERT_EQ(all.size(), spread.size());
  for (const PlacedLabel& p : all) EXPECT_LT(QLineF(p.rect.center(), spread[p.index].anchor).length(), 40);
}

TEST(PositionsClaim, NearbyPositionsLookAlikeOnlyWhenTheyDo) {
  const NearbySimilarity sin = nearbySimilarity(cosineSimilarityMatrix(sinusoidalEncoding(128, 64)));
  EXPECT_TRUE(sin.alike()) << sin.neighbours << " vs " << sin.distant;
  DenseMatrix random(128, 64);
  Rng rng(11);
  for (float& v : random.values) v = static_cast<float>(rng.normal());
  const NearbySimilarity r = nearbySimilarity(cosineSimilarityMatrix(random));
  EXPECT_FALSE(r.alike()) << r.neighbours << " vs " << r.distant;
  EXPECT_LT(std::abs(r.neighbours), 0.2);

  // The view titles the learned similarity from the data, and keeps its maps square.
  PositionsData d;
  d.modelName = "random";
  d.dModel = 64;
  d.positions = 128;
  d.learned = random;
  PositionsView view;
  view.resize(1200, 340);
  view.setData(d);
  view.show();
  QTest::qWait(20);
  const QStringList titles = view.plotTitles();
  ASSERT_EQ(titles.size(), 4);
  EXPECT_TRUE(titles[1].contains("no more alike")) << titles[1].toStdString();
  EXPECT_TRUE(titles[3].contains("look alike")) << titles[3].toStdString();  // sinusoidal: it does
  EXPECT_EQ(view.columns(), 4) << "a wide, short dock: the four plots side by side";
  view.resize(800, 800);
  QTest::qWait(20);
  EXPECT_EQ(view.columns(), 2);
  auto* sim = view.findChildren<QCustomPlot*>().value(1);
  ASSERT_NE(sim, nullptr);
  sim->replot();
  const QCPAxisRect* rect = sim->axisRect();
  const double pxPerX = rect->width() / rect->axis(QCPAxis::atBottom)->range().size();
  const double pxPerY = rect->height() / rect->axis(QCPAxis::atLeft)->range().size();
  EXPECT_NEAR(pxPerX / pxPerY, 1.0, 0.02) << "square cells";
}

TEST(WordComparison, WordsTokensAndCosines) {
  EXPECT_EQ(promptWords("The well, the Well and well-being."), (QStringList{"The", "well", "and", "well-being"}));
  Encoding e;  // "a well" as bytes 0..1 "a", 1..6 " well" split in two tokens
  auto piece = [](std::size_t b, std::size_t end) {
    TokenPiece p;
    p.begin = b;
    p.end = end;
    return p;
  };
  e.tokens = {piece(0, 1), piece(1, 4), piece(4, 6)};
  e.ids = {1, 2, 3};
  EXPECT_EQ(tokensOfWord(e, "a well", "well"), (std::vector<int>{1, 2}));
  EXPECT_EQ(tokensOfWord(e, "a well", "WELL"), (std::vector<int>{1, 2}));
  EXPECT_TRUE(tokensOfWord(e, "a well", "wel").empty()) << "whole words only";

  EmbeddingsData d;
  d.labels = {"a", "b", "c"};
  d.groups = {1, 1, 2};
  DenseMatrix m(3, 2);
  m.at(0, 0) = 1;  // a = (1, 0), b = (0, 1), c = (1, 1)
  m.at(1, 1) = 1;
  m.at(2, 0) = 1;
  m.at(2, 1) = 1;
  d.layers = {m, m};
  const auto cos = meanCosineByLayer(d, {0}, {1});
  ASSERT_EQ(cos.size(), 2u);
  EXPECT_NEAR(cos[0], 0.0, 1e-12);
  EXPECT_NEAR(meanCosineByLayer(d, {0, 1}, {2})[1], 1.0, 1e-12) << "the mean of a and b points where c does";
  EXPECT_TRUE(meanCosineByLayer(d, {0}, {7}).empty());
}

TEST(AttentionGridWords, UniformHeadsAreNotCalledAPattern) {
  // Every head exactly uniform over the visible keys, as in a random model.
  const int t = 10;
  std::vector<DenseMatrix> heads;
  for (int i = 0; i < 6; ++i) {
    DenseMatrix h(t, t);
    for (int q = 0; q < t; ++q)
      for (int k = 0; k <= q; ++k) h.at(q, k) = 1.0f / static_cast<float>(q + 1);
    heads.push_back(h);
  }
  const AttentionData uniform = attentionDataFromDense(heads, 2, 3, 3, test::sampleTokens(t));
  const QString s = attentionGridSummary(uniform);
  EXPECT_TRUE(s.contains("none has a clear focus")) << s.toStdString();
  EXPECT_FALSE(s.contains("pattern")) << s.toStdString();
  const QString mixed = attentionGridSummary(test::syntheticAttention(2, 5, 10));
  EXPECT_TRUE(mixed.contains("with a clear focus")) << mixed.toStdString();
  const HeadPatternCounts c = countHeadPatterns(test::syntheticAttention(2, 5, 10));
  EXPECT_EQ(c.total(), 10);
  EXPECT_EQ(c.uniform, 2);

  // The key is drawn under the cells and names every badge.
  AttentionModelView view;
  view.resize(700, 600);
  view.show();
  view.setData(uniform);
  view.flush();
  QTest::qWait(20);
  const QStringList key = view.grid()->keyTexts();
  for (const char* word : {"prev", "first", "self", "unif", "mixed"})
    EXPECT_TRUE(std::any_of(key.begin(), key.end(), [&](const QString& k) { return k.startsWith(word) || k.contains(word); })) << word;
  EXPECT_GT(view.grid()->gridSize(40).height(), view.grid()->cellsSize(40).height()) << "the key takes room under the cells";
  EXPECT_EQ(view.summaryText().left(40), s.left(40));
}

TEST(AttentionGridWords, TwelveByTwelveFitsWithoutScrollingWhenThereIsRoom) {
  AttentionModelView view;
  view.resize(520, 480);
  view.show();
  view.setData(test::syntheticAttention(12, 12, 24));
  view.flush();
  QTest::qWait(30);
  EXPECT_FALSE(view.scrolls());
  EXPECT_GE(view.grid()->cellSize(), AttentionGrid::kMinCell);
  view.resize(300, 200);  // far too small: only now does it scroll, and the summary says so
  QTest::qWait(30);
  EXPECT_TRUE(view.scrolls());
  EXPECT_TRUE(view.summaryText().contains("Scroll")) << view.summaryText().toStdString();
}

TEST(AttentionHeadViewState, TheQueryRowDoesNotOutliveItsTokens) {
  AttentionHeadView view;
  view.resize(600, 400);
  view.show();
  const AttentionData a = test::syntheticAttention(2, 2, 8);
  view.setData(a);
  view.selectQuery(5);
  ASSERT_EQ(view.selectedQuery(), 5);
  // The same tokens up to the row (the prompt grew at its end): the row still means the same token.
  QStringList longer = a.tokens;
  longer << "more";
  view.setData(attentionDataFromDense(test::syntheticHeads(2, 2, 9), 2, 2, 2, longer));
  EXPECT_EQ(view.selectedQuery(), 5);
  // A token before the row changed: cleared, and so is the read-out of the old data.
  QStringList changed = longer;
  changed[2] = "other";
  view.setData(attentionDataFromDense(test::syntheticHeads(2, 2, 9), 2, 2, 2, changed));
  EXPECT_EQ(view.selectedQuery(), -1);
  EXPECT_TRUE(view.readout().startsWith("Hover")) << view.readout().toStdString();
  // A restored state waits for the data.
  AttentionHeadView fresh;
  fresh.restoreState(1, 1, AttentionAggregate::Rollout, AttentionHeadView::DisplayMode::Lines, 3);
  fresh.setData(a);
  EXPECT_EQ(fresh.layer(), 1);
  EXPECT_EQ(fresh.aggregate(), AttentionAggregate::Rollout);
  EXPECT_EQ(fresh.displayMode(), AttentionHeadView::DisplayMode::Lines);
  EXPECT_EQ(fresh.selectedQuery(), 3);
  EXPECT_EQ(fresh.suggestedFileName(), "attention-rollout-layers-0-1-lines");
  fresh.setAggregate(AttentionAggregate::Head);
  fresh.setDisplayMode(AttentionHeadView::DisplayMode::Heatmap);
  EXPECT_EQ(fresh.suggestedFileName(), "attention-head-L1-H1");
}

TEST(ExportOutline, TheSelectedHeadIsOutlinedOnScreenButNotInTheImage) {
  AttentionModelView view;
  view.resize(500, 500);
  view.show();
  view.setData(test::syntheticAttention(3, 3, 8));
  view.flush();
  view.setSelectedHead(1, 1);
  QTest::qWait(20);
  const QColor outline(230, 110, 0);
  EXPECT_GT(countColour(view.grid()->grab().toImage(), outline), 20) << "on screen the selection is outlined";
  const QString path = QDir::temp().filePath("glassbox-outline-test.png");
  view.setExporting(true);
  QString error;
  ASSERT_TRUE(exportAnalysisImage(view.exportWidget(), path, &error, "Attention of every head\nModel: test")) << error.toStdString();
  view.setExporting(false);
  const QImage image(path);
  ASSERT_FALSE(image.isNull());
  EXPECT_EQ(countColour(image, outline), 0);
  EXPECT_GT(image.height(), 2 * view.grid()->height()) << "a caption above the picture (PNG at twice the size)";
}

TEST(EmbeddingsKey, OnePromptNamesEachPathAndACloudIsThinned) {
  EmbeddingsData d;
  d.title = "Hidden states";
  d.groupNames = {"(none)", "one prompt"};
  Rng rng(5);
  for (int b = 0; b < 3; ++b) {
    DenseMatrix m(30, 8);
    for (float& v : m.values) v = static_cast<float>(0.01 * rng.normal() + b);  // a tight clump per layer
    d.layers.push_back(m);
    d.layerNames << QString("boundary %1").arg(b);
  }
  for (int i = 0; i < 30; ++i) {
    d.labels << QString("tok%1").arg(i);
    d.tokenIds.push_back(i);
    d.groups.push_back(1);
    d.positions.push_back(i);
  }
  EmbeddingsView view;
  view.resize(900, 600);
  view.show();
  view.setData(d);
  ASSERT_TRUE(QTest::qWaitFor([&] { return view.projection() && !view.projectionPending(); }, 10000));
  QTest::qWait(50);
  const QStringList key = view.keyEntries();
  EXPECT_TRUE(key.contains("0 tok0")) << key.join(" | ").toStdString();
  EXPECT_TRUE(key.contains("29 tok29") || std::any_of(key.begin(), key.end(), [](const QString& k) { return k.contains("more path"); }));
  EXPECT_TRUE(std::any_of(key.begin(), key.end(), [](const QString& k) { return k.startsWith("start of a path"); }));
  const QStringList labels = view.drawnLabels();
  EXPECT_GT(labels.size(), 0);
  EXPECT_LT(labels.size(), 30) << "30 points in a clump cannot all be labelled without overlap";

  // A word in two sentences: its cosine per layer is written on the plot.
  view.setComparison({"tok1", {1}, {2}});
  const auto cos = view.comparisonCosines();
  ASSERT_EQ(cos.size(), 3u);
  EXPECT_TRUE(view.comparisonText().contains(QString::number(cos[static_cast<std::size_t>(view.layer())], 'f', 2)))
      << view.comparisonText().toStdString();
  EXPECT_TRUE(view.isEmphasised(1) && view.isEmphasised(2) && !view.isEmphasised(3));
  view.setData(d);  // new data: the comparison is gone until it is set again
  EXPECT_FALSE(view.comparison().active());
}

}  // namespace
}  // namespace glassbox
