#pragma once
// tokenizer.json "decoder": ByteLevel, Metaspace, WordPiece, ByteFallback, Fuse, Strip, Replace, BPEDecoder,
// CTC, Sequence. Each rewrites the list of token strings; decode() concatenates the result.
#include <memory>
#include <string>
#include <vector>

#include "core/json_util.h"

namespace glassbox::tok {

class Decoder {
 public:
  virtual ~Decoder() = default;
  virtual void decodeChain(std::vector<std::string>& tokens) const = 0;
};

// Returns nullptr for JSON null. Throws Error naming an unknown type.
std::unique_ptr<Decoder> makeDecoder(const Json& j, const std::string& what);

}  // namespace glassbox::tok
