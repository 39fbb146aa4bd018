#pragma once
// JSON from untrusted files: nesting depth is checked before parsing so that a file nested 100,000 deep
// is refused with a message instead of exhausting the stack.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace glassbox {

using Json = nlohmann::json;

// Parses text as JSON. `what` names the source ("config.json at /x/y") for messages. Throws Error on
// syntax errors (with the byte position) and when nesting exceeds maxDepth.
Json parseJson(std::string_view text, const std::string& what, std::size_t maxDepth = 512);

// Maximum nesting of [ and { outside strings; stops counting once it passes limit.
std::size_t jsonNestingDepth(std::string_view text, std::size_t limit);

// Typed field readers that name the field and the file on failure.
std::int64_t jsonInt(const Json& j, const char* key, const std::string& what);
std::int64_t jsonIntOr(const Json& j, const char* key, std::int64_t fallback, const std::string& what);
double jsonNumberOr(const Json& j, const char* key, double fallback, const std::string& what);
std::string jsonStringOr(const Json& j, const char* key, const std::string& fallback, const std::string& what);
bool jsonBoolOr(const Json& j, const char* key, bool fallback, const std::string& what);

}  // namespace glassbox
