#include "core/error.h"

namespace glassbox {

void failFile(const std::string& path, const std::string& message) {
  throw Error(path + ": " + message);
}

}  // namespace glassbox
