#pragma once
// The logit lens: for every layer boundary (rows, the embedding at the bottom, the last layer's output
// at the top, as the architecture map draws them) and every prompt position (columns), the token the
// model would predict if the residual stream were decoded there (final norm + head), shaded by its
// probability. A cell whose token is the one that actually came next is outlined; a bar under each
// column marks the first boundary from which the final answer stays on top.
// The lens costs B x P head products (V x C each): it is computed only for the last kMaxPositions
// positions.
#include <QStringList>
#include <QWidget>
#include <functional>
#include <memory>
#include <vector>

#include "exportable_view.h"
#include "models/logit_lens.h"

namespace glassbox {

class Model;
struct Trace;

class LogitLensView : public QWidget, public ExportableView {
  Q_OBJECT
 public:
  static constexpr int kMaxPositions = 24;
  explicit LogitLensView(QWidget* parent = nullptr);

  // ids [T] of the prompt; the target of position t is ids[t + 1] (the last position: the final answer).
  void setTrace(std::shared_ptr<const Model> model, std::shared_ptr<const Trace> trace, std::vector<int> ids,
                std::function<QString(int)> tokenText);
  const LogitLens& lens() const { return lens_; }
  const std::vector<int>& firstSettled() const { return settled_; }

  QString exportName() const override { return QStringLiteral("logit-lens"); }
  QString exportTitle() const override;
  QWidget* exportWidget() override { return this; }
  QString csvData() const override;
  QJsonValue jsonData() const override;
  QSize sizeHint() const override { return {420, 360}; }
  QSize minimumSizeHint() const override { return {240, 160}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::shared_ptr<const Model> model_;
  std::vector<int> ids_;
  std::function<QString(int)> tokenText_;
  LogitLens lens_;
  std::vector<int> settled_;
  QString error_;
};

}  // namespace glassbox
