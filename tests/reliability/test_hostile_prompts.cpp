// Prompts a person can type or paste: empty, 1 MB, invalid UTF-8, NUL bytes, only special tokens.
// Each is tokenized with a byte-level tokenizer (id == byte, so expected ids are written by hand) and
// run through a tiny random GPT-2; the engine must answer with ids, finite logits or a clear Error.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "models/model.h"
#include "reliability/hostile_model.h"
#include "tokenizers/tokenizer.h"

using namespace glassbox;
using namespace glassbox::reliability;

namespace {

class HostilePrompts : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto dir = glassbox::testing::freshTempDir();
    writeGpt2(dir, spec_, 7);
    model_ = Model::load(dir.string());
    tokenizer_ = Tokenizer::load(writeByteTokenizer(dir));
  }
  std::vector<int> ids(std::string_view text) const { return tokenizer_->encode(text, false).ids; }
  static bool allFinite(const std::vector<float>& v) {
    for (float x : v)
      if (!std::isfinite(x)) return false;
    return true;
  }
  // Logits of `prompt` from a fresh session.
  std::vector<float> freshLogits(const std::vector<int>& prompt) const {
    InferenceSession s(model_);
    return s.forward(prompt);
  }
  TinyGpt2 spec_;
  std::shared_ptr<const Model> model_;
  std::shared_ptr<const Tokenizer> tokenizer_;
};

std::string errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_F(HostilePrompts, EmptyPromptGivesNoTokensAndForwardRefusesIt) {
  const Encoding e = tokenizer_->encode("", true);
  EXPECT_TRUE(e.ids.empty());
  EXPECT_TRUE(e.tokens.empty());
  InferenceSession s(model_);
  const std::string msg = errorOf([&] { s.forward(std::vector<int>{}); });
  EXPECT_NE(msg.find("no tokens"), std::string::npos) << msg;
  EXPECT_EQ(s.position(), 0);
  EXPECT_EQ(tokenizer_->decode(std::vector<int>{}), "");
}

TEST_F(HostilePrompts, MegabyteOfTextBeyondContextIsRefusedWithNumbersAndCacheUnchanged) {
  std::string text;
  const std::string line = "In the beginning God created the heaven and the earth.\n";
  while (text.size() < (std::size_t{1} << 20)) text += line;
  const std::vector<int> all = ids(text);
  ASSERT_EQ(all.size(), text.size());  // no merges: one id per byte
  for (std::size_t i = 0; i < 200; ++i) ASSERT_EQ(all[i], static_cast<unsigned char>(text[i]));

  InferenceSession s(model_);
  std::string msg = errorOf([&] { s.forward(all); });
  EXPECT_NE(msg.find("context is full"), std::string::npos) << msg;
  EXPECT_NE(msg.find(std::to_string(all.size())), std::string::npos) << msg;
  EXPECT_NE(msg.find(std::to_string(spec_.context)), std::string::npos) << msg;
  EXPECT_EQ(s.position(), 0);

  // With 10 tokens cached, an overflowing forward leaves exactly those 10 in place.
  const std::vector<int> head(all.begin(), all.begin() + 10);
  s.forward(head);
  msg = errorOf([&] { s.forward(std::vector<int>(all.begin() + 10, all.begin() + 10 + spec_.context)); });
  EXPECT_NE(msg.find("10 cached"), std::string::npos) << msg;
  EXPECT_EQ(s.position(), 10);
  EXPECT_EQ(s.tokens(), head);

  // The caller's truncation (keep the last P tokens) runs, and continuing the cache matches a fresh run.
  const std::vector<int> tail(all.end() - spec_.context, all.end());
  EXPECT_TRUE(allFinite(freshLogits(tail)));
  const std::vector<float> continued = s.forward(std::vector<int>{all[10]});
  const std::vector<float> fresh = freshLogits(std::vector<int>(all.begin(), all.begin() + 11));
  ASSERT_EQ(continued.size(), fresh.size());
  for (std::size_t i = 0; i < fresh.size(); ++i) ASSERT_NEAR(continued[i], fresh[i], 1e-4f) << i;
}

TEST_F(HostilePrompts, InvalidUtf8IsReplacedAndFlagged) {
  const std::string text = "a\xFF" "b\xC3";  // a stray continuation-range byte and a truncated 2-byte char
  const Encoding e = tokenizer_->encode(text, false);
  EXPECT_TRUE(e.inputHadInvalidUtf8);
  // Each ill-formed sequence becomes U+FFFD (EF BF BD) before encoding.
  const std::vector<int> expected = {'a', 0xEF, 0xBF, 0xBD, 'b', 0xEF, 0xBF, 0xBD};
  EXPECT_EQ(e.ids, expected);
  for (const TokenPiece& p : e.tokens) {
    EXPECT_LE(p.begin, p.end);
    EXPECT_LE(p.end, text.size());
  }
  InferenceSession s(model_);
  EXPECT_TRUE(allFinite(s.forward(e.ids)));
}

TEST_F(HostilePrompts, NulBytesAreOrdinaryBytes) {
  const std::string text("a\0b\0\0", 5);
  const Encoding e = tokenizer_->encode(text, false);
  EXPECT_FALSE(e.inputHadInvalidUtf8);
  EXPECT_EQ(e.ids, (std::vector<int>{'a', 0, 'b', 0, 0}));
  EXPECT_EQ(tokenizer_->decode(e.ids), text);
  InferenceSession s(model_);
  EXPECT_TRUE(allFinite(s.forward(e.ids)));
}

TEST_F(HostilePrompts, OnlySpecialTokens) {
  const Encoding e = tokenizer_->encode("<|endoftext|><|pad|><|endoftext|>", false);
  EXPECT_EQ(e.ids, (std::vector<int>{256, 257, 256}));
  for (const TokenPiece& p : e.tokens) EXPECT_TRUE(p.special) << p.raw;
  EXPECT_EQ(tokenizer_->decode(e.ids, true), "");
  InferenceSession s(model_);
  const std::vector<float> logits = s.forward(e.ids);
  EXPECT_EQ(logits.size(), static_cast<std::size_t>(spec_.vocab));
  EXPECT_TRUE(allFinite(logits));
}

TEST_F(HostilePrompts, IdsOutsideTheVocabularyAreRefusedAndCacheUnchanged) {
  InferenceSession s(model_);
  s.forward(std::vector<int>{1, 2, 3});
  for (int bad : {-1, spec_.vocab, 1 << 30}) {
    const std::string msg = errorOf([&] { s.forward(std::vector<int>{4, bad}); });
    EXPECT_NE(msg.find(std::to_string(bad)), std::string::npos) << msg;
    EXPECT_EQ(s.position(), 3);
  }
}
