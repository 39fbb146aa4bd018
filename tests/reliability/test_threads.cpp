// Cancellation and model reload across threads. Run under ThreadSanitizer by scripts/ci-sanitizers.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "models/model.h"
#include "reliability/hostile_model.h"

using namespace glassbox;
using namespace glassbox::reliability;

namespace {

std::vector<int> randomIds(int n, int vocab, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<int> ids(static_cast<std::size_t>(n));
  for (int& id : ids) id = static_cast<int>(rng.below(static_cast<std::uint64_t>(vocab)));
  return ids;
}

void expectSameLogits(const std::vector<float>& a, const std::vector<float>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(a[i], b[i], 1e-4f) << i;
}

}  // namespace

TEST(Cancellation, RaisedFlagThrowsCancelledAndLeavesTheSessionUsable) {
  const auto dir = glassbox::testing::freshTempDir();
  writeGpt2(dir, TinyGpt2{}, 11);
  const auto model = Model::load(dir.string());
  const auto prompt = randomIds(20, 258, 1);
  InferenceSession s(model);
  s.forward(std::span<const int>(prompt).first(5));
  std::atomic<bool> cancel{true};
  ForwardOptions options;
  options.cancel = &cancel;
  EXPECT_THROW(s.forward(std::span<const int>(prompt).subspan(5), options), Cancelled);
  EXPECT_EQ(s.position(), 5);
  const std::vector<float> after = s.forward(std::span<const int>(prompt).subspan(5));
  InferenceSession fresh(model);
  expectSameLogits(after, fresh.forward(prompt));
}

TEST(Cancellation, FlagRaisedFromAnotherThreadDuringAForward) {
  const auto dir = glassbox::testing::freshTempDir();
  TinyGpt2 spec;
  spec.layers = 8;
  spec.dModel = 64;
  spec.heads = 4;
  spec.hidden = 256;
  spec.context = 512;
  writeGpt2(dir, spec, 12);
  const auto model = Model::load(dir.string());
  const auto prompt = randomIds(spec.context, spec.vocab, 2);
  InferenceSession reference(model);
  const std::vector<float> expected = reference.forward(prompt);

  InferenceSession s(model);
  int cancelled = 0;
  for (int attempt = 0; attempt < 20 && cancelled < 3; ++attempt) {
    std::atomic<bool> cancel{false}, started{false};
    std::thread canceller([&] {
      while (!started.load()) std::this_thread::yield();
      cancel.store(true);
    });
    ForwardOptions options;
    options.cancel = &cancel;
    try {
      started.store(true);
      const std::vector<float> logits = s.forward(prompt, options);
      expectSameLogits(logits, expected);  // finished before the flag was seen: a complete result
    } catch (const Cancelled&) {
      ++cancelled;
      EXPECT_EQ(s.position(), 0);
    }
    canceller.join();
    s.reset();
  }
  EXPECT_GT(cancelled, 0) << "no forward of " << spec.context << " tokens was cancelled in 20 attempts";
  expectSameLogits(s.forward(prompt), expected);  // still usable after cancels
}

// The UI reloads a model while its worker thread is still running a forward on the old one; the
// worker's session holds a shared_ptr, so the old weights stay mapped until it finishes.
TEST(ModelReload, ReloadWhileAnotherThreadRunsAForward) {
  const auto dir = glassbox::testing::freshTempDir();
  TinyGpt2 spec;
  spec.layers = 3;
  spec.context = 128;
  writeGpt2(dir, spec, 13);
  const auto prompt = randomIds(96, spec.vocab, 3);
  std::vector<float> expected;
  {
    InferenceSession s(Model::load(dir.string()));
    expected = s.forward(prompt);
  }
  std::mutex mutex;
  std::shared_ptr<const Model> current = Model::load(dir.string());
  std::atomic<bool> stop{false};
  std::atomic<int> forwards{0};
  std::thread worker([&] {
    while (!stop.load()) {
      std::shared_ptr<const Model> model;
      {
        std::lock_guard lock(mutex);
        model = current;
      }
      InferenceSession s(std::move(model));
      const std::vector<float> logits = s.forward(prompt);
      expectSameLogits(logits, expected);
      forwards.fetch_add(1);
    }
  });
  for (int reload = 0; reload < 10 || forwards.load() < 3; ++reload) {
    auto fresh = Model::load(dir.string());
    std::lock_guard lock(mutex);
    current = std::move(fresh);  // the old model dies here or when the worker's session ends
  }
  stop.store(true);
  worker.join();
  EXPECT_GE(forwards.load(), 3);
  EXPECT_EQ(current.use_count(), 1);
}
