#pragma once
// Export of any view: its image as PNG, SVG or PDF (a QCustomPlot is drawn as vectors) under a caption
// that can be turned off (the view and its settings, the model, the start of the prompt), its data as
// CSV or JSON, chosen by the file's suffix. Selection outlines are left out of the images.
#include <QString>
#include <functional>
#include <vector>

class QWidget;

namespace glassbox {

class ExportableView;

// What the caption says besides the view's own title. Empty `model` and `prompt` leave their line out.
struct ExportContext {
  bool caption = true;
  QString model;
  QString prompt;
};

// "Model: glassbox-kjv · Prompt: “The teacher taught…”": the prompt cut at `maxChars` on a word.
QString exportCaption(const ExportableView& view, const ExportContext& context, int maxChars = 90);

// Returns an error message, or empty on success.
QString exportViewImage(ExportableView& view, const QString& path, const ExportContext& context = {});
QString exportViewData(ExportableView& view, const QString& path);
// Writes DIR/<view>.png, DIR/<view>.svg and its data, DIR/<view>.json (ExportableView::jsonData), for every view.
QString exportAllViews(const std::vector<ExportableView*>& views, const QString& dir, const ExportContext& context = {});

// Asks for a file name (image or data), suggesting the view's suggestedFileName(), and exports; errors
// are shown in a message box.
void exportViewInteractively(ExportableView& view, QWidget* parent, const ExportContext& context = {});
// Gives `host` a context menu with "Export View…"; `context` is asked for the caption when it runs.
void addExportContextMenu(QWidget* host, ExportableView* view, std::function<ExportContext()> context = {});

}  // namespace glassbox
