// glassbox --model PATH --prompt TEXT --export DIR renders every view without a display.
#include <QFile>
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

// The caption names the view, the model and the prompt; --no-caption leaves it out.
TEST(ExportTest, CaptionAboveEveryImageUnlessTurnedOff) {
  const QString exe = QStringLiteral(GLASSBOX_BINARY_DIR "/bin/glassbox");
  if (!QFileInfo::exists(exe)) GTEST_SKIP() << "the glassbox executable is not built: " << exe.toStdString();
  const auto model = testing::writeTinyGpt2(testing::freshTempDir() / "captioned");
  QTemporaryDir out;
  const auto run = [&](const QString& dir, QStringList extra) {
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_CONFIG_HOME", out.filePath("config"));
    p.setProcessEnvironment(env);
    p.start(exe, QStringList{"--model", QString::fromStdString(model.string()), "--prompt", "the theme then", "--export", dir} + extra);
    EXPECT_TRUE(p.waitForFinished(120000));
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
  };
  const auto read = [](const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  };
  run(out.filePath("with"), {});
  run(out.filePath("without"), {"--no-caption"});
  for (const char* view : {"tokens", "next-token", "attention-heads", "attention-head", "embeddings", "positions"}) {
    const QByteArray with = read(out.filePath(QStringLiteral("with/%1.svg").arg(view)));
    const QByteArray without = read(out.filePath(QStringLiteral("without/%1.svg").arg(view)));
    EXPECT_TRUE(with.contains("Model: captioned")) << view;
    EXPECT_TRUE(with.contains("the theme then")) << view;
    EXPECT_FALSE(without.contains("Model: captioned")) << view;
    EXPECT_GT(QImage(out.filePath(QStringLiteral("with/%1.png").arg(view))).height(),
              QImage(out.filePath(QStringLiteral("without/%1.png").arg(view))).height()) << view;
  }
  EXPECT_TRUE(read(out.filePath("with/attention-head.svg")).contains("Attention of layer 0 · head 0"));
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
