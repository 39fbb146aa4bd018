#pragma once
// Logits before softmax: for the position Next token shows, the raw logits z of the top tokens, then
// z / T, then exp and normalise, with the numbers and the formula of each step. Moving the temperature
// (in Next token) rescales the middle column and reshapes the right one; nothing is re-run.
#include <QWidget>
#include <functional>
#include <memory>
#include <span>

#include "exportable_view.h"
#include "logits_data.h"

namespace glassbox {

class LogitsView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  explicit LogitsView(QWidget* parent = nullptr);

  // `owner` keeps `logits` [V] alive; `title` says which position they are of.
  void setLogits(std::shared_ptr<const void> owner, std::span<const float> logits, const QString& title,
                 std::function<QString(int)> tokenText);
  void setTemperature(double temperature);
  void setRows(int rows);
  const LogitSteps& steps() const { return steps_; }

  QString exportName() const override { return QStringLiteral("logits"); }
  QString exportTitle() const override;
  QWidget* exportWidget() override { return this; }
  QString csvData() const override;
  QJsonValue jsonData() const override;

  QSize sizeHint() const override { return {420, 300}; }
  QSize minimumSizeHint() const override { return {240, 160}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  void recompute();

  std::shared_ptr<const void> owner_;
  std::span<const float> logits_;
  std::function<QString(int)> tokenText_;
  QString title_;
  double temperature_ = 1.0;
  int rows_ = 12;
  LogitSteps steps_;
};

}  // namespace glassbox
