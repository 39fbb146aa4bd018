#pragma once
// The llama2.c tokenizer.bin format and encoder (karpathy/llama2.c run.c): int32 max_token_length, then
// per token float32 score, int32 length, bytes. Encoding prepends a dummy-prefix " ", looks every UTF-8
// character up in the vocabulary (unknown ones fall back to byte tokens, id = byte + 3), then repeatedly
// merges the adjacent pair whose concatenation is in the vocabulary with the highest score.
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizer_internal.h"

namespace glassbox::tok {

class Llama2cTokenizer final : public Tokenizer {
 public:
  // `bytes` is the whole file; `path` names it in errors.
  static std::shared_ptr<const Tokenizer> parse(std::string_view bytes, const std::string& path);

  std::string decode(std::span<const int> ids, bool skipSpecialTokens = false) const override;
  int vocabSize() const override { return static_cast<int>(pieces_.size()); }
  std::string tokenRaw(int id) const override;
  std::string tokenBytes(int id) const override;
  bool isSpecial(int id) const override { return id >= 0 && id <= 2 && id < vocabSize(); }
  std::optional<int> tokenId(std::string_view raw) const override;
  std::optional<int> bosId() const override { return 1; }
  std::optional<int> eosId() const override { return 2; }
  std::string kind() const override { return "llama2.c"; }
  std::size_t addedTokenCount(bool) const override { return 1; }

 protected:
  Encoding encodeSequence(std::string_view text) const override;
  // BOS (id 1) before the first text, as run.c's encode(bos = 1).
  Encoding postProcess(Encoding first, std::optional<Encoding> second, bool addSpecialTokens) const override;

 private:
  int lookup(std::string_view s) const;  // -1 when absent
  std::vector<std::string> pieces_;      // [V] raw vocabulary strings
  std::vector<float> scores_;            // [V]
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> index_;  // first id of each string
};

}  // namespace glassbox::tok
