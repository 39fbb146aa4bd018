#include "tokenizers/sentencepiece_model.h"

#include <cmath>
#include <cstring>
#include <unordered_set>

#include "core/error.h"
#include "core/utf8.h"

namespace glassbox::tok {

namespace {

enum Wire { kVarint = 0, kFixed64 = 1, kBytes = 2, kGroupStart = 3, kGroupEnd = 4, kFixed32 = 5 };

struct Field {
  std::uint32_t number = 0;
  int wire = 0;
  std::uint64_t value = 0;  // varint, fixed32 or fixed64
  std::string_view bytes;   // length-delimited content
  std::size_t offset = 0;   // in the file, of the key
};

// Protocol-buffer wire format over one message's bytes; `base` is the message's offset in the file.
class WireReader {
 public:
  WireReader(std::string_view data, std::size_t base, const std::string& path, std::string message)
      : data_(data), base_(base), path_(path), message_(std::move(message)) {}

  bool done() const { return pos_ >= data_.size(); }

  Field next() {
    Field f;
    f.offset = base_ + pos_;
    const std::uint64_t key = varint();
    f.number = static_cast<std::uint32_t>(key >> 3);
    f.wire = static_cast<int>(key & 7);
    if (key >> 3 == 0 || key >> 3 > (1u << 29) - 1) fail(f.offset, "field number " + std::to_string(key >> 3) + " is invalid");
    switch (f.wire) {
      case kVarint: f.value = varint(); break;
      case kFixed64: f.value = fixed(8, f.offset); break;
      case kFixed32: f.value = fixed(4, f.offset); break;
      case kBytes: {
        const std::uint64_t n = varint();
        if (n > data_.size() - pos_)
          fail(f.offset, "field " + std::to_string(f.number) + " claims " + std::to_string(n) + " bytes but " +
                             std::to_string(data_.size() - pos_) + " remain");
        f.bytes = data_.substr(pos_, static_cast<std::size_t>(n));
        pos_ += static_cast<std::size_t>(n);
        break;
      }
      case kGroupStart: skipGroup(f.number, 1, f.offset); break;
      case kGroupEnd: fail(f.offset, "end of group " + std::to_string(f.number) + " without its start");
      default: fail(f.offset, "wire type " + std::to_string(f.wire) + " does not exist");
    }
    return f;
  }

  [[noreturn]] void fail(std::size_t offset, const std::string& what) const {
    throw Error(path_ + ": SentencePiece model: " + message_ + ": " + what + " at byte " + std::to_string(offset) +
                " (hint: the file is truncated or corrupted, or is not a SentencePiece .model file)");
  }

  // The field must have this wire type.
  void expect(const Field& f, int wire, const char* name) const {
    if (f.wire != wire)
      fail(f.offset, std::string(name) + " (field " + std::to_string(f.number) + ") has wire type " + std::to_string(f.wire) +
                         ", expected " + std::to_string(wire));
  }

  std::size_t base() const { return base_; }
  std::size_t offsetOf(std::string_view inner) const { return base_ + static_cast<std::size_t>(inner.data() - data_.data()); }

 private:
  std::uint64_t varint() {
    std::uint64_t v = 0;
    const std::size_t start = base_ + pos_;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos_ >= data_.size()) fail(start, "varint runs past the end of the message");
      const auto b = static_cast<std::uint8_t>(data_[pos_++]);
      if (shift == 63 && b > 1) fail(start, "varint overflows 64 bits");
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    fail(start, "varint longer than 10 bytes");
  }

  std::uint64_t fixed(std::size_t n, std::size_t offset) {
    if (data_.size() - pos_ < n) fail(offset, "fixed-width value runs past the end of the message");
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < n; ++k) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(data_[pos_ + k])) << (8 * k);
    pos_ += n;
    return v;
  }

  // Skips a (deprecated) group up to its end marker; groups nest, so the depth is bounded.
  void skipGroup(std::uint32_t number, int depth, std::size_t offset) {
    if (depth > kMaxProtoGroupDepth) fail(offset, "groups nested deeper than " + std::to_string(kMaxProtoGroupDepth));
    for (;;) {
      if (done()) fail(offset, "group " + std::to_string(number) + " has no end");
      const std::size_t at = base_ + pos_;
      const std::uint64_t key = varint();
      const auto n = static_cast<std::uint32_t>(key >> 3);
      const int wire = static_cast<int>(key & 7);
      if (wire == kGroupEnd) {
        if (n != number) fail(at, "group " + std::to_string(number) + " ends as group " + std::to_string(n));
        return;
      }
      if (wire == kGroupStart) skipGroup(n, depth + 1, at);
      else if (wire == kVarint) varint();
      else if (wire == kFixed64) fixed(8, at);
      else if (wire == kFixed32) fixed(4, at);
      else if (wire == kBytes) {
        const std::uint64_t len = varint();
        if (len > data_.size() - pos_) fail(at, "field inside a group runs past the end of the message");
        pos_ += static_cast<std::size_t>(len);
      } else {
        fail(at, "wire type " + std::to_string(wire) + " does not exist");
      }
    }
  }

  std::string_view data_;
  std::size_t pos_ = 0;
  std::size_t base_;
  const std::string& path_;
  std::string message_;
};

int int32Of(const WireReader& r, const Field& f, const char* name) {
  r.expect(f, kVarint, name);
  const auto v = static_cast<std::int64_t>(f.value);  // negative int32 values are sign-extended to 64 bits
  if (v < INT32_MIN || v > INT32_MAX) r.fail(f.offset, std::string(name) + " " + std::to_string(v) + " is not an int32");
  return static_cast<int>(v);
}

std::string stringOf(const WireReader& r, const Field& f, const char* name) {
  r.expect(f, kBytes, name);
  if (!isValidUtf8(f.bytes)) r.fail(f.offset, std::string(name) + " is not valid UTF-8");
  return std::string(f.bytes);
}

SentencePieceModel::Piece parsePiece(std::string_view bytes, std::size_t base, std::size_t index, const std::string& path) {
  WireReader r(bytes, base, path, "pieces[" + std::to_string(index) + "]");
  SentencePieceModel::Piece p;
  bool hasPiece = false;
  while (!r.done()) {
    const Field f = r.next();
    if (f.number == 1) {
      p.piece = stringOf(r, f, "piece");
      hasPiece = true;
    } else if (f.number == 2) {
      r.expect(f, kFixed32, "score");
      const auto bits = static_cast<std::uint32_t>(f.value);
      std::memcpy(&p.score, &bits, sizeof bits);
      if (!std::isfinite(p.score)) r.fail(f.offset, "score is not a finite number");
    } else if (f.number == 3) {
      const int t = int32Of(r, f, "type");
      if (t < 1 || t > 6) r.fail(f.offset, "type " + std::to_string(t) + " is not a piece type (1 to 6)");
      p.type = static_cast<PieceType>(t);
    }
  }
  if (!hasPiece || p.piece.empty()) r.fail(base, "the piece string is missing or empty");
  return p;
}

void parseTrainer(std::string_view bytes, std::size_t base, const std::string& path, SentencePieceModel& m) {
  WireReader r(bytes, base, path, "trainer_spec");
  while (!r.done()) {
    const Field f = r.next();
    switch (f.number) {
      case 3: m.modelType = int32Of(r, f, "model_type"); break;
      case 24:
        r.expect(f, kVarint, "treat_whitespace_as_suffix");
        m.treatWhitespaceAsSuffix = f.value != 0;
        break;
      case 35:
        r.expect(f, kVarint, "byte_fallback");
        m.byteFallback = f.value != 0;
        break;
      case 40: m.unkId = int32Of(r, f, "unk_id"); break;
      case 41: m.bosId = int32Of(r, f, "bos_id"); break;
      case 42: m.eosId = int32Of(r, f, "eos_id"); break;
      case 43: m.padId = int32Of(r, f, "pad_id"); break;
      case 45: m.unkPiece = stringOf(r, f, "unk_piece"); break;
      case 46: m.bosPiece = stringOf(r, f, "bos_piece"); break;
      case 47: m.eosPiece = stringOf(r, f, "eos_piece"); break;
      case 48: m.padPiece = stringOf(r, f, "pad_piece"); break;
      default: break;
    }
  }
}

void parseNormalizer(std::string_view bytes, std::size_t base, const std::string& path, SentencePieceModel& m) {
  WireReader r(bytes, base, path, "normalizer_spec");
  while (!r.done()) {
    const Field f = r.next();
    switch (f.number) {
      case 1: m.normalizerName = stringOf(r, f, "name"); break;
      case 2:
        r.expect(f, kBytes, "precompiled_charsmap");
        m.precompiledCharsmap = std::string(f.bytes);
        break;
      case 3:
        r.expect(f, kVarint, "add_dummy_prefix");
        m.addDummyPrefix = f.value != 0;
        break;
      case 4:
        r.expect(f, kVarint, "remove_extra_whitespaces");
        m.removeExtraWhitespaces = f.value != 0;
        break;
      case 5:
        r.expect(f, kVarint, "escape_whitespaces");
        m.escapeWhitespaces = f.value != 0;
        break;
      default: break;
    }
  }
}

void checkIds(const SentencePieceModel& m, const std::string& path) {
  const auto v = static_cast<long long>(m.pieces.size());
  auto bad = [&](const char* name, int id, bool optional) {
    if ((optional && id == -1) || (id >= 0 && id < v)) return;
    throw Error(path + ": SentencePiece model: trainer_spec." + name + " " + std::to_string(id) + " is outside the " +
                std::to_string(v) + " pieces (hint: the file is corrupted)");
  };
  bad("unk_id", m.unkId, false);
  bad("bos_id", m.bosId, true);
  bad("eos_id", m.eosId, true);
  bad("pad_id", m.padId, true);
}

}  // namespace

SentencePieceModel parseSentencePieceModel(std::string_view bytes, const std::string& path) {
  SentencePieceModel m;
  WireReader r(bytes, 0, path, "ModelProto");
  while (!r.done()) {
    const Field f = r.next();
    if (f.number == 1) {
      r.expect(f, kBytes, "pieces");
      if (m.pieces.size() >= kMaxSentencePieces)
        r.fail(f.offset, "more than " + std::to_string(kMaxSentencePieces) + " pieces");
      m.pieces.push_back(parsePiece(f.bytes, r.offsetOf(f.bytes), m.pieces.size(), path));
    } else if (f.number == 2) {
      r.expect(f, kBytes, "trainer_spec");
      parseTrainer(f.bytes, r.offsetOf(f.bytes), path, m);
    } else if (f.number == 3) {
      r.expect(f, kBytes, "normalizer_spec");
      parseNormalizer(f.bytes, r.offsetOf(f.bytes), path, m);
    }
  }
  if (m.pieces.empty()) throw Error(path + ": SentencePiece model has no pieces (hint: is this a SentencePiece .model file?)");
  std::unordered_set<std::string_view> seen;
  seen.reserve(m.pieces.size());
  for (std::size_t i = 0; i < m.pieces.size(); ++i)
    if (!seen.insert(m.pieces[i].piece).second)
      throw Error(path + ": SentencePiece model: pieces[" + std::to_string(i) + "] \"" + m.pieces[i].piece +
                  "\" is already defined (hint: the file is corrupted)");
  checkIds(m, path);
  return m;
}

bool looksLikeSentencePieceModel(std::string_view bytes) {
  if (bytes.size() < 3) return false;
  const auto first = static_cast<std::uint8_t>(bytes[0]);
  if (first != 0x0A && first != 0x12 && first != 0x1A) return false;  // field 1, 2 or 3, length-delimited
  std::uint64_t len = 0;
  std::size_t pos = 1;
  for (int shift = 0; shift < 35; shift += 7) {
    if (pos >= bytes.size()) return false;
    const auto b = static_cast<std::uint8_t>(bytes[pos++]);
    len |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) break;
    if (shift == 28) return false;
  }
  if (len == 0 || len > bytes.size() - pos) return false;
  const auto key = static_cast<std::uint8_t>(bytes[pos]);
  const int wire = key & 7;
  return (key >> 3) != 0 && (wire == 0 || wire == 1 || wire == 2 || wire == 5);
}

}  // namespace glassbox::tok
