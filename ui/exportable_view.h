#pragma once
// What every view offers to File ▸ Export View… and to its own context menu: an image of itself and
// its data as CSV and JSON, a caption line saying what the picture shows, and a file name that matches
// what is on screen.
#include <QJsonValue>
#include <QString>

class QWidget;

namespace glassbox {

class ExportableView {
 public:
  virtual ~ExportableView() = default;
  // Stable file stem ("tokens", "next-token", "attention-head", ...): --export DIR writes DIR/<stem>.png.
  virtual QString exportName() const = 0;
  // The name suggested in the save dialog: what is shown now ("attention-rollout-layers-0-3").
  virtual QString suggestedFileName() const { return exportName(); }
  // The caption's first line: the view and the settings that shape the picture ("Attention, layer 3 ·
  // head 5"); the window adds the model and the prompt.
  virtual QString exportTitle() const = 0;
  virtual QWidget* exportWidget() = 0;  // what the image shows (a QCustomPlot is drawn as vectors)
  // While an image is written: selection outlines and hover marks are left out.
  virtual void setExporting(bool exporting) { (void)exporting; }
  virtual QString csvData() const = 0;
  // The data behind the picture; --export DIR writes it beside the images as DIR/<stem>.json.
  virtual QJsonValue jsonData() const = 0;
};

// Makes a file stem of a view's state: lower case, words joined by '-', no characters a file system
// might refuse.
inline QString fileStem(QString text) {
  text = text.toLower();
  QString out;
  for (const QChar c : text) {
    if (c.isLetterOrNumber()) out += c;
    else if (!out.isEmpty() && !out.endsWith(QLatin1Char('-'))) out += QLatin1Char('-');
  }
  while (out.endsWith(QLatin1Char('-'))) out.chop(1);
  return out;
}

}  // namespace glassbox
