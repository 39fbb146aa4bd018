#pragma once
// Shared by the NumPy reference tests: finding a python3 with numpy, and flattening nested JSON arrays.
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "core/json_util.h"

namespace glassbox::testing {

// A python3 that can import numpy, or nullopt (looked up once).
inline std::optional<std::string> pythonWithNumpy() {
  static const std::optional<std::string> found = []() -> std::optional<std::string> {
    for (const char* candidate : {"python3", "/usr/bin/python3"}) {
      const std::string cmd = std::string(candidate) + " -c \"import numpy\" >/dev/null 2>&1";
      if (std::system(cmd.c_str()) == 0) return std::string(candidate);
    }
    return std::nullopt;
  }();
  return found;
}

// Every number of a nested JSON array, in order.
inline void flatten(const Json& j, std::vector<double>& out) {
  if (j.is_array())
    for (const Json& v : j) flatten(v, out);
  else
    out.push_back(j.get<double>());
}

}  // namespace glassbox::testing
