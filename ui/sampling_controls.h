#pragma once
// The sampler's knobs: temperature, top-k, top-p, min-p, repetition penalty, seed, sampling on/off,
// plus how many bars to draw and the log-scale toggle. Each slider is paired with a spin box; every
// control carries a tooltip that says what it does.
#include <QWidget>
#include <vector>

#include "sampling/sampler_chain.h"

class QCheckBox;
class QDoubleSpinBox;
class QSlider;
class QSpinBox;

namespace glassbox {

struct SamplingSettings {
  SamplingParams params;
  bool sample = true;   // off = greedy
  int topN = 20;        // bars drawn
  bool logScale = false;
  // The parameters the chain actually runs with (temperature 0 when sampling is off).
  SamplingParams effective() const {
    SamplingParams p = params;
    if (!sample) p.temperature = 0.0f;
    return p;
  }
};

// Temperature slider positions 0..kTemperatureSteps map non-linearly onto 0..3: fine steps near 0 and
// near 1, coarser above 1.2.
inline constexpr int kTemperatureSteps = 1000;
double temperatureFromSlider(int position);
int sliderFromTemperature(double temperature);

// The top-k slider's stops, one per position: 0 (off: the whole vocabulary), then every k up to 38,
// then 4 % apart up to the vocabulary size (the last stop). Logarithmic beyond 38, so the small
// k where top-k matters get most of the track, and every step of the slider changes k.
std::vector<int> topKSliderStops(int vocab);
int sliderFromTopK(int k, const std::vector<int>& stops);  // the stop nearest to k (in ratio)

// "T = 0.80, top-k = 40, top-p = 0.90" or "greedy": the settings that shape a picture, for captions.
QString samplingSummary(const SamplingSettings& settings);

class SamplingControls : public QWidget {
  Q_OBJECT
 public:
  explicit SamplingControls(QWidget* parent = nullptr);

  SamplingSettings settings() const { return settings_; }
  void setSettings(const SamplingSettings& s);
  void setVocabSize(int vocab);

  // For tests and scripting: what the person would do with the mouse.
  QSlider* temperatureSlider() const { return tempSlider_; }
  QSpinBox* topKSpin() const { return topK_; }
  QSlider* topKSlider() const { return topKSlider_; }
  QSlider* topPSlider() const { return topPSlider_; }
  const std::vector<int>& topKStops() const { return topKStops_; }

 signals:
  void changed(const glassbox::SamplingSettings& settings);

 private:
  struct ControlTips {
    QString temperature, topK, topP, minP, repeat, seed, sample, topN, logScale;
  };
  static ControlTips controlTips();
  void build();
  void emitChanged();
  void syncWidgets();

  SamplingSettings settings_;
  bool syncing_ = false;
  QSlider* tempSlider_ = nullptr;
  QDoubleSpinBox* tempSpin_ = nullptr;
  QSpinBox* topK_ = nullptr;
  QSlider* topKSlider_ = nullptr;
  std::vector<int> topKStops_;  // [slider position] -> k
  QSlider* topPSlider_ = nullptr;
  QDoubleSpinBox* topPSpin_ = nullptr;
  QSlider* minPSlider_ = nullptr;
  QDoubleSpinBox* minPSpin_ = nullptr;
  QDoubleSpinBox* repeat_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QCheckBox* sample_ = nullptr;
  QSpinBox* topN_ = nullptr;
  QCheckBox* logScale_ = nullptr;
};

}  // namespace glassbox
