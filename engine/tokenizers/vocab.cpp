#include "core/error.h"
#include "tokenizers/models.h"

namespace glassbox::tok {

void Vocab::reserve(std::size_t n) {
  keys_.reserve(n);
  ids_.reserve(n);
  tokens.reserve(n);
  std::size_t want = 16;
  while (want < 2 * n) want *= 2;
  if (want > slots_.size()) rehash(want);
}

void Vocab::rehash(std::size_t slotCount) {
  slots_.assign(slotCount, Slot{});
  const std::size_t mask = slotCount - 1;
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    const std::size_t h = hashOf(keys_[k]);
    std::size_t i = h & mask;
    while (slots_[i].key >= 0) i = (i + 1) & mask;
    slots_[i] = {static_cast<std::uint32_t>(h), static_cast<std::int32_t>(k)};
  }
}

void Vocab::add(std::string token, int id, const std::string& what) {
  constexpr int kMaxVocab = 1 << 24;
  if (id < 0 || id >= kMaxVocab)
    throw Error(what + ": token id " + std::to_string(id) + " for \"" + token + "\" is outside 0.." + std::to_string(kMaxVocab - 1));
  if (static_cast<std::size_t>(id) >= tokens.size()) tokens.resize(static_cast<std::size_t>(id) + 1);
  tokens[static_cast<std::size_t>(id)] = token;
  if (2 * (keys_.size() + 1) > slots_.size()) rehash(std::max<std::size_t>(16, slots_.size() * 2));
  const std::size_t h = hashOf(token);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  for (; slots_[i].key >= 0; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.hash == static_cast<std::uint32_t>(h) && keys_[static_cast<std::size_t>(slot.key)] == token) return;  // first id wins
  }
  slots_[i] = {static_cast<std::uint32_t>(h), static_cast<std::int32_t>(keys_.size())};
  keys_.push_back(std::move(token));
  ids_.push_back(id);
}

void loadVocabObject(const Json& j, const ModelTables* tables, const char* model, Vocab& vocab, const std::string& what) {
  if (tables && tables->vocab) {
    vocab.reserve(tables->vocab->size());
    for (const auto& [tok, id] : *tables->vocab) vocab.add(std::string(tok), id, what);
    return;
  }
  if (!j.contains("vocab") || !j["vocab"].is_object())
    throw Error(what + ": " + model + " model.vocab must be an object of token: id");
  vocab.reserve(j["vocab"].size());
  for (const auto& [tok, id] : j["vocab"].items()) {
    if (!id.is_number_integer()) throw Error(what + ": model.vocab[\"" + tok + "\"] is not an integer id");
    vocab.add(tok, id.get<int>(), what);
  }
}

}  // namespace glassbox::tok
