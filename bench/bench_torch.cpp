// The optional PyTorch reference (see bench_torch.h and torch_gpt2.py). Torch is not a dependency: Debian's
// python3-torch is large, so CI does not install it and this part then says it was skipped.
#include "bench_torch.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/json_util.h"

namespace glassbox::bench {

namespace {

constexpr const char* kPython = "/usr/bin/python3";

std::string threadList(const std::vector<int>& counts) {
  std::string s;
  for (int t : counts) {
    if (!s.empty()) s += ',';
    s += std::to_string(t);
  }
  return s;
}

void reportThreads(BenchContext& ctx, int threads, const Json& figures) {
  const std::string t = "_t" + std::to_string(threads);
  auto both = [&](const std::string& key, double v, const char* unit, const std::string& note) {
    reportBoth(ctx, threads, key, v, unit, note);
  };
  const double decode = jsonNumberOr(figures, "decode_tok_s", 0, "torch_gpt2.py");
  const double prefill = jsonNumberOr(figures, "prefill_tok_s", 0, "torch_gpt2.py");
  both("torch_decode_tok_s", decode, "tokens/s", "PyTorch CPU, KV cache, 16-token prompt");
  both("torch_prefill_tok_s_128", prefill, "tokens/s", "PyTorch CPU, 128 tokens from position 0");
  const auto ours = [&](const std::string& key) {
    auto it = ctx.results.find(key + t);
    return it == ctx.results.end() ? 0.0 : it->second;
  };
  if (decode > 0 && ours("decode_tokens_per_s") > 0)
    both("decode_ratio_vs_torch", ours("decode_tokens_per_s") / decode, "x", "engine decode tokens/s over PyTorch's");
  if (prefill > 0 && ours("prefill_tokens_per_s_128") > 0)
    both("prefill_ratio_vs_torch", ours("prefill_tokens_per_s_128") / prefill, "x",
         "engine prefill-128 tokens/s over PyTorch's");
}

}  // namespace

void compareWithTorch(BenchContext& ctx, const std::filesystem::path& modelDir) {
  std::string probe;
  if (runCommand(std::string(kPython) + " -c \"import torch; print(torch.__version__)\" 2>&1", probe) != 0) {
    std::printf("  torch reference skipped: %s -c \"import torch\" failed (%s); apt-get install python3-torch "
                "to enable it\n",
                kPython, probe.empty() ? "no python3" : probe.substr(0, probe.find('\n')).c_str());
    return;
  }
  const std::string script = GLASSBOX_SOURCE_DIR "/bench/torch_gpt2.py";
  const std::string command = std::string(kPython) + " " + quoted(script) + " " + quoted(modelDir.string()) +
                              " --threads " + threadList(ctx.threadCounts) +
                              (ctx.quick ? " --decode 4 --prefill 32 --rounds 1" : "");
  std::string out;
  if (runCommand(command, out) != 0) {
    std::printf("  torch reference failed: %s\n%s\n", command.c_str(), out.c_str());
    return;
  }
  try {
    const Json j = parseJson(out, "torch_gpt2.py output");
    std::printf("  torch %s, oneDNN %s, libblas.so.3 from %s\n",
                jsonStringOr(j, "torch_version", "?", "torch_gpt2.py").c_str(),
                jsonBoolOr(j, "oneDNN", false, "torch_gpt2.py") ? "on" : "off",
                jsonStringOr(j, "blas", "?", "torch_gpt2.py").c_str());
    for (int threads : ctx.threadCounts) {
      const std::string key = std::to_string(threads);
      if (j.contains("threads") && j["threads"].contains(key)) reportThreads(ctx, threads, j["threads"][key]);
    }
  } catch (const std::exception& e) {
    std::printf("  torch reference: unreadable output (%s)\n", e.what());
  }
}

}  // namespace glassbox::bench
