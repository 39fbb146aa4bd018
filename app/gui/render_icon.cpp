// glassbox-render-icon SVG OUTDIR SIZE...: renders the app icon to OUTDIR/SIZExSIZE/apps/<name>.png for
// the hicolor icon theme (run at build time; no display needed).
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <cstdio>

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
  const QStringList args = QGuiApplication::arguments();
  if (args.size() < 5) {
    std::fprintf(stderr, "usage: glassbox-render-icon SVG OUTDIR NAME SIZE...\n");
    return 2;
  }
  QSvgRenderer svg(args.at(1));
  if (!svg.isValid()) {
    std::fprintf(stderr, "glassbox-render-icon: %s is not a valid SVG\n", qPrintable(args.at(1)));
    return 1;
  }
  for (int i = 4; i < args.size(); ++i) {
    const int size = args.at(i).toInt();
    if (size < 8 || size > 1024) return 2;
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    svg.render(&painter);
    painter.end();
    const QString dir = QStringLiteral("%1/%2x%2/apps").arg(args.at(2)).arg(size);
    QDir().mkpath(dir);
    if (!image.save(dir + QLatin1Char('/') + args.at(3) + QStringLiteral(".png"))) {
      std::fprintf(stderr, "glassbox-render-icon: cannot write %s\n", qPrintable(dir));
      return 1;
    }
  }
  return 0;
}
