#include <gtest/gtest.h>

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QTest>
#include <cmath>
#include <qcustomplot.h>

#include "attention_grid.h"
#include "attention_head_view.h"
#include "attention_model_view.h"
#include "heat_colors.h"
#include "synthetic_data.h"

namespace glassbox {
namespace {

QString outDir() {
  const QString dir = QString(GLASSBOX_BINARY_DIR) + "/ui_analysis_test_output";
  QDir().mkpath(dir);
  return dir;
}

// Fraction of pixels that differ from the top-left one: a blank render gives 0.
double nonUniformFraction(const QImage& img) {
  if (img.isNull()) return 0.0;
  const QRgb first = img.pixel(0, 0);
  long long diff = 0;
  for (int y = 0; y < img.height(); y += 2)
    for (int x = 0; x < img.width(); x += 2) diff += img.pixel(x, y) != first ? 1 : 0;
  return static_cast<double>(diff) / ((img.width() / 2 + 1) * (img.height() / 2 + 1));
}

TEST(AttentionData, PacksDenseHeadsExactly) {
  const auto heads = test::syntheticHeads(2, 3, 9);
  const AttentionData d = test::syntheticAttention(2, 3, 9);
  for (int l = 0; l < 2; ++l)
    for (int h = 0; h < 3; ++h)
      for (int q = 0; q < 9; ++q)
        for (int k = 0; k < 9; ++k) EXPECT_EQ(d.weight(l, h, q, k), heads[l * 3 + h].at(q, k));
  EXPECT_EQ(d.pattern(0, 0).kind, HeadPatternKind::PreviousToken);
  EXPECT_EQ(d.pattern(0, 1).kind, HeadPatternKind::FirstToken);
  EXPECT_EQ(d.pattern(0, 2).kind, HeadPatternKind::Self);
  EXPECT_EQ(d.pattern(1, 2).kind, HeadPatternKind::Uniform);
}

TEST(AttentionHeadView, HeatmapCellsEqualTheProbabilities) {
  const AttentionData d = test::syntheticAttention(3, 4, 17);
  const auto heads = test::syntheticHeads(3, 4, 17);
  AttentionHeadView view;
  view.resize(700, 600);
  view.setData(d);
  view.setHead(2, 3);
  for (int q = 0; q < 17; ++q)
    for (int k = 0; k < 17; ++k) {
      if (k <= q) EXPECT_FLOAT_EQ(static_cast<float>(view.cellValue(q, k)), heads[2 * 4 + 3].at(q, k)) << q << "," << k;
      else EXPECT_TRUE(std::isnan(view.cellValue(q, k)));
    }
  EXPECT_TRUE(view.describeCell(5, 4).contains(QString::number(heads[11].at(5, 4), 'f', 4)));
  EXPECT_TRUE(view.describeCell(5, 4).contains(d.tokens[5]));
  // The layer mean is drawn as such.
  view.setAggregate(AttentionAggregate::LayerMean);
  float mean = 0;
  for (int h = 0; h < 4; ++h) mean += heads[2 * 4 + h].at(10, 3) / 4;
  EXPECT_NEAR(view.cellValue(10, 3), mean, 1e-6);
}

TEST(AttentionHeadView, SelectingAQueryEmitsAndRendersInBothModes) {
  AttentionHeadView view;
  view.resize(800, 640);
  view.setData(test::syntheticAttention(2, 2, 24));
  QSignalSpy spy(&view, &AttentionHeadView::querySelected);
  view.show();
  QCoreApplication::processEvents();
  view.plot()->replot();
  const QPoint cell(static_cast<int>(view.plot()->xAxis->coordToPixel(2)),
                    static_cast<int>(view.plot()->yAxis->coordToPixel(7)));
  QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::NoModifier, cell);
  ASSERT_EQ(spy.count(), 1);
  EXPECT_EQ(spy.at(0).at(0).toInt(), 7);
  EXPECT_EQ(view.selectedQuery(), 7);
  const QImage heat = view.grab().toImage();
  EXPECT_GT(nonUniformFraction(heat), 0.2);
  view.setDisplayMode(AttentionHeadView::DisplayMode::Lines);
  QCoreApplication::processEvents();
  EXPECT_GT(nonUniformFraction(view.grab().toImage()), 0.02);
  EXPECT_TRUE(view.exportTo(outDir() + "/head.png"));
  view.setDisplayMode(AttentionHeadView::DisplayMode::Heatmap);
  EXPECT_TRUE(view.exportTo(outDir() + "/head.svg"));
  EXPECT_TRUE(view.exportTo(outDir() + "/head.pdf"));
  EXPECT_TRUE(view.exportData(outDir() + "/head.csv"));
  EXPECT_TRUE(view.exportData(outDir() + "/head.json"));
  EXPECT_FALSE(view.exportTo(outDir() + "/head.xyz"));
  for (const char* f : {"head.png", "head.svg", "head.pdf", "head.csv", "head.json"})
    EXPECT_GT(QFileInfo(outDir() + "/" + f).size(), 100) << f;
}

TEST(AttentionModelView, GridHasLayersTimesHeadsCellsMatchingTheData) {
  const AttentionData d = test::syntheticAttention(4, 6, 20, 2);
  AttentionModelView view;
  view.resize(900, 700);
  view.setData(d);
  view.flush();  // thumbnails are built on the grid's worker
  AttentionGrid* grid = view.grid();
  EXPECT_EQ(grid->rows(), 4);
  EXPECT_EQ(grid->columns(), 6);
  // Thumbnails hold one pixel per (query, key) at this size, coloured by sqrt(weight).
  for (int l = 0; l < 4; ++l)
    for (int h = 0; h < 6; ++h) {
      const QImage& img = grid->thumbnail(l, h);
      ASSERT_EQ(img.width(), 20);
      for (int q = 0; q < 20; q += 3)
        for (int k = 0; k <= q; k += 2)
          EXPECT_EQ(img.pixel(k, q), heatColor(std::sqrt(d.weight(l, h, q, k)))) << l << h << q << k;
    }
  // Cells do not overlap and a click on one selects that head.
  QSignalSpy spy(&view, &AttentionModelView::headSelected);
  const QRect r = grid->cellRect(3, 5);
  EXPECT_FALSE(r.intersects(grid->cellRect(3, 4)));
  EXPECT_FALSE(r.intersects(grid->cellRect(2, 5)));
  QTest::mouseClick(grid, Qt::LeftButton, Qt::NoModifier, r.center());
  ASSERT_EQ(spy.count(), 1);
  EXPECT_EQ(spy.at(0).at(0).toInt(), 3);
  EXPECT_EQ(spy.at(0).at(1).toInt(), 5);
  EXPECT_GT(nonUniformFraction(view.grab().toImage()), 0.2);
  EXPECT_TRUE(view.exportTo(outDir() + "/grid.png"));
  EXPECT_TRUE(view.exportData(outDir() + "/grid.csv"));
  EXPECT_EQ(view.csvData().count('\n'), 1 + 4 * 6);
}

TEST(AttentionModelView, LongPromptsAreMaxPooled) {
  const AttentionData d = test::syntheticAttention(1, 2, 300);
  AttentionGrid grid;
  grid.setData(d);
  grid.flush();
  const QImage& img = grid.thumbnail(0, 0);  // previous-token head
  EXPECT_EQ(img.width(), 128);
  // The diagonal band survives pooling: near-full colour on the sub-diagonal cell of row 100.
  const int pk = 299 * 128 / 300, pq = 299 * 128 / 300;
  EXPECT_EQ(img.pixel(pk, pq), heatColor(std::sqrt(std::max(d.weight(0, 0, 299, 298), d.weight(0, 0, 299, 299)))));
}

}  // namespace
}  // namespace glassbox
