#include "train/lzw.h"

#include <algorithm>
#include <vector>

#include "core/error.h"

namespace glassbox {
namespace {

constexpr int kClear = 256;

// Reads codes the way compress(1) wrote them: n_bits bytes (8 codes) at a time.
class CodeReader {
 public:
  CodeReader(std::span<const std::uint8_t> in, int maxBits) : in_(in), maxBits_(maxBits) {}

  // Next code, or -1 at the end of the stream. freeEnt is the decoder's next free table slot.
  int next(int freeEnt) {
    if (clear_ || offset_ >= size_ || freeEnt > maxCode_) {
      if (freeEnt > maxCode_) {
        ++nBits_;
        maxCode_ = nBits_ == maxBits_ ? (1 << maxBits_) : (1 << nBits_) - 1;
      }
      if (clear_) {
        nBits_ = 9;
        maxCode_ = (1 << 9) - 1;
        clear_ = false;
      }
      const std::size_t len = std::min<std::size_t>(static_cast<std::size_t>(nBits_), in_.size() - pos_);
      if (len == 0) return -1;
      std::fill(std::begin(buf_), std::end(buf_), std::uint8_t{0});
      std::copy_n(in_.begin() + static_cast<std::ptrdiff_t>(pos_), len, buf_);
      pos_ += len;
      offset_ = 0;
      size_ = static_cast<int>(len) * 8 - (nBits_ - 1);
    }
    int code = 0;
    for (int b = 0; b < nBits_; ++b) {
      const int bit = offset_ + b;
      code |= ((buf_[bit >> 3] >> (bit & 7)) & 1) << b;
    }
    offset_ += nBits_;
    return code;
  }
  void requestClear() { clear_ = true; }

 private:
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
  int maxBits_;
  int nBits_ = 9;
  int maxCode_ = (1 << 9) - 1;
  std::uint8_t buf_[32]{};
  int offset_ = 0, size_ = 0;
  bool clear_ = false;
};

}  // namespace

std::string decompressLzw(std::span<const std::uint8_t> stream, int maxBits, bool blockMode) {
  if (maxBits < 9 || maxBits > 16) throw Error("LZW stream: maxbits " + std::to_string(maxBits) + " outside 9..16");
  const int maxMaxCode = 1 << maxBits;
  std::vector<std::int32_t> prefix(static_cast<std::size_t>(maxMaxCode), 0);
  std::vector<std::uint8_t> suffix(static_cast<std::size_t>(maxMaxCode), 0);
  for (int c = 0; c < 256; ++c) suffix[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c);
  int freeEnt = blockMode ? 257 : 256;

  CodeReader reader(stream, maxBits);
  std::string out;
  int oldCode = reader.next(freeEnt);
  if (oldCode < 0) return out;
  if (oldCode > 255) throw Error("LZW stream: first code " + std::to_string(oldCode) + " is not a byte (corrupt data)");
  int finChar = oldCode;
  out.push_back(static_cast<char>(finChar));
  std::string stack;
  for (int code; (code = reader.next(freeEnt)) >= 0;) {
    if (code == kClear && blockMode) {
      reader.requestClear();
      freeEnt = 256;
      if ((code = reader.next(freeEnt)) < 0) break;
    }
    const int inCode = code;
    stack.clear();
    if (code > freeEnt) throw Error("LZW stream: code " + std::to_string(code) + " beyond table (corrupt data)");
    if (code == freeEnt) {  // the KwKwK case
      stack.push_back(static_cast<char>(finChar));
      code = oldCode;
    }
    while (code >= 256) {
      stack.push_back(static_cast<char>(suffix[static_cast<std::size_t>(code)]));
      code = prefix[static_cast<std::size_t>(code)];
    }
    finChar = suffix[static_cast<std::size_t>(code)];
    stack.push_back(static_cast<char>(finChar));
    out.append(stack.rbegin(), stack.rend());
    if (freeEnt < maxMaxCode) {
      prefix[static_cast<std::size_t>(freeEnt)] = oldCode;
      suffix[static_cast<std::size_t>(freeEnt)] = static_cast<std::uint8_t>(finChar);
      ++freeEnt;
    }
    oldCode = inCode;
  }
  return out;
}

std::string decompressUnixZ(std::span<const std::uint8_t> file) {
  if (file.size() < 3 || file[0] != 0x1F || file[1] != 0x9D)
    throw Error(".Z data: missing 1F 9D magic (not a compress(1) stream)");
  const int maxBits = file[2] & 0x1F;
  const bool blockMode = (file[2] & 0x80) != 0;
  return decompressLzw(file.subspan(3), maxBits, blockMode);
}

}  // namespace glassbox
