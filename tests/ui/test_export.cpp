// glassbox --model PATH --prompt TEXT --export DIR renders every view without a display.
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include "models/tiny_model.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

TEST(ExportTest, WritesEveryViewAsNonEmptyImages) {
  const QString exe = QStringLiteral(GLASSBOX_BINARY_DIR "/bin/glassbox");
  if (!QFileInfo::exists(exe)) GTEST_SKIP() << "the glassbox executable is not built: " << exe.toStdString();
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "m");
  QTemporaryDir out;
  QProcess p;
  auto env = QProcessEnvironment::systemEnvironment();
  env.insert("QT_QPA_PLATFORM", "offscreen");
  env.insert("XDG_CONFIG_HOME", out.filePath("config"));
  p.setProcessEnvironment(env);
  p.start(exe, {"--model", QString::fromStdString(model.string()), "--prompt", "the theme then", "--export", out.filePath("views")});
  ASSERT_TRUE(p.waitForFinished(120000));
  EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
  for (const char* view :
       {"tokens", "next-token", "generation", "model", "attention-heads", "attention-head", "embeddings", "positions"}) {
    const QString png = out.filePath(QStringLiteral("views/%1.png").arg(view));
    const QString svg = out.filePath(QStringLiteral("views/%1.svg").arg(view));
    EXPECT_GT(QFileInfo(svg).size(), 1000) << view;
    EXPECT_GT(QFileInfo(png).size(), 0) << view;
    const QImage image(png);
    ASSERT_FALSE(image.isNull()) << png.toStdString();
    EXPECT_GT(image.width(), 200);
    EXPECT_GT(image.height(), 80);
    // Not a blank canvas: more than a handful of distinct colours.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4)
      for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
    EXPECT_GT(colours.size(), 8) << view;
  }
}

TEST(ExportTest, NoModelExitsWithAnErrorInsteadOfHanging) {
  const QString exe = QStringLiteral(GLASSBOX_BINARY_DIR "/bin/glassbox");
  if (!QFileInfo::exists(exe)) GTEST_SKIP() << "the glassbox executable is not built";
  QTemporaryDir out;
  QProcess p;
  auto env = QProcessEnvironment::systemEnvironment();
  env.insert("QT_QPA_PLATFORM", "offscreen");
  p.setProcessEnvironment(env);
  p.start(exe, {"--model", out.filePath("missing"), "--export", out.filePath("views")});
  ASSERT_TRUE(p.waitForFinished(60000));
  EXPECT_NE(p.exitCode(), 0);
}

}  // namespace
}  // namespace glassbox
