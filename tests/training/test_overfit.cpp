// A tiny model memorises one short sequence: the whole training loop (batches, AdamW, schedule,
// clipping) drives the loss to near zero. Also: seeds reproduce, checkpoints resume exactly.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "training/gpt2_trainer.h"

namespace glassbox {
namespace {

Gpt2Config smallConfig() {
  Gpt2Config c;
  c.vocabSize = 16;
  c.context = 16;
  c.layers = 2;
  c.heads = 2;
  c.embd = 32;
  c.inner = 64;
  return c;
}

TrainHyper fastHyper(int steps) {
  TrainHyper h;
  h.batch = 2;
  h.steps = steps;
  h.warmup = 10;
  h.lr = 1e-2;
  h.weightDecay = 0.0;
  h.seed = 5;
  return h;
}

// 17 tokens: exactly one window of 16 inputs + 16 targets.
const std::vector<int> kSequence = {3, 14, 15, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8};

TEST(Overfit, TinyModelMemorisesASequence) {
  Gpt2Trainer trainer(smallConfig(), fastHyper(300));
  double first = 0, last = 0;
  for (int s = 0; s < 300; ++s) {
    const StepResult r = trainer.trainStep(kSequence);
    if (s == 0) first = r.loss;
    last = r.loss;
  }
  EXPECT_GT(first, 2.0);  // about ln 16 at the start
  EXPECT_LT(last, 0.02);
  std::size_t count = 0;
  const double nats = trainer.evaluate(kSequence, -1, &count);
  EXPECT_EQ(count, 16u);
  EXPECT_LT(nats / 16, 0.02);
}

TEST(Overfit, SameSeedSameWeightsAndResumeIsExact) {
  std::vector<int> data;
  for (int i = 0; i < 200; ++i) data.push_back((i * 7 + i / 5) % 16);
  Gpt2Trainer a(smallConfig(), fastHyper(20)), b(smallConfig(), fastHyper(20));
  for (int s = 0; s < 20; ++s) a.trainStep(data);
  for (int s = 0; s < 10; ++s) b.trainStep(data);
  const std::string path = ::testing::TempDir() + "/glassbox_overfit_ckpt.bin";
  b.saveCheckpoint(path);
  Gpt2Trainer c(smallConfig(), fastHyper(20));
  c.loadCheckpoint(path);
  EXPECT_EQ(c.step(), 10);
  for (int s = 0; s < 10; ++s) c.trainStep(data);
  EXPECT_EQ(a.params(), c.params());
  std::filesystem::remove(path);

  Gpt2Config other = smallConfig();
  other.embd = 16;
  Gpt2Trainer d(other, fastHyper(20));
  b.saveCheckpoint(path);
  EXPECT_THROW(d.loadCheckpoint(path), std::exception);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace glassbox
