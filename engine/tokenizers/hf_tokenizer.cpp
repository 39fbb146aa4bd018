#include "tokenizers/hf_tokenizer.h"

#include "core/error.h"

namespace glassbox::tok {

std::shared_ptr<const Tokenizer> HfTokenizer::parse(std::string_view, const std::string& path) {
  failFile(path, "Hugging Face tokenizer.json is not supported yet");
}

}  // namespace glassbox::tok
