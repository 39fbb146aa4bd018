#include "tokenizers/post_processors.h"

#include "core/error.h"

namespace glassbox::tok {

namespace {

class Surround final : public PostProcessor {
 public:
  Surround(std::vector<SpecialInsert> before, std::vector<SpecialInsert> after)
      : before_(std::move(before)), after_(std::move(after)) {}
  void surround(std::vector<SpecialInsert>& before, std::vector<SpecialInsert>& after) const override {
    before.insert(before.end(), before_.begin(), before_.end());
    after.insert(after.end(), after_.begin(), after_.end());
  }

 private:
  std::vector<SpecialInsert> before_, after_;
};

class SequencePost final : public PostProcessor {
 public:
  explicit SequencePost(std::vector<std::unique_ptr<PostProcessor>> parts) : parts_(std::move(parts)) {}
  void surround(std::vector<SpecialInsert>& before, std::vector<SpecialInsert>& after) const override {
    // Each processor wraps the result of the previous one.
    for (const auto& p : parts_) {
      std::vector<SpecialInsert> b, a;
      p->surround(b, a);
      before.insert(before.begin(), b.begin(), b.end());
      after.insert(after.end(), a.begin(), a.end());
    }
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

// The "pair" template ([CLS] $A [SEP] $B [SEP] in BERT, RoBERTa): only single sequences are encoded, but a
// pair template is checked the way the reference checks it at load, so a broken file is still refused.
void checkPairTemplate(const Json& j, const Json& specials, const std::string& where) {
  if (!j.contains("pair") || j["pair"].is_null()) return;
  if (!j["pair"].is_array()) throw Error(where + ": \"pair\" must be a list");
  for (const auto& item : j["pair"]) {
    if (item.contains("Sequence")) {
      const std::string id = item["Sequence"].value("id", std::string());
      if (id != "A" && id != "B") throw Error(where + ": a \"pair\" Sequence id must be \"A\" or \"B\", not \"" + id + "\"");
      continue;
    }
    if (!item.contains("SpecialToken") || !item["SpecialToken"].contains("id"))
      throw Error(where + ": a \"pair\" item is neither Sequence nor SpecialToken");
    const std::string name = item["SpecialToken"]["id"].get<std::string>();
    if (!specials.contains(name)) throw Error(where + ": special token \"" + name + "\" of \"pair\" is missing from special_tokens");
  }
}

std::unique_ptr<PostProcessor> makeTemplate(const Json& j, const std::string& where) {
  if (!j.contains("single") || !j["single"].is_array()) throw Error(where + ": \"single\" must be a list");
  const Json specials = j.value("special_tokens", Json::object());
  checkPairTemplate(j, specials, where);
  std::vector<SpecialInsert> before, after;
  bool seenSequence = false;
  for (const auto& item : j["single"]) {
    if (item.contains("Sequence")) {
      seenSequence = true;
      continue;
    }
    if (!item.contains("SpecialToken") || !item["SpecialToken"].contains("id"))
      throw Error(where + ": a \"single\" item is neither Sequence nor SpecialToken");
    const std::string name = item["SpecialToken"]["id"].get<std::string>();
    if (!specials.contains(name)) throw Error(where + ": special token \"" + name + "\" is missing from special_tokens");
    const Json& sp = specials[name];
    const Json ids = sp.value("ids", Json::array()), toks = sp.value("tokens", Json::array());
    if (!ids.is_array() || !toks.is_array() || ids.size() != toks.size())
      throw Error(where + ": special_tokens[\"" + name + "\"] needs ids and tokens of the same length");
    for (std::size_t k = 0; k < ids.size(); ++k)
      (seenSequence ? after : before).push_back({ids[k].get<int>(), toks[k].get<std::string>()});
  }
  return std::make_unique<Surround>(std::move(before), std::move(after));
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
      return std::make_unique<Surround>(std::vector<SpecialInsert>{pairField(j, "cls", where)},
                                        std::vector<SpecialInsert>{pairField(j, "sep", where)});
    if (type == "ByteLevel") return std::make_unique<Surround>(std::vector<SpecialInsert>{}, std::vector<SpecialInsert>{});
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

}  // namespace glassbox::tok
