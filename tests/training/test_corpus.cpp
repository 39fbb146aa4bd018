// The bible-kjv-text reader: our LZW decoder against gzip's (an independent implementation of the same
// compress(1) format), the known shape of the text, the cleaning, the split, and hostile input.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/mapped_file.h"
#include "train/kjv_corpus.h"
#include "train/lzw.h"

namespace glassbox {
namespace {

bool haveCorpus() { return std::filesystem::exists(kKjvDataPath); }

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

TEST(Lzw, HandBuiltStreamWithRepeatedString) {
  // "ABABABA" in 9-bit LSB-first codes: 'A'(65) 'B'(66) 257("AB") 259("ABA", the KwKwK case).
  const int codes[] = {65, 66, 257, 259};
  std::vector<std::uint8_t> bytes(5, 0);
  int bit = 0;
  for (int c : codes)
    for (int b = 0; b < 9; ++b, ++bit)
      if ((c >> b) & 1) bytes[static_cast<std::size_t>(bit / 8)] |= static_cast<std::uint8_t>(1 << (bit % 8));
  EXPECT_EQ(decompressLzw(bytes, 16, true), "ABABABA");
}

TEST(Lzw, CorruptCodeIsAnErrorNotACrash) {
  // First code 300 is not a byte; a later code far beyond the table is corrupt.
  std::vector<std::uint8_t> bad = {0x2C, 0x03, 0x00, 0x00};  // 300 as 9 bits
  EXPECT_THROW(decompressLzw(bad, 16, true), Error);
  std::vector<std::uint8_t> beyond = {65, 0xFE, 0x03, 0, 0};  // 'A', then 511
  EXPECT_THROW(decompressLzw(beyond, 16, true), Error);
  EXPECT_THROW(decompressUnixZ(std::vector<std::uint8_t>{1, 2, 3}), Error);
}

TEST(Lzw, FirstBlockMatchesGzip) {
  if (!haveCorpus()) GTEST_SKIP() << "bible-kjv-text not installed (apt-get install bible-kjv-text)";
  const auto file = MappedFile::open(kKjvDataPath);
  const std::uint8_t* d = file->data();
  const std::uint32_t begin = be32(d + 0x5C), end = be32(d + 0x60);
  const std::string ours = decompressLzw(file->bytes().subspan(begin, end - begin), 16, true);
  const std::string tmp = ::testing::TempDir() + "/glassbox_kjv_block0.Z";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write("\x1f\x9d\x90", 3);
    out.write(reinterpret_cast<const char*>(d + begin), end - begin);
  }
  std::FILE* pipe = ::popen(("gzip -dc < " + tmp + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) GTEST_SKIP() << "gzip not available";
  std::string theirs;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof(buf), pipe)) > 0;) theirs.append(buf, n);
  const int rc = ::pclose(pipe);
  std::filesystem::remove(tmp);
  if (rc != 0 || theirs.empty()) GTEST_SKIP() << "gzip could not decode .Z data here";
  EXPECT_EQ(ours.size(), 65536u);
  EXPECT_EQ(ours, theirs);
}

TEST(KjvCorpus, WholeTextHasTheKnownShape) {
  if (!haveCorpus()) GTEST_SKIP() << "bible-kjv-text not installed (apt-get install bible-kjv-text)";
  const std::string raw = readBibleData(kKjvDataPath);
  EXPECT_EQ(raw.size(), 4404475u);
  EXPECT_EQ(raw.rfind("Holy Bible, Authorized (King James) Version.", 0), 0u);
  const auto chapters = parseKjvChapters(raw);
  ASSERT_EQ(chapters.size(), 1189u);  // the Protestant canon: 929 + 260 chapters
  std::set<std::string> books;
  std::size_t verses = 0;
  for (const auto& c : chapters) {
    books.insert(c.book);
    for (char ch : c.text) verses += ch == '\n';
  }
  EXPECT_EQ(books.size(), 66u);
  EXPECT_EQ(verses, 31102u);
  EXPECT_EQ(chapters.front().text.rfind("In the beginning God created the heaven and the earth.\n", 0), 0u);
  EXPECT_EQ(chapters.back().book, "Rev");
  EXPECT_EQ(chapters.back().number, 22);
  for (const auto& c : chapters) {
    EXPECT_EQ(c.text.find("  "), std::string::npos) << c.book << c.number;
    // References are gone: no verse line starts with a digit (KJV verses never do).
    for (std::size_t at = 0; at < c.text.size(); at = c.text.find('\n', at) + 1)
      ASSERT_FALSE(std::isdigit(static_cast<unsigned char>(c.text[at]))) << c.book << c.number;
  }
  const auto split = splitChapters(chapters, 50);
  EXPECT_EQ(split.heldOut.size(), 23u);
  EXPECT_EQ(split.train.size(), 1166u);
  EXPECT_EQ(split.heldOutNames.front(), "Ge50");  // the 50th chapter
}

TEST(KjvCorpus, CleaningOfHandWrittenLines) {
  const std::string raw =
      "Title line without reference\n"
      "Ge1:1 In  the\tbeginning.  \n"
      "Ge1:2 And the earth.\n"
      "1Sm3:10 And the LORD came,  and stood.\n"
      "garbage\n";
  const auto chapters = parseKjvChapters(raw);
  ASSERT_EQ(chapters.size(), 2u);
  EXPECT_EQ(chapters[0].book, "Ge");
  EXPECT_EQ(chapters[0].text, "In the beginning.\nAnd the earth.\n");
  EXPECT_EQ(chapters[1].book, "1Sm");
  EXPECT_EQ(chapters[1].number, 3);
  EXPECT_EQ(chapters[1].text, "And the LORD came, and stood.\n");
}

TEST(KjvCorpus, TruncatedContainerIsAnError) {
  std::vector<std::uint8_t> bytes(0x60, 0);
  EXPECT_THROW(decodeBibleData(bytes, "x"), Error);  // no magic
  const char magic[] = "EC02Compressed Data File";
  std::copy(magic, magic + 24, bytes.begin());
  bytes[0x5B] = 200;  // 200 blocks whose offsets are not in the file
  EXPECT_THROW(decodeBibleData(bytes, "x"), Error);
}

}  // namespace
}  // namespace glassbox
