#pragma once
// Writes small SentencePiece ModelProto files for the tests (protobuf wire format by hand: varint keys,
// length-delimited messages, fixed32 floats), so that the reader can be checked on models whose every
// field is known, and on deliberately broken ones.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace glassbox::test {

inline std::string varint(std::uint64_t v) {
  std::string out;
  do {
    std::uint8_t b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(static_cast<char>(b));
  } while (v);
  return out;
}

inline std::string key(std::uint32_t field, int wire) { return varint((static_cast<std::uint64_t>(field) << 3) | wire); }
inline std::string bytesField(std::uint32_t field, const std::string& b) { return key(field, 2) + varint(b.size()) + b; }
inline std::string varintField(std::uint32_t field, std::int64_t v) { return key(field, 0) + varint(static_cast<std::uint64_t>(v)); }
inline std::string floatField(std::uint32_t field, float f) {
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  std::string out = key(field, 5);
  for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>((bits >> (8 * k)) & 0xFF));
  return out;
}

struct SpPiece {
  std::string piece;
  float score = 0.0f;
  int type = 1;  // NORMAL
};

inline std::string pieceMessage(const SpPiece& p) {
  return bytesField(1, p.piece) + floatField(2, p.score) + (p.type != 1 ? varintField(3, p.type) : std::string());
}

struct SpModel {
  std::vector<SpPiece> pieces;
  int modelType = 1;
  int unkId = 0, bosId = 1, eosId = 2, padId = -1;
  bool byteFallback = false;
  std::string charsmap;  // raw precompiled_charsmap bytes
  bool addDummyPrefix = true, removeExtraWhitespaces = true;
  std::string extraTrainer, extraNormalizer, extraTop;  // raw fields appended to each message
};

inline std::string serialize(const SpModel& m) {
  std::string out;
  for (const auto& p : m.pieces) out += bytesField(1, pieceMessage(p));
  std::string trainer = varintField(3, m.modelType) + varintField(4, static_cast<std::int64_t>(m.pieces.size())) +
                        (m.byteFallback ? varintField(35, 1) : std::string()) + varintField(40, m.unkId) +
                        varintField(41, m.bosId) + varintField(42, m.eosId) + varintField(43, m.padId) + m.extraTrainer;
  out += bytesField(2, trainer);
  std::string norm = bytesField(1, "nmt_nfkc") + (m.charsmap.empty() ? std::string() : bytesField(2, m.charsmap)) +
                     varintField(3, m.addDummyPrefix) + varintField(4, m.removeExtraWhitespaces) + varintField(5, 1) +
                     m.extraNormalizer;
  out += bytesField(3, norm);
  return out + m.extraTop;
}

// T5's layout in miniature: <pad> <\/s> <unk> control/unknown pieces, then a few word pieces.
inline SpModel tinyT5Model() {
  SpModel m;
  m.pieces = {{"<pad>", 0, 3}, {"</s>", 0, 3}, {"<unk>", 0, 2}, {"\xE2\x96\x81", -2.0f}, {"\xE2\x96\x81" "a", -3.0f},
              {"b", -3.5f},    {"ab", -4.0f},  {"\xE2\x96\x81" "ab", -2.5f}, {"c", -5.0f}, {"<sep>", 0, 4}};
  m.unkId = 2;
  m.bosId = -1;
  m.eosId = 1;
  m.padId = 0;
  return m;
}

}  // namespace glassbox::test
