#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "core/json_util.h"

using namespace glassbox;

TEST(JsonUtil, RefusesDeepNesting) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  try {
    parseJson(deep, "deep.json");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nested"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("deep.json"), std::string::npos);
  }
}

TEST(JsonUtil, BracketsInsideStringsDoNotCount) {
  EXPECT_EQ(jsonNestingDepth(R"({"a": "[[[[[[\"[[[["})", 100), 1u);
}

TEST(JsonUtil, SyntaxErrorNamesSource) {
  try {
    parseJson("{\"a\": ", "config.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("config.json"), std::string::npos);
  }
}

TEST(JsonUtil, TypedFields) {
  Json j = parseJson(R"({"n": 4, "f": 2.0, "s": "x", "b": true, "bad": "4"})", "t");
  EXPECT_EQ(jsonInt(j, "n", "t"), 4);
  EXPECT_EQ(jsonInt(j, "f", "t"), 2);
  EXPECT_EQ(jsonIntOr(j, "missing", 7, "t"), 7);
  EXPECT_EQ(jsonStringOr(j, "s", "", "t"), "x");
  EXPECT_TRUE(jsonBoolOr(j, "b", false, "t"));
  EXPECT_THROW(jsonInt(j, "bad", "t"), Error);
  EXPECT_THROW(jsonInt(j, "missing", "t"), Error);
}
