// Pictures of the whole window at the sizes a classroom uses (1280 x 800, 1440 x 900, 1920 x 1080) with
// each view in front, on the default model and on a 12-layer random GPT-2 (12 heads, V 50,257), for
// people to look at: written to $GLASSBOX_SCREENSHOT_DIR when it is set (the test skips otherwise).
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QTest>
#include <filesystem>
#include <gtest/gtest.h>

#include "attention_head_view.h"
#include "attention_model_view.h"
#include "bench_ui_models.h"
#include "embeddings_view.h"
#include "engine_controller.h"
#include "generation_controller.h"
#include "main_window.h"
#include "models/tiny_model.h"
#include "next_token_view.h"
#include "sampling_controls.h"
#include "tokens_view.h"

namespace glassbox {
namespace {

const std::string kDefaultModel = std::string(GLASSBOX_SOURCE_DIR) + "/assets/models/glassbox-kjv";

bool waitFor(const std::function<bool()>& pred, int ms = 60000) { return QTest::qWaitFor(pred, ms); }

std::unique_ptr<MainWindow> windowAt(QSize size) {
  StartupOptions o;
  o.restoreAutosave = false;
  o.persistSettings = false;
  auto w = std::make_unique<MainWindow>(o);
  w->resize(size);
  w->show();
  return w;
}

bool loadAndWait(MainWindow& w, const QString& model, const QString& prompt) {
  w.setPrompt(prompt);
  w.openModel(model);
  return waitFor([&] {
    const auto a = w.engine()->analysis();
    const auto m = w.engine()->model();
    return m && m->modelPath == model && a && a->trace && a->text == prompt.toStdString() && !w.engine()->isAnalysing() &&
           w.analysisViewsReady();
  });
}

void save(MainWindow& w, const QString& dir, const QString& name) {
  QTest::qWait(150);
  ASSERT_TRUE(w.grab().save(QDir(dir).filePath(name + ".png"))) << name.toStdString();
}

void shootWindow(const QString& dir, const QString& stem, const QString& model, const QString& prompt, QSize size) {
  auto w = windowAt(size);
  ASSERT_TRUE(loadAndWait(*w, model, prompt)) << w->lastError().toStdString();
  w->generation()->setMaxNewTokens(8);
  w->generation()->generate();
  ASSERT_TRUE(waitFor([&] { return !w->generation()->isGenerating(); }));
  const QString at = QStringLiteral("%1-%2x%3").arg(stem).arg(size.width()).arg(size.height());
  save(*w, dir, at + "-start");
  w->showDock(w->dock(QStringLiteral("dock.generation")));
  save(*w, dir, at + "-generation");
  {
    SamplingSettings s = w->nextTokenView()->controls()->settings();
    s.params.topP = 0.9f;
    w->nextTokenView()->controls()->setSettings(s);
    w->tokensView()->tokenClicked(2);  // a prompt position: a wide distribution, cut beyond the bars
    save(*w, dir, at + "-top-p");
    s.params.topP = 1.0f;
    w->nextTokenView()->controls()->setSettings(s);
  }
  const std::string second = kDefaultModel + "/tokenizer.json";
  if (std::filesystem::exists(second)) {
    w->showDock(w->dock(QStringLiteral("dock.tokens")));
    w->engine()->loadCompareTokenizer(QString::fromStdString(second));
    ASSERT_TRUE(waitFor([&] { return w->tokensView()->comparing(); }));
    save(*w, dir, at + "-tokens-compare");
  }
  w->attentionDock()->raise();
  ASSERT_TRUE(waitFor([&] { return !w->attentionModelView()->data().empty() && !w->attentionModelView()->pending(); }));
  emit w->attentionModelView()->headSelected(1, 2);
  save(*w, dir, at + "-attention");
  w->embeddingsDock()->raise();
  ASSERT_TRUE(waitFor([&] { return !w->embeddingsView()->data().empty() && !w->embeddingsView()->projectionPending(); }));
  save(*w, dir, at + "-embeddings-tokens");
  w->embeddingsMode()->setCurrentIndex(1);
  ASSERT_TRUE(waitFor([&] { return w->embeddingsView()->data().layers.size() > 1 && !w->embeddingsView()->projectionPending(); }));
  w->embeddingsView()->setLayer(0);
  save(*w, dir, at + "-embeddings-layer0");
  w->embeddingsView()->setLayer(static_cast<int>(w->embeddingsView()->data().layers.size()) - 1);
  save(*w, dir, at + "-embeddings-last");
  w->embeddingsMode()->setCurrentIndex(2);
  ASSERT_TRUE(waitFor([&] { return w->embeddingsView()->data().groupNames.size() == 3 && !w->embeddingsView()->projectionPending(); }));
  save(*w, dir, at + "-embeddings-homonym");
  w->compareWord(QStringLiteral("teacher"), QStringLiteral("A good teacher listens before she speaks."));
  ASSERT_TRUE(waitFor([&] { return w->embeddingsView()->comparison().active() && !w->embeddingsView()->projectionPending(); }));
  save(*w, dir, at + "-embeddings-compare");
  w->positionsDock()->raise();
  save(*w, dir, at + "-positions");
}

class WindowPictures : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = qEnvironmentVariable("GLASSBOX_SCREENSHOT_DIR");
    if (dir_.isEmpty()) GTEST_SKIP() << "set GLASSBOX_SCREENSHOT_DIR to write the pictures";
    QDir().mkpath(dir_);
  }
  QString dir_;
};

TEST_F(WindowPictures, DefaultModel) {
  if (!std::filesystem::exists(kDefaultModel + "/model.safetensors")) GTEST_SKIP() << "no default model at " << kDefaultModel;
  for (const QSize size : {QSize(1280, 800), QSize(1440, 900), QSize(1920, 1080)})
    shootWindow(dir_, "default", QString::fromStdString(kDefaultModel),
                QStringLiteral("The teacher taught the student with the book."), size);
}

TEST_F(WindowPictures, TwelveLayerRandomGpt2) {
  const auto model = testing::freshTempDir() / "gpt2-12";
  benchui::writeSyntheticGpt2(model, {}, {});
  for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)})
    shootWindow(dir_, "gpt2-12", QString::fromStdString(model.string()),
                QStringLiteral("The teacher taught the student with the book."), size);
}

}  // namespace
}  // namespace glassbox
