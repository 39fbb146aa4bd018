#include "ui_fixture.h"

#include <QTest>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine_controller.h"
#include "models/tiny_model.h"

namespace glassbox::testing {
namespace {

// GPT-2's reversible byte -> printable character map (printable Latin-1 bytes map to themselves, the
// rest to U+0100 onwards, in byte order).
std::string byteSymbol(int b) {
  const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  int cp = b;
  if (!printable) {
    int n = 0;
    for (int x = 0; x < b; ++x)
      if (!((x >= '!' && x <= '~') || (x >= 0xA1 && x <= 0xAC) || (x >= 0xAE && x <= 0xFF))) ++n;
    cp = 256 + n;
  }
  std::string s;
  if (cp < 0x80) s += static_cast<char>(cp);
  else {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

void writeTokenizerJson(const std::filesystem::path& file) {
  nlohmann::json vocab = nlohmann::json::object();
  for (int b = 0; b < 256; ++b) vocab[byteSymbol(b)] = b;
  vocab[byteSymbol(' ') + "t"] = 256;
  vocab["he"] = 257;
  const nlohmann::json byteLevel = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
  nlohmann::json j = {
      {"version", "1.0"},
      {"truncation", nullptr},
      {"padding", nullptr},
      {"added_tokens", {{{"id", 258}, {"content", "<|endoftext|>"}, {"single_word", false}, {"lstrip", false},
                         {"rstrip", false}, {"normalized", false}, {"special", true}}}},
      {"normalizer", nullptr},
      {"pre_tokenizer", byteLevel},
      {"post_processor", byteLevel},
      {"decoder", byteLevel},
      {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", ""},
                 {"end_of_word_suffix", ""}, {"fuse_unk", false}, {"byte_fallback", false}, {"vocab", vocab},
                 {"merges", {byteSymbol(' ') + " t", "h e"}}}}};
  std::ofstream(file) << j.dump(1);
}

}  // namespace

std::filesystem::path writeTinyGpt2(const std::filesystem::path& dir, const TinyGpt2Options& o, std::uint64_t seed) {
  TinySpec spec;
  spec.arch = Architecture::Gpt2;
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
