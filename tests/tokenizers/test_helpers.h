#pragma once
// Shared by the tokenizer tests: write a tokenizer file to a temporary path and load it.
#include <filesystem>
#include <fstream>
#include <string>

#include "tokenizers/tokenizer.h"

namespace glassbox::test {

inline std::string writeTemp(const std::string& name, const std::string& bytes) {
  const auto p = std::filesystem::temp_directory_path() / ("glassbox_tok_" + name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

inline std::shared_ptr<const Tokenizer> loadJson(const std::string& name, const std::string& json) {
  return Tokenizer::load(writeTemp(name + ".json", json));
}

}  // namespace glassbox::test
