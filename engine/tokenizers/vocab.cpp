#include <limits>

#include "core/error.h"
#include "tokenizers/models.h"

namespace glassbox::tok {

void Vocab::reserve(std::size_t n) {
  tokens.reserve(n);
  arena_.reserve(n * 8);
  std::size_t want = 16;
  while (want < 2 * n) want *= 2;
  if (want > slots_.size()) rehash(want);
}

void Vocab::rehash(std::size_t slotCount) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(slotCount, Slot{});
  const std::size_t mask = slotCount - 1;
  for (const Slot& s : old) {
    if (s.id < 0) continue;
    std::size_t i = s.hash & mask;  // the low 32 bits of the hash pick the slot, as in find()
    while (slots_[i].id >= 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void Vocab::add(std::string token, int id, const std::string& what) {
  constexpr int kMaxVocab = 1 << 24;
  if (id < 0 || id >= kMaxVocab)
    throw Error(what + ": token id " + std::to_string(id) + " for \"" + token + "\" is outside 0.." + std::to_string(kMaxVocab - 1));
  if (arena_.size() + token.size() > std::numeric_limits<std::uint32_t>::max())
    throw Error(what + ": the vocabulary's strings exceed 4 GB");
  if (2 * (count_ + 1) > slots_.size()) rehash(std::max<std::size_t>(16, slots_.size() * 2));
  const std::size_t h = hashOf(token);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  bool known = false;
  for (; slots_[i].id >= 0; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.hash == static_cast<std::uint32_t>(h) && std::string_view(arena_).substr(slot.offset, slot.size) == token) {
      known = true;  // first id wins
      break;
    }
  }
  if (!known) {
    slots_[i] = {static_cast<std::uint32_t>(h), id, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(token.size())};
    arena_ += token;
    ++count_;
  }
  if (static_cast<std::size_t>(id) >= tokens.size()) tokens.resize(static_cast<std::size_t>(id) + 1);
  tokens[static_cast<std::size_t>(id)] = std::move(token);
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
