#include "generation_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPainter>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "token_chips_widget.h"
#include "token_text.h"
#include "tokenizers/tokenizer.h"
#include "tool_tip.h"

namespace glassbox {

QColor probabilityColor(float p) {
  p = std::clamp(p, 0.0f, 1.0f);
  // Hue from red (0) through amber to green (120) on a log-ish scale, so 1% and 10% differ visibly.
  const double t = std::clamp((std::log10(std::max(p, 1e-4f)) + 3.0) / 3.0, 0.0, 1.0);
  return QColor::fromHsvF(static_cast<float>(t * 0.33), 0.45f, 1.0f);
}

QPixmap probabilityKeyPixmap(const QFont& font) {
  const QFontMetrics fm(font);
  const int ramp = 150, h = 12, textW = fm.horizontalAdvance(QStringLiteral("100 %")) + 4;
  QPixmap pm(ramp + textW + 8, h + fm.height() + 2);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  for (int x = 0; x < ramp; ++x) {
    const double logP = -3.0 + 3.0 * x / (ramp - 1);  // 0.1 % .. 100 %
    p.setPen(probabilityColor(static_cast<float>(std::pow(10.0, logP))));
    p.drawLine(x + 4, 0, x + 4, h - 1);
  }
  p.setPen(QColor(150, 150, 150));
  p.drawRect(4, 0, ramp - 1, h - 1);
  p.setFont(font);
  p.setPen(QColor(55, 65, 81));
  const char* marks[] = {"0.1 %", "1 %", "10 %", "100 %"};
  for (int i = 0; i < 4; ++i) {
    const int x = 4 + i * (ramp - 1) / 3;
    p.drawLine(x, h - 3, x, h + 1);
    const QString t = QString::fromLatin1(marks[i]);
    const int w = fm.horizontalAdvance(t);
    p.drawText(QRect(std::clamp(x - w / 2, 0, pm.width() - w), h + 1, w, fm.height()), Qt::AlignCenter, t);
  }
  return pm;
}

GenerationView::GenerationView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* bar = new QHBoxLayout;
  step_ = new QPushButton(tr("Step"));
  step_->setToolTip(wrappedToolTip(tr("Add one token: the sampler chain draws it from the distribution after the last "
                                      "token. Next token then shows the step, unless another position is pinned there.")));
  step_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
  generate_ = new QPushButton(tr("Generate"));
  generate_->setToolTip(wrappedToolTip(tr("Add tokens one after another until the maximum, streaming them as they come.")));
  reset_ = new QPushButton(tr("Reset"));
  reset_->setToolTip(tr("Forget the continuation and start again from the prompt."));
  mode_ = new QComboBox;
  mode_->addItems({tr("Sample"), tr("Greedy")});
  mode_->setToolTip(wrappedToolTip(tr("Greedy always takes the most likely token; Sample draws at random from the adjusted distribution.")));
  maxNew_ = new QSpinBox;
  maxNew_->setRange(1, 4096);
  maxNew_->setPrefix(tr("max "));
  maxNew_->setSuffix(tr(" tokens"));
  maxNew_->setToolTip(tr("How many tokens Generate adds at most."));
  branches_ = new QComboBox;
  branches_->setToolTip(wrappedToolTip(tr("Continuations replaced by choosing a different token; pick one to bring it back.")));
  branches_->setMinimumContentsLength(18);
  follow_ = new QCheckBox(tr("Next token follows"));
  follow_->setChecked(true);
  follow_->setToolTip(wrappedToolTip(tr("On: after every step the Next token view shows that step's distribution. "
                                        "Clicking a token (here or in Tokens) pins it and turns this off.")));
  key_ = new QLabel;
  key_->setPixmap(probabilityKeyPixmap(font()));
  key_->setToolTip(wrappedToolTip(tr("Colour of a generated token: the probability it had in the distribution it "
                                     "was drawn from (after the sampler chain), from red (0.1 % or less) to green (100 %).")));
  auto* keyLabel = new QLabel(tr("p when drawn:"));
  keyLabel->setToolTip(key_->toolTip());
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
  // Under the chips: the colour key, whether Next token follows, and the controller's messages.
  auto* keyRow = new QHBoxLayout;
  keyRow->addWidget(follow_);
  keyRow->addWidget(message_, 1);
  keyRow->addWidget(keyLabel);
  keyRow->addWidget(key_);
  layout->addLayout(keyRow);

  connect(step_, &QPushButton::clicked, this, &GenerationView::stepRequested);
  connect(generate_, &QPushButton::clicked, this, [this] { running_ ? emit stopRequested() : emit generateRequested(); });
  connect(reset_, &QPushButton::clicked, this, &GenerationView::resetRequested);
  connect(mode_, &QComboBox::currentIndexChanged, this, [this](int i) { emit samplingToggled(i == 0); });
  connect(maxNew_, &QSpinBox::valueChanged, this, &GenerationView::maxNewTokensChanged);
  connect(follow_, &QCheckBox::toggled, this, &GenerationView::followLatestToggled);
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
    c.toolTip = s.chosenByHand ? tr("step %1: id %2, p = %3 %\nchosen by hand (branch)").arg(i + 1).arg(s.token)
                                     .arg(s.probability * 100.0, 0, 'f', 2)
                               : tr("step %1: id %2, p = %3 %").arg(i + 1).arg(s.token).arg(s.probability * 100.0, 0, 'f', 2);
    chips.push_back(std::move(c));
  }
  chips_->setChips(std::move(chips));
  if (selectedStep_ >= static_cast<int>(state.steps.size())) selectedStep_ = -1;
  chips_->setSelected(selectedStep_ >= 0 ? selectedStep_ + static_cast<int>(state.prompt.size()) : -1);
  branches_->clear();
  branches_->addItem(tr("%n branch(es)", "", static_cast<int>(state.branches.size())));
  for (const auto& b : state.branches) {
    // The branch's first tokens as text, spaces as spaces (not the chips' visible-space dots).
    std::string bytes;
    for (std::size_t i = 0; i < b.steps.size() && i < 8; ++i)
      if (tokenizer_ && !tokenizer_->isSpecial(b.steps[i].token)) bytes += tokenizer_->tokenBytes(b.steps[i].token);
    QString preview = QString::fromStdString(Tokenizer::displayBytes(bytes)).simplified();
    if (b.steps.size() > 8) preview += QChar(0x2026);
    branches_->addItem(tr("from step %1: “%2”").arg(b.fromStep + 1).arg(preview));
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

void GenerationView::setFollowLatest(bool follow) {
  const QSignalBlocker b(follow_);
  follow_->setChecked(follow);
}

bool GenerationView::followLatest() const { return follow_->isChecked(); }

void GenerationView::setSamplingSummary(const QString& summary) { samplingSummary_ = summary; }

QStringList GenerationView::branchTexts() const {
  QStringList out;
  for (int i = 0; i < branches_->count(); ++i) out << branches_->itemText(i);
  return out;
}

QString GenerationView::exportTitle() const {
  const int n = static_cast<int>(state_.steps.size());
  return samplingSummary_.isEmpty() ? tr("Generation: %n token(s) after the prompt", "", n)
                                    : tr("Generation: %n token(s) after the prompt (%1)", "", n).arg(samplingSummary_);
}

void GenerationView::setExporting(bool exporting) { chips_->setExporting(exporting); }

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
  // steps[].token is the id, as in glassbox-cli generate --json; "piece" the text it adds.
  QJsonArray steps;
  for (std::size_t i = 0; i < state_.steps.size(); ++i) {
    const auto& s = state_.steps[i];
    steps.append(QJsonObject{{"position", static_cast<int>(state_.prompt.size() + i)},
                             {"token", s.token},
                             {"piece", tokenizer_ ? visibleTokenText(tokenizer_->tokenBytes(s.token)) : QString()},
                             {"probability", s.probability}, {"chosen_by_hand", s.chosenByHand}});
  }
  QJsonArray prompt;
  for (int id : state_.prompt) prompt.append(id);
  return QJsonObject{{"prompt_tokens", prompt}, {"steps", steps}};
}

}  // namespace glassbox
