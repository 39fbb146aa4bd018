// The analysis docks in the real window: fed from the worker's trace, the grid opens a head in the
// detail view, the embeddings modes and the positions view show the loaded model's numbers.
#include <QComboBox>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QTextDocument>
#include <QScrollArea>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <set>
#include <gtest/gtest.h>

#include "attention_head_view.h"
#include "attention_model_view.h"
#include "embeddings_view.h"
#include "engine_controller.h"
#include "models/tiny_model.h"
#include "positions_view.h"
#include "prompt_editor.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

QString qs(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

TEST(AnalysisDocksTest, AttentionGridAndHeadShowTheTracesProbabilities) {
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "m");  // 2 layers, 4 heads
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, qs(model), "the theme then"));
  ASSERT_TRUE(testing::waitFor([&] { return w->analysisViewsReady(); }));
  w->attentionDock()->raise();  // at 1280 px the analysis docks are tabs beside Next token
  ASSERT_TRUE(testing::waitFor([&] { return !w->attentionModelView()->data().empty(); }));
  const auto trace = w->engine()->analysis()->trace;
  const AttentionData& grid = w->attentionModelView()->data();
  EXPECT_EQ(grid.numLayers, 2);
  EXPECT_EQ(grid.numHeads, 4);
  EXPECT_EQ(grid.numTokens, trace->output().numTokens);
  EXPECT_EQ(grid.tokens.size(), trace->output().numTokens);

  // Clicking a grid cell (its signal) opens that head in the detail view.
  emit w->attentionModelView()->headSelected(1, 2);
  AttentionHeadView* head = w->attentionHeadView();
  EXPECT_EQ(head->layer(), 1);
  EXPECT_EQ(head->head(), 2);
  EXPECT_EQ(head->aggregate(), AttentionAggregate::Head);
  for (int q = 0; q < trace->output().numTokens; ++q)
    for (int k = 0; k <= q; ++k)
      ASSERT_FLOAT_EQ(static_cast<float>(head->cellValue(q, k)), trace->selfAttention().at(1, 2, q, k)) << q << "," << k;

  // The layer mean is the average of the four heads' drawn weights.
  head->setAggregate(AttentionAggregate::LayerMean);
  const int q = trace->output().numTokens - 1;
  double mean = 0;
  for (int h = 0; h < 4; ++h) mean += trace->selfAttention().at(1, h, q, 0);
  EXPECT_NEAR(head->cellValue(q, 0), mean / 4, 1e-5);

  // A new prompt replaces the data.
  w->setPrompt("then");
  w->engine()->analyseNow();
  ASSERT_TRUE(testing::waitFor([&] {
    const auto a = w->engine()->analysis();
    return a && a->text == "then" && w->attentionModelView()->data().numTokens == a->trace->output().numTokens;
  }));
}

TEST(AnalysisDocksTest, EmbeddingsModesAndPositionsComeFromTheModel) {
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "m");  // d_model 32, 260 rows
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, qs(model), "the theme"));
  ASSERT_TRUE(testing::waitFor([&] { return w->analysisViewsReady(); }));
  EmbeddingsView* emb = w->embeddingsView();
  // Hidden until its tab is raised: nothing is projected yet.
  EXPECT_TRUE(emb->data().empty());
  w->embeddingsDock()->raise();
  ASSERT_TRUE(testing::waitFor([&] { return !emb->data().empty(); }));
  EXPECT_EQ(emb->data().dims(), 32);
  EXPECT_EQ(emb->data().layers.size(), 1u);
  const auto ids = w->engine()->analysis()->encoding.ids;
  const int promptPoints = static_cast<int>(std::count(emb->data().groups.begin(), emb->data().groups.end(), 1));
  EXPECT_EQ(promptPoints, static_cast<int>(std::set<int>(ids.begin(), ids.end()).size()));
  EXPECT_GT(emb->data().size(), promptPoints);  // plus the vocabulary sample
  // The PCA runs on the view's worker and is drawn when it is back.
  EXPECT_TRUE(testing::waitFor([&] { return emb->projected().rows == emb->data().size(); }));

  // A smaller vocabulary sample is rebuilt on the worker.
  w->engine()->setVocabularySample(10);
  ASSERT_TRUE(testing::waitFor([&] { return emb->data().size() <= promptPoints + 10; }));

  w->embeddingsMode()->setCurrentIndex(1);  // this prompt's hidden states: one matrix per layer boundary
  ASSERT_TRUE(testing::waitFor([&] { return emb->data().layers.size() == 3; }));
  EXPECT_EQ(emb->data().size(), w->engine()->analysis()->trace->output().numTokens);

  w->embeddingsMode()->setCurrentIndex(2);  // the homonym pair, traced on the worker
  ASSERT_TRUE(testing::waitFor([&] { return emb->data().groupNames.size() == 3; }));
  EXPECT_EQ(emb->data().groupNames[1], homonymExamplePrompts().value(0));
  EXPECT_EQ(emb->data().layers.size(), 3u);

  w->positionsDock()->raise();
  ASSERT_TRUE(testing::waitFor([&] { return w->positionsView()->data().dModel == 32; }));
  EXPECT_FALSE(w->positionsView()->data().learned.empty());
}

// Pictures of the whole window with each analysis dock raised, at 1280 x 800 (written to
// $GLASSBOX_SCREENSHOT_DIR when set, for looking at them; else to a temporary folder).
TEST(AnalysisDocksTest, WindowWithEachAnalysisDockRaisedRenders) {
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "m");
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, qs(model), "the theme then the theme"));
  ASSERT_TRUE(testing::waitFor([&] { return w->analysisViewsReady(); }));
  QTemporaryDir tmp;
  const QString dir = qEnvironmentVariableIsEmpty("GLASSBOX_SCREENSHOT_DIR") ? tmp.path()
                                                                             : qEnvironmentVariable("GLASSBOX_SCREENSHOT_DIR");
  int n = 0;
  for (QDockWidget* d : {w->attentionDock(), w->embeddingsDock(), w->positionsDock()}) {
    d->raise();
    QTest::qWait(100);
    const QImage image = w->grab().toImage();
    ASSERT_TRUE(image.save(QStringLiteral("%1/window-%2.png").arg(dir).arg(++n)));
    // The raised view fills its dock: at least a third of the window's height.
    const QWidget* view = qobject_cast<QScrollArea*>(d->widget())->widget();
    EXPECT_GT(view->height(), w->height() / 3) << d->objectName().toStdString();
  }
}

TEST(AnalysisDocksTest, ExamplePromptsMenuHasEachIdeaWithItsExplanation) {
  auto w = testing::makeWindow();
  // A menu of its own on the menu bar, in sections named after the idea each example shows.
  QMenu* examples = w->examplesMenu();
  ASSERT_NE(examples, nullptr);
  EXPECT_TRUE(w->menuBar()->actions().contains(examples->menuAction()));
  QStringList prompts, sections;
  for (QAction* a : examples->actions()) {
    if (a->isSeparator()) {
      sections << a->text();
      continue;
    }
    EXPECT_FALSE(a->statusTip().isEmpty()) << a->text().toStdString();
    EXPECT_TRUE(Qt::mightBeRichText(a->toolTip())) << "wrapped: " << a->toolTip().toStdString();
    QTextDocument tip;
    tip.setHtml(a->toolTip());
    EXPECT_EQ(tip.toPlainText(), a->statusTip());
    a->trigger();
    prompts << w->editor()->prompt();
  }
  EXPECT_GE(sections.size(), 4);
  for (const char* idea : {"Tokens", "Prediction", "Attention", "Meaning"})
    EXPECT_TRUE(std::any_of(sections.begin(), sections.end(), [&](const QString& s) { return s.startsWith(idea); })) << idea;
  for (const char* p : {"The teacher taught the student with the book.", "And Jacob drew water from the well.",
                        "And it shall be well with thee."})
    EXPECT_TRUE(prompts.contains(QString::fromUtf8(p))) << p;
  const auto titled = [&](const char* word) {
    for (QAction* a : examples->actions())
      if (a->text().contains(QString::fromUtf8(word), Qt::CaseInsensitive)) return true;
    return false;
  };
  EXPECT_TRUE(titled("repetition"));
  EXPECT_TRUE(titled("temperature"));
}

}  // namespace
}  // namespace glassbox
