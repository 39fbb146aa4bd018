#pragma once
// Small helpers for the conformance test: running the node reference scripts and printing strings so that
// whitespace, control characters and long texts stay readable in a failure report.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/utf8.h"

namespace glassbox::conformance {

// Runs cmd through /bin/sh and collects its standard output. Returns the exit status (-1 when it could not
// be started or was killed by a signal).
inline int runCommand(const std::string& cmd, std::string& out) {
  out.clear();
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return -1;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = ::pclose(pipe);
  if (status == -1 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

// Single-quoted for /bin/sh.
inline std::string shellQuote(std::string_view s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Quoted, with \n \r \t and other control bytes and invalid UTF-8 escaped, and cut after maxBytes of input
// (at a character boundary) with the full length noted.
inline std::string escapeForDisplay(std::string_view s, std::size_t maxBytes, bool quote) {
  std::string out = quote ? "\"" : "";
  std::size_t i = 0;
  char hex[8];
  while (i < s.size() && i < maxBytes) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c < 0x20 || c == 0x7f) {
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      std::size_t len = utf8SequenceLength(s, i);
      if (len == 0) {
        std::snprintf(hex, sizeof hex, "\\x%02X", c);
        out += hex;
      } else {
        out.append(s.substr(i, len));
        i += len;
        continue;
      }
    }
    ++i;
  }
  if (quote) out += "\"";
  if (i < s.size()) out += "... (" + std::to_string(s.size()) + " bytes)";
  return out;
}

}  // namespace glassbox::conformance
