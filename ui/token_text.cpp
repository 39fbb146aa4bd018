#include "token_text.h"

#include <QCoreApplication>

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

std::vector<std::pair<std::size_t, std::size_t>> ownByteRanges(const Encoding& e, const std::string& text) {
  const std::size_t n = e.tokens.size();
  std::vector<std::pair<std::size_t, std::size_t>> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = {e.tokens[i].begin, e.tokens[i].end};
  for (std::size_t i = 0; i < n;) {
    // The run i..j-1: each token starts before the previous one's span ends.
    std::size_t j = i + 1, begin = e.tokens[i].begin, end = e.tokens[i].end;
    while (j < n && !e.tokens[j].special && e.tokens[j].begin < end && e.tokens[j].end > e.tokens[j].begin) {
      end = std::max(end, e.tokens[j].end);
      ++j;
    }
    if (j - i > 1 && end <= text.size()) {
      std::string spelled;
      for (std::size_t k = i; k < j; ++k) spelled += e.tokens[k].bytes;
      if (spelled == text.substr(begin, end - begin)) {
        std::size_t at = begin;
        for (std::size_t k = i; k < j; ++k) {
          out[k] = {at, at + e.tokens[k].bytes.size()};
          at += e.tokens[k].bytes.size();
        }
      }
    }
    i = j;
  }
  return out;
}

QString byteRangeText(std::size_t begin, std::size_t end) {
  if (end <= begin) return QCoreApplication::translate("TokenText", "no bytes (inserted by the tokenizer)");
  if (end == begin + 1) return QCoreApplication::translate("TokenText", "byte %1").arg(begin);
  return QCoreApplication::translate("TokenText", "bytes %1–%2").arg(begin).arg(end - 1);
}

std::vector<CharacterGroup> characterGroups(const Encoding& e, const std::string& text) {
  std::vector<CharacterGroup> groups;
  const std::size_t n = e.tokens.size();
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1, begin = e.tokens[i].begin, end = e.tokens[i].end;
    bool partial = e.tokens[i].partialChar;
    while (j < n && !e.tokens[j].special && e.tokens[j].begin < end && e.tokens[j].end > e.tokens[j].begin) {
      end = std::max(end, e.tokens[j].end);
      partial = partial || e.tokens[j].partialChar;
      ++j;
    }
    if (partial && !e.tokens[i].special && end > begin && end <= text.size())
      groups.push_back({i, j - 1, begin, end, QString::fromUtf8(text.substr(begin, end - begin))});
    i = j;
  }
  return groups;
}

}  // namespace glassbox
