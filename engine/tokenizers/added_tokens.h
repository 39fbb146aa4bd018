#pragma once
// Added tokens ("added_tokens" of tokenizer.json): found in the text before the model sees it, leftmost
// and longest first, honouring single_word, lstrip and rstrip. Tokens with normalized=false are matched on
// the raw input; the others on the normalized text, with their content passed through the same normalizer
// as the pattern (HF AddedVocabulary::refresh_added_tokens: "<|end|>" under Prepend("▁") is "▁<|end|>").
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/json_util.h"

namespace glassbox::tok {

struct AddedToken {
  int id = 0;
  std::string content;
  bool singleWord = false, lstrip = false, rstrip = false, normalized = false, special = false;
  std::string pattern;  // what is searched for: content, or content normalized when `normalized`
};

struct AddedMatch {
  std::size_t b, e;  // byte span, including stripped whitespace
  int id;
};

class Normalizer;

class AddedVocabulary {
 public:
  // Reads the list and indexes it with the contents as patterns (build(nullptr)).
  void load(const Json& list, const std::string& what);
  // Adds a special token (normalized = false) unless one with this content exists.
  void addSpecial(int id, const std::string& content);
  // Computes the patterns of normalized tokens with `normalizer` (may be null) and indexes every token;
  // to be called again after addSpecial().
  void build(const Normalizer* normalizer);
  // Matches of the tokens with the given `normalized` flag, left to right, non-overlapping.
  void find(std::string_view text, bool normalizedSet, std::vector<AddedMatch>& out) const;
  const AddedToken* byId(int id) const;
  const AddedToken* byContent(std::string_view content) const;
  bool hasNormalized() const { return !sets_[1].empty(); }
  bool hasRaw() const { return !sets_[0].empty(); }
  int maxId() const;
  const std::vector<AddedToken>& tokens() const { return tokens_; }

 private:
  struct Set {
    std::array<std::vector<int>, 256> byFirstByte;  // token indices, longest content first
    bool empty() const { return count == 0; }
    int count = 0;
  };
  std::vector<AddedToken> tokens_;
  std::unordered_map<int, std::size_t> byId_;
  std::array<Set, 2> sets_;  // [0]: normalized=false, [1]: normalized=true
};

}  // namespace glassbox::tok
