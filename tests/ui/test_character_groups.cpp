// Byte tokens that together make one character (Hangul, emoji) are grouped under one bracket naming
// the character, and each chip keeps its own byte range.
#include <QImage>
#include <QPainter>
#include <gtest/gtest.h>

#include "models/tiny_model.h"
#include "token_chips_widget.h"
#include "token_text.h"
#include "tokenizers/tokenizer.h"
#include "tokens_view.h"
#include "ui_fixture.h"

namespace glassbox {
namespace {

// The tiny GPT-2's byte-level BPE: 256 byte tokens, so every byte of a multi-byte character is a token.
std::shared_ptr<const Tokenizer> byteTokenizer() {
  static const auto dir = testing::writeTinyGpt2(testing::freshTempDir() / "bytes");
  return Tokenizer::load((dir / "tokenizer.json").string());
}

struct Expected {
  std::size_t first, last, begin, end;
  const char* text;
};

void expectGroups(const std::string& text, const std::vector<Expected>& expected) {
  const Encoding e = byteTokenizer()->encode(text);
  const auto groups = characterGroups(e, text);
  ASSERT_EQ(groups.size(), expected.size()) << text;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    EXPECT_EQ(groups[g].firstToken, expected[g].first) << g;
    EXPECT_EQ(groups[g].lastToken, expected[g].last) << g;
    EXPECT_EQ(groups[g].begin, expected[g].begin) << g;
    EXPECT_EQ(groups[g].end, expected[g].end) << g;
    EXPECT_EQ(groups[g].text, QString::fromUtf8(expected[g].text)) << g;
  }
  // The chips carry the same groups, and each chip of a group its own single byte.
  const auto chips = chipsFor(e, text);
  ASSERT_EQ(chips.size(), e.tokens.size());
  std::size_t grouped = 0;
  for (std::size_t g = 0; g < expected.size(); ++g)
    for (std::size_t k = expected[g].first; k <= expected[g].last; ++k) {
      EXPECT_EQ(chips[k].group, static_cast<int>(g));
      EXPECT_EQ(chips[k].groupText, QString::fromUtf8(expected[g].text));
      const std::size_t byte = expected[g].begin + (k - expected[g].first);
      EXPECT_TRUE(chips[k].toolTip.contains(byteRangeText(byte, byte + 1) + " ")) << chips[k].toolTip.toStdString();
      ++grouped;
    }
  std::size_t total = 0;
  for (const auto& c : chips) total += c.group >= 0;
  EXPECT_EQ(total, grouped) << "no chip outside the expected groups is grouped";
}

TEST(CharacterGroups, HangulIsThreeBytesPerSyllable) {
  // 안 = EC 95 88, 녕 = EB 85 95
  expectGroups("안녕", {{0, 2, 0, 3, "안"}, {3, 5, 3, 6, "녕"}});
}

TEST(CharacterGroups, EmojiIsFourBytes) {
  expectGroups("🙂", {{0, 3, 0, 4, "🙂"}});
}

TEST(CharacterGroups, MixedTextGroupsOnlyTheMultiByteCharacters) {
  // a | 안(1–3) 녕(4–6) | space | 🙂(8–11) | b ; é is two bytes
  expectGroups("a안녕 🙂bé", {{1, 3, 1, 4, "안"}, {4, 6, 4, 7, "녕"}, {8, 11, 8, 12, "🙂"}, {13, 14, 13, 15, "é"}});
}

TEST(CharacterGroups, AsciiHasNoGroups) { expectGroups("the theme", {}); }

TEST(CharacterGroups, TheBracketAddsHeightAndIsDrawn) {
  const std::string text = "안녕";
  TokenChipsWidget plain, grouped;
  std::vector<TokenChip> chips = chipsFor(byteTokenizer()->encode(text), text);
  grouped.setChips(chips);
  for (auto& c : chips) c.group = -1;
  plain.setChips(chips);
  EXPECT_GT(grouped.heightForWidth(600), plain.heightForWidth(600));
  // Under the first chip, the bracket's ink appears only in the grouped widget.
  grouped.resize(600, grouped.heightForWidth(600));
  QImage img(grouped.size(), QImage::Format_ARGB32);
  img.fill(Qt::white);
  grouped.render(&img);
  const QRect r = grouped.chipRect(0);
  int ink = 0;
  for (int y = r.bottom() + 2; y < r.bottom() + 10 && y < img.height(); ++y)
    for (int x = r.left(); x <= r.right(); ++x) ink += qRed(img.pixel(x, y)) < 200 && qBlue(img.pixel(x, y)) > 150;
  EXPECT_GT(ink, 5);
}

}  // namespace
}  // namespace glassbox
