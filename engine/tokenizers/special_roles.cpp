#include "tokenizers/special_roles.h"

#include <filesystem>

#include "core/error.h"
#include "core/json_util.h"
#include "core/mapped_file.h"

namespace glassbox::tok {

namespace {

// A role value: "[MASK]", {"content": "[MASK]", ...} (AddedToken form, with or without "__type"), or null.
std::optional<std::string> tokenContent(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.contains("content") && v["content"].is_string()) return v["content"].get<std::string>();
  return std::nullopt;
}

Json readJsonFile(const std::filesystem::path& p) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) return Json();
  // These files are a few kilobytes; 16 MB is far above any real one (tokenizer_config.json with a chat
  // template and 100 sentinels is ~30 kB).
  const std::string text = readTextFile(p.string(), std::size_t{16} << 20);
  Json j = parseJson(text, p.string());
  if (!j.is_object()) throw Error(p.string() + ": expected a JSON object");
  return j;
}

void takeRoles(const Json& j, FolderSpecials& out) {
  const std::pair<const char*, std::optional<std::string> FolderSpecials::*> roles[] = {
      {"pad_token", &FolderSpecials::pad}, {"mask_token", &FolderSpecials::mask}, {"cls_token", &FolderSpecials::cls},
      {"sep_token", &FolderSpecials::sep}, {"unk_token", &FolderSpecials::unk},   {"bos_token", &FolderSpecials::bos},
      {"eos_token", &FolderSpecials::eos}};
  for (const auto& [key, member] : roles)
    if (j.contains(key))
      if (auto c = tokenContent(j[key])) out.*member = *c;
  if (j.contains("additional_special_tokens") && j["additional_special_tokens"].is_array()) {
    out.additional.clear();
    for (const auto& v : j["additional_special_tokens"])
      if (auto c = tokenContent(v)) out.additional.push_back(*c);
  }
}

}  // namespace

std::vector<std::string> FolderSpecials::roleTokens() const {
  std::vector<std::string> out;
  for (const auto* r : {&pad, &mask, &cls, &sep, &unk, &bos, &eos})
    if (*r) out.push_back(**r);
  out.insert(out.end(), additional.begin(), additional.end());
  return out;
}

FolderSpecials readFolderSpecials(const std::string& tokenizerPath) {
  namespace fs = std::filesystem;
  FolderSpecials out;
  const fs::path p(tokenizerPath);
  const std::string name = p.filename().string();
  if (name != "tokenizer.json" && name != "spiece.model" && name != "tokenizer.model") return out;
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const Json config = readJsonFile(dir / "tokenizer_config.json");
  const Json map = readJsonFile(dir / "special_tokens_map.json");
  Json model;
  try {  // config.json belongs to the model loader, which reports its errors; here it only names the family
    model = readJsonFile(dir / "config.json");
  } catch (const Error&) {
  }
  out.found = !config.is_null() || !map.is_null();
  if (config.is_object()) {
    takeRoles(config, out);
    if (config.contains("tokenizer_class") && config["tokenizer_class"].is_string())
      out.tokenizerClass = config["tokenizer_class"].get<std::string>();
    if (config.contains("extra_ids") && config["extra_ids"].is_number_integer()) {
      const auto n = config["extra_ids"].get<std::int64_t>();
      if (n < 0 || n > 100000)
        throw Error((dir / "tokenizer_config.json").string() + ": \"extra_ids\" is " + std::to_string(n) + " (expected 0 to 100000)");
      out.extraIds = static_cast<int>(n);
    }
  }
  if (map.is_object()) takeRoles(map, out);
  if (model.is_object() && model.contains("model_type") && model["model_type"].is_string())
    out.modelType = model["model_type"].get<std::string>();
  return out;
}

SpecialTokenRoles resolveRoles(const FolderSpecials& folder, const RoleFallbacks& fallbacks,
                               const std::function<std::optional<int>(std::string_view)>& idOf,
                               const std::function<std::optional<int>(std::string_view)>& addedIdOf) {
  auto named = [&](const std::optional<std::string>& n) -> std::optional<int> { return n ? idOf(*n) : std::nullopt; };
  auto wellKnown = [&](std::initializer_list<const char*> names) -> std::optional<int> {
    for (const char* n : names)
      if (auto id = addedIdOf(n)) return id;
    return std::nullopt;
  };
  auto first = [](std::optional<int> a, std::optional<int> b, std::optional<int> c) { return a ? a : b ? b : c; };
  SpecialTokenRoles r;
  r.pad = first(named(folder.pad), fallbacks.pad, wellKnown({"[PAD]", "<pad>"}));
  r.mask = first(named(folder.mask), std::nullopt, wellKnown({"[MASK]", "<mask>"}));
  r.cls = first(named(folder.cls), fallbacks.cls, wellKnown({"[CLS]"}));
  r.sep = first(named(folder.sep), fallbacks.sep, wellKnown({"[SEP]"}));
  r.unk = first(named(folder.unk), fallbacks.unk, wellKnown({"[UNK]", "<unk>"}));
  return r;
}

}  // namespace glassbox::tok
