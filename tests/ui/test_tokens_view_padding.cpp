// The Tokens view with a tokenizer that pads and truncates (tokenizer.json "padding" / "truncation"): a
// run of padding is one chip ("+ 4 [PAD]"), the place where truncation cut the text gets a marker chip
// covering the unread bytes, and hovering, selecting and the counts map chips back to tokens.
#include <QJsonObject>
#include <QSignalSpy>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

#include "core/json_util.h"
#include "token_chips_widget.h"
#include "tokenizers/tiny_tokenizers.h"
#include "tokenizers/tokenizer.h"
#include "tokens_view.h"

namespace glassbox {
namespace {

// kWordPiece ([CLS]=1 [SEP]=2 hello=6) cut at 4 tokens and padded to 8 with id 0 shown as "[PAD]".
std::shared_ptr<const Tokenizer> paddedTokenizer(const char* direction = "Right") {
  Json j = Json::parse(test::kWordPiece);
  j["padding"] = Json::parse(R"({"strategy": {"Fixed": 8}, "direction": "Right", "pad_id": 0, "pad_type_id": 0, "pad_token": "[PAD]"})");
  j["truncation"] = {{"max_length", 4}, {"strategy", "LongestFirst"}, {"stride", 0}, {"direction", direction}};
  const auto path = std::filesystem::temp_directory_path() / (std::string("glassbox_ui_padded_") + direction + ".json");
  std::ofstream(path, std::ios::binary) << j.dump();
  return Tokenizer::load(path.string());
}

const std::string kText = "hello hello hello";  // "hello" at bytes 0, 6 and 12

}  // namespace

TEST(TokensViewPadding, PaddingIsOneChipAndTheCutIsMarked) {
  const Encoding e = paddedTokenizer()->encode(kText);
  ASSERT_EQ(e.ids, (std::vector<int>{1, 6, 6, 2, 0, 0, 0, 0}));
  const std::vector<TokenChip> chips = chipsFor(e, kText);
  ASSERT_EQ(chips.size(), 6u);  // [CLS] hello hello ✂ [SEP] "+ 4 [PAD]"
  EXPECT_EQ(chips[2].firstToken, 2);
  EXPECT_TRUE(chips[3].marker);
  EXPECT_EQ(chips[3].firstToken, -1);
  EXPECT_EQ(chips[3].text, QString::fromUtf8("\u2702 1 more not read"));
  EXPECT_TRUE(chips[3].toolTip.contains(QStringLiteral("bytes 11–17"))) << chips[3].toolTip.toStdString();
  EXPECT_EQ(chips[4].firstToken, 3);
  EXPECT_EQ(chips[5].text, QStringLiteral("+ 4 [PAD]"));
  EXPECT_EQ(chips[5].firstToken, 4);
  EXPECT_EQ(chips[5].tokenCount, 4);
  const TruncationCut cut = truncationCut(e, kText.size());
  EXPECT_TRUE(cut.cut);
  EXPECT_FALSE(cut.left);
  EXPECT_EQ(cut.begin, 11u);
  EXPECT_EQ(cut.end, 17u);
  // Without truncation or padding there is no marker and one chip per token.
  EncodeOptions raw;
  raw.padding = false;
  raw.truncation = false;
  EXPECT_EQ(chipsFor(paddedTokenizer()->encode(kText, raw), kText).size(), 5u);
}

TEST(TokensViewPadding, LeftTruncationMarksTheStart) {
  const Encoding e = paddedTokenizer("Left")->encode(kText);
  const std::vector<TokenChip> chips = chipsFor(e, kText);
  ASSERT_GE(chips.size(), 3u);
  EXPECT_TRUE(chips[1].marker);  // [CLS] ✂ hello hello [SEP] ...
  const TruncationCut cut = truncationCut(e, kText.size());
  EXPECT_TRUE(cut.left);
  EXPECT_EQ(cut.begin, 0u);
  EXPECT_EQ(cut.end, 6u);
}

TEST(TokensViewPadding, ViewMapsChipsToTokens) {
  TokensView view;
  view.resize(600, 300);
  TokensViewData d;
  d.text = kText;
  d.encoding = paddedTokenizer()->encode(kText);
  view.setData(d);
  EXPECT_TRUE(view.countsLine().startsWith(QStringLiteral("4 tokens (+ 4 padding)"))) << view.countsLine().toStdString();
  view.highlightByte(14);  // an unread byte lights the marker
  EXPECT_EQ(view.chips()->highlighted(), 3);
  view.highlightByte(7);
  EXPECT_EQ(view.chips()->highlighted(), 2);
  view.setSelectedToken(6);  // a padding token selects the padding chip
  EXPECT_EQ(view.chips()->selected(), 5);
  QSignalSpy hovered(&view, &TokensView::tokenHovered);
  QSignalSpy clicked(&view, &TokensView::tokenClicked);
  emit view.chips()->hovered(3);
  ASSERT_EQ(hovered.count(), 1);
  EXPECT_EQ(hovered.at(0).at(0).toInt(), 11);
  EXPECT_EQ(hovered.at(0).at(1).toInt(), 17);
  emit view.chips()->clicked(4);
  ASSERT_EQ(clicked.count(), 1);
  EXPECT_EQ(clicked.at(0).at(0).toInt(), 3);  // the [SEP] after the marker is token 3
  emit view.chips()->clicked(3);
  EXPECT_EQ(clicked.count(), 1);  // the marker is not a token
  EXPECT_EQ(view.jsonData().toObject()["padding"].toInt(), 4);
  EXPECT_TRUE(view.jsonData().toObject()["truncated"].toBool());
}

}  // namespace glassbox
