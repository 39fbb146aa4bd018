#include "cli_common.h"

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
  if (auto t = args.get("tokenizer")) return Tokenizer::load(*t);
  return Tokenizer::load(findTokenizerPath(modelPath));
}

}  // namespace glassbox::cli
