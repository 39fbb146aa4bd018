#include "train/kjv_corpus.h"

#include <cctype>
#include <cstring>

#include "core/error.h"
#include "core/mapped_file.h"
#include "train/lzw.h"

namespace glassbox {
namespace {

std::uint32_t readBe32(std::span<const std::uint8_t> d, std::size_t at) {
  return (std::uint32_t{d[at]} << 24) | (std::uint32_t{d[at + 1]} << 16) | (std::uint32_t{d[at + 2]} << 8) |
         std::uint32_t{d[at + 3]};
}

// "Ge1:1 In the beginning" -> book "Ge", chapter 1, rest "In the beginning". False if no reference.
bool splitReference(const std::string& line, std::string& book, int& chapter, std::string& rest) {
  std::size_t i = 0;
  if (i < line.size() && line[i] >= '1' && line[i] <= '3') ++i;
  const std::size_t letters = i;
  while (i < line.size() && std::isalpha(static_cast<unsigned char>(line[i]))) ++i;
  if (i == letters) return false;
  book = line.substr(0, i);
  chapter = 0;
  const std::size_t digits = i;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])) && i - digits < 4)
    chapter = chapter * 10 + (line[i++] - '0');
  if (i == digits || i >= line.size() || line[i] != ':') return false;
  ++i;
  const std::size_t verseDigits = i;
  while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
  if (i == verseDigits) return false;
  rest = line.substr(i);
  return true;
}

std::string normaliseSpaces(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  bool pendingSpace = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pendingSpace = !out.empty();
      continue;
    }
    if (pendingSpace) out.push_back(' ');
    pendingSpace = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string decodeBibleData(std::span<const std::uint8_t> file, const std::string& name) {
  static const char kMagic[] = "EC02Compressed Data File";
  if (file.size() < 0x5C || std::memcmp(file.data(), kMagic, sizeof(kMagic) - 1) != 0)
    failFile(name, "not an EC02 compressed data file (hint: install Debian's bible-kjv-text package)");
  const std::uint32_t blocks = readBe32(file, 0x58);
  if (blocks == 0 || blocks > 100000 || 0x5C + 4 * (std::size_t{blocks} + 1) > file.size())
    failFile(name, "block count " + std::to_string(blocks) + " does not fit the file");
  std::string text;
  for (std::uint32_t b = 0; b < blocks; ++b) {
    const std::uint32_t begin = readBe32(file, 0x5C + 4 * b), end = readBe32(file, 0x5C + 4 * (b + 1));
    if (begin > end || end > file.size())
      failFile(name, "block " + std::to_string(b) + " offsets [" + std::to_string(begin) + ", " +
                         std::to_string(end) + ") outside the file");
    text += decompressLzw(file.subspan(begin, end - begin), 16, true);
  }
  return text;
}

std::string readBibleData(const std::string& path) {
  const auto file = MappedFile::open(path);
  return decodeBibleData(file->bytes(), path);
}

std::vector<Chapter> parseKjvChapters(const std::string& raw) {
  std::vector<Chapter> chapters;
  std::size_t pos = 0;
  std::string book, rest;
  int number = 0;
  while (pos < raw.size()) {
    std::size_t eol = raw.find('\n', pos);
    if (eol == std::string::npos) eol = raw.size();
    const std::string line = raw.substr(pos, eol - pos);
    pos = eol + 1;
    if (!splitReference(line, book, number, rest)) continue;
    const std::string verse = normaliseSpaces(rest);
    if (verse.empty()) continue;
    if (chapters.empty() || chapters.back().book != book || chapters.back().number != number)
      chapters.push_back(Chapter{book, number, {}});
    chapters.back().text += verse;
    chapters.back().text += '\n';
  }
  return chapters;
}

CorpusSplit splitChapters(const std::vector<Chapter>& chapters, int every) {
  CorpusSplit split;
  for (std::size_t i = 0; i < chapters.size(); ++i) {
    if (every > 0 && i % static_cast<std::size_t>(every) == static_cast<std::size_t>(every - 1)) {
      split.heldOut.push_back(chapters[i].text);
      split.heldOutNames.push_back(chapters[i].book + std::to_string(chapters[i].number));
    } else {
      split.train.push_back(chapters[i].text);
    }
  }
  return split;
}

}  // namespace glassbox
