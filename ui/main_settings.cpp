// MainWindow: what persists between runs (QSettings): geometry, dock layout, last model, controls.
#include <QGuiApplication>
#include <QScreen>
#include <QSettings>
#include <algorithm>

#include <QAction>
#include <QComboBox>

#include "embeddings_view.h"
#include "engine_controller.h"
#include "generation_controller.h"
#include "generation_view.h"
#include "main_window.h"
#include "next_token_view.h"
#include "tokens_view.h"

namespace glassbox {
namespace {
constexpr int kMaxRecent = 8;
}  // namespace

void MainWindow::restoreSettings() {
  QSettings s;
  if (!restoreGeometry(s.value("window/geometry").toByteArray())) {
    if (const QScreen* screen = QGuiApplication::primaryScreen()) {
      const QRect avail = screen->availableGeometry();
      resize(std::max(1000, avail.width() * 9 / 10), std::max(700, avail.height() * 9 / 10));
    }
  }
  layoutRestored_ = restoreState(s.value("window/state").toByteArray(), kLayoutVersion);
  SamplingSettings ss = next_->controls()->settings();
  ss.params.temperature = s.value("sampling/temperature", ss.params.temperature).toFloat();
  ss.params.topK = s.value("sampling/topK", ss.params.topK).toInt();
  ss.params.topP = s.value("sampling/topP", ss.params.topP).toFloat();
  ss.params.minP = s.value("sampling/minP", ss.params.minP).toFloat();
  ss.params.repeatPenalty = s.value("sampling/repeatPenalty", ss.params.repeatPenalty).toFloat();
  ss.params.seed = s.value("sampling/seed", 0).toULongLong();
  ss.sample = s.value("sampling/sample", ss.sample).toBool();
  ss.topN = s.value("sampling/bars", ss.topN).toInt();
  ss.logScale = s.value("sampling/logScale", ss.logScale).toBool();
  next_->controls()->setSettings(ss);
  const int maxNew = s.value("generation/maxNew", 32).toInt();
  gen_->setMaxNewTokens(maxNew);
  genView_->setMaxNewTokens(maxNew);
  tokens_->setShowIds(s.value("tokens/showIds", true).toBool());
  embMode_->setCurrentIndex(std::clamp(s.value("embeddings/mode", 0).toInt(), 0, embMode_->count() - 1));
  exportCaption_ = s.value("export/caption", true).toBool();
  if (captionAction_) captionAction_->setChecked(exportCaption_);
  const int vocab = s.value("embeddings/vocabulary", 300).toInt();
  emb_->setVocabularySample(vocab);
  engine_->setVocabularySample(vocab);
}

void MainWindow::saveSettings() {
  QSettings s;
  s.setValue("window/geometry", saveGeometry());
  s.setValue("window/state", saveState(kLayoutVersion));
  const SamplingSettings ss = next_->controls()->settings();
  s.setValue("sampling/temperature", ss.params.temperature);
  s.setValue("sampling/topK", ss.params.topK);
  s.setValue("sampling/topP", ss.params.topP);
  s.setValue("sampling/minP", ss.params.minP);
  s.setValue("sampling/repeatPenalty", ss.params.repeatPenalty);
  s.setValue("sampling/seed", static_cast<qulonglong>(ss.params.seed));
  s.setValue("sampling/sample", ss.sample);
  s.setValue("sampling/bars", ss.topN);
  s.setValue("sampling/logScale", ss.logScale);
  s.setValue("generation/maxNew", gen_->maxNewTokens());
  s.setValue("tokens/showIds", tokens_->showIds());
  s.setValue("embeddings/mode", embMode_->currentIndex());
}

void MainWindow::rememberVocabularySample(int count) {
  if (options_.persistSettings) QSettings().setValue("embeddings/vocabulary", count);
}

void MainWindow::rememberModel(const QString& path, const QString& tokenizerPath) {
  if (!options_.persistSettings) return;
  QSettings s;
  s.setValue("model/last", path);
  s.setValue("model/tokenizer/" + path, tokenizerPath);
  QStringList recent = s.value("model/recent").toStringList();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecent) recent.removeLast();
  s.setValue("model/recent", recent);
  updateRecentMenu();
}

}  // namespace glassbox
