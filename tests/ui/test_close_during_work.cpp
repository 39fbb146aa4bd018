// Closing the window while the worker runs a long forward, a model load, a generation or a t-SNE run:
// no crash, no hang, no leak (the sanitizer job runs this too).
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QTest>
#include <gtest/gtest.h>

#include "analysis/embeddings_view.h"
#include "engine_controller.h"
#include "generation_controller.h"
#include "session_io.h"
#include "models/tiny_model.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

QString qs(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

QString longPrompt() {
  QString text;
  for (int i = 0; i < 40; ++i) text += "the theme then ";
  return text;
}

TEST(CloseDuringWork, WindowClosedDuringForwardAndLoad) {
  const auto root = testing::freshTempDir();
  const auto model = testing::writeTinyGpt2(root / "m", {2, 64, 4, 1024});
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, qs(model), "the theme"));

  w->setPrompt(longPrompt());
  w->engine()->analyseNow();
  ASSERT_TRUE(testing::waitFor([&] { return w->engine()->isAnalysing(); }, 5000));
  w->openModel(qs(model));  // a reload queued behind the running forward
  w->close();
  w.reset();  // destroys the controller: cancels, quits and joins the worker
  SUCCEED();
}

TEST(CloseDuringWork, WindowClosedDuringGeneration) {
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "m", {2, 32, 4, 256});
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, qs(model), "the theme"));
  w->generation()->setMaxNewTokens(200);
  w->generation()->generate();
  ASSERT_TRUE(testing::waitFor([&] { return w->generation()->isGenerating(); }, 5000));
  w->close();
  w.reset();
  SUCCEED();
}

TEST(CloseDuringWork, WindowClosedDuringTsne) {
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "m");
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, qs(model), "the theme"));
  EmbeddingsView* view = w->embeddingsView();
  ASSERT_NE(view, nullptr);
  w->embeddingsDock()->raise();  // a hidden dock receives no data
  ASSERT_TRUE(testing::waitFor([&] { return !view->data().empty() && view->projected().rows > 0; }, 20000));
  TsneOptions options;
  options.iterations = 100000;  // long enough to be running when the window goes away
  view->setTsneOptions(options);
  view->setProjection(EmbeddingsView::Projection::Tsne);
  ASSERT_TRUE(testing::waitFor([&] { return view->tsneRunning(); }, 5000));
  w->close();
  w.reset();
  SUCCEED();
}

}  // namespace
}  // namespace glassbox

namespace glassbox {
namespace {

TEST(AutosaveRecovery, UnreadableAutosaveIsMovedAsideNotOverwritten) {
  const QString path = autosavePath();
  QDir().mkpath(QFileInfo(path).absolutePath());
  const QByteArray garbage = "{\"glassbox_session\": 1, \"prompt\": \"half writ";
  {
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(garbage);
  }
  StartupOptions o;
  o.persistSettings = false;  // restoreAutosave stays on
  {
    MainWindow w(o);
    w.start();
    QTest::qWait(50);
  }
  const QStringList kept = QDir(QFileInfo(path).absolutePath())
                               .entryList({QFileInfo(path).fileName() + ".*.unreadable"}, QDir::Files);
  ASSERT_EQ(kept.size(), 1) << "the unreadable autosave must be kept beside the new one";
  QFile f(QFileInfo(path).absolutePath() + "/" + kept.front());
  ASSERT_TRUE(f.open(QIODevice::ReadOnly));
  EXPECT_EQ(f.readAll(), garbage);
  f.remove();
  QFile::remove(path);
}

}  // namespace
}  // namespace glassbox
