// The Korean interface: the embedded translation loads, the window's texts change with the language,
// and switching the language in a running window keeps the session (model, prompt, continuation,
// sliders).
#include <QAction>
#include <QDockWidget>
#include <QMenuBar>
#include <QPointer>
#include <QTest>
#include <gtest/gtest.h>

#include "engine_controller.h"
#include "generation_controller.h"
#include "language.h"
#include "models/tiny_model.h"
#include "next_token_view.h"
#include "prompt_editor.h"
#include "sampling_controls.h"
#include "ui_fixture.h"
#include "window_host.h"

namespace glassbox {
namespace {

using testing::freshTempDir;

QString qs(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

QStringList menuTitles(const MainWindow& w) {
  QStringList titles;
  for (QAction* a : w.menuBar()->actions()) titles << a->text();
  return titles;
}

// Puts English back whatever a test did.
struct EnglishAfter {
  ~EnglishAfter() { installLanguage(QStringLiteral("en")); }
};

TEST(LanguageTest, ChoiceResolvesAgainstTheSystemLocale) {
  EXPECT_EQ(resolveLanguage("ko", "en_US"), "ko");
  EXPECT_EQ(resolveLanguage("en", "ko_KR"), "en");
  EXPECT_EQ(resolveLanguage("system", "ko_KR"), "ko");
  EXPECT_EQ(resolveLanguage("system", "de_DE"), "en");
  EXPECT_EQ(resolveLanguage("", "ko"), "ko");
  EXPECT_EQ(resolveLanguage("fr", "en_GB"), "en");  // an unknown choice follows the system
}

TEST(LanguageTest, KoreanTranslationIsEmbeddedAndChangesTheWindowTexts) {
  EnglishAfter restore;
  ASSERT_TRUE(installLanguage("en"));
  QStringList english;
  {
    auto w = testing::makeWindow();
    english = menuTitles(*w);
    EXPECT_TRUE(english.contains("&File"));
    EXPECT_EQ(w->dock("dock.tokens")->windowTitle(), "Tokens");
  }
  ASSERT_TRUE(installLanguage("ko")) << "the .qm is not in the resources";
  EXPECT_EQ(installedLanguage(), "ko");
  auto w = testing::makeWindow();
  const QStringList korean = menuTitles(*w);
  ASSERT_EQ(korean.size(), english.size());
  EXPECT_TRUE(korean.contains(QStringLiteral("파일(&F)"))) << korean.join('|').toStdString();
  EXPECT_TRUE(korean.contains(QStringLiteral("설정(&S)")));
  EXPECT_EQ(w->dock("dock.tokens")->windowTitle(), QStringLiteral("토큰"));
  EXPECT_EQ(w->dock("dock.attention")->windowTitle(), QStringLiteral("어텐션"));
  for (int i = 0; i < korean.size(); ++i) EXPECT_NE(korean[i], english[i]) << english[i].toStdString();
}

TEST(LanguageTest, SwitchingTheLanguageKeepsTheSession) {
  EnglishAfter restore;
  ASSERT_TRUE(installLanguage("en"));
  const auto model = testing::writeTinyGpt2(freshTempDir() / "m");
  StartupOptions o;
  o.restoreAutosave = false;
  o.persistSettings = false;
  WindowHost host(o);
  host.window()->resize(1280, 800);
  host.window()->show();
  ASSERT_TRUE(testing::loadAndAnalyse(*host.window(), qs(model), "the theme"));
  SamplingSettings s = host.window()->nextTokenView()->controls()->settings();
  s.params.temperature = 0.7f;
  s.params.topK = 5;
  host.window()->nextTokenView()->controls()->setSettings(s);
  host.window()->generation()->setMaxNewTokens(3);
  host.window()->generation()->generate();
  ASSERT_TRUE(testing::waitFor([&] {
    return !host.window()->generation()->isGenerating() && host.window()->generation()->state().steps.size() == 3;
  }));
  const SessionData before = host.window()->currentSession();
  const QPointer<MainWindow> old = host.window();

  // Through the menu, as a user would.
  QAction* korean = host.window()->findChild<QAction*>("language_ko");
  ASSERT_NE(korean, nullptr);
  korean->trigger();
  ASSERT_NE(host.window(), old.data());
  EXPECT_TRUE(testing::waitFor([&] { return old.isNull(); })) << "the old window is deleted";
  MainWindow& w = *host.window();
  ASSERT_TRUE(testing::waitFor([&] {
    const auto a = w.engine()->analysis();
    return a && a->text == "the theme" && !w.engine()->isAnalysing() && w.generation()->state().steps.size() == 3;
  }));
  EXPECT_TRUE(menuTitles(w).contains(QStringLiteral("파일(&F)")));
  const SessionData after = w.currentSession();
  EXPECT_EQ(after.prompt, before.prompt);
  EXPECT_EQ(after.modelPath, before.modelPath);
  EXPECT_FLOAT_EQ(after.sampling.params.temperature, 0.7f);
  EXPECT_EQ(after.sampling.params.topK, 5);
  EXPECT_EQ(after.maxNewTokens, 3);
  ASSERT_EQ(after.generation.steps.size(), before.generation.steps.size());
  for (std::size_t i = 0; i < after.generation.steps.size(); ++i)
    EXPECT_EQ(after.generation.steps[i].token, before.generation.steps[i].token);
  EXPECT_TRUE(w.findChild<QAction*>("language_ko")->isChecked());

  // And back to English.
  w.findChild<QAction*>("language_en")->trigger();
  EXPECT_TRUE(menuTitles(*host.window()).contains("&File"));
}

}  // namespace
}  // namespace glassbox
