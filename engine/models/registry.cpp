// The architecture registry and config.json reading through it.
#include "models/registry.h"

#include <filesystem>

#include "core/error.h"
#include "core/mapped_file.h"
#include "formats/config_fields.h"
#include "models/architectures.h"

namespace glassbox {

namespace {

constexpr std::size_t kMaxConfigBytes = std::size_t{4} << 20;

bool contains(const std::vector<std::string>& names, const std::string& n) {
  for (const std::string& x : names)
    if (x == n) return true;
  return false;
}

// Non-throwing: an unreadable path counts as absent and is reported by the caller.
bool pathExists(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::exists(p, ec);
}

}  // namespace

const std::vector<const ArchitectureSpec*>& architectures() {
  static const std::vector<const ArchitectureSpec*> all{&kGpt2Architecture,       &kLlamaArchitecture,
                                                        &kBertArchitecture,       &kDistilBertArchitecture,
                                                        &kRobertaArchitecture,    &kT5Architecture};
  return all;
}

const ArchitectureSpec* findArchitecture(const std::string& hfArchitecture, const std::string& modelType) {
  if (!hfArchitecture.empty()) {
    for (const ArchitectureSpec* a : architectures())
      if (contains(a->hfArchitectures, hfArchitecture)) return a;
    return nullptr;  // a named architecture that no entry runs: refused, not guessed from model_type
  }
  for (const ArchitectureSpec* a : architectures())
    if (contains(a->modelTypes, modelType)) return a;
  return nullptr;
}

const ArchitectureSpec* findGgufArchitecture(const std::string& ggufArchitecture) {
  for (const ArchitectureSpec* a : architectures())
    if (contains(a->ggufArchitectures, ggufArchitecture)) return a;
  return nullptr;
}

const ArchitectureSpec& architectureByKey(const std::string& key) {
  for (const ArchitectureSpec* a : architectures())
    if (key == a->key) return *a;
  throw Error("no architecture \"" + key + "\" is registered");
}

std::string supportedArchitecturesText() {
  std::string names, types;
  for (const ArchitectureSpec* a : architectures()) {
    for (const std::string& n : a->hfArchitectures) names += (names.empty() ? "" : ", ") + n;
    for (const std::string& t : a->modelTypes) types += (types.empty() ? "" : ", ") + t;
  }
  return names + " (model_type " + types + ")";
}

ModelConfig parseHfConfig(const std::string& jsonText, const std::string& what) {
  const Json j = parseJson(jsonText, what, 64);
  if (!j.is_object()) throw Error(what + ": expected a JSON object at the top level");
  ModelConfig c;
  c.modelType = jsonStringOr(j, "model_type", "", what);
  auto arch = j.find("architectures");
  if (arch != j.end() && !arch->is_null()) {
    if (!arch->is_array() || arch->empty() || !(*arch)[0].is_string())
      throw Error(what + ": field \"architectures\" must be a non-empty list of names");
    c.architectureName = (*arch)[0].get<std::string>();
  }
  const ArchitectureSpec* spec = findArchitecture(c.architectureName, c.modelType);
  if (!spec)
    throw Error(what + ": architecture \"" + (c.architectureName.empty() ? "(none)" : c.architectureName.substr(0, 80)) +
                "\" with model_type \"" + c.modelType.substr(0, 40) + "\" is not supported; hint: Glassbox runs " +
                supportedArchitecturesText());
  c.architecture = spec->key;
  if (c.architectureName.empty()) c.architectureName = spec->hfArchitectures.front();
  spec->readHfConfig(j, c, what);
  readSpecialTokenIds(c, j, what);
  return c;
}

ModelConfig readHfConfigFolder(const std::string& folder) {
  const std::filesystem::path dir(folder);
  const std::string configPath = (dir / "config.json").string();
  if (!pathExists(configPath))
    failFile(folder, "has no config.json; hint: choose a Hugging Face model folder");
  ModelConfig c = parseHfConfig(readTextFile(configPath, kMaxConfigBytes), configPath);
  const std::string genPath = (dir / "generation_config.json").string();
  if (pathExists(genPath)) {
    const Json g = parseJson(readTextFile(genPath, kMaxConfigBytes), genPath, 64);
    if (!g.is_object()) failFile(genPath, "expected a JSON object at the top level");
    readSpecialTokenIds(c, g, genPath);
  }
  return c;
}

}  // namespace glassbox
