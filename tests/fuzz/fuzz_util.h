#pragma once
// Shared by the libFuzzer targets: the engine reads files by path, so each input is written to a
// per-process file in /dev/shm (tmpfs; falls back to /tmp) and the loader is pointed at it.
// Only glassbox::Error and Cancelled are expected; any other exception escapes and libFuzzer reports
// it as a crash, because the engine promises a clear Error for every bad input.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace glassbox::fuzz {

inline std::string scratchPath(const char* suffix) {
  const char* dir = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
  return std::string(dir) + "/glassbox-fuzz-" + std::to_string(::getpid()) + suffix;
}

// Writes data to `path` (truncating); returns false when the write failed.
inline bool writeInput(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = size == 0 || std::fwrite(data, 1, size, f) == size;
  return std::fclose(f) == 0 && ok;
}

}  // namespace glassbox::fuzz
