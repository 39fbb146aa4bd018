#include "model_display_name.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace glassbox {
namespace {

constexpr qint64 kMaxConfigBytes = 4 * 1024 * 1024;  // a config.json is a few kB; never read a huge file

// config.json's "_name_or_path" (written by transformers' save_pretrained), or "name", when it is a
// name rather than a local path.
QString configName(const QString& folder) {
  QFile f(QDir(folder).filePath(QStringLiteral("config.json")));
  if (f.size() > kMaxConfigBytes || !f.open(QIODevice::ReadOnly)) return {};
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  for (const char* key : {"_name_or_path", "name_or_path", "model_name", "name"}) {
    const QString v = o.value(QLatin1String(key)).toString().trimmed();
    if (v.isEmpty() || v.startsWith(QLatin1Char('/')) || v.startsWith(QLatin1Char('.')) || v.contains(QLatin1Char('\\')))
      continue;  // a local path names the training machine's folder, not the model
    const QString last = v.section(QLatin1Char('/'), -1);
    if (!last.isEmpty() && !isGenericModelFolderName(last)) return last;
  }
  return {};
}

}  // namespace

bool isGenericModelFolderName(const QString& name) {
  static const QRegularExpression hash(QStringLiteral("^[0-9a-f]{12,64}$"));
  static const QStringList generic = {"hf", "model", "models", "checkpoint", "checkpoints", "snapshot", "snapshots",
                                      "main", "weights", "files", "download", "downloads", "safetensors", "export",
                                      "output", "outputs", "final", "latest", "tmp", "temp", "."};
  const QString n = name.trimmed().toLower();
  return n.isEmpty() || generic.contains(n) || hash.match(n).hasMatch();
}

QString modelDisplayName(const QString& modelPath, const QString& fallback) {
  QFileInfo info(modelPath);
  const bool folderFile = info.fileName() == QLatin1String("config.json") || info.suffix() == QLatin1String("safetensors");
  const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
  if (info.isDir() || folderFile) {
    if (const QString fromConfig = configName(folder); !fromConfig.isEmpty()) return fromConfig;
  }
  QStringList candidates;  // the most specific first
  if (!info.isDir() && !folderFile) candidates << info.completeBaseName();
  candidates << QFileInfo(folder).fileName();
  QDir up(folder);
  for (int i = 0; i < 3 && up.cdUp(); ++i) candidates << up.dirName();  // models--org--name/snapshots/<hash>
  for (QString c : candidates) {
    if (c.startsWith(QLatin1String("models--"))) c = c.section(QStringLiteral("--"), -1);
    if (!isGenericModelFolderName(c)) return c;
  }
  return fallback.isEmpty() ? info.fileName() : fallback;
}

}  // namespace glassbox
