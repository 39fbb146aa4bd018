#pragma once
// Errors from expected failures (bad files, bad arguments, a full context). The engine throws
// glassbox::Error; apps catch it at their boundary and show what() to the person. Messages name the
// file, the field or tensor, what was expected, and end with a hint where one helps.
#include <stdexcept>
#include <string>

namespace glassbox {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown when a cancel flag was raised between layers; not a failure.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

// "path: message" — the convention for every file error.
[[noreturn]] void failFile(const std::string& path, const std::string& message);

}  // namespace glassbox
