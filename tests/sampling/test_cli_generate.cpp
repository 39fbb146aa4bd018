// glassbox-cli generate, run as a process on the aidreams260K fixture.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/json_util.h"

namespace {

const std::string kFixture = GLASSBOX_SHARED_DIR "/fixtures/aidreams260K";
const std::string kCli = GLASSBOX_BINARY_DIR "/bin/glassbox-cli";

struct CliRun {
  int status = -1;
  std::string out;
};

CliRun run(const std::string& args) {
  CliRun r;
  FILE* p = popen((kCli + " generate " + args + " 2>/dev/null").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.status = pclose(p);
  return r;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class CliGenerate : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kFixture + "/aidreams260K.bin"))
      GTEST_SKIP() << kFixture << " is absent (the shared fixtures are not part of a fresh clone)";
    if (!std::filesystem::exists(kCli)) GTEST_SKIP() << kCli << " was not built";
  }
  const std::string model_ = "--model " + kFixture + "/aidreams260K.bin ";
};

}  // namespace

TEST_F(CliGenerate, GreedyPrintsTheReferenceText) {
  const std::string expected = readFile(kFixture + "/expected_greedy_i_was_flying_n64.txt");
  // 8 prompt tokens with BOS; run.c's 64 forwards give 65 - 8 = 57 new tokens.
  const CliRun exact = run(model_ + "--prompt \"I was flying\" --temperature 0 --max-new-tokens 57");
  EXPECT_EQ(exact.status, 0);
  EXPECT_EQ(exact.out, expected);
  // With the default maximum the reference is a prefix of the output.
  const CliRun longer = run(model_ + "--prompt \"I was flying\" --temperature 0");
  EXPECT_EQ(longer.status, 0);
  EXPECT_EQ(longer.out.substr(0, expected.size() - 1), expected.substr(0, expected.size() - 1));
  EXPECT_GT(longer.out.size(), expected.size());
}

TEST_F(CliGenerate, JsonListsEveryStep) {
  const CliRun r = run(model_ + "--prompt \"I was flying\" --temperature 0 --max-new-tokens 5 --json");
  ASSERT_EQ(r.status, 0);
  const auto j = glassbox::parseJson(r.out, "generate --json output");
  ASSERT_EQ(j["steps"].size(), 5u);
  EXPECT_EQ(j["stop_reason"], "max-new-tokens");
  std::string continuation;
  for (const auto& s : j["steps"]) {
    EXPECT_EQ(s["top_before"].size(), 20u);
    EXPECT_EQ(s["top_after"].size(), 1u);  // greedy keeps one
    EXPECT_EQ(s["token"], s["top_before"][0]["id"]);
    EXPECT_EQ(s["rank"], 0);
    EXPECT_EQ(s["stages"].size(), 6u);
    EXPECT_EQ(s["stages"][1]["stage"], "top-k");
    EXPECT_EQ(s["stages"][1]["kept"], 40);
    continuation += s["piece"].get<std::string>();
  }
  EXPECT_EQ(j["continuation"], continuation);
  EXPECT_EQ(j["text"], "I was flying" + continuation);
}

TEST_F(CliGenerate, SeedReproducesAndStopStringCuts) {
  const std::string args = model_ + "--prompt \"I was\" --temperature 1 --seed 11 --max-new-tokens 40";
  const CliRun a = run(args), b = run(args);
  EXPECT_EQ(a.status, 0);
  EXPECT_EQ(a.out, b.out);
  const CliRun stopped = run(model_ + "--prompt \"I was flying\" --temperature 0 --stop Contrast");
  EXPECT_EQ(stopped.out, "I was flying through my nodes, a slowly of vectors. \n");
}

TEST_F(CliGenerate, BadFlagsFailCleanly) {
  for (const char* bad : {"--temperature -1", "--top-p 2", "--top-k -1", "--sampler-order top-k,bogus",
                          "--min-p nan", "--max-new-tokens x", "--temprature 1"}) {
    const CliRun r = run(model_ + "--prompt x " + bad);
    EXPECT_NE(r.status, 0) << bad;
    EXPECT_TRUE(r.out.empty()) << bad;
  }
}
