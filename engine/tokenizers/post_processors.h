#pragma once
// tokenizer.json "post_processor": TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel,
// Sequence. For a single sequence they only add special tokens around it; pair templates are checked at load
// but pairs are not encoded.
#include <memory>
#include <string>
#include <vector>

#include "core/json_util.h"

namespace glassbox::tok {

struct SpecialInsert {
  int id;
  std::string token;
};

class PostProcessor {
 public:
  virtual ~PostProcessor() = default;
  // Special tokens to put before and after a single sequence.
  virtual void surround(std::vector<SpecialInsert>& before, std::vector<SpecialInsert>& after) const = 0;
};

// Returns nullptr for JSON null. Throws Error naming an unknown type.
std::unique_ptr<PostProcessor> makePostProcessor(const Json& j, const std::string& what);

}  // namespace glassbox::tok
