#include "reliability/hostile_model.h"

#include "models/tiny_model.h"
#include "training/bpe_trainer.h"

namespace glassbox::reliability {

void writeGpt2(const std::filesystem::path& dir, const TinyGpt2& s, std::uint64_t seed,
               const std::function<void(std::vector<TensorToWrite>&)>& edit) {
  testing::TinySpec spec;
  spec.arch = testing::TinyArch::Gpt2;
  spec.architectureName = "GPT2LMHeadModel";
  spec.modelType = "gpt2";
  spec.layers = s.layers, spec.dModel = s.dModel, spec.heads = s.heads, spec.kvHeads = s.heads;
  spec.hidden = s.hidden, spec.vocab = s.vocab, spec.context = s.context;
  spec.extraConfigJson = R"({"bos_token_id": 256, "eos_token_id": 256})";
  testing::writeTinyHfModel(dir, spec, seed, edit);
}

std::string writeByteTokenizer(const std::filesystem::path& dir) {
  std::vector<std::string> bytes(256);
  for (int b = 0; b < 256; ++b) bytes[static_cast<std::size_t>(b)] = std::string(1, static_cast<char>(b));
  const auto path = (dir / "tokenizer.json").string();
  writeByteLevelTokenizerJson(path, bytes, {}, {"<|endoftext|>", "<|pad|>"});
  return path;
}

}  // namespace glassbox::reliability
