#include "reliability/hostile_model.h"

#include <cstdio>
#include <fstream>

#include "models/tiny_model.h"
#include "tokenizers/byte_level.h"

namespace glassbox::reliability {

void writeGpt2(const std::filesystem::path& dir, const TinyGpt2& s, std::uint64_t seed,
               const std::function<void(std::vector<TensorToWrite>&)>& edit) {
  testing::TinySpec spec;
  spec.arch = Architecture::Gpt2;
  spec.architectureName = "GPT2LMHeadModel";
  spec.modelType = "gpt2";
  spec.layers = s.layers, spec.dModel = s.dModel, spec.heads = s.heads, spec.kvHeads = s.heads;
  spec.hidden = s.hidden, spec.vocab = s.vocab, spec.context = s.context;
  spec.extraConfigJson = R"({"bos_token_id": 256, "eos_token_id": 256})";
  testing::writeTinyHfModel(dir, spec, seed, edit);
}

namespace {

// JSON string literal of UTF-8 text (escapes quote, backslash and control characters).
std::string jsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  return out + "\"";
}

}  // namespace

std::string writeByteTokenizer(const std::filesystem::path& dir) {
  std::string vocab;
  for (int b = 0; b < 256; ++b) {
    const std::string sym = tok::byteLevelChar(static_cast<unsigned char>(b));
    vocab += (b ? ", " : "") + jsonString(sym) + ": " + std::to_string(b);
  }
  vocab += ", \"<|endoftext|>\": 256, \"<|pad|>\": 257";
  const std::string json =
      "{\"version\": \"1.0\", \"added_tokens\": ["
      "{\"id\": 256, \"content\": \"<|endoftext|>\", \"special\": true, \"normalized\": false, "
      "\"single_word\": false, \"lstrip\": false, \"rstrip\": false},"
      "{\"id\": 257, \"content\": \"<|pad|>\", \"special\": true, \"normalized\": false, "
      "\"single_word\": false, \"lstrip\": false, \"rstrip\": false}],"
      "\"normalizer\": null,"
      "\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true},"
      "\"post_processor\": null,"
      "\"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, \"use_regex\": true},"
      "\"model\": {\"type\": \"BPE\", \"dropout\": null, \"unk_token\": null, \"fuse_unk\": false, "
      "\"byte_fallback\": false, \"vocab\": {" + vocab + "}, \"merges\": []}}";
  const auto path = dir / "tokenizer.json";
  std::ofstream(path, std::ios::binary) << json;
  return path.string();
}

}  // namespace glassbox::reliability
