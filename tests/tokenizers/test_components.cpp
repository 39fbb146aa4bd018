// Pipeline components on their own: split behaviours, normalizers with their alignment, added-token matching.
#include <gtest/gtest.h>

#include <cstring>

#include "core/error.h"
#include "tokenizers/added_tokens.h"
#include "tokenizers/normalizers.h"
#include "tokenizers/pre_tokenizers.h"
#include "tokenizers/pretokenized.h"

using namespace glassbox;
using namespace glassbox::tok;

namespace {
std::vector<std::string> splitDashes(const std::string& text, SplitBehavior b, bool invert = false) {
  std::vector<std::pair<std::size_t, std::size_t>> m, out;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '-') m.emplace_back(i, i + 1);
  applySplitBehavior(text.size(), m, b, invert, out);
  std::vector<std::string> s;
  for (auto [x, y] : out) s.push_back(text.substr(x, y - x));
  return s;
}

NormalizedString normalize(const std::string& json, const std::string& text) {
  bool bad = false;
  NormalizedString s = NormalizedString::fromOriginal(text, 0, bad);
  makeNormalizer(Json::parse(json), "test")->normalize(s);
  return s;
}
}  // namespace

// The examples of the reference library's SplitDelimiterBehavior documentation.
TEST(SplitBehavior, DocumentedExamples) {
  using V = std::vector<std::string>;
  const std::string t = "the-final--countdown";
  EXPECT_EQ(splitDashes(t, SplitBehavior::Removed), (V{"the", "final", "countdown"}));
  EXPECT_EQ(splitDashes(t, SplitBehavior::Isolated), (V{"the", "-", "final", "-", "-", "countdown"}));
  EXPECT_EQ(splitDashes(t, SplitBehavior::MergedWithPrevious), (V{"the-", "final-", "-", "countdown"}));
  EXPECT_EQ(splitDashes(t, SplitBehavior::MergedWithNext), (V{"the", "-final", "-", "-countdown"}));
  EXPECT_EQ(splitDashes(t, SplitBehavior::Contiguous), (V{"the", "-", "final", "--", "countdown"}));
  EXPECT_EQ(splitDashes(t, SplitBehavior::Removed, true), (V{"-", "-", "-"}));
}

TEST(Normalizers, AlignmentFollowsCharacters) {
  // NFD splits é into e + U+0301; both keep é's original span.
  NormalizedString s = normalize(R"({"type": "NFD"})", "x\xC3\xA9");
  EXPECT_EQ(s.text, "xe\xCC\x81");
  EXPECT_EQ(s.originalSpan(1, 4), (std::pair<std::size_t, std::size_t>{1, 3}));
  // NFC composes e + U+0301 into é, which takes the span of the e.
  s = normalize(R"({"type": "NFC"})", "e\xCC\x81!");
  EXPECT_EQ(s.text, "\xC3\xA9!");
  EXPECT_EQ(s.originalSpan(0, 2), (std::pair<std::size_t, std::size_t>{0, 1}));
  EXPECT_EQ(s.originalSpan(2, 3), (std::pair<std::size_t, std::size_t>{3, 4}));
  EXPECT_EQ(normalize(R"({"type": "NFKC"})", "\xEF\xAC\x81").text, "fi");  // U+FB01 ligature
  EXPECT_EQ(normalize(R"({"type": "Lowercase"})", "\xC4\xB0X").text, "i\xCC\x87x");
  EXPECT_EQ(normalize(R"({"type": "Sequence", "normalizers": [{"type": "NFD"}, {"type": "StripAccents"}]})", "Caf\xC3\xA9").text, "Cafe");
  EXPECT_EQ(normalize(R"({"type": "Strip", "strip_left": true, "strip_right": true})", "  a b \n").text, "a b");
  EXPECT_EQ(normalize(R"({"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "})", "a   b").text, "a b");
  EXPECT_EQ(normalize(R"({"type": "BertNormalizer", "lowercase": false, "handle_chinese_chars": true})", "a\xE4\xB8\xAD" "b\tc").text,
            "a \xE4\xB8\xAD b c");
}

TEST(AddedTokens, FlagsAndLongestMatch) {
  AddedVocabulary v;
  v.load(Json::parse(R"([{"id": 7, "content": "<mask>", "lstrip": true, "special": true},
                        {"id": 8, "content": "<m>", "rstrip": true, "special": true},
                        {"id": 9, "content": "<mask>>", "special": true},
                        {"id": 10, "content": "hi", "single_word": true, "normalized": false}])"), "test");
  std::vector<AddedMatch> m;
  v.find("a  <mask> b", false, m);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].id, 7);
  EXPECT_EQ(m[0].b, 1u);  // lstrip takes the spaces before it
  EXPECT_EQ(m[0].e, 9u);
  m.clear();
  v.find("<m>  x<mask>>", false, m);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].e, 5u);  // rstrip takes the spaces after it
  EXPECT_EQ(m[1].id, 9);  // longest match wins
  m.clear();
  v.find("hi this hi_ hi", false, m);
  ASSERT_EQ(m.size(), 2u);  // "hi" only as a whole word
  EXPECT_EQ(m[0].b, 0u);
  EXPECT_EQ(m[1].b, 12u);
}

namespace {
std::vector<std::string> preTokenize(const std::string& json, const std::string& text) {
  bool bad = false;
  PreTokenized pt;
  pt.bufs.push_back(NormalizedString::fromOriginal(text, 0, bad));
  pt.splits.push_back({0, 0, static_cast<std::uint32_t>(text.size())});
  makePreTokenizer(Json::parse(json), "test")->preTokenize(pt);
  std::vector<std::string> out;
  for (const auto& s : pt.splits) out.emplace_back(pt.text(s));
  return out;
}
}  // namespace

// Expected splits follow the reference library's documentation of each pre-tokenizer.
TEST(PreTokenizers, DocumentedSplits) {
  using V = std::vector<std::string>;
  EXPECT_EQ(preTokenize(R"({"type": "Whitespace"})", "Hey friend!     How are you?!?"),
            (V{"Hey", "friend", "!", "How", "are", "you", "?!?"}));
  EXPECT_EQ(preTokenize(R"({"type": "Whitespace"})", "cafe\xCC\x81 x_1"), (V{"cafe\xCC\x81", "x_1"}));  // marks are word chars
  EXPECT_EQ(preTokenize(R"({"type": "WhitespaceSplit"})", "a\t b\n"), (V{"a", "b"}));
  EXPECT_EQ(preTokenize(R"({"type": "BertPreTokenizer"})", "Hey, you$ x"), (V{"Hey", ",", "you", "$", "x"}));
  EXPECT_EQ(preTokenize(R"({"type": "Punctuation", "behavior": "Isolated"})", "a,b"), (V{"a", ",", "b"}));
  EXPECT_EQ(preTokenize(R"({"type": "Digits", "individual_digits": true})", "a123"), (V{"a", "1", "2", "3"}));
  EXPECT_EQ(preTokenize(R"({"type": "Digits", "individual_digits": false})", "a123b4"), (V{"a", "123", "b", "4"}));
  EXPECT_EQ(preTokenize(R"({"type": "Split", "pattern": {"String": "-"}, "behavior": "MergedWithNext", "invert": false})", "a-b-c"),
            (V{"a", "-b", "-c"}));
  EXPECT_EQ(preTokenize(R"({"type": "Split", "pattern": {"Regex": "\\d+"}, "behavior": "Removed", "invert": true})", "ab12cd345"),
            (V{"12", "345"}));
  EXPECT_EQ(preTokenize(R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true})", "Hey friend"),
            (V{"\xE2\x96\x81Hey", "\xE2\x96\x81" "friend"}));
  EXPECT_EQ(preTokenize(R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never", "split": false})", "Hey friend"),
            (V{"Hey\xE2\x96\x81" "friend"}));
  // ByteLevel splits with the GPT-2 pattern; the byte map is applied by the model.
  EXPECT_EQ(preTokenize(R"({"type": "ByteLevel", "add_prefix_space": true, "use_regex": true})", "Hello my friend, how's it?"),
            (V{" Hello", " my", " friend", ",", " how", "'s", " it", "?"}));
}

namespace {
std::string base64(const std::string& bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
  while (out.size() % 4) out.push_back('=');
  return out;
}

// A hand-built darts-clone double array: root offset 1; "A" at unit 1^0x41 = 64 with a leaf whose value
// (unit 65) is 0 -> "a"; "B" at unit 1^0x42 = 67 with value (unit 66) 2 -> "" (deleted).
std::string tinyCharsmap() {
  std::vector<std::uint32_t> units(68, 0);
  units[0] = 1u << 10;
  units[64] = (1u << 10) | (1u << 8) | 0x41;
  units[65] = 0;
  units[67] = (1u << 10) | (1u << 8) | 0x42;
  units[66] = 2;
  std::string bytes(4, '\0');
  const auto size = static_cast<std::uint32_t>(units.size() * 4);
  std::memcpy(bytes.data(), &size, 4);
  bytes.append(reinterpret_cast<const char*>(units.data()), units.size() * 4);
  bytes.append(std::string("a\0\0", 3));
  return base64(bytes);
}
}  // namespace

TEST(Normalizers, PrecompiledCharsmap) {
  const std::string json = R"({"type": "Precompiled", "precompiled_charsmap": ")" + tinyCharsmap() + "\"}";
  NormalizedString s = normalize(json, "xAyB\xC3\xA9" "A");
  EXPECT_EQ(s.text, "xay\xC3\xA9" "a");
  EXPECT_EQ(s.originalSpan(1, 2), (std::pair<std::size_t, std::size_t>{1, 2}));
  EXPECT_EQ(s.originalSpan(3, 5), (std::pair<std::size_t, std::size_t>{4, 6}));
  EXPECT_THROW(normalize(R"({"type": "Precompiled", "precompiled_charsmap": "AAAA"})", "x"), Error);
  EXPECT_THROW(normalize(R"({"type": "Precompiled", "precompiled_charsmap": "!!"})", "x"), Error);
}
