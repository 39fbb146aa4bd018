#include "view_export.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QWidget>

#include "analysis_export.h"
#include "exportable_view.h"

namespace glassbox {
namespace {

QString writeFile(const QString& path, const QByteArray& bytes) {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return QObject::tr("%1: cannot write (%2)").arg(path, f.errorString());
  f.write(bytes);
  if (!f.commit()) return QObject::tr("%1: cannot write (%2)").arg(path, f.errorString());
  return {};
}

// The prompt on one line, cut on a word boundary.
QString promptExcerpt(QString prompt, int maxChars) {
  prompt = prompt.simplified();
  if (prompt.size() <= maxChars) return prompt;
  int cut = prompt.lastIndexOf(QLatin1Char(' '), maxChars);
  if (cut < maxChars / 2) cut = maxChars;
  return prompt.left(cut) + QChar(0x2026);
}

// Selection outlines off while the image is written, back on afterwards.
class ExportingScope {
 public:
  explicit ExportingScope(ExportableView& v) : view_(v) { view_.setExporting(true); }
  ~ExportingScope() { view_.setExporting(false); }
  ExportingScope(const ExportingScope&) = delete;
  ExportingScope& operator=(const ExportingScope&) = delete;

 private:
  ExportableView& view_;
};

}  // namespace

QString exportCaption(const ExportableView& view, const ExportContext& c, int maxChars) {
  if (!c.caption) return {};
  QString second;
  if (!c.model.isEmpty() && !c.prompt.trimmed().isEmpty())
    second = QObject::tr("Model: %1 · Prompt: “%2”").arg(c.model, promptExcerpt(c.prompt, maxChars));
  else if (!c.model.isEmpty())
    second = QObject::tr("Model: %1").arg(c.model);
  else if (!c.prompt.trimmed().isEmpty())
    second = QObject::tr("Prompt: “%1”").arg(promptExcerpt(c.prompt, maxChars));
  const QString title = view.exportTitle();
  return second.isEmpty() ? title : title + QLatin1Char('\n') + second;
}

QString exportViewImage(ExportableView& view, const QString& path, const ExportContext& context) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") && suffix != QLatin1String("pdf"))
    return QObject::tr("%1: unknown image type (use .png, .svg or .pdf)").arg(path);
  QWidget* w = view.exportWidget();
  if (w->width() < 10 || w->height() < 10) w->resize(std::max(w->width(), 900), std::max(w->height(), 500));
  const ExportingScope scope(view);
  QString error;
  return exportAnalysisImage(w, path, &error, exportCaption(view, context)) ? QString() : error;
}

QString exportViewData(ExportableView& view, const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("csv")) return writeFile(path, view.csvData().toUtf8());
  if (suffix == QLatin1String("json")) {
    const QJsonValue v = view.jsonData();
    const QJsonDocument doc = v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray());
    return writeFile(path, doc.toJson(QJsonDocument::Indented));
  }
  return QObject::tr("%1: unknown data type (use .csv or .json)").arg(path);
}

QString exportAllViews(const std::vector<ExportableView*>& views, const QString& dir, const ExportContext& context) {
  if (!QDir().mkpath(dir)) return QObject::tr("%1: cannot create the folder").arg(dir);
  QStringList errors;
  for (ExportableView* v : views) {
    for (const char* ext : {"png", "svg"}) {
      const QString e =
          exportViewImage(*v, QDir(dir).filePath(v->exportName() + QLatin1Char('.') + QLatin1String(ext)), context);
      if (!e.isEmpty()) errors << e;
    }
    const QString e = exportViewData(*v, QDir(dir).filePath(v->exportName() + QStringLiteral(".json")));
    if (!e.isEmpty()) errors << e;
  }
  return errors.join(QLatin1Char('\n'));
}

void exportViewInteractively(ExportableView& view, QWidget* parent, const ExportContext& context) {
  const QString filters = QObject::tr("PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV data (*.csv);;JSON data (*.json)");
  QString selected;
  QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export %1").arg(view.exportTitle()),
                                              view.suggestedFileName() + QStringLiteral(".png"), filters, &selected);
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) {
    const int star = selected.indexOf(QStringLiteral("*."));
    path += selected.mid(star + 1, selected.indexOf(QLatin1Char(')'), star) - star - 1);
  }
  const QString suffix = QFileInfo(path).suffix().toLower();
  const QString error = (suffix == QLatin1String("csv") || suffix == QLatin1String("json")) ? exportViewData(view, path)
                                                                                            : exportViewImage(view, path, context);
  if (!error.isEmpty()) QMessageBox::warning(parent, QObject::tr("Export failed"), error);
}

void addExportContextMenu(QWidget* host, ExportableView* view, std::function<ExportContext()> context) {
  host->setContextMenuPolicy(Qt::ActionsContextMenu);
  auto* action = new QAction(QObject::tr("Export View…"), host);
  QObject::connect(action, &QAction::triggered, host, [host, view, context] {
    exportViewInteractively(*view, host, context ? context() : ExportContext{});
  });
  host->addAction(action);
}

}  // namespace glassbox
