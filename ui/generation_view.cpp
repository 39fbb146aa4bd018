#include "generation_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include "token_chips_widget.h"
#include "token_text.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {

QColor probabilityColor(float p) {
  p = std::clamp(p, 0.0f, 1.0f);
  // Hue from red (0) through amber to green (120) on a log-ish scale, so 1% and 10% differ visibly.
  const double t = std::clamp((std::log10(std::max(p, 1e-4f)) + 3.0) / 3.0, 0.0, 1.0);
  return QColor::fromHsvF(static_cast<float>(t * 0.33), 0.45f, 1.0f);
}

GenerationView::GenerationView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* bar = new QHBoxLayout;
  step_ = new QPushButton(tr("Step"));
  step_->setToolTip(tr("Add one token: the sampler chain picks it from the distribution shown in Next token."));
  step_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
  generate_ = new QPushButton(tr("Generate"));
  generate_->setToolTip(tr("Add tokens one after another until the maximum, streaming them as they come."));
  reset_ = new QPushButton(tr("Reset"));
  reset_->setToolTip(tr("Forget the continuation and start again from the prompt."));
  mode_ = new QComboBox;
  mode_->addItems({tr("Sample"), tr("Greedy")});
  mode_->setToolTip(tr("Greedy always takes the most likely token; Sample draws at random from the adjusted distribution."));
  maxNew_ = new QSpinBox;
  maxNew_->setRange(1, 4096);
  maxNew_->setPrefix(tr("max "));
  maxNew_->setSuffix(tr(" tokens"));
  maxNew_->setToolTip(tr("How many tokens Generate adds at most."));
  branches_ = new QComboBox;
  branches_->setToolTip(tr("Continuations replaced by choosing a different token; pick one to bring it back."));
  branches_->setMinimumContentsLength(18);
  for (QWidget* w : std::initializer_list<QWidget*>{step_, generate_, reset_, mode_, maxNew_}) bar->addWidget(w);
  bar->addStretch(1);
  bar->addWidget(new QLabel(tr("Branches:")));
  bar->addWidget(branches_);
  layout->addLayout(bar);

  chips_ = new TokenChipsWidget;
  chips_->setShowIds(false);
  chips_->setEmptyText(tr("Press Step or Generate to continue the prompt. Generated tokens are coloured by the "
                          "probability they had: green likely, red unlikely. Click one to see its distribution; "
                          "click a bar there to branch."));
  auto* scroll = new QScrollArea;
  scroll->setWidget(chips_);
  scroll->setWidgetResizable(true);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  layout->addWidget(scroll, 1);
  message_ = new QLabel;
  message_->setWordWrap(true);
  layout->addWidget(message_);

  connect(step_, &QPushButton::clicked, this, &GenerationView::stepRequested);
  connect(generate_, &QPushButton::clicked, this, [this] { running_ ? emit stopRequested() : emit generateRequested(); });
  connect(reset_, &QPushButton::clicked, this, &GenerationView::resetRequested);
  connect(mode_, &QComboBox::currentIndexChanged, this, [this](int i) { emit samplingToggled(i == 0); });
  connect(maxNew_, &QSpinBox::valueChanged, this, &GenerationView::maxNewTokensChanged);
  connect(branches_, &QComboBox::activated, this, [this](int i) {
    if (i > 0) emit branchSelected(i - 1);
  });
  connect(chips_, &TokenChipsWidget::clicked, this, [this](int i) {
    const int step = i - static_cast<int>(state_.prompt.size());
    selectedStep_ = step >= 0 ? step : -1;
    if (step >= 0) emit stepSelected(step);
  });
  setMaxNewTokens(32);
}

void GenerationView::setState(const GenerationState& state) {
  state_ = state;
  std::vector<TokenChip> chips;
  auto text = [this](int id) {
    if (!tokenizer_) return QString::number(id);
    if (tokenizer_->isSpecial(id)) return QString::fromStdString(tokenizer_->tokenRaw(id)).trimmed();
    return visibleTokenText(tokenizer_->tokenBytes(id));
  };
  auto endsLine = [this](int id) {
    if (!tokenizer_ || tokenizer_->isSpecial(id)) return false;
    const std::string b = tokenizer_->tokenBytes(id);
    return !b.empty() && b.back() == '\n';
  };
  for (int id : state.prompt) {
    TokenChip c;
    c.id = id;
    c.text = text(id);
    c.dimmed = true;
    c.color = QColor(229, 231, 235);
    c.special = tokenizer_ && tokenizer_->isSpecial(id);
    c.lineBreak = endsLine(id);
    chips.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < state.steps.size(); ++i) {
    const auto& s = state.steps[i];
    TokenChip c;
    c.id = s.token;
    c.text = text(s.token);
    c.color = probabilityColor(s.probability);
    c.special = tokenizer_ && tokenizer_->isSpecial(s.token);
    c.lineBreak = endsLine(s.token);
    c.toolTip = tr("step %1: id %2, p = %3%%4").arg(i + 1).arg(s.token).arg(s.probability * 100.0, 0, 'f', 2)
                    .arg(s.chosenByHand ? tr("\nchosen by hand (branch)") : QString());
    chips.push_back(std::move(c));
  }
  chips_->setChips(std::move(chips));
  if (selectedStep_ >= static_cast<int>(state.steps.size())) selectedStep_ = -1;
  chips_->setSelected(selectedStep_ >= 0 ? selectedStep_ + static_cast<int>(state.prompt.size()) : -1);
  branches_->clear();
  branches_->addItem(tr("%n branch(es)", nullptr, static_cast<int>(state.branches.size())));
  for (const auto& b : state.branches) {
    QString preview;
    for (std::size_t i = 0; i < b.steps.size() && i < 6; ++i) preview += text(b.steps[i].token);
    branches_->addItem(tr("from step %1: %2…").arg(b.fromStep + 1).arg(preview));
  }
  branches_->setEnabled(!state.branches.empty());
}

void GenerationView::setRunning(bool running) {
  running_ = running;
  generate_->setText(running ? tr("Stop") : tr("Generate"));
  step_->setEnabled(!running);
}

void GenerationView::setSampling(bool sample) {
  QSignalBlocker block(mode_);
  mode_->setCurrentIndex(sample ? 0 : 1);
}

void GenerationView::setMaxNewTokens(int n) {
  QSignalBlocker block(maxNew_);
  maxNew_->setValue(n);
}

void GenerationView::setMessage(const QString& text) { message_->setText(text); }

void GenerationView::setSelectedStep(int step) {
  selectedStep_ = step;
  chips_->setSelected(step >= 0 ? step + static_cast<int>(state_.prompt.size()) : -1);
}

QString GenerationView::csvData() const {
  QString csv = QStringLiteral("step,id,token,probability,chosen_by_hand\n");
  for (std::size_t i = 0; i < state_.steps.size(); ++i) {
    const auto& s = state_.steps[i];
    QString t = tokenizer_ ? visibleTokenText(tokenizer_->tokenBytes(s.token)) : QString();
    t.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    csv += QStringLiteral("%1,%2,\"%3\",%4,%5\n").arg(i + 1).arg(s.token).arg(t).arg(static_cast<double>(s.probability), 0, 'g', 8).arg(s.chosenByHand ? 1 : 0);
  }
  return csv;
}

QJsonValue GenerationView::jsonData() const {
  QJsonArray steps;
  for (const auto& s : state_.steps)
    steps.append(QJsonObject{{"id", s.token},
                             {"token", tokenizer_ ? visibleTokenText(tokenizer_->tokenBytes(s.token)) : QString()},
                             {"probability", s.probability}, {"chosen_by_hand", s.chosenByHand}});
  QJsonArray prompt;
  for (int id : state_.prompt) prompt.append(id);
  return QJsonObject{{"prompt_ids", prompt}, {"steps", steps}};
}

}  // namespace glassbox
