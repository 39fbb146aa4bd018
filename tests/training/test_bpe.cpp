// The byte-level BPE trainer: GPT-2's byte alphabet and pre-tokenizer, merges on a hand-counted corpus,
// round trips, and the written tokenizer.json read back by the engine's Tokenizer with identical ids.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "tokenizers/tokenizer.h"
#include "training/bpe_trainer.h"
#include "train/kjv_corpus.h"

namespace glassbox {
namespace {

std::vector<std::string> split(const std::string& text) {
  GptPreTokenizer pre;
  std::vector<std::string> out;
  pre.split(text, [&](std::string_view p) { out.emplace_back(p); });
  return out;
}

TEST(ByteLevel, Gpt2Alphabet) {
  EXPECT_EQ(byteLevelChar(' '), "\xC4\xA0");   // U+0120 'Ġ'
  EXPECT_EQ(byteLevelChar('\n'), "\xC4\x8A");  // U+010A 'Ċ'
  EXPECT_EQ(byteLevelChar('!'), "!");
  EXPECT_EQ(byteLevelChar(0xFF), "\xC3\xBF");  // U+00FF itself
  EXPECT_EQ(byteLevelChar(0xAD), "\xC5\x83");  // soft hyphen is the 68th remapped byte: U+0143
  EXPECT_EQ(toByteLevel(" the"), "\xC4\xA0the");
}

TEST(ByteLevel, Gpt2PreTokenizerPieces) {
  const std::vector<std::string> expected = {"Hello", " world", "'s", " ", " end", "!!", "\n", " 42", "x"};
  EXPECT_EQ(split("Hello world's  end!!\n 42x"), expected);
  EXPECT_THROW(split("bad \xFF byte"), Error);
}

TEST(BpeTrainer, MergesFollowHandCountedPairs) {
  // Words: "aaab" x1 -> pairs aa:2 ab:1 ; " ab" x3 -> " a":3, ab:3. Most frequent: (a,b) with 4.
  ByteLevelBpe bpe = ByteLevelBpe::train({"aaab ab ab ab"}, 256 + 2 + 1);
  ASSERT_EQ(bpe.merges().size(), 2u);
  EXPECT_EQ(bpe.tokenBytes(bpe.merges()[0].merged), "ab");
  EXPECT_EQ(bpe.merges()[0].count, 4);
  // Then "aaab" is a|a|ab and " ab" is " "|ab: (" ", ab) occurs 3 times, (a, a) once.
  EXPECT_EQ(bpe.tokenBytes(bpe.merges()[1].merged), " ab");
  EXPECT_EQ(bpe.merges()[1].count, 3);
  EXPECT_EQ(bpe.vocabSize(), 259);
  EXPECT_EQ(bpe.tokenBytes(bpe.endOfTextId()), kEndOfText);
  const std::vector<int> ids = bpe.encode(" ab aaab");  // pieces " ab", " aaab"
  EXPECT_EQ(ids, (std::vector<int>{257, ' ', 'a', 'a', 256}));
  EXPECT_EQ(bpe.decode(ids), " ab aaab");
}

TEST(BpeTrainer, RequiredPiecesBecomeSingleTokensAndKeepTheVocabularySize) {
  const std::vector<std::string> texts = {
      "the cat sat on the mat, the cat sat on the hat; a cat is a cat. the dog ran to the pond, the dog ran "
      "to the park; a dog is a dog. the bird flew over the tree, the bird flew over the house."};
  const std::vector<SpecialToken> specials = {{kEndOfText, false}, {"<pad>", false}, {"[MASK]", true}};
  const int vocab = 256 + 20 + 3;
  ByteLevelBpe bpe = ByteLevelBpe::train(texts, vocab, {}, specials, {"The zyzzyva sat."});
  EXPECT_EQ(bpe.vocabSize(), vocab);
  ASSERT_GT(bpe.requiredMergeCount(), 7);  // " zyzzyva" alone needs 7 merges from its bytes
  for (const std::string piece : {"The", " zyzzyva", " sat", "."}) EXPECT_EQ(bpe.encode(piece).size(), 1u) << piece;
  const auto& merges = bpe.merges();
  for (std::size_t i = merges.size() - static_cast<std::size_t>(bpe.requiredMergeCount()); i < merges.size(); ++i)
    EXPECT_EQ(merges[i].count, 0) << i;  // required merges are marked
  EXPECT_GT(merges.front().count, 1);
  EXPECT_EQ(bpe.specialId(kEndOfText), vocab - 3);
  EXPECT_EQ(bpe.specialId("[MASK]"), vocab - 1);
  EXPECT_THROW(bpe.specialId("<nope>"), Error);
  // Without the required text the same corpus gives more learned merges and no required ones.
  ByteLevelBpe plain = ByteLevelBpe::train(texts, vocab, {}, specials);
  EXPECT_EQ(plain.requiredMergeCount(), 0);
  EXPECT_GT(plain.encode(" zyzzyva").size(), 1u);

  const std::string dir = ::testing::TempDir() + "/glassbox_bpe_required";
  std::filesystem::create_directories(dir);
  bpe.writeTokenizerJson(dir + "/tokenizer.json");
  const auto tok = Tokenizer::load(dir + "/tokenizer.json");
  EXPECT_EQ(tok->vocabSize(), vocab);
  const Encoding e = tok->encode("The zyzzyva sat.", false);
  EXPECT_EQ(e.ids, bpe.encode("The zyzzyva sat."));
  EXPECT_EQ(e.ids.size(), 4u);
  // [MASK] takes the space before it (lstrip), as RoBERTa's <mask> does.
  const Encoding m = tok->encode("the cat [MASK] on the mat", false);
  std::vector<int> expected = bpe.encode("the cat");
  expected.push_back(bpe.specialId("[MASK]"));
  for (int id : bpe.encode(" on the mat")) expected.push_back(id);
  EXPECT_EQ(m.ids, expected);
  std::filesystem::remove_all(dir);
}

TEST(BpeTrainer, WrittenTokenizerJsonMatchesTheEngine) {
  std::vector<std::string> texts;
  std::string heldOut;
  if (std::filesystem::exists(kKjvDataPath)) {
    const auto s = splitChapters(parseKjvChapters(readBibleData(kKjvDataPath)), 50);
    texts = s.train;
    for (const auto& c : s.heldOut) heldOut += c;
  } else {
    texts = {"In the beginning God created the heaven and the earth.\n",
             "And the earth was without form, and void; and darkness was upon the face of the deep.\n"};
    heldOut = "And God said, Let there be light: and there was light.\n";
  }
  ByteLevelBpe bpe = ByteLevelBpe::train(texts, 1024);
  const std::string dir = ::testing::TempDir() + "/glassbox_bpe_json";
  std::filesystem::create_directories(dir);
  bpe.writeTokenizerJson(dir + "/tokenizer.json");
  bpe.writeMergeHistory(dir + "/merges_history.tsv");

  std::ifstream in(dir + "/tokenizer.json");
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["model"]["type"], "BPE");
  EXPECT_EQ(j["pre_tokenizer"]["type"], "ByteLevel");
  EXPECT_EQ(j["pre_tokenizer"]["add_prefix_space"], false);
  EXPECT_EQ(j["model"]["merges"].size(), bpe.merges().size());
  EXPECT_EQ(j["added_tokens"][0]["content"], kEndOfText);

  const auto tok = Tokenizer::load(dir + "/tokenizer.json");
  EXPECT_EQ(tok->vocabSize(), bpe.vocabSize());
  EXPECT_EQ(tok->tokenId(kEndOfText), bpe.endOfTextId());
  const std::vector<int> ours = bpe.encode(heldOut);
  const Encoding theirs = tok->encode(heldOut, false);
  EXPECT_EQ(theirs.ids, ours);
  EXPECT_EQ(tok->decode(theirs.ids), heldOut);
  // Unseen words and bytes still encode (byte fallback through the 256 byte tokens).
  const std::string odd = "Zyzzyva \xE2\x82\xAC 1234\t\ttabs";
  EXPECT_EQ(tok->encode(odd, false).ids, bpe.encode(odd));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace glassbox
