#include "core/paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace glassbox {

const char* const kDefaultModelName = "glassbox-kjv";

std::string executableDirectory() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return ".";
  return p.parent_path().string();
}

std::optional<std::string> findDefaultModel() {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto isModel = [&](const fs::path& dir) { return fs::exists(dir / "config.json", ec); };
  if (const char* env = std::getenv("GLASSBOX_MODEL_DIR"); env != nullptr && *env != 0) {
    if (isModel(env)) return std::string(env);
  }
  const fs::path exe = executableDirectory();
  const fs::path candidates[] = {
      exe / ".." / "share" / "glassbox" / "models" / kDefaultModelName,
      exe / ".." / ".." / "assets" / "models" / kDefaultModelName,
      exe / ".." / "assets" / "models" / kDefaultModelName,
#ifdef GLASSBOX_SOURCE_DIR
      fs::path(GLASSBOX_SOURCE_DIR) / "assets" / "models" / kDefaultModelName,
#endif
  };
  for (const auto& c : candidates) {
    if (isModel(c)) return fs::weakly_canonical(c, ec).string();
  }
  return std::nullopt;
}

}  // namespace glassbox
