#include "tokenizers/post_processors.h"

#include "core/error.h"
#include "tokenizers/encoding_ops.h"

namespace glassbox::tok {

namespace {

void setSequence(Encoding& e, int sequence) {
  e.sequenceIds.assign(e.ids.size(), sequence);
  for (Encoding& o : e.overflowing) o.sequenceIds.assign(o.ids.size(), sequence);
}

// Special tokens as an encoding of their own: type typeId, attention 1, special 1, no sequence.
Encoding specialsOf(const std::vector<SpecialInsert>& toks, int typeId, const SpecialPieceFn& piece) {
  Encoding e;
  for (const auto& s : toks) pushToken(e, piece(s.id), typeId, 1, 1, -1);
  return e;
}

// HF default_process: a pair is joined, nothing is added.
void joinAll(std::vector<Encoding>& encodings) {
  if (encodings.size() < 2) return;
  Encoding out;
  for (Encoding& e : encodings) mergeEncoding(out, std::move(e));
  encodings.clear();
  encodings.push_back(std::move(out));
}

// One piece of a template: a sequence ($A / $B) or a named special token, with its type id.
struct TemplatePiece {
  bool sequence = false;
  int which = 0;      // sequence: 0 = A, 1 = B
  std::string name;   // special token
  int typeId = 0;
};

class Template final : public PostProcessor {
 public:
  Template(std::vector<TemplatePiece> single, std::vector<TemplatePiece> pair,
           std::vector<std::pair<std::string, std::vector<SpecialInsert>>> specials)
      : single_(std::move(single)), pair_(std::move(pair)), specials_(std::move(specials)) {}
  std::string type() const override { return "TemplateProcessing"; }
  std::size_t addedTokens(bool pair) const override {
    std::size_t n = 0;
    for (const auto& p : pair ? pair_ : single_)
      if (!p.sequence) n += specialsNamed(p.name).size();
    return n;
  }
  void surround(std::vector<SpecialInsert>& before, std::vector<SpecialInsert>& after) const override {
    bool seen = false;
    for (const auto& p : single_) {
      if (p.sequence) {
        seen = true;
        continue;
      }
      const auto& s = specialsNamed(p.name);
      (seen ? after : before).insert((seen ? after : before).end(), s.begin(), s.end());
    }
  }
  void processEncodings(std::vector<Encoding>& encodings, bool add, const SpecialPieceFn& piece) const override {
    const auto& tpl = encodings.size() == 2 ? pair_ : single_;
    std::vector<int> lastUse(encodings.size(), -1);
    for (std::size_t k = 0; k < tpl.size(); ++k)
      if (tpl[k].sequence && static_cast<std::size_t>(tpl[k].which) < encodings.size()) lastUse[tpl[k].which] = static_cast<int>(k);
    std::vector<Encoding> out;
    for (std::size_t k = 0; k < tpl.size(); ++k) {
      const TemplatePiece& p = tpl[k];
      if (p.sequence) {
        if (static_cast<std::size_t>(p.which) >= encodings.size()) continue;
        Encoding& src = encodings[static_cast<std::size_t>(p.which)];
        Encoding e = lastUse[p.which] == static_cast<int>(k) ? std::move(src) : src;
        e.typeIds.assign(e.ids.size(), p.typeId);  // the top level only, as the reference does
        e.sequenceIds.assign(e.ids.size(), p.which);
        out.push_back(std::move(e));
      } else if (add) {
        out.push_back(specialsOf(specialsNamed(p.name), p.typeId, piece));
      }
    }
    encodings = std::move(out);
  }

 private:
  const std::vector<SpecialInsert>& specialsNamed(const std::string& name) const {
    for (const auto& [n, v] : specials_)
      if (n == name) return v;
    static const std::vector<SpecialInsert> kNone;
    return kNone;
  }
  std::vector<TemplatePiece> single_, pair_;
  std::vector<std::pair<std::string, std::vector<SpecialInsert>>> specials_;
};

// BertProcessing ([CLS] A [SEP] B [SEP], B typed 1) and RobertaProcessing (<s> A </s> </s> B </s>, all typed 0).
class ClsSep final : public PostProcessor {
 public:
  ClsSep(SpecialInsert cls, SpecialInsert sep, bool roberta) : cls_(std::move(cls)), sep_(std::move(sep)), roberta_(roberta) {}
  std::string type() const override { return roberta_ ? "RobertaProcessing" : "BertProcessing"; }
  std::size_t addedTokens(bool pair) const override { return pair ? (roberta_ ? 4 : 3) : 2; }
  void surround(std::vector<SpecialInsert>& before, std::vector<SpecialInsert>& after) const override {
    before.push_back(cls_);
    after.push_back(sep_);
  }
  void processEncodings(std::vector<Encoding>& encodings, bool add, const SpecialPieceFn& piece) const override {
    if (!add) return joinAll(encodings);
    for (std::size_t i = 0; i < encodings.size(); ++i) {
      Encoding& e = encodings[i];
      wrap(e, i, piece);
      for (Encoding& o : e.overflowing) wrap(o, i, piece);
    }
    joinAll(encodings);
  }

 private:
  void wrap(Encoding& e, std::size_t i, const SpecialPieceFn& piece) const {
    std::vector<Encoding> parts = std::move(e.overflowing);
    e.overflowing.clear();
    const int sepType = i == 0 || roberta_ ? 0 : 1;
    if (roberta_ && i > 0) e.typeIds.assign(e.ids.size(), 0);
    Encoding out;
    if (i == 0) out = specialsOf({cls_}, 0, piece);
    else if (roberta_) out = specialsOf({sep_}, 0, piece);
    mergeEncoding(out, std::move(e));
    mergeEncoding(out, specialsOf({sep_}, sepType, piece));
    out.overflowing = std::move(parts);
    e = std::move(out);
  }
  SpecialInsert cls_, sep_;
  bool roberta_;
};

// ByteLevel only adjusts offsets (trim_offsets), which this engine reports untrimmed.
class PassThrough final : public PostProcessor {
 public:
  std::string type() const override { return "ByteLevel"; }
  std::size_t addedTokens(bool) const override { return 0; }
  void surround(std::vector<SpecialInsert>&, std::vector<SpecialInsert>&) const override {}
  void processEncodings(std::vector<Encoding>&, bool, const SpecialPieceFn&) const override {}
};

class SequencePost final : public PostProcessor {
 public:
  explicit SequencePost(std::vector<std::unique_ptr<PostProcessor>> parts) : parts_(std::move(parts)) {}
  std::string type() const override { return "Sequence"; }
  std::size_t addedTokens(bool pair) const override {
    std::size_t n = 0;
    for (const auto& p : parts_) n += p->addedTokens(pair);
    return n;
  }
  void surround(std::vector<SpecialInsert>& before, std::vector<SpecialInsert>& after) const override {
    for (const auto& p : parts_) {  // each processor wraps the result of the previous one
      std::vector<SpecialInsert> b, a;
      p->surround(b, a);
      before.insert(before.begin(), b.begin(), b.end());
      after.insert(after.end(), a.begin(), a.end());
    }
  }
  void processEncodings(std::vector<Encoding>& encodings, bool add, const SpecialPieceFn& piece) const override {
    for (const auto& p : parts_) p->processEncodings(encodings, add, piece);
  }

 private:
  std::vector<std::unique_ptr<PostProcessor>> parts_;
};

// ["[CLS]", 101]
SpecialInsert pairField(const Json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || !j[key].is_array() || j[key].size() != 2 || !j[key][0].is_string() || !j[key][1].is_number_integer())
    throw Error(where + ": \"" + key + "\" must be [token, id]");
  return {j[key][1].get<int>(), j[key][0].get<std::string>()};
}

std::vector<TemplatePiece> parsePieces(const Json& list, const char* key, const Json& specials, const std::string& where) {
  if (!list.is_array()) throw Error(where + ": \"" + key + "\" must be a list");
  std::vector<TemplatePiece> out;
  for (const auto& item : list) {
    TemplatePiece p;
    if (item.is_object() && item.contains("Sequence")) {
      const Json& s = item["Sequence"];
      const std::string id = s.value("id", std::string());
      if (id != "A" && id != "B") throw Error(where + ": a \"" + key + "\" Sequence id must be \"A\" or \"B\", not \"" + id + "\"");
      p.sequence = true;
      p.which = id == "A" ? 0 : 1;
      p.typeId = static_cast<int>(jsonIntOr(s, "type_id", 0, where));
    } else if (item.is_object() && item.contains("SpecialToken") && item["SpecialToken"].contains("id")) {
      const Json& s = item["SpecialToken"];
      p.name = s["id"].get<std::string>();
      if (!specials.contains(p.name))
        throw Error(where + ": special token \"" + p.name + "\" of \"" + key + "\" is missing from special_tokens");
      p.typeId = static_cast<int>(jsonIntOr(s, "type_id", 0, where));
    } else {
      throw Error(where + ": a \"" + key + "\" item is neither Sequence nor SpecialToken");
    }
    if (p.typeId < 0 || p.typeId > 1023) throw Error(where + ": type_id " + std::to_string(p.typeId) + " is out of range");
    out.push_back(std::move(p));
  }
  return out;
}

std::unique_ptr<PostProcessor> makeTemplate(const Json& j, const std::string& where) {
  if (!j.contains("single") || !j["single"].is_array()) throw Error(where + ": \"single\" must be a list");
  const Json specials = j.value("special_tokens", Json::object());
  if (!specials.is_object()) throw Error(where + ": \"special_tokens\" must be an object");
  std::vector<TemplatePiece> single = parsePieces(j["single"], "single", specials, where);
  std::vector<TemplatePiece> pair;
  if (j.contains("pair") && !j["pair"].is_null()) {
    pair = parsePieces(j["pair"], "pair", specials, where);
  } else {  // no pair template: a pair is the two sequences one after the other
    pair = {{true, 0, "", 0}, {true, 1, "", 1}};
  }
  std::vector<std::pair<std::string, std::vector<SpecialInsert>>> table;
  for (const auto& [name, sp] : specials.items()) {
    const Json ids = sp.value("ids", Json::array()), toks = sp.value("tokens", Json::array());
    if (!ids.is_array() || !toks.is_array() || ids.size() != toks.size())
      throw Error(where + ": special_tokens[\"" + name + "\"] needs ids and tokens of the same length");
    std::vector<SpecialInsert> v;
    for (std::size_t k = 0; k < ids.size(); ++k) v.push_back({ids[k].get<int>(), toks[k].get<std::string>()});
    table.emplace_back(name, std::move(v));
  }
  return std::make_unique<Template>(std::move(single), std::move(pair), std::move(table));
}

}  // namespace

std::unique_ptr<PostProcessor> makePostProcessor(const Json& j, const std::string& what) {
  if (j.is_null()) return nullptr;
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) throw Error(what + ": post_processor has no \"type\"");
  const std::string type = j["type"].get<std::string>();
  const std::string where = what + ": post_processor " + type;
  try {
    if (type == "TemplateProcessing") return makeTemplate(j, where);
    if (type == "BertProcessing" || type == "RobertaProcessing")
      return std::make_unique<ClsSep>(pairField(j, "cls", where), pairField(j, "sep", where), type == "RobertaProcessing");
    if (type == "ByteLevel") return std::make_unique<PassThrough>();
    if (type == "Sequence") {
      std::vector<std::unique_ptr<PostProcessor>> parts;
      for (const auto& p : j.value("processors", Json::array()))
        if (auto q = makePostProcessor(p, what)) parts.push_back(std::move(q));
      return std::make_unique<SequencePost>(std::move(parts));
    }
  } catch (const Json::exception& e) {
    throw Error(where + ": malformed field (" + e.what() + ")");
  }
  throw Error(what + ": unknown post_processor type \"" + type +
              "\" (supported: TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel, Sequence)");
}

Encoding runPostProcessor(const PostProcessor* p, Encoding first, std::optional<Encoding> second, bool addSpecialTokens,
                          const SpecialPieceFn& piece) {
  std::vector<Encoding> encodings;
  encodings.push_back(std::move(first));
  if (second) encodings.push_back(std::move(*second));
  for (std::size_t i = 0; i < encodings.size(); ++i) {
    setSequence(encodings[i], static_cast<int>(i));
    encodings[i].typeIds.assign(encodings[i].ids.size(), static_cast<int>(i));  // top level only, as the reference
  }
  if (p) p->processEncodings(encodings, addSpecialTokens, piece);
  Encoding out;
  if (encodings.size() == 1) return std::move(encodings[0]);
  for (Encoding& e : encodings) mergeEncoding(out, std::move(e));
  return out;
}

}  // namespace glassbox::tok
