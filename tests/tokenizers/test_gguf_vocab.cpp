// Tokenizers embedded in GGUF metadata. llama.cpp's ten test vocabularies with their reference ids (exact,
// tokenized without special tokens); WordPiece and Unigram vocabularies written here as GGUF from the
// all-MiniLM and flan-t5 tokenizer.json fixtures, against the tokenizer.json they came from; hostile
// metadata.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/json_util.h"
#include "formats/gguf_writer.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {
namespace {

const std::string kVocabs = GLASSBOX_SHARED_DIR "/fixtures/llamacpp-vocab";
const std::string kFixtures = GLASSBOX_SHARED_DIR "/fixtures";

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path tempDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::temp_directory_path() / "glassbox-gguf-vocab-tests" / info->name();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// llama.cpp's .inp: strings separated by "\n__ggml_vocab_test__\n"; .out: one line of ids per string.
std::vector<std::string> testStrings(const std::string& path) {
  const std::string text = readText(path), sep = "\n__ggml_vocab_test__\n";
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (std::size_t at; (at = text.find(sep, pos)) != std::string::npos; pos = at + sep.size()) out.push_back(text.substr(pos, at - pos));
  return out;
}

std::vector<std::vector<int>> expectedIds(const std::string& path) {
  std::vector<std::vector<int>> out;
  std::istringstream in(readText(path));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream l(line);
    std::vector<int> ids;
    for (int id; l >> id;) ids.push_back(id);
    out.push_back(ids);
  }
  return out;
}

class LlamaCppVocab : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kVocabs)) GTEST_SKIP() << kVocabs << " is absent (the shared fixtures are not part of a fresh clone)";
  }
};

TEST_P(LlamaCppVocab, ReferenceIdsExactly) {
  const std::string base = kVocabs + "/ggml-vocab-" + GetParam() + ".gguf";
  const auto tok = Tokenizer::load(base);
  if (!std::filesystem::exists(base + ".inp")) {
    // No reference vectors shipped for this vocabulary: it loads, and decoding what it encodes gives the
    // text back for the strings of another file.
    for (const std::string& s : testStrings(kVocabs + "/ggml-vocab-llama-spm.gguf.inp")) {
      if (s.empty()) continue;
      const auto enc = tok->encode(s, false);
      std::string back;
      for (int id : enc.ids) back += tok->tokenBytes(id);
      EXPECT_NE(back.find(s.substr(s.find_first_not_of(' ') == std::string::npos ? 0 : s.find_first_not_of(' '))), std::string::npos)
          << GetParam() << ": " << s;
    }
    return;
  }
  const auto inputs = testStrings(base + ".inp");
  const auto expected = expectedIds(base + ".out");
  ASSERT_GE(expected.size(), inputs.size());
  int wrong = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const auto ids = tok->encode(inputs[i], false).ids;
    if (ids != expected[i] && ++wrong <= 5) ADD_FAILURE() << GetParam() << " string " << i << ": \"" << inputs[i] << "\"";
  }
  EXPECT_EQ(wrong, 0) << GetParam() << ": " << wrong << " of " << inputs.size() << " strings differ";
}

INSTANTIATE_TEST_SUITE_P(TenFiles, LlamaCppVocab,
                         ::testing::Values("llama-spm", "phi-3", "baichuan", "deepseek-coder", "deepseek-llm", "falcon",
                                           "gpt-neox", "mpt", "refact", "starcoder"));

TEST(GgufVocab, SpmSpansSpecialsAndDecode) {
  const std::string path = kVocabs + "/ggml-vocab-llama-spm.gguf";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent";
  const auto tok = Tokenizer::load(path);
  const Encoding e = tok->encode("Hello world", true);
  ASSERT_EQ(e.ids, (std::vector<int>{1, 15043, 3186}));  // BOS added (add_bos_token)
  EXPECT_TRUE(e.tokens[0].special);
  EXPECT_EQ(e.tokens[1].begin, 0u);
  EXPECT_EQ(e.tokens[1].end, 5u);
  EXPECT_EQ(e.tokens[2].begin, 5u);  // " world" covers its space
  EXPECT_EQ(e.tokens[2].end, 11u);
  EXPECT_EQ(tok->tokenBytes(3186), " world");
  EXPECT_EQ(tok->decode(e.ids, true), "Hello world");
  EXPECT_EQ(tok->bosId(), 1);
  EXPECT_EQ(tok->eosId(), 2);
  // A special token in the text is matched as itself, the text after it gets the space prefix again.
  const auto withEos = tok->encode("Hi</s>Hi", false).ids;
  EXPECT_EQ(withEos[1], 2);
  EXPECT_EQ(withEos.front(), withEos.back());
  // Byte fallback for a character outside the vocabulary: one <0xNN> token per byte.
  const Encoding rocket = tok->encode("\xF0\x9F\x9A\x80", false);
  std::string bytes;
  for (int id : rocket.ids) bytes += tok->tokenBytes(id);
  EXPECT_EQ(bytes, " \xF0\x9F\x9A\x80");
  EXPECT_TRUE(rocket.tokens.back().partialChar);
  EXPECT_EQ(findTokenizerPath(path), path);  // a GGUF file is its own tokenizer
}

// A tokenizer.json vocabulary rewritten as GGUF metadata, as llama.cpp's converter writes it.
void writeVocabGguf(const std::string& jsonPath, const std::string& model, const std::string& out) {
  const Json j = parseJson(readText(jsonPath), jsonPath);
  const Json& m = j["model"];
  std::vector<std::string> tokens;
  std::vector<float> scores;
  if (m["vocab"].is_array()) {  // Unigram: [piece, score]
    for (const auto& e : m["vocab"]) tokens.push_back(e[0].get<std::string>()), scores.push_back(e[1].get<float>());
  } else {
    tokens.resize(m["vocab"].size());
    for (const auto& [k, v] : m["vocab"].items()) tokens[v.get<std::size_t>()] = k;
  }
  std::vector<std::int32_t> types(tokens.size(), 1);
  for (const auto& a : j["added_tokens"])
    if (a["special"].get<bool>()) types[a["id"].get<std::size_t>()] = 3;
  GgufWriter w;
  w.addString("tokenizer.ggml.model", model);
  w.addStringArray("tokenizer.ggml.tokens", tokens);
  if (!scores.empty()) w.addFloat32Array("tokenizer.ggml.scores", scores);
  w.addInt32Array("tokenizer.ggml.token_type", types);
  if (model == "bert") {
    w.addUInt32("tokenizer.ggml.bos_token_id", 101), w.addUInt32("tokenizer.ggml.seperator_token_id", 102);
    w.addUInt32("tokenizer.ggml.unknown_token_id", 100), w.addUInt32("tokenizer.ggml.padding_token_id", 0);
  } else {
    w.addUInt32("tokenizer.ggml.eos_token_id", 1), w.addUInt32("tokenizer.ggml.unknown_token_id", 2);
    const std::string b64 = j["normalizer"]["normalizers"][0]["precompiled_charsmap"].get<std::string>();
    std::vector<std::uint8_t> charsmap;
    const std::string table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : b64) {
      if (c == '=') break;
      acc = (acc << 6) | static_cast<std::uint32_t>(table.find(c));
      bits += 6;
      if (bits >= 8) bits -= 8, charsmap.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
    }
    w.addUInt8Array("tokenizer.ggml.precompiled_charsmap", charsmap);
  }
  w.write(out);
}

void expectSameEncodings(const std::string& jsonPath, const std::string& model) {
  if (!std::filesystem::exists(jsonPath)) GTEST_SKIP() << jsonPath << " is absent";
  const std::string gguf = (tempDir() / "vocab.gguf").string();
  writeVocabGguf(jsonPath, model, gguf);
  const auto ref = Tokenizer::load(jsonPath), tok = Tokenizer::load(gguf);
  for (const char* text : {"Hello, World! How are you?", "The café's naïve façade — 1,234.56 units",
                           "  leading and   inner spaces ", "unaffable hyperparameterization", "日本語のテキスト and 中文",
                           "ÀÉÎÕÜ ß ﬁ ½ №", "tab\tnew\nline", ""}) {
    for (bool special : {false, true}) {
      // GGUF carries no padding or truncation settings: compare with the tokenizer.json's turned off.
      const EncodeOptions raw{.addSpecialTokens = special, .padding = false, .truncation = false};
      EXPECT_EQ(tok->encode(text, special).ids, ref->encode(text, raw).ids) << model << ": \"" << text << "\"";
    }
  }
}

TEST(GgufVocab, WordPieceMatchesTheTokenizerJsonItCameFrom) {
  expectSameEncodings(kFixtures + "/all-MiniLM-L6-v2-tokenizer/tokenizer.json", "bert");
}

TEST(GgufVocab, UnigramWithCharsmapMatchesTheTokenizerJsonItCameFrom) {
  expectSameEncodings(kFixtures + "/flan-t5-small-tokenizer/tokenizer.json", "t5");
}

std::string loadError(const std::string& path) {
  try {
    Tokenizer::load(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(GgufVocabHostile, MissingOrInconsistentMetadata) {
  const auto dir = tempDir();
  {
    GgufWriter w;
    w.write((dir / "none.gguf").string());
    EXPECT_NE(loadError((dir / "none.gguf").string()).find("no embedded tokenizer"), std::string::npos);
  }
  {
    GgufWriter w;
    w.addString("tokenizer.ggml.model", "rwkv");
    w.addStringArray("tokenizer.ggml.tokens", {"a"});
    w.write((dir / "rwkv.gguf").string());
    EXPECT_NE(loadError((dir / "rwkv.gguf").string()).find("\"rwkv\" is not supported"), std::string::npos);
  }
  {
    GgufWriter w;
    w.addString("tokenizer.ggml.model", "llama");
    w.addStringArray("tokenizer.ggml.tokens", {"a", "b", "c"});
    w.addFloat32Array("tokenizer.ggml.scores", {1.0f, 2.0f});
    w.write((dir / "scores.gguf").string());
    EXPECT_NE(loadError((dir / "scores.gguf").string()).find("scores has 2 entries for 3 tokens"), std::string::npos);
  }
  {
    GgufWriter w;
    w.addString("tokenizer.ggml.model", "gpt2");
    w.addStringArray("tokenizer.ggml.tokens", {"a", "b"});
    w.write((dir / "merges.gguf").string());
    EXPECT_NE(loadError((dir / "merges.gguf").string()).find("merges is missing"), std::string::npos);
  }
  {
    GgufWriter w;
    w.addString("tokenizer.ggml.model", "gpt2");
    w.addString("tokenizer.ggml.pre", "made-up");
    w.addStringArray("tokenizer.ggml.tokens", {"a", "b"});
    w.addStringArray("tokenizer.ggml.merges", {"a b"});
    w.write((dir / "pre.gguf").string());
    EXPECT_NE(loadError((dir / "pre.gguf").string()).find("\"made-up\" is a pre-tokenizer Glassbox does not know"), std::string::npos);
  }
  {
    GgufWriter w;
    w.addUInt32("tokenizer.ggml.model", 3);  // a number where a string belongs
    w.write((dir / "type.gguf").string());
    EXPECT_NE(loadError((dir / "type.gguf").string()).find("is a uint32, expected a string"), std::string::npos);
  }
}

}  // namespace
}  // namespace glassbox
