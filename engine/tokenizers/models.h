#pragma once
// tokenizer.json "model": BPE, WordPiece, Unigram, WordLevel. A model turns one pre-tokenized split into token ids
// with byte spans inside that split.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/json_util.h"
#include "tokenizers/tokenizer_internal.h"

namespace glassbox::tok {

struct ModelToken {
  int id;
  std::uint32_t b, e;  // byte span in the split's text
};

// Token string <-> id, as listed by the model.
struct Vocab {
  std::vector<std::string> tokens;  // [V] "" for ids the model does not define
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> ids;

  void add(std::string token, int id, const std::string& what);
  std::optional<int> find(std::string_view s) const {
    auto it = ids.find(s);
    return it == ids.end() ? std::nullopt : std::optional<int>(it->second);
  }
};

class Model {
 public:
  virtual ~Model() = default;
  // byteLevel: `text` is raw bytes to be read through the GPT-2 byte map (ByteLevel pre-tokenizer).
  virtual void tokenize(std::string_view text, bool byteLevel, std::vector<ModelToken>& out) const = 0;
  virtual std::string kind() const = 0;
  const Vocab& vocab() const { return vocab_; }
  // Prefix and suffix the model adds to sub-word pieces ("##", "</w>"), stripped to get a token's bytes.
  virtual std::string continuingPrefix() const { return {}; }
  virtual std::string endOfWordSuffix() const { return {}; }

 protected:
  Vocab vocab_;
};

// Throws Error naming an unknown model type or a bad field. `maxTokenBytes` bounds vocabulary strings.
std::unique_ptr<Model> makeModel(const Json& j, const std::string& what);
std::unique_ptr<Model> makeBpe(const Json& j, const std::string& what);
std::unique_ptr<Model> makeWordPiece(const Json& j, const std::string& what);
std::unique_ptr<Model> makeUnigram(const Json& j, const std::string& what);
std::unique_ptr<Model> makeWordLevel(const Json& j, const std::string& what);

}  // namespace glassbox::tok
