// Decoding one token at a time allocates nothing once the session is warm: the scratch buffers and the
// KV cache live in the session's state. Counted by replacing the global operator new in this binary.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "core/thread_pool.h"
#include "models/model.h"
#include "models/session.h"
#include "tiny_model.h"
#include "tiny_t5.h"

namespace {
std::atomic<long> gAllocations{0};
}

void* operator new(std::size_t n) {
  gAllocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace glassbox {
namespace {

int argmax(const std::vector<float>& v) { return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin()); }

void expectNoAllocationsWhileDecoding(const testing::TinySpec& spec) {
  ThreadPool::setGlobalThreads(2);  // exercise the threaded kernels too
  const auto dir = testing::freshTempDir() / "m";
  testing::writeTinyHfModel(dir, spec, 31);
  auto model = Model::load(dir.string());
  InferenceSession session(model);
  const std::vector<int> prompt = {1, 2, 3, 4};
  int token = argmax(session.forward(prompt));
  token = argmax(session.forward(std::span<const int>(&token, 1)));  // warm: buffers sized for one token
  const long before = gAllocations.load();
  for (int i = 0; i < 20; ++i) token = argmax(session.forward(std::span<const int>(&token, 1)));
  EXPECT_EQ(gAllocations.load() - before, 0);
  EXPECT_EQ(session.position(), 25);
}

testing::TinySpec wide(testing::TinySpec s) {
  s.dModel = 256, s.heads = 4, s.hidden = 1024, s.vocab = 1200, s.context = 64;  // MLP and head run threaded
  return s;
}

TEST(DecodeAllocations, Gpt2) {
  testing::TinySpec s;
  s.arch = testing::TinyArch::Gpt2, s.architectureName = "GPT2LMHeadModel", s.modelType = "gpt2";
  s.kvHeads = 4;
  expectNoAllocationsWhileDecoding(wide(s));
}

TEST(DecodeAllocations, LlamaGroupedQuery) {
  testing::TinySpec s;
  s.kvHeads = 2, s.tied = false;
  expectNoAllocationsWhileDecoding(wide(s));
}

// T5's decoder steps: self-attention cache, cached cross keys and values, relative bias, tied head scale.
void expectNoAllocationsWhileDecodingT5(bool tied) {
  ThreadPool::setGlobalThreads(2);
  const auto dir = testing::freshTempDir() / "t5";
  testing::T5Spec spec;
  spec.dModel = 256, spec.heads = 4, spec.dKv = 64, spec.dFF = 1024, spec.vocab = 1200, spec.gated = true;
  spec.tied = tied;
  testing::writeTinyT5(dir, spec, 32);
  auto model = Model::load(dir.string());
  Seq2SeqSession session(model);
  EncoderInput in;
  in.ids = {5, 6, 7, 8, 9, 1};
  session.encode(in);
  int token = session.decoderStartToken();
  token = argmax(session.forward(std::span<const int>(&token, 1)));
  token = argmax(session.forward(std::span<const int>(&token, 1)));
  const long before = gAllocations.load();
  for (int i = 0; i < 20; ++i) token = argmax(session.forward(std::span<const int>(&token, 1)));
  EXPECT_EQ(gAllocations.load() - before, 0);
  EXPECT_EQ(session.position(), 22);
}

TEST(DecodeAllocations, T5DecoderUntied) { expectNoAllocationsWhileDecodingT5(false); }
TEST(DecodeAllocations, T5DecoderTied) { expectNoAllocationsWhileDecodingT5(true); }

}  // namespace
}  // namespace glassbox
