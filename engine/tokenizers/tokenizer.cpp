#include "tokenizers/tokenizer.h"

#include <cstdio>

#include "core/error.h"
#include "core/mapped_file.h"
#include "core/utf8.h"
#include "formats/gguf.h"
#include "tokenizers/gguf_vocab.h"
#include "tokenizers/hf_tokenizer.h"
#include "tokenizers/llama2c_tokenizer.h"
#include "tokenizers/sentencepiece_tokenizer.h"
#include "tokenizers/special_roles.h"
#include "tokenizers/tokenizer_internal.h"

namespace glassbox {

std::shared_ptr<const Tokenizer> Tokenizer::load(const std::string& path) {
  if (isGgufFile(path)) return loadGgufTokenizer(path);  // the vocabulary in its metadata; weights stay unread
  const std::string bytes = readTextFile(path, std::size_t{1} << 30);
  const tok::FolderSpecials folder = tok::readFolderSpecials(path);
  std::size_t i = 0;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) ++i;
  if (i < bytes.size() && bytes[i] == '{') return tok::HfTokenizer::parse(bytes, path, folder);
  if (tok::looksLikeSentencePieceModel(bytes)) return tok::loadSentencePieceModel(bytes, path, folder);
  return tok::Llama2cTokenizer::parse(bytes, path);
}

std::string Tokenizer::displayBytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = utf8SequenceLength(bytes, i);
    if (len > 0) {
      out.append(bytes.substr(i, len));
      i += len;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(bytes[i]));
      out += buf;
      ++i;
    }
  }
  return out;
}

namespace tok {

TokenPiece makePiece(int id, std::string raw, std::string bytes, std::size_t begin, std::size_t end, bool special) {
  TokenPiece p;
  p.id = id;
  p.display = Tokenizer::displayBytes(bytes);
  p.partialChar = !special && !isValidUtf8(bytes);
  p.raw = std::move(raw);
  p.bytes = std::move(bytes);
  p.begin = begin;
  p.end = end;
  p.special = special;
  return p;
}

int parseByteToken(std::string_view raw) {
  if (raw.size() != 6 || raw.substr(0, 3) != "<0x" || raw[5] != '>') return -1;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  const int hi = hex(raw[3]), lo = hex(raw[4]);
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

}  // namespace tok
}  // namespace glassbox
