// WordLevel (HF models.WordLevel): every pre-tokenized split is one vocabulary entry, or unk_token.
#include "core/error.h"
#include "tokenizers/models.h"

namespace glassbox::tok {

namespace {

class WordLevelModel final : public Model {
 public:
  WordLevelModel(const Json& j, const std::string& what, const ModelTables* tables) {
    loadVocabObject(j, tables, "WordLevel", vocab_, what);
    unkToken_ = jsonStringOr(j, "unk_token", "<unk>", what);
    unk_ = vocab_.find(unkToken_);  // may be absent: then only an unknown word is an error, as in the reference
  }
  std::string kind() const override { return "WordLevel"; }

  void tokenize(std::string_view text, bool, std::vector<ModelToken>& out) const override {
    const auto n = static_cast<std::uint32_t>(text.size());
    if (auto id = vocab_.find(text)) {
      out.push_back({*id, 0, n});
      return;
    }
    if (!unk_)
      throw Error("WordLevel model: \"" + std::string(text.substr(0, 80)) + "\" is not in the vocabulary and unk_token \"" +
                  unkToken_ + "\" is not either (hint: add the unk_token to model.vocab)");
    out.push_back({*unk_, 0, n});
  }

 private:
  std::string unkToken_;
  std::optional<int> unk_;
};

}  // namespace

std::unique_ptr<Model> makeWordLevel(const Json& j, const std::string& what, const ModelTables* tables) {
  return std::make_unique<WordLevelModel>(j, what, tables);
}

}  // namespace glassbox::tok
