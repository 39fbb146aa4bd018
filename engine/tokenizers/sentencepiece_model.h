#pragma once
// SentencePiece's model file (spiece.model, tokenizer.model): a protobuf `ModelProto` message, read with
// a minimal wire-format decoder of our own. Field numbers are those of sentencepiece_model.proto:
//   ModelProto      { repeated SentencePiece pieces = 1; TrainerSpec trainer_spec = 2;
//                     NormalizerSpec normalizer_spec = 3; }
//   SentencePiece   { string piece = 1; float score = 2; Type type = 3; }   // NORMAL=1 UNKNOWN=2
//                                                                           // CONTROL=3 USER_DEFINED=4
//                                                                           // UNUSED=5 BYTE=6
//   TrainerSpec     { ModelType model_type = 3 (UNIGRAM=1 BPE=2 WORD=3 CHAR=4); int32 vocab_size = 4;
//                     bool treat_whitespace_as_suffix = 24; bool byte_fallback = 35;
//                     int32 unk_id = 40; bos_id = 41; eos_id = 42; pad_id = 43;
//                     string unk_piece = 45; bos_piece = 46; eos_piece = 47; pad_piece = 48; }
//   NormalizerSpec  { string name = 1; bytes precompiled_charsmap = 2; bool add_dummy_prefix = 3;
//                     bool remove_extra_whitespaces = 4; bool escape_whitespaces = 5; }
// Every other field is skipped by its wire type.
//
// Why no protobuf library: libprotobuf, protobuf-c and nanopb (all in Debian) generate code from the
// .proto with protoc at build time, and libprotobuf is a multi-megabyte dependency for ~20 fields. A
// 150-line reader also lets every length be checked against the bytes that remain before anything is
// copied, and bounds what a hostile file can make us allocate (see the limits below).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::tok {

enum class PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

struct SentencePieceModel {
  struct Piece {
    std::string piece;  // UTF-8, never empty
    float score = 0.0f;
    PieceType type = PieceType::Normal;
  };
  std::vector<Piece> pieces;  // [V] in id order

  // trainer_spec (defaults as in the .proto)
  int modelType = 1;  // 1 Unigram, 2 BPE, 3 Word, 4 Char
  bool byteFallback = false;
  bool treatWhitespaceAsSuffix = false;
  int unkId = 0, bosId = 1, eosId = 2, padId = -1;  // -1: none
  std::string unkPiece = "<unk>", bosPiece = "<s>", eosPiece = "</s>", padPiece = "<pad>";

  // normalizer_spec
  std::string normalizerName;       // "nmt_nfkc", "identity", ...
  std::string precompiledCharsmap;  // raw bytes (not base64); empty = no normalization rules
  bool addDummyPrefix = true;
  bool removeExtraWhitespaces = true;
  bool escapeWhitespaces = true;
};

// Limits: pieces are refused past kMaxSentencePieces (real models have at most ~260k: Gemma, mT5), nesting
// of skipped protobuf groups past kMaxProtoGroupDepth.
inline constexpr std::size_t kMaxSentencePieces = std::size_t{1} << 20;
inline constexpr int kMaxProtoGroupDepth = 32;

// Parses the whole file. Throws Error naming `path`, the message and field, and the byte offset.
SentencePieceModel parseSentencePieceModel(std::string_view bytes, const std::string& path);

// True when `bytes` begins like a serialized ModelProto (a length-delimited field 1, 2 or 3 whose content
// starts with a valid field key); a llama2.c tokenizer.bin or a JSON file never does.
bool looksLikeSentencePieceModel(std::string_view bytes);

}  // namespace glassbox::tok
