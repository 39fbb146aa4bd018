#include "output_pane.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "tool_tip.h"

namespace glassbox {

OutputPane::OutputPane(QWidget* parent) : QWidget(parent) {
  auto* title = new QLabel(tr("<b>Output</b> (decoder)"));
  title->setToolTip(wrappedToolTip(tr("The decoder writes the output one token at a time, starting from its start "
                                      "token; each token looks back at the input through cross-attention.")));
  step_ = new QPushButton(tr("Step"));
  generate_ = new QPushButton(tr("Generate"));
  stop_ = new QPushButton(tr("Stop"));
  keep_ = new QPushButton(tr("Keep"));
  keep_->setToolTip(wrappedToolTip(tr("Add the generated tokens to the forced output, so that the attention views "
                                      "show how the model read them.")));
  stop_->setEnabled(false);
  auto* row = new QHBoxLayout;
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(title, 1);
  for (QPushButton* b : {step_, generate_, stop_, keep_}) row->addWidget(b);
  edit_ = new QPlainTextEdit;
  edit_->setPlaceholderText(tr("Type the output to force it (teacher forcing), or generate it"));
  edit_->setTabChangesFocus(true);
  chips_ = new TokenChipsWidget;
  chips_->setShowIds(false);
  chips_->setEmptyText(tr("Type an input on the left."));
  auto* chipsScroll = new QScrollArea;
  chipsScroll->setWidget(chips_);
  chipsScroll->setWidgetResizable(true);
  chipsScroll->setFrameShape(QFrame::NoFrame);
  auto* body = new QHBoxLayout;
  body->setContentsMargins(0, 0, 0, 0);
  body->addWidget(edit_, 2);
  body->addWidget(chipsScroll, 3);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addLayout(row);
  layout->addLayout(body, 1);
  connect(edit_, &QPlainTextEdit::textChanged, this, [this] { emit targetChanged(edit_->toPlainText()); });
  connect(step_, &QPushButton::clicked, this, &OutputPane::stepRequested);
  connect(generate_, &QPushButton::clicked, this, &OutputPane::generateRequested);
  connect(stop_, &QPushButton::clicked, this, &OutputPane::stopRequested);
  connect(keep_, &QPushButton::clicked, this, &OutputPane::keepRequested);
  connect(chips_, &TokenChipsWidget::hovered, this, &OutputPane::tokenHovered);
  connect(chips_, &TokenChipsWidget::clicked, this, &OutputPane::tokenClicked);
}

QString OutputPane::target() const { return edit_->toPlainText(); }

void OutputPane::setTarget(const QString& text) {
  if (text == edit_->toPlainText()) return;
  const QSignalBlocker b(edit_);
  edit_->setPlainText(text);
}

void OutputPane::setTokens(std::vector<TokenChip> chips, int traced) {
  traced_ = traced;
  keep_->setEnabled(static_cast<int>(chips.size()) > traced);
  chips_->setChips(std::move(chips));
}

void OutputPane::setRunning(bool running) {
  step_->setEnabled(!running);
  generate_->setEnabled(!running);
  stop_->setEnabled(running);
}

void OutputPane::setSelectedToken(int index) { chips_->setSelected(index); }

}  // namespace glassbox
