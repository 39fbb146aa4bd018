#include "cli_common.h"

#include <filesystem>

#include "core/error.h"
#include "core/paths.h"

namespace glassbox::cli {

std::string resolveModelPath(const CliArgs& args) {
  if (auto m = args.get("model")) return *m;
  if (auto d = findDefaultModel()) return *d;
  throw Error("no --model given and the default model was not found next to the executable "
              "(hint: pass --model PATH to a Hugging Face model folder or a llama2.c .bin file)");
}

std::shared_ptr<const Tokenizer> loadTokenizerFor(const std::string& modelPath, const CliArgs& args) {
  namespace fs = std::filesystem;
  if (auto t = args.get("tokenizer")) return Tokenizer::load(*t);
  std::error_code ec;
  const fs::path p(modelPath);
  if (fs::is_directory(p, ec)) {
    const fs::path json = p / "tokenizer.json";
    if (!fs::exists(json, ec)) throw Error(modelPath + ": no tokenizer.json in the model folder (hint: pass --tokenizer PATH)");
    return Tokenizer::load(json.string());
  }
  const fs::path bin = p.parent_path() / "tokenizer.bin";
  if (fs::exists(bin, ec)) return Tokenizer::load(bin.string());
  for (const auto& entry : fs::directory_iterator(p.parent_path().empty() ? fs::path(".") : p.parent_path(), ec)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() == ".bin" && name.rfind("tok", 0) == 0) return Tokenizer::load(entry.path().string());
  }
  throw Error(modelPath + ": no tokenizer.bin beside the checkpoint (hint: pass --tokenizer PATH)");
}

}  // namespace glassbox::cli
