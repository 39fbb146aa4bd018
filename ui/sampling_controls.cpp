#include "sampling_controls.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <algorithm>
#include <array>
#include <cmath>

#include "tool_tip.h"

namespace glassbox {
namespace {

// (slider position, temperature) knots; linear in between.
constexpr std::array<std::pair<int, double>, 5> kKnots{{{0, 0.0}, {200, 0.2}, {400, 0.8}, {650, 1.2}, {1000, 3.0}}};

QSlider* makeSlider(int max, const QString& tip) {
  auto* s = new QSlider(Qt::Horizontal);
  s->setRange(0, max);
  s->setToolTip(tip);
  return s;
}

QDoubleSpinBox* makeSpin(double lo, double hi, double step, int decimals, const QString& tip) {
  auto* s = new QDoubleSpinBox;
  s->setRange(lo, hi);
  s->setSingleStep(step);
  s->setDecimals(decimals);
  s->setToolTip(tip);
  s->setKeyboardTracking(false);
  return s;
}

}  // namespace

double temperatureFromSlider(int position) {
  position = std::clamp(position, 0, kTemperatureSteps);
  for (std::size_t i = 1; i < kKnots.size(); ++i) {
    if (position <= kKnots[i].first) {
      const auto [p0, t0] = kKnots[i - 1];
      const auto [p1, t1] = kKnots[i];
      const double t = t0 + (t1 - t0) * (position - p0) / static_cast<double>(p1 - p0);
      return std::round(t * 1000.0) / 1000.0;
    }
  }
  return kKnots.back().second;
}

std::vector<int> topKSliderStops(int vocab) {
  vocab = std::max(1, vocab);
  std::vector<int> stops{0};
  for (int k = 1; k <= vocab; k = std::max(k + 1, static_cast<int>(std::lround(k * 1.04)))) stops.push_back(k);
  if (stops.back() != vocab) stops.push_back(vocab);
  return stops;
}

int sliderFromTopK(int k, const std::vector<int>& stops) {
  if (k <= 0 || stops.size() < 2) return 0;
  const auto it = std::lower_bound(stops.begin() + 1, stops.end(), k);
  if (it == stops.end()) return static_cast<int>(stops.size()) - 1;
  const int above = static_cast<int>(it - stops.begin());
  if (*it == k || above == 1) return above;
  // Nearer in ratio: k / below against above / k.
  return static_cast<double>(k) * k < static_cast<double>(*it) * stops[static_cast<std::size_t>(above - 1)] ? above - 1 : above;
}

int sliderFromTemperature(double temperature) {
  temperature = std::clamp(temperature, 0.0, 3.0);
  for (std::size_t i = 1; i < kKnots.size(); ++i) {
    if (temperature <= kKnots[i].second) {
      const auto [p0, t0] = kKnots[i - 1];
      const auto [p1, t1] = kKnots[i];
      return static_cast<int>(std::lround(p0 + (p1 - p0) * (temperature - t0) / (t1 - t0)));
    }
  }
  return kTemperatureSteps;
}

// Every tip is a paragraph, so Qt wraps it instead of drawing one line as wide as the screen.
SamplingControls::ControlTips SamplingControls::controlTips() {
  ControlTips t;
  t.temperature = wrappedToolTip(tr(
      "Temperature divides every logit before the softmax. Below 1 the likely tokens get likelier (at 0 the model "
      "always takes the top token); above 1 the distribution flattens and rare tokens get a real chance."));
  t.topK = wrappedToolTip(tr(
      "Top-k keeps only the k most likely tokens and renormalises; everything else becomes impossible. k = 1 is "
      "greedy decoding; k = 40 is a common choice. Unlike top-p, k does not adapt: it keeps 40 tokens whether the "
      "model is sure or guessing. Far left is off (the whole vocabulary); the slider is logarithmic, so the small "
      "values where top-k matters get most of its length, and its far right is the loaded model's vocabulary."));
  t.topP = wrappedToolTip(tr(
      "Top-p (nucleus) keeps the smallest set of most likely tokens whose probabilities add up to at least p. The "
      "set is small when the model is sure and large when it is not; the chart marks where it cuts."));
  t.minP = wrappedToolTip(tr(
      "Min-p removes every token whose probability is below min-p times the probability of the most likely token, "
      "so the cut scales with the model's confidence."));
  t.repeat = wrappedToolTip(tr(
      "Repetition penalty makes tokens that already appeared in the text less likely (positive logits are divided "
      "by it, negative ones multiplied). 1 = off."));
  t.seed = wrappedToolTip(tr("The seed of the random draw: the same seed and settings always pick the same tokens."));
  t.sample = wrappedToolTip(tr(
      "On: the next token is drawn at random from the adjusted distribution. Off (greedy): the single most likely "
      "token is always taken."));
  t.topN = tr("How many of the most likely tokens are drawn as bars.");
  t.logScale = wrappedToolTip(tr("A logarithmic probability axis shows the long tail of unlikely tokens."));
  return t;
}

SamplingControls::SamplingControls(QWidget* parent) : QWidget(parent) {
  build();
  syncWidgets();
}

void SamplingControls::build() {
  const ControlTips tip = controlTips();
  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(4, 4, 4, 4);
  grid->setHorizontalSpacing(8);
  grid->setVerticalSpacing(2);
  int row = 0;
  auto addRow = [&](const QString& name, const QString& tip, QWidget* slider, QWidget* spin) {
    auto* label = new QLabel(name);
    label->setToolTip(tip);
    grid->addWidget(label, row, 0);
    if (slider) grid->addWidget(slider, row, 1);
    grid->addWidget(spin, row, slider ? 2 : 1, 1, slider ? 1 : 2);
    ++row;
  };

  tempSlider_ = makeSlider(kTemperatureSteps, tip.temperature);
  tempSpin_ = makeSpin(0, 3, 0.01, 3, tip.temperature);
  addRow(tr("Temperature"), tip.temperature, tempSlider_, tempSpin_);
  topK_ = new QSpinBox;
  topK_->setRange(0, 1000000);
  topK_->setSpecialValueText(tr("off"));
  topK_->setToolTip(tip.topK);
  topK_->setKeyboardTracking(false);
  topKStops_ = {0};  // off only, until a model gives the vocabulary size (setVocabSize)
  topKSlider_ = makeSlider(0, tip.topK);
  topKSlider_->setEnabled(false);
  addRow(tr("Top-k"), tip.topK, topKSlider_, topK_);
  topPSlider_ = makeSlider(1000, tip.topP);
  topPSpin_ = makeSpin(0, 1, 0.01, 3, tip.topP);
  addRow(tr("Top-p"), tip.topP, topPSlider_, topPSpin_);
  minPSlider_ = makeSlider(1000, tip.minP);
  minPSpin_ = makeSpin(0, 1, 0.01, 3, tip.minP);
  addRow(tr("Min-p"), tip.minP, minPSlider_, minPSpin_);
  repeat_ = makeSpin(1.0, 3.0, 0.05, 2, tip.repeat);
  addRow(tr("Repetition penalty"), tip.repeat, nullptr, repeat_);
  seed_ = new QSpinBox;
  seed_->setRange(0, 1 << 30);
  seed_->setToolTip(tip.seed);
  seed_->setKeyboardTracking(false);
  addRow(tr("Seed"), tip.seed, nullptr, seed_);
  sample_ = new QCheckBox(tr("Sample (off = greedy)"));
  sample_->setToolTip(tip.sample);
  grid->addWidget(sample_, row++, 0, 1, 3);
  topN_ = new QSpinBox;
  topN_->setRange(2, 64);
  topN_->setToolTip(tip.topN);
  addRow(tr("Bars shown"), tip.topN, nullptr, topN_);
  logScale_ = new QCheckBox(tr("Logarithmic scale"));
  logScale_->setToolTip(tip.logScale);
  grid->addWidget(logScale_, row++, 0, 1, 3);
  grid->setRowStretch(row, 1);
  grid->setColumnStretch(1, 1);

  connect(tempSlider_, &QSlider::valueChanged, this, [this](int v) {
    if (syncing_) return;
    settings_.params.temperature = static_cast<float>(temperatureFromSlider(v));
    emitChanged();
  });
  connect(tempSpin_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    if (syncing_) return;
    settings_.params.temperature = static_cast<float>(v);
    emitChanged();
  });
  connect(topKSlider_, &QSlider::valueChanged, this, [this](int v) {
    if (syncing_) return;
    settings_.params.topK = topKStops_[static_cast<std::size_t>(std::clamp(v, 0, static_cast<int>(topKStops_.size()) - 1))];
    emitChanged();
  });
  connect(topK_, &QSpinBox::valueChanged, this, [this](int v) {
    if (syncing_) return;
    settings_.params.topK = v;
    emitChanged();
  });
  auto unitPair = [this](QSlider* slider, QDoubleSpinBox* spin, float SamplingParams::*field) {
    connect(slider, &QSlider::valueChanged, this, [this, field](int v) {
      if (syncing_) return;
      settings_.params.*field = static_cast<float>(v / 1000.0);
      emitChanged();
    });
    connect(spin, &QDoubleSpinBox::valueChanged, this, [this, field](double v) {
      if (syncing_) return;
      settings_.params.*field = static_cast<float>(v);
      emitChanged();
    });
  };
  unitPair(topPSlider_, topPSpin_, &SamplingParams::topP);
  unitPair(minPSlider_, minPSpin_, &SamplingParams::minP);
  connect(repeat_, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    if (syncing_) return;
    settings_.params.repeatPenalty = static_cast<float>(v);
    emitChanged();
  });
  connect(seed_, &QSpinBox::valueChanged, this, [this](int v) {
    if (syncing_) return;
    settings_.params.seed = static_cast<std::uint64_t>(v);
    emitChanged();
  });
  connect(sample_, &QCheckBox::toggled, this, [this](bool on) {
    if (syncing_) return;
    settings_.sample = on;
    emitChanged();
  });
  connect(topN_, &QSpinBox::valueChanged, this, [this](int v) {
    if (syncing_) return;
    settings_.topN = v;
    emitChanged();
  });
  connect(logScale_, &QCheckBox::toggled, this, [this](bool on) {
    if (syncing_) return;
    settings_.logScale = on;
    emitChanged();
  });
}

void SamplingControls::emitChanged() {
  syncWidgets();
  emit changed(settings_);
}

void SamplingControls::syncWidgets() {
  syncing_ = true;
  const auto& p = settings_.params;
  if (!tempSlider_->isSliderDown()) tempSlider_->setValue(sliderFromTemperature(p.temperature));
  tempSpin_->setValue(p.temperature);
  topK_->setValue(p.topK);
  // The slider follows the spin box; a k between two stops puts the handle on the nearer one.
  if (topKStops_[static_cast<std::size_t>(topKSlider_->value())] != p.topK) topKSlider_->setValue(sliderFromTopK(p.topK, topKStops_));
  topPSlider_->setValue(static_cast<int>(std::lround(p.topP * 1000)));
  topPSpin_->setValue(p.topP);
  minPSlider_->setValue(static_cast<int>(std::lround(p.minP * 1000)));
  minPSpin_->setValue(p.minP);
  repeat_->setValue(p.repeatPenalty);
  seed_->setValue(static_cast<int>(p.seed));
  sample_->setChecked(settings_.sample);
  topN_->setValue(settings_.topN);
  logScale_->setChecked(settings_.logScale);
  tempSpin_->setEnabled(settings_.sample);
  tempSlider_->setEnabled(settings_.sample);
  syncing_ = false;
}

void SamplingControls::setSettings(const SamplingSettings& s) {
  settings_ = s;
  syncWidgets();
  emit changed(settings_);
}

void SamplingControls::setVocabSize(int vocab) {
  topK_->setMaximum(std::max(1, vocab));  // may clamp k, which reaches settings_ through valueChanged
  topKStops_ = topKSliderStops(vocab);
  syncing_ = true;
  topKSlider_->setRange(0, static_cast<int>(topKStops_.size()) - 1);
  topKSlider_->setEnabled(true);
  syncing_ = false;
  syncWidgets();
}

QString samplingSummary(const SamplingSettings& s) {
  const SamplingParams& p = s.params;
  if (!s.sample) return SamplingControls::tr("greedy");
  QStringList parts;
  parts << SamplingControls::tr("T = %1").arg(p.temperature, 0, 'f', 2);
  if (p.topK > 0) parts << SamplingControls::tr("top-k = %1").arg(p.topK);
  if (p.topP < 1.0f) parts << SamplingControls::tr("top-p = %1").arg(p.topP, 0, 'f', 2);
  if (p.minP > 0.0f) parts << SamplingControls::tr("min-p = %1").arg(p.minP, 0, 'f', 2);
  if (p.repeatPenalty != 1.0f) parts << SamplingControls::tr("repetition penalty %1").arg(p.repeatPenalty, 0, 'f', 2);
  return parts.join(QStringLiteral(", "));
}

}  // namespace glassbox
