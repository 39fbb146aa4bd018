// Synthetic models for the UI budget run (see bench_ui_models.h).
#include "bench_ui_models.h"

#include <cmath>
#include <fstream>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/json_util.h"
#include "core/rng.h"
#include "formats/safetensors.h"
#include "tokenizers/tokenizer.h"
#include "training/bpe_trainer.h"

namespace glassbox::benchui {
namespace {

// Weights ~ N(0, scale^2) (+ mean for norm gains); only the shapes matter for the UI's speed.
TensorToWrite randomTensor(const std::string& name, std::vector<std::int64_t> shape, Rng& rng, double scale,
                           double mean = 0.0) {
  std::size_t n = 1;
  for (auto d : shape) n *= static_cast<std::size_t>(d);
  std::vector<float> v(n);
  for (auto& x : v) x = static_cast<float>(mean + scale * rng.normal());
  return f32Tensor(name, std::move(shape), v);
}

void writeWeights(const std::filesystem::path& file, const SyntheticModelSpec& s) {
  const std::int64_t C = s.dModel, F = 4 * s.dModel, V = s.vocab, P = s.context;
  const double ws = 0.5 / std::sqrt(static_cast<double>(C));
  Rng rng(2026);
  std::vector<TensorToWrite> t;
  t.push_back(randomTensor("wte.weight", {V, C}, rng, 0.5));  // [V][C], tied LM head
  t.push_back(randomTensor("wpe.weight", {P, C}, rng, 0.3));  // [P][C]
  for (int l = 0; l < s.layers; ++l) {
    const std::string h = "h." + std::to_string(l) + ".";
    t.push_back(randomTensor(h + "ln_1.weight", {C}, rng, 0.1, 1.0));
    t.push_back(randomTensor(h + "ln_1.bias", {C}, rng, 0.1));
    t.push_back(randomTensor(h + "attn.c_attn.weight", {C, 3 * C}, rng, 3 * ws));  // [C][3C]
    t.push_back(randomTensor(h + "attn.c_attn.bias", {3 * C}, rng, 0.1));
    t.push_back(randomTensor(h + "attn.c_proj.weight", {C, C}, rng, ws));
    t.push_back(randomTensor(h + "attn.c_proj.bias", {C}, rng, 0.1));
    t.push_back(randomTensor(h + "ln_2.weight", {C}, rng, 0.1, 1.0));
    t.push_back(randomTensor(h + "ln_2.bias", {C}, rng, 0.1));
    t.push_back(randomTensor(h + "mlp.c_fc.weight", {C, F}, rng, ws));  // [C][F]
    t.push_back(randomTensor(h + "mlp.c_fc.bias", {F}, rng, 0.1));
    t.push_back(randomTensor(h + "mlp.c_proj.weight", {F, C}, rng, ws));  // [F][C]
    t.push_back(randomTensor(h + "mlp.c_proj.bias", {C}, rng, 0.1));
  }
  t.push_back(randomTensor("ln_f.weight", {C}, rng, 0.1, 1.0));
  t.push_back(randomTensor("ln_f.bias", {C}, rng, 0.1));
  writeSafetensors(file.string(), t);
}

}  // namespace

void writeGeneratedByteLevelTokenizer(const std::filesystem::path& file, int vocab) {
  if (vocab < 258) throw Error("generated tokenizer: vocab " + std::to_string(vocab) + " is below 258 (256 bytes, a merge, <|endoftext|>)");
  std::vector<std::string> tokens;  // raw bytes by id
  std::unordered_map<std::string, int> ids;
  for (int b = 0; b < 256; ++b) {
    tokens.emplace_back(1, static_cast<char>(b));
    ids.emplace(tokens.back(), b);
  }
  std::vector<std::pair<int, int>> merges;
  const int lastMerge = vocab - 1;  // the last id is <|endoftext|>
  auto add = [&](const std::string& left, const std::string& right) {
    if (static_cast<int>(tokens.size()) >= lastMerge || ids.contains(left + right)) return false;
    merges.emplace_back(ids.at(left), ids.at(right));
    ids.emplace(left + right, static_cast<int>(tokens.size()));
    tokens.push_back(left + right);
    return true;
  };
  // Two-byte tokens over printable ASCII (and space), then three- and four-byte tokens that extend them
  // with lower-case letters, until the vocabulary is full.
  std::vector<std::string> ascii, lower;
  for (char c = ' '; c <= '~'; ++c) ascii.emplace_back(1, c);
  for (char c = 'a'; c <= 'z'; ++c) lower.emplace_back(1, c);
  std::vector<std::string> level = ascii, nextLevel;
  for (int depth = 0; depth < 3 && static_cast<int>(tokens.size()) < lastMerge; ++depth) {
    nextLevel.clear();
    for (const std::string& left : level)
      for (const std::string& right : depth == 0 ? ascii : lower)
        if (add(left, right)) nextLevel.push_back(left + right);
    level = nextLevel;
  }
  if (static_cast<int>(tokens.size()) != lastMerge)
    throw Error("generated tokenizer: only " + std::to_string(tokens.size()) + " tokens for vocab " + std::to_string(vocab));
  writeByteLevelTokenizerJson(file.string(), tokens, merges);
}

std::string writeSyntheticGpt2(const std::filesystem::path& dir, const SyntheticModelSpec& s,
                               const std::filesystem::path& gpt2TokenizerJson) {
  std::filesystem::create_directories(dir);
  writeWeights(dir / "model.safetensors", s);
  Json config = {{"architectures", Json::array({"GPT2LMHeadModel"})}, {"model_type", "gpt2"}, {"vocab_size", s.vocab},
                 {"n_embd", s.dModel}, {"n_layer", s.layers}, {"n_head", s.heads}, {"n_positions", s.context},
                 {"n_inner", 4 * s.dModel}, {"layer_norm_epsilon", 1e-5}};
  std::ofstream(dir / "config.json") << config.dump(2);
  std::error_code ec;
  const std::string shape = "GPT-2 " + std::to_string(s.layers) + " x " + std::to_string(s.heads) + " heads, C " +
                            std::to_string(s.dModel) + ", V " + std::to_string(s.vocab);
  if (s.vocab == 50257 && !gpt2TokenizerJson.empty() && std::filesystem::is_regular_file(gpt2TokenizerJson, ec)) {
    std::filesystem::copy_file(gpt2TokenizerJson, dir / "tokenizer.json", std::filesystem::copy_options::overwrite_existing);
    return shape + ", GPT-2's tokenizer";
  }
  writeGeneratedByteLevelTokenizer(dir / "tokenizer.json", s.vocab);
  return shape + ", generated byte-level BPE tokenizer";
}

std::string promptWithTokens(const std::filesystem::path& tokenizerJson, int tokens, std::uint64_t seed) {
  static constexpr std::string_view kWords[] = {
      "the", "model", "reads", "every", "token", "of", "a", "prompt", "and", "then", "guesses", "what", "comes",
      "next", "while", "each", "attention", "head", "looks", "back", "at", "earlier", "words", "in", "light",
      "river", "bank", "money", "table", "slowly", "bright", "morning", "window", "garden", "quiet", "story"};
  const auto tok = Tokenizer::load(tokenizerJson.string());
  std::string text;
  Rng rng(seed);
  while (static_cast<int>(tok->encode(text, true).ids.size()) < tokens + 4) {
    if (!text.empty()) text += ' ';
    text += kWords[rng.below(std::size(kWords))];
  }
  // Cut at the byte where token `tokens` starts, then nudge the end until the count is exact.
  const Encoding e = tok->encode(text, true);
  std::size_t cut = e.tokens[static_cast<std::size_t>(tokens)].begin;
  for (std::size_t delta = 0; delta < 16; ++delta) {
    for (const std::size_t len : {cut - std::min(cut, delta), cut + delta}) {
      if (len > text.size()) continue;
      const std::string candidate = text.substr(0, len);
      if (static_cast<int>(tok->encode(candidate, true).ids.size()) == tokens) return candidate;
    }
  }
  return text.substr(0, cut);
}

}  // namespace glassbox::benchui
