#pragma once
// tokenizer.json "model": BPE, WordPiece, Unigram, WordLevel. A model turns one pre-tokenized split into
// token ids with byte spans inside that split.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/json_util.h"
#include "tokenizers/model_tables.h"
#include "tokenizers/tokenizer_internal.h"

namespace glassbox::tok {

struct ModelToken {
  int id;
  std::uint32_t b, e;  // byte span in the split's text
};

// Token string <-> id, as listed by the model. The string -> id index is an open-addressing table whose
// slots hold the hash, the id and where the string's bytes are in one contiguous arena: a lookup touches
// a slot and the arena, and loading a 150k vocabulary allocates no per-entry nodes. The first id given
// for a string wins, as with a map's emplace.
class Vocab {
 public:
  std::vector<std::string> tokens;  // [V] "" for ids the model does not define

  void reserve(std::size_t n);
  void add(std::string token, int id, const std::string& what);
  std::optional<int> find(std::string_view s) const {
    if (slots_.empty()) return std::nullopt;
    const std::size_t h = hashOf(s);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.id < 0) return std::nullopt;
      if (slot.hash == static_cast<std::uint32_t>(h) && slot.size == s.size() &&
          std::string_view(arena_).substr(slot.offset, slot.size) == s)
        return slot.id;
    }
  }
  std::size_t size() const { return count_; }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::int32_t id = -1;  // -1 when empty
    std::uint32_t offset = 0, size = 0;  // the string is arena_[offset, offset + size)
  };
  static std::size_t hashOf(std::string_view s) { return std::hash<std::string_view>{}(s); }
  void rehash(std::size_t slotCount);

  std::string arena_;        // every distinct string, in insertion order
  std::vector<Slot> slots_;  // power of two, at most half full
  std::size_t count_ = 0;
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

// Throws Error naming an unknown model type or a bad field. `tables`, when given, holds model.vocab and
// model.merges already read by extractModelTables (the JSON `j` then has {} and [] in their place).
std::unique_ptr<Model> makeModel(const Json& j, const std::string& what, const ModelTables* tables = nullptr);
std::unique_ptr<Model> makeBpe(const Json& j, const std::string& what, const ModelTables* tables = nullptr);
std::unique_ptr<Model> makeWordPiece(const Json& j, const std::string& what, const ModelTables* tables = nullptr);
std::unique_ptr<Model> makeUnigram(const Json& j, const std::string& what);
std::unique_ptr<Model> makeWordLevel(const Json& j, const std::string& what, const ModelTables* tables = nullptr);

// model.vocab, an object of token: id, into `vocab` (from `tables` when it holds the pre-read list).
// `model` names the model type for messages.
void loadVocabObject(const Json& j, const ModelTables* tables, const char* model, Vocab& vocab, const std::string& what);

}  // namespace glassbox::tok
