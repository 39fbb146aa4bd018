#pragma once
// Export of any view: its image as PNG, SVG or PDF (a QCustomPlot is drawn as vectors), its data as
// CSV or JSON, chosen by the file's suffix.
#include <QString>
#include <vector>

class QWidget;

namespace glassbox {

class ExportableView;

// Returns an error message, or empty on success.
QString exportViewImage(ExportableView& view, const QString& path);
QString exportViewData(ExportableView& view, const QString& path);
// Writes DIR/<view>.png and DIR/<view>.svg for every view.
QString exportAllViews(const std::vector<ExportableView*>& views, const QString& dir);

// Asks for a file name (image or data) and exports; errors are shown in a message box.
void exportViewInteractively(ExportableView& view, QWidget* parent);
// Gives `host` a context menu with "Export image…" and "Export data…".
void addExportContextMenu(QWidget* host, ExportableView* view);

}  // namespace glassbox
