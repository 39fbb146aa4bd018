// glassbox's command line takes glassbox-cli generate's sampling flags, read by the CLI's own parser.
#include <gtest/gtest.h>

#include "gui_options.h"

namespace glassbox {
namespace {

GuiCommandLine parse(QStringList args) {
  args.prepend(QStringLiteral("glassbox"));
  return parseGuiCommandLine(args);
}

TEST(GuiOptions, SamplingFlagsReplaceOnlyTheFieldsGiven) {
  const GuiCommandLine cl = parse({"--temperature", "0.7", "--top-k", "12", "--seed", "9", "--repeat-penalty", "1.3",
                                   "--sampler-order", "top-k,temperature"});
  ASSERT_TRUE(cl.error.isEmpty()) << cl.error.toStdString();
  ASSERT_TRUE(cl.options.startSampling);
  SamplingParams base;
  base.topP = 0.5f;
  base.minP = 0.25f;
  const SamplingParams p = cl.options.startSampling(base);
  EXPECT_FLOAT_EQ(p.temperature, 0.7f);
  EXPECT_EQ(p.topK, 12);
  EXPECT_EQ(p.seed, 9u);
  EXPECT_FLOAT_EQ(p.repeatPenalty, 1.3f);
  EXPECT_EQ(p.order, (std::vector<std::string>{"top-k", "temperature"}));
  EXPECT_FLOAT_EQ(p.topP, 0.5f) << "not given: the starting value stays";
  EXPECT_FLOAT_EQ(p.minP, 0.25f);
}

TEST(GuiOptions, NoSamplingFlagsLeaveTheStartingValues) {
  const GuiCommandLine cl = parse({"--model", "m"});
  ASSERT_TRUE(cl.error.isEmpty());
  EXPECT_FALSE(cl.options.startSampling);
  EXPECT_EQ(cl.options.maxNewTokens, 0);
  EXPECT_EQ(cl.options.generateSteps, -1);
}

TEST(GuiOptions, MaxNewTokensAndGenerate) {
  const GuiCommandLine cl = parse({"--max-new-tokens=50", "--generate", "7"});
  ASSERT_TRUE(cl.error.isEmpty()) << cl.error.toStdString();
  EXPECT_EQ(cl.options.maxNewTokens, 50);
  EXPECT_EQ(cl.options.generateSteps, 7);
  EXPECT_EQ(parse({"--generate", "0"}).options.generateSteps, 0);
}

TEST(GuiOptions, BadValuesNameTheFlag) {
  const std::vector<std::pair<QStringList, std::string>> cases{
      {{"--temperature", "warm"}, "--temperature"}, {{"--temperature", "-1"}, "temperature"},
      {{"--top-k", "1.5"}, "--top-k"},              {{"--top-p", "2"}, "top"},
      {{"--min-p", "nan"}, "min"},                  {{"--penalty-last-n", "-2"}, "--penalty-last-n"},
      {{"--seed", "-4"}, "--seed"},                 {{"--repeat-penalty", "0"}, "repeat"},
      {{"--max-new-tokens", "5000"}, "--max-new-tokens"}, {{"--generate", "many"}, "--generate"},
      {{"--sampler-order", "top-k,top-k"}, "top-k"}, {{"--temperature"}, "temperature"},
  };
  for (const auto& [args, word] : cases) {
    const GuiCommandLine cl = parse(args);
    EXPECT_FALSE(cl.error.isEmpty()) << args.join(' ').toStdString();
    EXPECT_NE(cl.error.toStdString().find(word), std::string::npos) << args.join(' ').toStdString() << ": " << cl.error.toStdString();
  }
}

}  // namespace
}  // namespace glassbox
