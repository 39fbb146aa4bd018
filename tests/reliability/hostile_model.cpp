#include "reliability/hostile_model.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "core/rng.h"
#include "tokenizers/byte_level.h"

namespace glassbox::reliability {

namespace {

// This process's temp folder, removed at exit.
struct TempRoot {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("glassbox-reliability-" + std::to_string(::getpid()));
  ~TempRoot() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
} gTempRoot;

}  // namespace

std::filesystem::path freshDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = gTempRoot.path / (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::vector<TensorToWrite> gpt2Tensors(const TinyGpt2& s, std::uint64_t seed) {
  Rng rng(seed);
  const std::int64_t C = s.dModel, F = s.hidden;
  std::vector<TensorToWrite> out;
  auto add = [&](const std::string& name, std::vector<std::int64_t> shape, double scale, double mean = 0.0) {
    std::size_t n = 1;
    for (auto d : shape) n *= static_cast<std::size_t>(d);
    std::vector<float> v(n);
    for (float& x : v) x = static_cast<float>(mean + scale * (2.0 * rng.uniform() - 1.0));
    out.push_back(f32Tensor("transformer." + name, std::move(shape), v));
  };
  const double ws = 1.0 / std::sqrt(static_cast<double>(C));
  add("wte.weight", {s.vocab, C}, 0.5);
  add("wpe.weight", {s.context, C}, 0.3);
  for (int l = 0; l < s.layers; ++l) {
    const std::string h = "h." + std::to_string(l) + ".";
    add(h + "ln_1.weight", {C}, 0.1, 1.0);
    add(h + "ln_1.bias", {C}, 0.1);
    add(h + "attn.c_attn.weight", {C, 3 * C}, ws);
    add(h + "attn.c_attn.bias", {3 * C}, 0.1);
    add(h + "attn.c_proj.weight", {C, C}, ws);
    add(h + "attn.c_proj.bias", {C}, 0.1);
    add(h + "ln_2.weight", {C}, 0.1, 1.0);
    add(h + "ln_2.bias", {C}, 0.1);
    add(h + "mlp.c_fc.weight", {C, F}, ws);
    add(h + "mlp.c_fc.bias", {F}, 0.1);
    add(h + "mlp.c_proj.weight", {F, C}, ws);
    add(h + "mlp.c_proj.bias", {C}, 0.1);
  }
  add("ln_f.weight", {C}, 0.1, 1.0);
  add("ln_f.bias", {C}, 0.1);
  return out;
}

void writeGpt2(const std::filesystem::path& dir, const TinyGpt2& s, std::uint64_t seed,
               const std::function<void(std::vector<TensorToWrite>&)>& edit) {
  std::filesystem::create_directories(dir);
  auto tensors = gpt2Tensors(s, seed);
  if (edit) edit(tensors);
  writeSafetensors((dir / "model.safetensors").string(), tensors);
  std::ofstream(dir / "config.json")
      << "{\"architectures\": [\"GPT2LMHeadModel\"], \"model_type\": \"gpt2\", \"vocab_size\": " << s.vocab
      << ", \"n_embd\": " << s.dModel << ", \"n_layer\": " << s.layers << ", \"n_head\": " << s.heads
      << ", \"n_positions\": " << s.context << ", \"n_inner\": " << s.hidden
      << ", \"layer_norm_epsilon\": 1e-5, \"bos_token_id\": 256, \"eos_token_id\": 256}\n";
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
