#pragma once
// The Hugging Face tokenizer.json pipeline as a Tokenizer (internal; see hf_tokenizer.h). Loading and
// lookups are in hf_tokenizer.cpp, encoding and decoding in hf_encode.cpp.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json_util.h"
#include "tokenizers/added_tokens.h"
#include "tokenizers/decoders.h"
#include "tokenizers/models.h"
#include "tokenizers/normalizers.h"
#include "tokenizers/post_processors.h"
#include "tokenizers/pre_tokenizers.h"
#include "tokenizers/pretokenized.h"
#include "tokenizers/special_roles.h"
#include "tokenizers/tokenizer.h"

namespace glassbox::tok {

class HfTokenizerImpl final : public Tokenizer {
 public:
  // `folder`: what the model folder's special_tokens_map.json / tokenizer_config.json name (may be empty).
  HfTokenizerImpl(const Json& j, const std::string& what, const ModelTables* tables, const FolderSpecials& folder);

  std::string decode(std::span<const int> ids, bool skipSpecialTokens = false) const override;
  int vocabSize() const override { return vocabSize_; }
  std::string tokenRaw(int id) const override;
  std::string tokenBytes(int id) const override;
  bool isSpecial(int id) const override {
    const AddedToken* a = added_.byId(id);
    return a && a->special;
  }
  std::optional<int> tokenId(std::string_view raw) const override;
  std::optional<int> bosId() const override { return bos_; }
  std::optional<int> eosId() const override { return eos_; }
  std::string kind() const override;
  std::size_t addedTokenCount(bool pair) const override { return post_ ? post_->addedTokens(pair) : 0; }

 protected:
  Encoding encodeSequence(std::string_view text) const override;
  Encoding postProcess(Encoding first, std::optional<Encoding> second, bool addSpecialTokens) const override;

 private:
  PreTokenized split(std::string_view text, bool& hadInvalid) const;
  void appendToken(Encoding& enc, int id, std::size_t b, std::size_t e) const;
  TokenPiece pieceOf(int id) const;
  std::optional<int> firstPresent(std::initializer_list<const char*> names) const;
  void setRoles(const Json& model, const FolderSpecials& folder);
  std::string computeBytes(int id) const;

  AddedVocabulary added_;
  std::vector<TokenPiece> pieces_;  // [vocabSize] raw, bytes, display, flags of every id, built at load
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<PreTokenizer> preTokenizer_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<PostProcessor> post_;
  std::unique_ptr<Decoder> decoder_;
  bool byteLevel_ = false;  // vocabulary strings are byte-level encoded
  int vocabSize_ = 0;
  std::optional<int> bos_, eos_;
};

}  // namespace glassbox::tok
