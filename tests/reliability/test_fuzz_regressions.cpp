// Inputs found by the libFuzzer targets in tests/fuzz, each kept as a test named after what it found.
// Most only misbehave under the sanitizers (scripts/ci-sanitizers runs this suite with ASan + UBSan).
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "models/registry.h"

using namespace glassbox;

namespace {

std::string gpt2Config(const std::string& nInner) {
  return "{\"architectures\": [\"GPT2LMHeadModel\"], \"model_type\": \"gpt2\", \"vocab_size\": 4092, "
         "\"n_positions\": 256, \"n_embd\": 128, \"n_layer\": 4, \"n_head\": 4, \"n_inner\": " + nInner + "}";
}

}  // namespace

// fuzz_hf_config: a dimension written as a float too large for int64 (n_inner = 5.1e54) was cast to
// int64 before its range was checked (undefined behaviour in jsonInt). Now an Error naming the field.
TEST(FuzzRegressions, HfConfigFloatDimensionBeyondInt64) {
  for (const std::string v : {"5125555555555555555555555555555555555555555555555555555.0", "1e300", "-1e300",
                              "9.3e18", "-9.3e18", "1e19"}) {
    try {
      parseHfConfig(gpt2Config(v), "fuzz/config.json");
      ADD_FAILURE() << "n_inner " << v << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("n_inner"), std::string::npos) << e.what();
    }
  }
  // A float that is a whole number in range is still read as that integer.
  EXPECT_EQ(parseHfConfig(gpt2Config("512.0"), "fuzz/config.json").hiddenDim, 512);
}
