// What a teacher preparing a lesson relies on, in the real window: selections that never describe tokens
// that are gone, Next token following each generation step, sessions that reopen exactly where they
// were left, captions on exported images without the selection outline, errors that block the window
// and speak of the GUI, the Compare… dialog, the layout at 1280 x 800, keys, plurals and wrapped tooltips.
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <gtest/gtest.h>

#include "attention_grid.h"
#include "attention_head_view.h"
#include "attention_model_view.h"
#include "compare_tokenizer_dialog.h"
#include "embeddings_view.h"
#include "engine_controller.h"
#include "generation_controller.h"
#include "generation_view.h"
#include "models/tiny_model.h"
#include "next_token_chart.h"
#include "next_token_view.h"
#include "prompt_editor.h"
#include "status_message.h"
#include "token_chips_widget.h"
#include "tokens_view.h"
#include "tool_tip.h"
#include "ui_fixture.h"
#include "view_export.h"

namespace glassbox {
namespace {

QString qs(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

class ClassroomTest : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = testing::writeTinyGpt2(testing::freshTempDir() / "tiny");
    w_ = testing::makeWindow();
    ASSERT_TRUE(testing::loadAndAnalyse(*w_, qs(model_), "the theme then the")) << w_->lastError().toStdString();
    ASSERT_TRUE(testing::waitFor([&] { return w_->analysisViewsReady(); }));
  }
  // Sets a prompt and waits until it is analysed and its analysis views are built.
  void prompt(const QString& text) {
    w_->setPrompt(text);
    w_->engine()->analyseNow();
    ASSERT_TRUE(testing::waitFor([&] {
      const auto a = w_->engine()->analysis();
      return a && a->text == text.toStdString() && !w_->engine()->isAnalysing() && w_->analysisViewsReady();
    }));
  }
  void showAttention() {
    w_->attentionDock()->raise();
    ASSERT_TRUE(testing::waitFor([&] {
      const auto v = w_->engine()->views();
      return v && w_->attentionHeadView()->data().map == v->attention->map && !w_->attentionModelView()->pending();
    }));
  }
  // Another folder for models written during a test (freshTempDir() would empty the loaded model's).
  std::filesystem::path extra(const char* name) { return std::filesystem::path(extra_.path().toStdString()) / name; }

  QTemporaryDir extra_;
  std::filesystem::path model_;
  std::unique_ptr<MainWindow> w_;
};

TEST_F(ClassroomTest, AttentionQueryRowAndReadoutAreClearedWhenTheirTokensChange) {
  showAttention();
  AttentionHeadView* head = w_->attentionHeadView();
  head->selectQuery(3);
  ASSERT_EQ(head->selectedQuery(), 3);
  prompt("the theme then the theme");  // the same tokens up to row 3: it stays
  showAttention();
  EXPECT_EQ(head->selectedQuery(), 3);
  prompt("a different start");
  showAttention();
  EXPECT_EQ(head->selectedQuery(), -1);
  EXPECT_TRUE(head->readout().startsWith("Hover")) << head->readout().toStdString();
}

TEST_F(ClassroomTest, APinnedPromptPositionStaysOnlyWhileItsTokensAreUnchanged) {
  emit w_->tokensView()->tokenClicked(2);
  ASSERT_TRUE(testing::waitFor([&] { return w_->nextTokenView()->source().actualId >= 0; }));
  EXPECT_EQ(w_->shownPosition(), 2);
  EXPECT_FALSE(w_->followsLatestStep());
  prompt("the theme then the end");  // typed at the end
  EXPECT_EQ(w_->shownPosition(), 2);
  EXPECT_EQ(w_->tokensView()->chips()->selected(), 2);
  prompt("xx theme then the end");  // the first token changed: the selection goes
  EXPECT_EQ(w_->shownPosition(), -1);
  EXPECT_EQ(w_->tokensView()->chips()->selected(), -1);
  EXPECT_TRUE(w_->followsLatestStep());
  EXPECT_TRUE(w_->nextTokenView()->source().title.contains("the last token")) << w_->nextTokenView()->source().title.toStdString();
}

TEST_F(ClassroomTest, ANewModelClearsEverySelection) {
  showAttention();
  w_->attentionHeadView()->selectQuery(2);
  emit w_->tokensView()->tokenClicked(1);
  w_->embeddingsDock()->raise();
  ASSERT_TRUE(testing::waitFor([&] { return !w_->embeddingsView()->data().empty() && !w_->embeddingsView()->projectionPending(); }));
  w_->embeddingsView()->selectPoint(1);
  w_->generation()->setMaxNewTokens(2);
  w_->generation()->generate();
  ASSERT_TRUE(testing::waitFor([&] { return !w_->generation()->isGenerating(); }));
  const auto other = testing::writeTinyGpt2(extra("other"), {}, 31);
  w_->openModel(qs(other));
  ASSERT_TRUE(testing::waitFor([&] {
    const auto a = w_->engine()->analysis();
    return w_->engine()->model()->modelPath == qs(other) && a && a->model == w_->engine()->model()->model && w_->analysisViewsReady();
  }));
  EXPECT_EQ(w_->shownPosition(), -1);
  EXPECT_EQ(w_->shownStep(), -1);
  EXPECT_EQ(w_->tokensView()->chips()->selected(), -1);
  EXPECT_TRUE(w_->generation()->state().steps.empty()) << "a continuation of another model's distributions";
  EXPECT_EQ(w_->attentionHeadView()->selectedQuery(), -1);
  w_->embeddingsDock()->raise();
  ASSERT_TRUE(testing::waitFor([&] { return !w_->embeddingsView()->projectionPending(); }));
  EXPECT_EQ(w_->embeddingsView()->selectedPoint(), -1);
}

TEST_F(ClassroomTest, NextTokenFollowsEachStepUntilAPositionIsPinned) {
  NextTokenView* next = w_->nextTokenView();
  w_->generation()->step();
  ASSERT_TRUE(testing::waitFor([&] { return w_->generation()->state().steps.size() == 1 && w_->shownStep() == 0; }));
  EXPECT_TRUE(next->source().title.startsWith("Generation step 1")) << next->source().title.toStdString();
  EXPECT_EQ(next->source().actualId, w_->generation()->state().steps[0].token);
  w_->generation()->step();
  ASSERT_TRUE(testing::waitFor([&] { return w_->shownStep() == 1; }));
  EXPECT_TRUE(next->source().title.startsWith("Generation step 2"));
  EXPECT_EQ(w_->generationView()->chips()->selected(), static_cast<int>(w_->generation()->state().prompt.size()) + 1);
  // Pinned: further steps leave Next token where it is.
  emit w_->generationView()->stepSelected(0);
  EXPECT_FALSE(w_->generationView()->followLatest());
  w_->generation()->step();
  ASSERT_TRUE(testing::waitFor([&] { return w_->generation()->state().steps.size() == 3; }));
  QTest::qWait(30);
  EXPECT_EQ(w_->shownStep(), 0);
  // Following again jumps to the latest.
  w_->generationView()->setFollowLatest(true);
  emit w_->generationView()->followLatestToggled(true);
  EXPECT_EQ(w_->shownStep(), 2);
  EXPECT_EQ(next->suggestedFileName(), "next-token-step-3");
}

TEST_F(ClassroomTest, SessionsReopenTheViewsAsTheyWereLeft) {
  showAttention();
  AttentionHeadView* head = w_->attentionHeadView();
  head->restoreState(1, 2, AttentionAggregate::LayerMean, AttentionHeadView::DisplayMode::Lines, 2);
  w_->embeddingsMode()->setCurrentIndex(1);
  w_->embeddingsDock()->raise();
  EmbeddingsView* emb = w_->embeddingsView();
  ASSERT_TRUE(testing::waitFor([&] { return emb->data().layers.size() == 3 && !emb->projectionPending() && emb->projection(); }));
  emb->setLayerLayout(EmbeddingsView::LayerLayout::EachLayer);
  emb->setLayer(1);
  emb->selectPoint(2);
  emit w_->tokensView()->tokenClicked(1);
  QTemporaryDir dir;
  const QString path = dir.filePath("lesson.glassbox.json");
  ASSERT_TRUE(w_->saveSession(path));
  const ViewState saved = w_->currentSession().view;
  EXPECT_TRUE(saved.frontDocks.contains("dock.embeddings"));
  EXPECT_FALSE(saved.frontDocks.contains("dock.attention")) << "a tab behind Embeddings";

  auto w2 = testing::makeWindow();
  w2->openSession(path);
  ASSERT_TRUE(testing::waitFor([&] {
    const auto a = w2->engine()->analysis();
    return a && a->text == "the theme then the" && !w2->engine()->isAnalysing() && w2->analysisViewsReady();
  }));
  EmbeddingsView* emb2 = w2->embeddingsView();
  ASSERT_TRUE(testing::waitFor([&] { return emb2->data().layers.size() == 3 && !emb2->projectionPending() && emb2->selectedPoint() == 2; }));
  EXPECT_EQ(w2->embeddingsMode()->currentIndex(), 1);
  EXPECT_EQ(emb2->layer(), 1);
  EXPECT_EQ(emb2->layerLayout(), EmbeddingsView::LayerLayout::EachLayer);
  EXPECT_FALSE(w2->embeddingsView()->visibleRegion().isEmpty()) << "Embeddings is in front again";
  w2->attentionDock()->raise();
  ASSERT_TRUE(testing::waitFor([&] { return !w2->attentionHeadView()->data().empty(); }));
  AttentionHeadView* head2 = w2->attentionHeadView();
  EXPECT_EQ(head2->layer(), 1);
  EXPECT_EQ(head2->head(), 2);
  EXPECT_EQ(head2->aggregate(), AttentionAggregate::LayerMean);
  EXPECT_EQ(head2->displayMode(), AttentionHeadView::DisplayMode::Lines);
  EXPECT_EQ(head2->selectedQuery(), 2);
  EXPECT_EQ(w2->shownPosition(), 1);
  EXPECT_EQ(w2->tokensView()->chips()->selected(), 1);
  EXPECT_EQ(w2->currentSession().view.dockLayout.isEmpty(), false);
}

TEST_F(ClassroomTest, ExportedImagesCarryACaptionThatCanBeTurnedOff) {
  QTemporaryDir dir;
  ExportContext c = w_->exportContext();
  EXPECT_EQ(c.model, "tiny");
  ASSERT_TRUE(exportViewImage(*w_->nextTokenView(), dir.filePath("on.svg"), c).isEmpty());
  QFile on(dir.filePath("on.svg"));
  ASSERT_TRUE(on.open(QIODevice::ReadOnly));
  const QByteArray svg = on.readAll();
  EXPECT_TRUE(svg.contains("Model: tiny")) << "the model in the caption";
  EXPECT_TRUE(svg.contains("the theme then the")) << "the prompt in the caption";
  EXPECT_TRUE(svg.contains("T = 1.00")) << "the settings that shape the chart";
  w_->setExportCaption(false);
  ASSERT_TRUE(exportViewImage(*w_->nextTokenView(), dir.filePath("off.svg"), w_->exportContext()).isEmpty());
  QFile off(dir.filePath("off.svg"));
  ASSERT_TRUE(off.open(QIODevice::ReadOnly));
  EXPECT_FALSE(off.readAll().contains("Model: tiny"));
  // The selected chip is outlined in red on screen, not in the image.
  w_->setExportCaption(true);
  emit w_->tokensView()->tokenClicked(1);
  QTest::qWait(30);
  const QColor red(220, 38, 38);
  const auto redPixels = [&](const QImage& img) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
      for (int x = 0; x < img.width(); ++x) n += QColor(img.pixel(x, y)) == red ? 1 : 0;
    return n;
  };
  EXPECT_GT(redPixels(w_->tokensView()->chips()->grab().toImage()), 10);
  ASSERT_TRUE(exportViewImage(*w_->tokensView(), dir.filePath("tokens.png"), w_->exportContext()).isEmpty());
  const QImage tokens(dir.filePath("tokens.png"));
  ASSERT_FALSE(tokens.isNull());
  EXPECT_EQ(redPixels(tokens), 0);
  EXPECT_EQ(w_->tokensView()->chips()->selected(), 1) << "the selection itself stays";
}

TEST_F(ClassroomTest, ErrorsBlockTheWindowAndKeepTheStatusFields) {
  const QString longMessage = QString("The tokenizer could not be read. ").repeated(20);
  emit w_->engine()->compareTokenizerFailed(longMessage);
  ASSERT_NE(w_->errorBox(), nullptr);
  EXPECT_TRUE(w_->errorBox()->isVisible());
  EXPECT_EQ(w_->errorBox()->windowModality(), Qt::WindowModal);
  EXPECT_EQ(QApplication::activeModalWidget(), w_->errorBox());
  EXPECT_EQ(w_->statusMessage()->message(), longMessage);
  EXPECT_LT(w_->statusMessage()->fontMetrics().horizontalAdvance(w_->statusMessage()->text()), w_->width()) << "elided";
  EXPECT_TRUE(Qt::mightBeRichText(w_->statusMessage()->toolTip()));
  EXPECT_TRUE(w_->statusTokensText().contains("tokens")) << "the other fields stay";
  w_->errorBox()->close();
}

TEST_F(ClassroomTest, AModelWithoutATokenizerAsksForOneInGuiWords) {
  const auto bare = testing::writeTinyGpt2(extra("bare"));
  std::filesystem::remove(bare / "tokenizer.json");
  const auto before = w_->engine()->model();
  w_->openModel(qs(bare));
  QMessageBox* ask = nullptr;
  ASSERT_TRUE(testing::waitFor([&] {
    for (QMessageBox* b : w_->findChildren<QMessageBox*>())
      if (b->isVisible() && b->windowTitle().contains("tokenizer")) ask = b;
    return ask != nullptr;
  }));
  EXPECT_FALSE(ask->text().contains("--tokenizer")) << ask->text().toStdString();
  bool hasButton = false;
  for (QAbstractButton* b : ask->buttons()) hasButton |= b->text().contains("Choose Tokenizer File");
  EXPECT_TRUE(hasButton);
  EXPECT_FALSE(w_->lastError().contains("--")) << w_->lastError().toStdString();
  EXPECT_EQ(w_->engine()->model(), before) << "nothing is loaded until a tokenizer is chosen";
  ask->close();
}

TEST_F(ClassroomTest, CompareDialogOffersTheTokenizersOfRecentModels) {
  const auto other = testing::writeTinyGpt2(extra("second-model"), {}, 4);
  QSettings settings;
  settings.remove("model/recent");
  settings.setValue("model/recent", QStringList{qs(model_), qs(other), qs(extra("gone"))});
  const auto direct = recentTokenizerChoices(settings.value("model/recent").toStringList(),
                                             w_->engine()->model()->tokenizerPath, {});
  ASSERT_EQ(direct.size(), 1u);
  EXPECT_EQ(direct[0].modelName, "second-model");
  int offered = -1;
  QString intro;
  w_->runCompareDialog = [&](CompareTokenizerDialog& d) {
    offered = d.list()->count();
    for (QLabel* l : d.findChildren<QLabel*>()) intro += l->text();
    d.list()->setCurrentRow(0);
    d.list()->itemActivated(d.list()->item(0));
  };
  emit w_->tokensView()->compareRequested();
  EXPECT_EQ(offered, 1) << "the current model and a vanished one are not offered";
  EXPECT_TRUE(intro.contains("tokenizer.json")) << "it says what to choose";
  ASSERT_TRUE(testing::waitFor([&] { return w_->tokensView()->comparing(); }));
  EXPECT_TRUE(w_->tokensView()->compareCountsLine().contains("second-model")) << w_->tokensView()->compareCountsLine().toStdString();
  // With a long prompt the compare side wraps; every row of chips is reachable.
  prompt(QString("the theme then ").repeated(12));
  const TokenChipsWidget* chips = w_->tokensView()->compareChips();
  ASSERT_GT(chips->chips().size(), 10u);
  EXPECT_GE(chips->height(), chips->chipRect(static_cast<int>(chips->chips().size()) - 1).bottom());
  settings.remove("model/recent");
}

TEST_F(ClassroomTest, PluralsKeysAndByteRanges) {
  EXPECT_EQ(QCoreApplication::translate("X", "%n branch(es)", "", 1), "1 branch");
  EXPECT_EQ(QCoreApplication::translate("X", "%n branch(es)", "", 2), "2 branches");
  EXPECT_EQ(QCoreApplication::translate("X", "%n token(s)", "", 0), "0 tokens");
  EXPECT_EQ(w_->generationView()->branchTexts().value(0), "0 branches");
  w_->generation()->setMaxNewTokens(3);
  w_->generation()->generate();
  ASSERT_TRUE(testing::waitFor([&] { return !w_->generation()->isGenerating() && w_->generation()->state().steps.size() == 3; }));
  ASSERT_TRUE(testing::waitFor([&] { return w_->generation()->state().steps[1].logits != nullptr; }));
  w_->generation()->branch(1, ' ');
  ASSERT_TRUE(testing::waitFor([&] { return w_->generation()->state().branches.size() == 1; }));
  const QStringList branches = w_->generationView()->branchTexts();
  EXPECT_EQ(branches.value(0), "1 branch");
  EXPECT_FALSE(branches.value(1).contains(QChar(0x00B7))) << "spaces as spaces: " << branches.value(1).toStdString();
  EXPECT_FALSE(w_->generationView()->colourKey()->pixmap().isNull()) << "the generated chips' colour key";

  // Each byte chip of "ï" names its own byte.
  prompt(QString::fromUtf8("naïve"));
  const auto& chips = w_->tokensView()->chips()->chips();
  QStringList tips;
  for (const auto& c : chips)
    if (c.partial) tips << c.toolTip;
  ASSERT_EQ(tips.size(), 2);
  EXPECT_TRUE(tips[0].contains("byte 2 of the prompt")) << tips[0].toStdString();
  EXPECT_TRUE(tips[1].contains("byte 3 of the prompt")) << tips[1].toStdString();
  EXPECT_TRUE(tips[0].contains(QString::fromUtf8("“ï”")));
}

TEST_F(ClassroomTest, TheTopPCutIsAlwaysShownWithWhatItKeeps) {
  NextTokenView* next = w_->nextTokenView();
  SamplingSettings s = next->controls()->settings();
  s.topN = 5;
  s.params.topP = 0.9f;
  next->controls()->setSettings(s);
  next->flush();
  const int kept = next->chart()->data().topPKept;
  ASSERT_GT(kept, 5) << "a random model spreads its mass: the cut is beyond five bars";
  EXPECT_TRUE(next->chart()->topPCutText().contains(QString("keeps %1 tokens").arg(kept))) << next->chart()->topPCutText().toStdString();
  EXPECT_TRUE(next->chart()->topPCutText().contains("beyond"));
  s.topN = 64;
  s.params.topP = 0.05f;
  next->controls()->setSettings(s);
  next->flush();
  EXPECT_FALSE(next->chart()->topPCutText().contains("beyond")) << next->chart()->topPCutText().toStdString();
  EXPECT_NE(next->chart()->cumulativeRect(), next->chart()->barsRect()) << "the cumulative curve has its own panel";
  EXPECT_EQ(next->chart()->graph(0)->keyAxis()->axisRect(), next->chart()->cumulativeRect());
  s.params.topP = 1.0f;
  next->controls()->setSettings(s);
  next->flush();
  EXPECT_TRUE(next->chart()->topPCutText().isEmpty());
}

TEST_F(ClassroomTest, EveryLongToolTipWraps) {
  QStringList unwrapped;
  const auto check = [&](const QString& tip, const QString& where) {
    if (tip.size() > kLongToolTip && !Qt::mightBeRichText(tip)) unwrapped << where + ": " + tip.left(60);
  };
  for (QWidget* child : w_->findChildren<QWidget*>()) {
    check(child->toolTip(), child->metaObject()->className());
    if (auto* box = qobject_cast<QComboBox*>(child))
      for (int i = 0; i < box->count(); ++i) check(box->itemData(i, Qt::ToolTipRole).toString(), "combo item");
  }
  for (QAction* a : w_->findChildren<QAction*>()) check(a->toolTip(), "action " + a->text());
  EXPECT_TRUE(unwrapped.isEmpty()) << unwrapped.join("\n").toStdString();
}

TEST_F(ClassroomTest, ExamplesSetUpTheirViewAndAnyWordCanBeCompared) {
  QAction* homonym = nullptr;
  for (QAction* a : w_->examplesMenu()->actions())
    if (a->text().contains("a well of water")) homonym = a;
  ASSERT_NE(homonym, nullptr);
  homonym->trigger();
  EXPECT_EQ(w_->embeddingsMode()->currentIndex(), 2);
  EmbeddingsView* emb = w_->embeddingsView();
  ASSERT_TRUE(testing::waitFor([&] { return emb->comparison().active() && !emb->projectionPending(); }));
  EXPECT_EQ(emb->comparison().word, "well");
  // A word of the prompt against a sentence of one's own: both occurrences, one cosine per layer.
  prompt("the theme then the");
  w_->compareWord("theme", "a theme of hope");
  ASSERT_TRUE(testing::waitFor([&] {
    return emb->comparison().active() && emb->comparison().word == "theme" && !emb->projectionPending() &&
           emb->data().groupNames.value(2) == "a theme of hope";
  }));
  EXPECT_EQ(emb->comparisonCosines().size(), 3u) << "embeddings + 2 layers";
  EXPECT_TRUE(emb->comparisonText().contains("theme"));
  // A second sentence without the word: the example pair, and the bar says why.
  w_->compareWord("theme", "no such word here");
  ASSERT_TRUE(testing::waitFor([&] { return emb->comparison().word == "well"; }));
}

TEST(ClassroomLayout, TwelveByTwelveHeadsFitAt1280x800AndThePromptKeepsItsHeight) {
  testing::TinyGpt2Options o;
  o.layers = 12;
  o.heads = 12;
  o.dModel = 48;
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "gpt2-like", o);
  auto w = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*w, qs(model), "The teacher taught the student with the book."));
  ASSERT_TRUE(testing::waitFor([&] { return w->analysisViewsReady(); }));
  EXPECT_EQ(w->size(), QSize(1280, 800)) << "the window did not grow past the screen size";
  w->attentionDock()->raise();
  ASSERT_TRUE(testing::waitFor([&] { return w->attentionModelView()->data().numLayers == 12 && !w->attentionModelView()->pending(); }));
  QTest::qWait(100);
  EXPECT_FALSE(w->attentionModelView()->scrolls()) << "cell " << w->attentionModelView()->grid()->cellSize();
  const int promptHeight = w->editor()->height();
  EXPECT_LT(promptHeight, 5 * w->editor()->fontMetrics().lineSpacing());
  w->resize(1280, 1000);
  QTest::qWait(100);
  EXPECT_LE(w->editor()->height(), promptHeight + 2) << "the room goes to the views, not the prompt";
}

}  // namespace
}  // namespace glassbox
