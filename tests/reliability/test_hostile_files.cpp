// Headers built to exhaust the parser: JSON nested 100,000 deep and a 64 MB string in a safetensors
// header. Each must be a clear Error (no stack overflow, nothing allocated beyond the file).
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "core/error.h"
#include "models/registry.h"
#include "formats/safetensors.h"
#include "reliability/hostile_model.h"
#include "tokenizers/tokenizer.h"

using namespace glassbox;
using namespace glassbox::reliability;

namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

void writeFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string safetensorsWithHeader(const std::string& header) {
  std::string out(8, '\0');
  std::uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  return out + header;
}

template <class Fn>
std::string errorOf(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(HostileFiles, ConfigJsonNested100000Deep) {
  const std::string text = "{\"architectures\": " + nested(100000) + "}";
  EXPECT_FALSE(errorOf([&] { parseHfConfig(text, "deep/config.json"); }).empty());
  const std::string msg = errorOf([&] { parseHfConfig(nested(100000), "deep/config.json"); });
  EXPECT_NE(msg.find("deep/config.json"), std::string::npos) << msg;
}

TEST(HostileFiles, SafetensorsHeaderNested100000Deep) {
  const auto dir = glassbox::testing::freshTempDir();
  const auto path = dir / "deep.safetensors";
  writeFile(path, safetensorsWithHeader("{\"a\": " + nested(100000) + "}"));
  const std::string msg = errorOf([&] { openSafetensors(path.string()); });
  EXPECT_NE(msg.find("deep.safetensors"), std::string::npos) << msg;
}

TEST(HostileFiles, TokenizerJsonNested100000Deep) {
  const auto dir = glassbox::testing::freshTempDir();
  const auto path = dir / "tokenizer.json";
  writeFile(path, "{\"model\": {\"type\": \"BPE\", \"vocab\": " + nested(100000) + "}}");
  const std::string msg = errorOf([&] { Tokenizer::load(path.string()); });
  EXPECT_NE(msg.find("tokenizer.json"), std::string::npos) << msg;
}

TEST(HostileFiles, SafetensorsHeaderWithA64MegabyteString) {
  const auto dir = glassbox::testing::freshTempDir();
  const auto path = dir / "long_string.safetensors";
  const std::string name(std::size_t{64} << 20, 'x');
  writeFile(path, safetensorsWithHeader("{\"" + name + "\": {\"dtype\": \"F32\", \"shape\": [1], "
                                        "\"data_offsets\": [0, 4]}}"));
  const std::string msg = errorOf([&] { openSafetensors(path.string()); });
  EXPECT_NE(msg.find("long_string.safetensors"), std::string::npos) << msg;
  EXPECT_LT(msg.size(), 2000u) << "the message should not quote the whole name";
}

TEST(HostileFiles, SafetensorsHeaderClaimingOneGigabyte) {
  const auto dir = glassbox::testing::freshTempDir();
  const auto path = dir / "claims.safetensors";
  std::string bytes = safetensorsWithHeader("{}");
  const std::uint64_t claimed = std::uint64_t{1} << 30;
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((claimed >> (8 * i)) & 0xFF);
  writeFile(path, bytes);
  const std::string msg = errorOf([&] { openSafetensors(path.string()); });
  EXPECT_NE(msg.find("claims.safetensors"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1073741824"), std::string::npos) << msg;
}
