#pragma once
// What the loaded model is: architecture, sizes, file, tokenizer, and the last forward pass.
#include <QWidget>
#include <memory>

#include "engine_types.h"
#include "exportable_view.h"

class QLabel;

namespace glassbox {

class ModelInfoView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit ModelInfoView(QWidget* parent = nullptr);
  void setModel(std::shared_ptr<const LoadedModel> model);
  void setLastForward(double ms, int tokens);

  QString exportName() const override { return QStringLiteral("model"); }
  QString exportTitle() const override;
  QWidget* exportWidget() override { return this; }
  QString csvData() const override;
  QJsonValue jsonData() const override;

 private:
  std::vector<std::pair<QString, QString>> rows() const;
  void refresh();
  std::shared_ptr<const LoadedModel> model_;
  double lastMs_ = 0;
  int lastTokens_ = 0;
  QLabel* label_ = nullptr;
};

}  // namespace glassbox
