#pragma once
// What every view offers to File ▸ Export View… and to its own context menu: an image of itself and
// its data as CSV and JSON.
#include <QJsonValue>
#include <QString>

class QWidget;

namespace glassbox {

class ExportableView {
 public:
  virtual ~ExportableView() = default;
  virtual QString exportName() const = 0;       // file stem: "tokens", "next-token", ...
  virtual QWidget* exportWidget() = 0;          // what the image shows (a QCustomPlot is drawn as vectors)
  virtual QString csvData() const = 0;
  virtual QJsonValue jsonData() const = 0;
};

}  // namespace glassbox
