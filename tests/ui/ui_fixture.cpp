#include "ui_fixture.h"

#include <QTest>

#include "engine_controller.h"
#include "models/tiny_model.h"
#include "training/bpe_trainer.h"

namespace glassbox::testing {
namespace {

// 256 byte tokens, merges " t" (256) and "he" (257), and <|endoftext|> (258).
void writeTokenizerJson(const std::filesystem::path& file) {
  std::vector<std::string> tokens;
  for (int b = 0; b < 256; ++b) tokens.emplace_back(1, static_cast<char>(b));
  tokens.emplace_back(" t");
  tokens.emplace_back("he");
  writeByteLevelTokenizerJson(file.string(), tokens, {{' ', 't'}, {'h', 'e'}});
}

}  // namespace

std::filesystem::path writeTinyGpt2(const std::filesystem::path& dir, const TinyGpt2Options& o, std::uint64_t seed) {
  TinySpec spec;
  spec.arch = TinyArch::Gpt2;
  spec.architectureName = "GPT2LMHeadModel";
  spec.modelType = "gpt2";
  spec.layers = o.layers;
  spec.dModel = o.dModel;
  spec.heads = o.heads;
  spec.kvHeads = o.heads;
  spec.hidden = 4 * o.dModel;
  spec.vocab = 260;
  spec.context = o.context;
  writeTinyHfModel(dir, spec, seed);
  writeTokenizerJson(dir / "tokenizer.json");
  return dir;
}

std::unique_ptr<MainWindow> makeWindow() {
  StartupOptions o;
  o.restoreAutosave = false;
  o.persistSettings = false;
  auto w = std::make_unique<MainWindow>(o);
  w->resize(1280, 800);
  w->show();
  return w;
}

bool waitFor(const std::function<bool()>& pred, int timeoutMs) { return QTest::qWaitFor(pred, timeoutMs); }

bool loadAndAnalyse(MainWindow& window, const QString& modelPath, const QString& prompt) {
  window.setPrompt(prompt);
  window.openModel(modelPath);
  return waitFor([&] {
    const auto a = window.engine()->analysis();
    const auto m = window.engine()->model();
    return m && m->modelPath == modelPath && a && a->trace && a->text == prompt.toStdString() &&
           !window.engine()->isAnalysing();
  });
}

}  // namespace glassbox::testing
