#include "tokenizers/added_tokens.h"

#include <algorithm>

#include "core/error.h"
#include "core/utf8.h"
#include "tokenizers/normalized_string.h"
#include "tokenizers/normalizers.h"
#include "tokenizers/unicode_props.h"

namespace glassbox::tok {

void AddedVocabulary::load(const Json& list, const std::string& what) {
  if (list.is_null()) return;
  if (!list.is_array()) throw Error(what + ": \"added_tokens\" must be a list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& t = list[i];
    const std::string where = what + ": added_tokens[" + std::to_string(i) + "]";
    if (!t.is_object() || !t.contains("content") || !t["content"].is_string()) throw Error(where + " has no \"content\"");
    AddedToken a;
    a.id = static_cast<int>(jsonInt(t, "id", where));
    if (a.id < 0 || a.id >= (1 << 24)) throw Error(where + ": id " + std::to_string(a.id) + " is out of range");
    a.content = t["content"].get<std::string>();
    a.special = jsonBoolOr(t, "special", false, where);
    a.singleWord = jsonBoolOr(t, "single_word", false, where);
    a.lstrip = jsonBoolOr(t, "lstrip", false, where);
    a.rstrip = jsonBoolOr(t, "rstrip", false, where);
    a.normalized = jsonBoolOr(t, "normalized", !a.special, where);
    tokens_.push_back(std::move(a));
  }
  build(nullptr);
}

void AddedVocabulary::addSpecial(int id, const std::string& content) {
  if (content.empty() || byContent(content)) return;
  AddedToken a;
  a.id = id;
  a.content = content;
  a.special = true;
  tokens_.push_back(std::move(a));
}

void AddedVocabulary::build(const Normalizer* normalizer) {
  byId_.clear();
  for (std::size_t k = 0; k < tokens_.size(); ++k) byId_.emplace(tokens_[k].id, k);
  for (Set& s : sets_) {
    for (auto& v : s.byFirstByte) v.clear();
    s.count = 0;
  }
  for (int k = 0; k < static_cast<int>(tokens_.size()); ++k) {
    AddedToken& a = tokens_[static_cast<std::size_t>(k)];
    a.pattern = a.content;
    if (a.normalized && normalizer && !a.content.empty()) {
      bool invalid = false;
      NormalizedString ns = NormalizedString::fromOriginal(a.content, 0, invalid);
      normalizer->normalize(ns);
      a.pattern = std::move(ns.text);
    }
    // An empty pattern (a content the normalizer deletes entirely) can never be found.
    if (a.pattern.empty()) continue;
    Set& s = sets_[a.normalized ? 1 : 0];
    s.byFirstByte[static_cast<unsigned char>(a.pattern[0])].push_back(k);
    ++s.count;
  }
  // Longest pattern first; among equal ones special tokens before the others, as the reference orders them.
  for (Set& s : sets_)
    for (auto& v : s.byFirstByte)
      std::stable_sort(v.begin(), v.end(), [&](int x, int y) {
        const AddedToken& a = tokens_[static_cast<std::size_t>(x)];
        const AddedToken& b = tokens_[static_cast<std::size_t>(y)];
        if (a.pattern.size() != b.pattern.size()) return a.pattern.size() > b.pattern.size();
        return a.special && !b.special;
      });
}

namespace {
char32_t charBefore(std::string_view t, std::size_t pos) {
  std::size_t s = pos - 1;
  while (s > 0 && (static_cast<unsigned char>(t[s]) & 0xC0) == 0x80) --s;
  return decodeUtf8(t, s);
}
bool isWordChar(char32_t c) { return isAlphanumeric(c) || c == U'_'; }
}  // namespace

void AddedVocabulary::find(std::string_view text, bool normalizedSet, std::vector<AddedMatch>& out) const {
  const Set& set = sets_[normalizedSet ? 1 : 0];
  if (set.empty()) return;
  std::size_t done = 0;  // end of the previous accepted match
  for (std::size_t i = 0; i < text.size();) {
    const auto& cands = set.byFirstByte[static_cast<unsigned char>(text[i])];
    const AddedToken* hit = nullptr;
    for (int k : cands) {
      const AddedToken& a = tokens_[static_cast<std::size_t>(k)];
      if (text.substr(i).starts_with(a.pattern)) {
        hit = &a;
        break;
      }
    }
    if (!hit) {
      ++i;
      continue;
    }
    std::size_t b = i, e = i + hit->pattern.size();
    i = e;  // the scan resumes after this match whether or not it is accepted
    if (hit->singleWord) {
      const bool startOk = b == 0 || !isWordChar(charBefore(text, b));
      std::size_t p = e;
      const bool stopOk = e == text.size() || !isWordChar(decodeUtf8(text, p));
      if (!startOk || !stopOk) continue;
    }
    if (hit->lstrip)
      while (b > done && isWhitespace(charBefore(text, b))) {
        std::size_t s = b - 1;
        while (s > 0 && (static_cast<unsigned char>(text[s]) & 0xC0) == 0x80) --s;
        b = s;
      }
    if (hit->rstrip)
      for (std::size_t p = e; p < text.size();) {
        if (!isWhitespace(decodeUtf8(text, p))) break;
        e = p;
      }
    out.push_back({b, e, hit->id});
    done = e;
    i = std::max(i, e);
  }
}

const AddedToken* AddedVocabulary::byId(int id) const {
  auto it = byId_.find(id);
  return it == byId_.end() ? nullptr : &tokens_[it->second];
}

const AddedToken* AddedVocabulary::byContent(std::string_view content) const {
  for (const auto& a : tokens_)
    if (a.content == content) return &a;
  return nullptr;
}

int AddedVocabulary::maxId() const {
  int m = -1;
  for (const auto& a : tokens_) m = std::max(m, a.id);
  return m;
}

}  // namespace glassbox::tok
