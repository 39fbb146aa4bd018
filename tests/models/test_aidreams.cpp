// A real pretrained model: aidreams260K (llama2.c format) must reproduce the greedy texts printed by
// llama2.c's run.c byte for byte (see ../shared/fixtures/aidreams260K/README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/model.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {
namespace {

const std::string kFixture = GLASSBOX_SHARED_DIR "/fixtures/aidreams260K";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int argmax(const std::vector<float>& v) {
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

// run.c's decode + safe_printf: a leading space is dropped after BOS, "<0xNN>" pieces are raw bytes,
// and a single non-printable, non-space byte is not printed.
std::string printablePiece(const Tokenizer& tok, int prev, int next) {
  std::string piece = tok.tokenBytes(next);
  if (prev == 1 && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
  if (piece.size() == 1) {
    const auto b = static_cast<unsigned char>(piece[0]);
    if (!std::isprint(b) && !std::isspace(b)) return {};
  }
  return piece;
}

// run.c's generate loop, greedy: positions counted from BOS, prompt tokens forced.
// With `prefill`, the prompt goes through the model in one forward instead of token by token.
std::string generateLikeRunC(const std::string& prompt, int steps, bool prefill) {
  auto model = Model::load(kFixture + "/aidreams260K.bin");
  auto tok = Tokenizer::load(kFixture + "/tok512.bin");
  const std::vector<int> promptIds = tok->encode(prompt, true).ids;  // BOS, then " " + prompt pieces
  EXPECT_FALSE(promptIds.empty());
  EXPECT_EQ(promptIds[0], 1);
  InferenceSession session(model);
  std::string out;
  int token = promptIds[0];
  int pos = 0;
  const int np = static_cast<int>(promptIds.size());
  if (prefill && np > 1 && np < steps) {
    // Positions 0..np-2 in one forward; run.c prints the prompt pieces 1..np-1 during them.
    session.forward(std::span<const int>(promptIds.data(), static_cast<std::size_t>(np - 1)));
    for (int i = 1; i < np; ++i) out += printablePiece(*tok, promptIds[i - 1], promptIds[i]);
    pos = np - 1;
    token = promptIds[np - 1];
  }
  while (pos < steps) {
    const std::vector<float>& logits = session.forward(std::span<const int>(&token, 1));
    const int next = pos < np - 1 ? promptIds[pos + 1] : argmax(logits);
    ++pos;
    if (next == 1) break;
    out += printablePiece(*tok, token, next);
    token = next;
  }
  return out + "\n";
}

class Aidreams : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kFixture + "/aidreams260K.bin"))
      GTEST_SKIP() << kFixture << " is absent (the shared fixtures are not part of a fresh clone)";
  }
};

TEST_F(Aidreams, GreedyNoPromptMatchesRunC) {
  EXPECT_EQ(generateLikeRunC("", 128, false), readFile(kFixture + "/expected_greedy_noprompt_n128.txt"));
}

TEST_F(Aidreams, GreedyIWasFlyingMatchesRunC) {
  EXPECT_EQ(generateLikeRunC("I was flying", 64, false),
            readFile(kFixture + "/expected_greedy_i_was_flying_n64.txt"));
}

TEST_F(Aidreams, PrefilledPromptGivesTheSameText) {
  EXPECT_EQ(generateLikeRunC("I was flying", 64, true),
            readFile(kFixture + "/expected_greedy_i_was_flying_n64.txt"));
}

TEST_F(Aidreams, HeaderAndInfo) {
  auto model = Model::load(kFixture + "/aidreams260K.bin");
  const ModelConfig& c = model->config();
  EXPECT_EQ(c.architecture, "llama");
  EXPECT_EQ(c.ropeStyle, RopeStyle::Interleaved);
  EXPECT_EQ(c.dModel, 64);
  EXPECT_EQ(c.hiddenDim, 172);
  EXPECT_EQ(c.numLayers, 4);
  EXPECT_EQ(c.numHeads, 4);
  EXPECT_EQ(c.numKvHeads, 4);
  EXPECT_EQ(c.vocabSize, 512);
  EXPECT_EQ(c.contextLength, 128);
  EXPECT_EQ(model->info().format, "llama2.c");
  EXPECT_EQ(model->info().fileBytes, 932124u);
  // V*C + L*(2C + 4*C*C + 3*C*F) + C, tied classifier.
  EXPECT_EQ(model->info().parameterCount, 512u * 64 + 4u * (2 * 64 + 4 * 64 * 64 + 3 * 64 * 172) + 64);
}

}  // namespace
}  // namespace glassbox
