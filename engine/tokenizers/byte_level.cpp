#include "tokenizers/byte_level.h"

#include "core/utf8.h"

namespace glassbox::tok {

namespace {
struct Tables {
  std::array<std::string, 256> chars;
  std::array<int, 512> byteOf{};  // code point (< 512) -> byte, or -1
  Tables() {
    byteOf.fill(-1);
    int next = 256;
    for (int b = 0; b < 256; ++b) {
      const bool self = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
      const int cp = self ? b : next++;
      appendUtf8(chars[static_cast<std::size_t>(b)], static_cast<char32_t>(cp));
      byteOf[static_cast<std::size_t>(cp)] = b;
    }
  }
};
const Tables& tables() {
  static const Tables t;
  return t;
}
}  // namespace

const std::string& byteLevelChar(unsigned char b) { return tables().chars[b]; }

bool byteLevelDecode(std::string_view s, std::string& out) {
  const Tables& t = tables();
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t cp = decodeUtf8(s, i);
    if (cp < 512 && t.byteOf[cp] >= 0) {
      out.push_back(static_cast<char>(t.byteOf[cp]));
    } else {
      out.append(s.substr(start));
      return false;
    }
  }
  return true;
}

std::string byteLevelEncode(std::string_view bytes) {
  std::string out;
  for (unsigned char b : bytes) out += byteLevelChar(b);
  return out;
}

}  // namespace glassbox::tok
