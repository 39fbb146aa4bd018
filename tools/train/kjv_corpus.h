#pragma once
// The King James Bible as shipped by Debian's bible-kjv-text package (/usr/lib/bible.data), turned into
// plain prose for training. The file is an "EC02Compressed Data File": a header, a big-endian u32 block
// count at 0x58, block count + 1 absolute offsets, then compress(1) LZW blocks (16-bit codes, block mode,
// without their 3-byte header) of 64 KiB of text each. The text is one verse a line: "Ge1:1 In the ...".
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace glassbox {

inline constexpr const char* kKjvDataPath = "/usr/lib/bible.data";

// Decodes the container into the raw text (first line is a title). Throws Error naming the file.
std::string readBibleData(const std::string& path);
std::string decodeBibleData(std::span<const std::uint8_t> file, const std::string& nameForErrors);

struct Chapter {
  std::string book;  // abbreviation as in the file ("Ge", "1Sm", "Rev")
  int number = 0;    // chapter number within the book
  std::string text;  // cleaned verses, one per line, each ending in '\n'
};

// Strips the verse references, collapses runs of whitespace to one space, trims each verse, and groups
// verses into chapters in book order. Lines without a reference (the title) are dropped.
std::vector<Chapter> parseKjvChapters(const std::string& raw);

// Deterministic held-out split: every `every`-th chapter (index % every == every - 1) is held out.
struct CorpusSplit {
  std::vector<std::string> train;    // chapter texts
  std::vector<std::string> heldOut;  // chapter texts
  std::vector<std::string> heldOutNames;  // "Ge50"
};
CorpusSplit splitChapters(const std::vector<Chapter>& chapters, int every = 50);

}  // namespace glassbox
