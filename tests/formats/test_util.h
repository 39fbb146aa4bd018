#pragma once
// Helpers for the formats tests: a fresh temporary directory per test and raw file writing.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace glassbox::testing {

// A new empty directory named after the running test, under the system temp dir.
inline std::filesystem::path freshTempDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "glassbox-formats-tests" /
                              (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void writeBytes(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A safetensors file from a raw header text and data bytes (the length field is computed unless given).
inline std::string safetensorsBytes(const std::string& header, const std::string& data, std::uint64_t length) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((length >> (8 * i)) & 0xff);
  return out + header + data;
}
inline std::string safetensorsBytes(const std::string& header, const std::string& data) {
  return safetensorsBytes(header, data, header.size());
}

}  // namespace glassbox::testing
