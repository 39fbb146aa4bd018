// The engine controller's typing path: every keystroke is tokenized at once (the Tokens view keeps up
// with typing), the forward pass waits for the automatic debounce, and the worker's copy of an encoding
// already shown is not emitted twice.
#include <QSignalSpy>
#include <QTest>
#include <gtest/gtest.h>

#include "engine_controller.h"
#include "models/tiny_model.h"
#include "tokens_view.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

using testing::freshTempDir;

TEST(EngineControllerTyping, EachKeystrokeIsEncodedAtOnceAndTheForwardWaitsForTheDebounce) {
  const auto dir = testing::writeTinyGpt2(freshTempDir() / "m");
  auto window = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*window, QString::fromStdString(dir.string()), "the theme"));
  EngineController& engine = *window->engine();
  const int debounce = engine.debounceMs();
  EXPECT_GE(debounce, EngineController::kMinDebounceMs);  // tiny model: the forward takes well under 20 ms
  EXPECT_LE(debounce, EngineController::kMaxDebounceMs);

  QSignalSpy encoded(&engine, &EngineController::encoded);
  QSignalSpy analysed(&engine, &EngineController::analysed);
  engine.setPrompt(QStringLiteral("the theme then"));
  // No event loop has run: the encoding was emitted synchronously, and it equals the tokenizer's own.
  ASSERT_EQ(encoded.count(), 1);
  const auto a = encoded.at(0).at(0).value<std::shared_ptr<const PromptAnalysis>>();
  EXPECT_EQ(a->text, "the theme then");
  EXPECT_EQ(a->encoding.ids, engine.model()->tokenizer->encode("the theme then", true).ids);
  EXPECT_EQ(analysed.count(), 0);

  // The forward follows after the debounce, and the worker's encoding of the same text is not re-emitted.
  ASSERT_TRUE(testing::waitFor([&] { return analysed.count() == 1; }));
  EXPECT_EQ(encoded.count(), 1);
  EXPECT_EQ(engine.analysis()->text, "the theme then");
  EXPECT_EQ(engine.analysis()->encoding.ids, a->encoding.ids);

  // A fixed debounce overrides the automatic one; a negative value restores it.
  engine.setDebounceMs(0);
  EXPECT_EQ(engine.debounceMs(), 0);
  engine.setDebounceMs(-1);
  EXPECT_EQ(engine.debounceMs(), debounce);
}

TEST(EngineControllerTyping, AVeryLongPromptIsEncodedOnTheWorkerNotOnTheUiThread) {
  const auto dir = testing::writeTinyGpt2(freshTempDir() / "m");
  auto window = testing::makeWindow();
  ASSERT_TRUE(testing::loadAndAnalyse(*window, QString::fromStdString(dir.string()), "the"));
  EngineController& engine = *window->engine();
  QSignalSpy encoded(&engine, &EngineController::encoded);
  const QString huge(EngineController::kInlineEncodeChars + 1, QLatin1Char('a'));
  engine.setPrompt(huge);
  EXPECT_EQ(encoded.count(), 0);  // nothing on the UI thread
  ASSERT_TRUE(testing::waitFor([&] { return encoded.count() == 1; }));
  const auto a = encoded.at(0).at(0).value<std::shared_ptr<const PromptAnalysis>>();
  EXPECT_EQ(a->text.size(), static_cast<std::size_t>(EngineController::kInlineEncodeChars + 1));
  EXPECT_FALSE(a->encoding.ids.empty());
}

}  // namespace
}  // namespace glassbox
