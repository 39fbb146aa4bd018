// Which tokenizer file belongs to a model path: the one rule shared by the CLI and the desktop app.
#include <filesystem>

#include "core/error.h"
#include "formats/gguf.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {

std::string findTokenizerPath(const std::string& modelPath) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p(modelPath);
  if (!fs::is_directory(p, ec) && isGgufFile(modelPath)) return modelPath;  // the tokenizer is in its metadata
  // A model.safetensors or config.json path stands for its folder.
  const std::string file = p.filename().string();
  if (!fs::is_directory(p, ec) && (file == "model.safetensors" || file == "config.json")) {
    p = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  }
  if (fs::is_directory(p, ec)) {
    const fs::path json = p / "tokenizer.json";
    if (fs::is_regular_file(json, ec)) return json.string();
    // Older t5 / mT5 repositories ship only the SentencePiece model.
    const fs::path spiece = p / "spiece.model";
    if (fs::is_regular_file(spiece, ec)) return spiece.string();
    throw Error(modelPath + ": no tokenizer.json or spiece.model in the model folder " + p.string() +
                " (hint: pass --tokenizer PATH to the model's tokenizer.json)");
  }
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const fs::path bin = dir / "tokenizer.bin";
  if (fs::is_regular_file(bin, ec)) return bin.string();
  fs::path best;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".bin" && name.rfind("tok", 0) == 0 && entry.is_regular_file(ec)) {
      if (best.empty() || entry.path().filename() < best.filename()) best = entry.path();  // stable choice
    }
  }
  if (!best.empty()) return best.string();
  throw Error(modelPath + ": no tokenizer.bin or tok*.bin beside the checkpoint in " + dir.string() +
              " (hint: pass --tokenizer PATH)");
}

}  // namespace glassbox
