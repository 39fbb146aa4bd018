#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/dtype.h"

using namespace glassbox;

TEST(DType, NamesRoundTrip) {
  for (DType t : {DType::F32, DType::F16, DType::BF16}) EXPECT_EQ(dtypeFromName(dtypeName(t)), t);
  EXPECT_FALSE(dtypeFromName("Q4_K").has_value());
}

TEST(DType, HalfKnownValues) {
  EXPECT_EQ(halfToFloat(0x3C00), 1.0f);
  EXPECT_EQ(halfToFloat(0xC000), -2.0f);
  EXPECT_EQ(halfToFloat(0x7BFF), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_TRUE(std::isinf(halfToFloat(0x7C00)));
  EXPECT_TRUE(std::isnan(halfToFloat(0x7E00)));
}

TEST(DType, HalfRoundTripsEveryFiniteValue) {
  for (std::uint32_t h = 0; h < 0x10000; ++h) {
    const float f = halfToFloat(static_cast<std::uint16_t>(h));
    if (std::isnan(f)) continue;
    EXPECT_EQ(floatToHalf(f), h) << std::hex << h;
  }
}

TEST(DType, BFloat16RoundTrip) {
  EXPECT_EQ(bfloat16ToFloat(0x3F80), 1.0f);
  for (std::uint32_t b = 0; b < 0x10000; b += 7) {
    const float f = bfloat16ToFloat(static_cast<std::uint16_t>(b));
    if (std::isnan(f)) continue;
    EXPECT_EQ(floatToBfloat16(f), b);
  }
}

TEST(DType, ConvertToFloatUnaligned) {
  unsigned char buf[9];
  const std::uint16_t vals[4] = {0x3C00, 0x4000, 0xBC00, 0x0000};
  std::memcpy(buf + 1, vals, 8);
  float out[4];
  convertToFloat(DType::F16, buf + 1, out, 4);
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 2.0f);
  EXPECT_EQ(out[2], -1.0f);
  EXPECT_EQ(out[3], 0.0f);
}
