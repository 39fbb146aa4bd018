#pragma once
// Where the shipped default model lives, relative to the running executable, for both the build tree
// (build/bin/../../assets/models) and an install (bin/../share/glassbox/models).
#include <optional>
#include <string>

namespace glassbox {

std::string executableDirectory();

// Directory of the default model, or nullopt with none found. Candidates, in order: $GLASSBOX_MODEL_DIR,
// <exe>/../share/glassbox/models/<name>, <exe>/../../assets/models/<name>, and the source tree's
// assets (compiled in) so tests find it from any build directory.
std::optional<std::string> findDefaultModel();

extern const char* const kDefaultModelName;

}  // namespace glassbox
