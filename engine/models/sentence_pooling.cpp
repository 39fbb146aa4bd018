// sentence-transformers pooling: modules.json and the Pooling module's config.json.
#include "models/sentence_pooling.h"

#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "core/json_util.h"
#include "core/mapped_file.h"

namespace glassbox {

namespace {

constexpr std::size_t kMaxModulesBytes = 1 << 20;
constexpr std::size_t kMaxModules = 64;

bool endsWith(const std::string& s, const std::string& t) {
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

const Json& modulesList(const Json& j, const std::string& what) {
  if (!j.is_array()) throw Error(what + ": expected a list of modules at the top level");
  if (j.size() > kMaxModules) throw Error(what + ": lists " + std::to_string(j.size()) + " modules, more than 64");
  for (const Json& m : j)
    if (!m.is_object() || !m.contains("type") || !m["type"].is_string())
      throw Error(what + ": every module needs a string field \"type\"");
  return j;
}

}  // namespace

std::string poolingModulePath(const std::string& modulesJson, const std::string& what) {
  const Json j = parseJson(modulesJson, what, 16);
  for (const Json& m : modulesList(j, what)) {
    if (!endsWith(m["type"].get<std::string>(), "models.Pooling")) continue;
    const std::string path = jsonStringOr(m, "path", "", what);
    if (path.empty() || path.size() > 200 || path.find("..") != std::string::npos || path.front() == '/')
      throw Error(what + ": field \"path\" of the Pooling module (\"" + path.substr(0, 60) +
                  "\") must be a folder name inside the model folder");
    return path;
  }
  return "";
}

SentencePooling parseSentencePooling(const std::string& modulesJson, const std::string& poolingJson,
                                     const std::string& what) {
  SentencePooling p;
  const Json modules = parseJson(modulesJson, what + " modules.json", 16);
  for (const Json& m : modulesList(modules, what + " modules.json"))
    if (endsWith(m["type"].get<std::string>(), "models.Normalize")) p.normalize = true;
  if (poolingJson.empty()) return p;
  const std::string where = what + " pooling config.json";
  const Json j = parseJson(poolingJson, where, 16);
  if (!j.is_object()) throw Error(where + ": expected a JSON object at the top level");
  int on = 0;
  const struct {
    const char* key;
    Pooling pooling;
  } modes[] = {{"pooling_mode_mean_tokens", Pooling::Mean},
               {"pooling_mode_cls_token", Pooling::Cls},
               {"pooling_mode_max_tokens", Pooling::Max}};
  for (const auto& m : modes)
    if (jsonBoolOr(j, m.key, false, where)) {
      p.pooling = m.pooling;
      ++on;
    }
  for (const char* unsupported : {"pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens",
                                  "pooling_mode_lasttoken"})
    if (jsonBoolOr(j, unsupported, false, where))
      throw Error(where + ": field \"" + unsupported + "\" is not supported; hint: Glassbox pools by mean, cls or max");
  if (on > 1) throw Error(where + ": more than one pooling_mode_* is true; hint: Glassbox pools one way at a time");
  if (on == 0) throw Error(where + ": no pooling_mode_* is true; hint: set pooling_mode_mean_tokens");
  return p;
}

std::optional<SentencePooling> readSentencePooling(const std::string& folder) {
  const std::filesystem::path dir(folder);
  std::error_code ec;
  const std::filesystem::path modules = dir / "modules.json";
  if (!std::filesystem::is_regular_file(modules, ec)) return std::nullopt;
  const std::string modulesText = readTextFile(modules.string(), kMaxModulesBytes);
  const std::string sub = poolingModulePath(modulesText, modules.string());
  std::string poolingText;
  if (!sub.empty()) {
    const std::filesystem::path cfg = dir / sub / "config.json";
    if (!std::filesystem::is_regular_file(cfg, ec))
      throw Error(modules.string() + ": the Pooling module's " + cfg.string() + " is missing");
    poolingText = readTextFile(cfg.string(), kMaxModulesBytes);
  }
  return parseSentencePooling(modulesText, poolingText, folder);
}

void normalizeL2(std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += static_cast<double>(x) * x;
  if (s <= 0) return;
  const double inv = 1.0 / std::sqrt(s);
  for (float& x : v) x = static_cast<float>(x * inv);
}

double cosineSimilarity(std::span<const float> a, std::span<const float> b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

}  // namespace glassbox
