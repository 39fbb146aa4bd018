#include "token_text.h"

#include "tokenizers/tokenizer.h"

namespace glassbox {

QString visibleTokenText(std::string_view bytes) {
  const QString readable = QString::fromStdString(Tokenizer::displayBytes(bytes));
  QString out;
  out.reserve(readable.size());
  for (const QChar c : readable) {
    if (c == QLatin1Char(' ')) out += QChar(0x00B7);
    else if (c == QLatin1Char('\n')) out += QChar(0x23CE);
    else if (c == QLatin1Char('\t')) out += QChar(0x2192);
    else if (c == QLatin1Char('\r')) out += QStringLiteral("\\r");
    else out += c;
  }
  return out;
}

std::vector<int> utf16IndexOfBytes(const std::string& utf8) {
  std::vector<int> index(utf8.size() + 1, 0);
  int u16 = 0;
  std::size_t b = 0;
  while (b < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[b]);
    std::size_t len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
    if (b + len > utf8.size()) len = 1;
    for (std::size_t i = 0; i < len; ++i) index[b + i] = u16;
    u16 += len == 4 ? 2 : 1;  // characters outside the BMP take a surrogate pair
    b += len;
  }
  index[utf8.size()] = u16;
  return index;
}

}  // namespace glassbox
