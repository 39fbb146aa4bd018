#include "models/model_name.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/json_util.h"

namespace glassbox {

namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxConfigBytes = 4u << 20;  // a config.json is a few kB; never read a huge file

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

std::string lastComponent(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  const std::size_t cut = s.find_last_of('/');
  return cut == std::string::npos ? s : s.substr(cut + 1);
}

// config.json's "_name_or_path" (written by transformers' save_pretrained), or "name", when it is a name
// rather than a local path.
std::string configName(const fs::path& folder) {
  std::error_code ec;
  const fs::path file = folder / "config.json";
  const auto size = fs::file_size(file, ec);
  if (ec || size > kMaxConfigBytes) return {};
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    const Json j = parseJson(text, file.string(), 64);
    if (!j.is_object()) return {};
    for (const char* key : {"_name_or_path", "name_or_path", "model_name", "name"}) {
      if (!j.contains(key) || !j[key].is_string()) continue;
      std::string v = j[key].get<std::string>();
      while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
      if (v.empty() || v[0] == '/' || v[0] == '.' || v.find('\\') != std::string::npos) continue;  // a local path
      const std::string last = lastComponent(v);
      if (!last.empty() && !isGenericModelFolderName(last)) return last;
    }
  } catch (const std::exception&) {
  }
  return {};
}

}  // namespace

bool isGenericModelFolderName(std::string_view name) {
  static const char* kGeneric[] = {"hf", "model", "models", "checkpoint", "checkpoints", "snapshot", "snapshots",
                                   "main", "weights", "files", "download", "downloads", "safetensors", "export",
                                   "output", "outputs", "final", "latest", "tmp", "temp", "."};
  std::string n = lower(name);
  while (!n.empty() && std::isspace(static_cast<unsigned char>(n.back()))) n.pop_back();
  while (!n.empty() && std::isspace(static_cast<unsigned char>(n.front()))) n.erase(0, 1);
  if (n.empty()) return true;
  for (const char* g : kGeneric)
    if (n == g) return true;
  return n.size() >= 12 && n.size() <= 64 && n.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string modelDisplayName(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::absolute(fs::path(path), ec).lexically_normal();
  const bool isDir = fs::is_directory(p, ec);
  const bool folderFile = p.filename() == "config.json" || p.extension() == ".safetensors";
  fs::path folder = isDir ? p : p.parent_path();
  if (!isDir && p.filename().empty()) folder = p.parent_path();
  if (isDir || folderFile)
    if (std::string n = configName(folder); !n.empty()) return n;
  std::vector<std::string> candidates;  // the most specific first
  if (!isDir && !folderFile) candidates.push_back(p.stem().string());
  fs::path up = folder;
  for (int i = 0; i < 4 && !up.empty(); ++i) {
    candidates.push_back(up.filename().string());
    if (up == up.parent_path()) break;
    up = up.parent_path();
  }
  for (std::string c : candidates) {
    if (c.rfind("models--", 0) == 0) c = c.substr(c.rfind("--") + 2);
    if (!isGenericModelFolderName(c)) return c;
  }
  return p.filename().string();
}

}  // namespace glassbox
