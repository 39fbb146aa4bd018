// The WordNet reader: hand-written data lines (licence header, adjective markers, quoted examples with
// semicolons and attributions), hostile lines, the real wordnet-base files' shape and the split.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.h"
#include "train/wordnet_corpus.h"

namespace glassbox {
namespace {

const char kHeader[] = "  1 This software and database is being provided to you, the LICENSEE, by  \n";

TEST(WordNetCorpus, ParsesAndCleansHandWrittenLines) {
  const std::string data = std::string(kHeader) +
      "09213565 17 n 01 bank 0 002 @ 09335240 n 0000 | sloping land (especially the slope beside a body of water); "
      "\"they pulled the canoe up on the bank\"; \"he sat on the bank of the river and watched the currents\"  \n"
      "00001740 03 a 02 able(a) 0 free_will(p) 0 000 | (usually followed by `to') having the necessary means; "
      "\"able to swim; she was able to program her computer\"; \"we were at last free to...\" - Shakespeare  \n";
  const auto synsets = parseWordNetData(data, 'n', "data.test");
  ASSERT_EQ(synsets.size(), 2u);
  EXPECT_EQ(synsets[0].id, "n09213565");
  EXPECT_EQ(synsets[0].text,
            "bank: sloping land (especially the slope beside a body of water).\n"
            "They pulled the canoe up on the bank.\n"
            "He sat on the bank of the river and watched the currents.\n");
  EXPECT_EQ(synsets[1].lemmas, (std::vector<std::string>{"able", "free will"}));
  ASSERT_EQ(synsets[1].examples.size(), 2u);
  EXPECT_EQ(synsets[1].examples[0], "Able to swim; she was able to program her computer.");  // ';' inside quotes
  EXPECT_EQ(synsets[1].examples[1], "We were at last free to...");  // attribution dropped, '.' kept
  EXPECT_EQ(synsets[1].definitions, (std::vector<std::string>{"(usually followed by `to') having the necessary means"}));
}

// A lemma with runs of '_' and a gloss with spaced parts never give a document with double spaces.
TEST(WordNetCorpus, RunsOfSpacesAreSqueezed) {
  const std::string data = "00001740 03 a 02 free__will 0 _x_ 0 000 | having  the means ;  \"to  swim\"  \n";
  const auto synsets = parseWordNetData(data, 'a', "data.test");
  ASSERT_EQ(synsets.size(), 1u);
  EXPECT_EQ(synsets[0].text.find("  "), std::string::npos) << synsets[0].text;
  EXPECT_EQ(synsets[0].text.find(" \n"), std::string::npos) << synsets[0].text;
  EXPECT_EQ(synsets[0].text.back(), '\n');
}

TEST(WordNetCorpus, MalformedLinesAreNamedErrors) {
  for (const std::string bad : {"00001740 03 n 01 entity 0 000 no bar here\n",
                                "00001740 03 n zz entity 0 000 | gloss\n",
                                "00001740 03 n 05 entity 0 | gloss\n",
                                "123 03 n 01 entity 0 000 | gloss\n"}) {
    try {
      parseWordNetData(bad, 'n', "data.bad");
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("data.bad"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("line 1"), std::string::npos) << e.what();
    }
  }
  EXPECT_TRUE(parseWordNetData("", 'n', "empty").empty());
  EXPECT_THROW(readWordNet("/nonexistent/wordnet"), Error);
}

TEST(WordNetCorpus, RealFilesHaveTheKnownShape) {
  if (!std::filesystem::exists(std::string(kWordNetDir) + "/data.noun"))
    GTEST_SKIP() << "wordnet-base not installed (apt-get install wordnet-base)";
  const auto synsets = readWordNet();
  EXPECT_EQ(synsets.size(), 117659u);  // WordNet 3.0: 82,115 noun + 13,767 verb + 18,156 adj + 3,621 adv
  std::size_t bytes = 0, river = 0, money = 0;
  for (const auto& s : synsets) {
    bytes += s.text.size();
    ASSERT_EQ(s.text.find("  "), std::string::npos) << s.id;
    ASSERT_FALSE(s.text.empty());
    ASSERT_EQ(s.text.back(), '\n');
    river += s.text.rfind("bank: sloping land", 0) == 0;
    money += s.text.rfind("depository financial institution, bank, banking concern:", 0) == 0;
  }
  EXPECT_GT(bytes, 11000000u);  // running text, over the 8 MB the models need
  EXPECT_EQ(river, 1u);  // the two senses of the lesson's homonym
  EXPECT_EQ(money, 1u);
  const TextSplit split = splitWordNet(synsets, 50);
  EXPECT_EQ(split.heldOut.size(), 117659u / 50);
  EXPECT_EQ(split.train.size() + split.heldOut.size(), synsets.size());
  EXPECT_EQ(split.heldOutNames.front(), synsets[49].id);
}

}  // namespace
}  // namespace glassbox
