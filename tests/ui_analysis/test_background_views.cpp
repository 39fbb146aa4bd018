// The analysis views' heavy preparation off the UI thread: the job runner's rules (latest job only,
// results applied on the owner's thread, flush, cancel, shutdown mid-job), and that the attention grid
// and the embeddings view, fed through their workers, show exactly what a direct computation gives.
#include <gtest/gtest.h>

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <atomic>
#include <cmath>
#include <thread>

#include "analysis/layer_paths.h"
#include "analysis/pca.h"
#include "attention_grid.h"
#include "attention_model_view.h"
#include "core/rng.h"
#include "embeddings_view.h"
#include "heat_colors.h"
#include "latest_job_runner.h"
#include "synthetic_data.h"

namespace glassbox {
namespace {

using Context = LatestJobRunner::Context;

TEST(LatestJobRunner, ComputesOnItsThreadAppliesOnTheOwners) {
  LatestJobRunner runner(QStringLiteral("test"));
  std::atomic<bool> computedOnMain{true};
  const std::thread::id main = std::this_thread::get_id();
  bool appliedOnMain = false;
  int result = 0;
  QSignalSpy applied(&runner, &LatestJobRunner::applied);
  runner.post<int>(
      [&](const Context&) {
        computedOnMain = std::this_thread::get_id() == main;
        return 42;
      },
      [&](int r) {
        appliedOnMain = std::this_thread::get_id() == main;
        result = r;
      });
  EXPECT_TRUE(runner.busy());
  ASSERT_TRUE(applied.wait(10000));
  EXPECT_FALSE(computedOnMain.load());
  EXPECT_TRUE(appliedOnMain);
  EXPECT_EQ(result, 42);
  EXPECT_FALSE(runner.busy());
}

TEST(LatestJobRunner, OnlyTheLatestJobIsApplied) {
  LatestJobRunner runner(QStringLiteral("test"));
  std::atomic<bool> started{false}, release{false}, sawStale{false};
  std::vector<int> appliedResults;
  // Job 1 blocks until released, then reports whether it was told it is stale.
  runner.post<int>(
      [&](const Context& job) {
        started = true;
        while (!release.load()) std::this_thread::yield();
        sawStale = job.stale();
        return 1;
      },
      [&](int r) { appliedResults.push_back(r); });
  while (!started.load()) std::this_thread::yield();
  // Job 2 is replaced by job 3 before it can start: dropped without running.
  std::atomic<bool> secondRan{false};
  runner.post<int>([&](const Context&) { secondRan = true; return 2; }, [&](int r) { appliedResults.push_back(r); });
  runner.post<int>([](const Context&) { return 3; }, [&](int r) { appliedResults.push_back(r); });
  release = true;
  ASSERT_TRUE(runner.flush());
  QTest::qWait(20);  // any queued delivery of a stale result would arrive now
  EXPECT_TRUE(sawStale.load());
  EXPECT_FALSE(secondRan.load());
  EXPECT_EQ(appliedResults, std::vector<int>{3});
}

TEST(LatestJobRunner, CancelAppliesNothingAndShutdownStopsARunningJob) {
  std::atomic<bool> started{false}, stoppedEarly{false};
  bool applied = false;
  {
    LatestJobRunner runner(QStringLiteral("test"));
    runner.post<int>([](const Context&) { return 1; }, [&](int) { applied = true; });
    runner.cancel();
    EXPECT_FALSE(runner.busy());
    runner.flush();
    QTest::qWait(20);
    EXPECT_FALSE(applied);
    runner.post<int>(
        [&](const Context& job) {
          started = true;
          while (!job.stale()) std::this_thread::yield();  // a long job that polls
          stoppedEarly = true;
          return 0;
        },
        [&](int) { applied = true; });
    while (!started.load()) std::this_thread::yield();
  }  // the destructor makes the job stale and waits for it
  EXPECT_TRUE(stoppedEarly.load());
  QTest::qWait(20);
  EXPECT_FALSE(applied);
}

// Hidden states of `points` tokens at `boundaries` layers in `dims` dimensions: a random walk, so
// paths differ between tokens and layers.
EmbeddingsData walkData(int boundaries, int points, int dims, std::uint64_t seed) {
  Rng rng(seed);
  EmbeddingsData d;
  d.title = "walk";
  d.groupNames = {"(none)", "prompt"};
  for (int i = 0; i < points; ++i) {
    d.labels << QString("t%1").arg(i);
    d.tokenIds.push_back(i);
    d.groups.push_back(1);
    d.positions.push_back(i);
  }
  DenseMatrix m(points, dims);
  for (auto& v : m.values) v = static_cast<float>(rng.normal());
  for (int b = 0; b < boundaries; ++b) {
    d.layerNames << QString("boundary %1").arg(b);
    d.layers.push_back(m);
    for (auto& v : m.values) v += static_cast<float>(0.5 * rng.normal() + 0.3);
  }
  return d;
}

void expectFirstTwoColumns(const DenseMatrix& shown, const DenseMatrix& reference) {
  ASSERT_EQ(shown.rows, reference.rows);
  for (int i = 0; i < shown.rows; ++i)
    for (int k = 0; k < 2; ++k) EXPECT_EQ(shown.at(i, k), reference.at(i, k)) << i << "," << k;
}

TEST(EmbeddingsViewWorker, ShowsTheDirectPcaAndMovesAlongSharedPaths) {
  const EmbeddingsData d = walkData(4, 30, 12, 8);
  EmbeddingsView view;
  view.resize(1000, 700);
  QSignalSpy ready(&view, &EmbeddingsView::projectionReady);
  view.setData(d);
  // setData returned without drawing: the result arrives through the event loop, which has not run.
  EXPECT_TRUE(view.projectionPending());
  EXPECT_EQ(view.projected().rows, 0);
  ASSERT_TRUE(ready.wait(20000));
  EXPECT_FALSE(view.projectionPending());
  ASSERT_TRUE(view.pathsShown()) << "layered data opens as paths";

  // Paths: the dots are the shared PCA's coordinates at the slider's layer, same axes at every layer.
  const LayerPaths direct = sharedLayerPca(d.layers, 2);
  const auto projection = view.projection();
  for (int b = 0; b < 4; ++b) {
    view.setLayer(b);
    expectFirstTwoColumns(view.projected(), direct.points[static_cast<std::size_t>(b)]);
  }
  EXPECT_EQ(view.projection(), projection) << "moving the slider computes nothing";
  EXPECT_EQ(ready.count(), 1);
  const QJsonObject json = view.jsonData().toObject();
  ASSERT_EQ(json["points"].toArray().size(), 30);
  const QJsonArray path = json["points"].toArray()[7].toObject()["path"].toArray();
  ASSERT_EQ(path.size(), 4);
  EXPECT_FLOAT_EQ(static_cast<float>(path[2].toArray()[1].toDouble()), direct.points[2].at(7, 1));

  // Each layer on its own: the per-layer PCA, from the same worker result.
  view.setLayerLayout(EmbeddingsView::LayerLayout::EachLayer);
  EXPECT_FALSE(view.pathsShown());
  for (int b = 0; b < 4; ++b) {
    view.setLayer(b);
    expectFirstTwoColumns(view.projected(), pca(d.layers[static_cast<std::size_t>(b)], 2).projected);
  }
  EXPECT_EQ(ready.count(), 1);
  view.show();
  QCoreApplication::processEvents();
  EXPECT_FALSE(view.grab().toImage().isNull());
}

TEST(EmbeddingsViewWorker, StaleDataIsNeverDrawn) {
  EmbeddingsView view;
  QSignalSpy ready(&view, &EmbeddingsView::projectionReady);
  view.setData(walkData(3, 400, 64, 1));
  view.setData(walkData(3, 400, 64, 2));
  const EmbeddingsData newest = walkData(2, 9, 5, 3);
  view.setData(newest);
  ASSERT_TRUE(ready.wait(20000));
  QTest::qWait(50);
  EXPECT_EQ(ready.count(), 1) << "only the newest data is projected and drawn";
  EXPECT_EQ(view.data().size(), 9);
  expectFirstTwoColumns(view.projected(), sharedLayerPca(newest.layers, 2).points[0]);
}

TEST(EmbeddingsViewWorker, ExportWaitsForThePicture) {
  EmbeddingsView view;
  view.resize(900, 600);
  view.setData(walkData(1, 50, 8, 4));
  // No wait here: the export itself waits for the worker's projection.
  EXPECT_TRUE(view.exportTo(QString(GLASSBOX_BINARY_DIR) + "/embeddings_worker_export.png"));
  EXPECT_EQ(view.projected().rows, 50);
  EXPECT_EQ(view.csvData().count('\n'), 51);
}

TEST(EmbeddingsViewWorker, ClosingDuringAProjectionIsSafe) {
  for (int round = 0; round < 3; ++round) {
    auto view = std::make_unique<EmbeddingsView>();
    view->show();
    view->setData(walkData(9, 800, 256, 10 + round));  // ~0.1 s of PCA on the worker
    EXPECT_TRUE(view->projectionPending());
    if (round == 1) QTest::qWait(5);
    view.reset();  // joins the worker; nothing is delivered to the deleted view
    QTest::qWait(10);
  }
}

TEST(AttentionGridWorker, ShowsTheSameCellsAsADirectComputation) {
  const AttentionData d = test::syntheticAttention(3, 4, 21, 2);
  AttentionModelView view;
  view.resize(900, 700);
  QSignalSpy shown(&view, &AttentionModelView::dataShown);
  view.setData(d);
  EXPECT_TRUE(view.pending());
  EXPECT_TRUE(view.data().empty());
  ASSERT_TRUE(shown.wait(20000));
  EXPECT_FALSE(view.pending());
  EXPECT_EQ(view.data().map, d.map);
  const AttentionThumbnails direct = buildAttentionThumbnails(d);
  ASSERT_TRUE(direct.complete(d));
  AttentionGrid* grid = view.grid();
  for (int l = 0; l < 3; ++l)
    for (int h = 0; h < 4; ++h) {
      const QImage& img = grid->thumbnail(l, h);
      EXPECT_EQ(img, direct.sqrt[static_cast<std::size_t>(l * 4 + h)]) << l << "," << h;
      // And against the weights themselves (one pixel per cell at this size).
      for (int q = 0; q < 21; ++q)
        for (int k = 0; k <= q; ++k) ASSERT_EQ(img.pixel(k, q), heatColor(std::sqrt(d.weight(l, h, q, k)))) << l << h << q << k;
    }
  // The linear scale is the other prepared set: no rebuild on the UI thread.
  grid->setSqrtScale(false);
  EXPECT_EQ(grid->thumbnail(2, 3), direct.linear[11]);
  EXPECT_EQ(grid->thumbnail(2, 3).pixel(4, 9), heatColor(d.weight(2, 3, 9, 4)));
}

TEST(AttentionGridWorker, KeepsShowingOldDataUntilTheNewIsReadyAndDropsStaleData) {
  const AttentionData first = test::syntheticAttention(2, 2, 10);
  const AttentionData second = test::syntheticAttention(4, 3, 40);
  const AttentionData third = test::syntheticAttention(3, 5, 16);
  AttentionGrid grid;
  grid.setData(first);
  grid.flush();
  ASSERT_EQ(grid.rows(), 2);
  QSignalSpy shown(&grid, &AttentionGrid::dataShown);
  grid.setData(second);
  EXPECT_TRUE(grid.pending());
  EXPECT_EQ(grid.rows(), 2) << "the old data stays until the new thumbnails exist";
  EXPECT_EQ(grid.data().map, first.map);
  grid.setData(third);
  ASSERT_TRUE(shown.wait(20000));
  QTest::qWait(50);
  EXPECT_EQ(shown.count(), 1);
  EXPECT_EQ(grid.rows(), 3);
  EXPECT_EQ(grid.columns(), 5);
  EXPECT_EQ(grid.data().map, third.map);
}

TEST(AttentionGridWorker, ClosingDuringThumbnailsIsSafe) {
  const AttentionData big = test::syntheticAttention(12, 12, 160);
  for (int round = 0; round < 3; ++round) {
    auto view = std::make_unique<AttentionModelView>();
    view->show();
    view->setData(big);
    EXPECT_TRUE(view->pending());
    if (round == 1) QTest::qWait(2);
    view.reset();
    QTest::qWait(10);
  }
}

}  // namespace
}  // namespace glassbox
