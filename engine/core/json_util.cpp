#include "core/json_util.h"

#include "core/error.h"

namespace glassbox {

std::size_t jsonNestingDepth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, maxDepth = 0;
  bool inString = false, escaped = false;
  for (char c : text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
      continue;
    }
    if (c == '"') inString = true;
    else if (c == '[' || c == '{') {
      if (++depth > maxDepth) {
        maxDepth = depth;
        if (maxDepth > limit) return maxDepth;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return maxDepth;
}

Json parseJson(std::string_view text, const std::string& what, std::size_t maxDepth) {
  if (jsonNestingDepth(text, maxDepth) > maxDepth)
    throw Error(what + ": JSON is nested more than " + std::to_string(maxDepth) +
                " levels deep; refusing to parse (the file is corrupted or hostile)");
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    throw Error(what + ": invalid JSON: " + e.what());
  }
}

namespace {
const Json* field(const Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}
}  // namespace

std::int64_t jsonInt(const Json& j, const char* key, const std::string& what) {
  const Json* v = field(j, key);
  if (v == nullptr) throw Error(what + ": missing field \"" + key + "\"");
  if (!v->is_number_integer()) {
    if (v->is_number_float()) {
      double d = v->get<double>();
      if (d > -9e15 && d < 9e15 && d == static_cast<double>(static_cast<std::int64_t>(d)))  // range first: no UB cast
        return static_cast<std::int64_t>(d);
    }
    throw Error(what + ": field \"" + key + "\" must be an integer, found " + v->dump().substr(0, 60));
  }
  return v->get<std::int64_t>();
}

std::int64_t jsonIntOr(const Json& j, const char* key, std::int64_t fallback, const std::string& what) {
  return field(j, key) ? jsonInt(j, key, what) : fallback;
}

double jsonNumberOr(const Json& j, const char* key, double fallback, const std::string& what) {
  const Json* v = field(j, key);
  if (v == nullptr) return fallback;
  if (!v->is_number()) throw Error(what + ": field \"" + key + "\" must be a number, found " + v->dump().substr(0, 60));
  return v->get<double>();
}

std::string jsonStringOr(const Json& j, const char* key, const std::string& fallback, const std::string& what) {
  const Json* v = field(j, key);
  if (v == nullptr) return fallback;
  if (!v->is_string()) throw Error(what + ": field \"" + key + "\" must be a string, found " + v->dump().substr(0, 60));
  return v->get<std::string>();
}

bool jsonBoolOr(const Json& j, const char* key, bool fallback, const std::string& what) {
  const Json* v = field(j, key);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) throw Error(what + ": field \"" + key + "\" must be true or false, found " + v->dump().substr(0, 60));
  return v->get<bool>();
}

}  // namespace glassbox
