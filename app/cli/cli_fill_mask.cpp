// glassbox-cli fill-mask: for every mask token of the text, the most likely tokens in its place, from
// the masked-LM head's distribution after the sampler chain (--temperature, --top-k, --top-p, --min-p;
// all off by default, so the probabilities are the model's own softmax).
#include <algorithm>
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "cli_encoder.h"
#include "core/error.h"
#include "sampling/sampler_chain.h"

namespace glassbox::cli {

namespace {

constexpr int kMaxTop = 256;  // the chain reports at most this many candidates

SamplingParams fillMaskParams(const CliArgs& args) {
  SamplingParams p;
  p.temperature = static_cast<float>(args.getDouble("temperature", 1.0));
  p.topK = static_cast<int>(args.getInt("top-k", 0, 0, 1 << 30));
  p.topP = static_cast<float>(args.getDouble("top-p", 1.0));
  p.minP = static_cast<float>(args.getDouble("min-p", 0.0));
  p.typicalP = static_cast<float>(args.getDouble("typical-p", 1.0));
  validateSamplingParams(p);
  return p;
}

// The mask token of the model's tokenizer: its declared mask role, else [MASK] or <mask>.
int maskIdOf(const Tokenizer& tok) {
  if (auto id = tok.maskId()) return *id;
  for (const char* name : {"[MASK]", "<mask>"})
    if (auto id = tok.tokenId(name)) return *id;
  throw Error("fill-mask: the tokenizer has no mask token ([MASK] or <mask>); hint: use the model's own tokenizer.json");
}

}  // namespace

int runFillMask(const std::vector<std::string>& argv) {
  const CliArgs args(argv, {"json"});
  args.rejectUnknown({"model", "tokenizer", "text", "top", "temperature", "top-k", "top-p", "min-p", "typical-p", "json"});
  const auto text = args.get("text");
  if (!text) throw Error("fill-mask: --text \"... [MASK] ...\" is required");
  const int top = static_cast<int>(args.getInt("top", 5, 1, kMaxTop));
  SamplerChain chain(fillMaskParams(args));
  const LoadedEncoder e = loadEncoder(args, "fill-mask", kCanFillMask);
  const int maskId = maskIdOf(*e.tokenizer);
  EncoderSession session(e.model);
  const Encoding enc = encodeText(e, session, *text, "fill-mask");
  std::string json = "{\"masks\": [";
  int masks = 0;
  for (int t = 0; t < session.numTokens(); ++t) {
    if (enc.ids[static_cast<std::size_t>(t)] != maskId) continue;
    const std::vector<float> logits = session.maskedLmLogits(t);
    SampleResult r = chain.distribution(logits, {}, {false, top});
    std::vector<Candidate> c = r.final;
    std::stable_sort(c.begin(), c.end(), [](const Candidate& a, const Candidate& b) { return a.p > b.p; });
    if (c.size() > static_cast<std::size_t>(top)) c.resize(static_cast<std::size_t>(top));
    json += std::string(masks++ ? ", " : "") + "{\"position\": " + std::to_string(t) + ", \"candidates\": [";
    if (!args.has("json")) std::printf("mask at token %d:\n", t);
    for (std::size_t i = 0; i < c.size(); ++i) {
      const std::string token = Tokenizer::displayBytes(e.tokenizer->tokenBytes(c[i].id));
      json += std::string(i ? ", " : "") + "{\"id\": " + std::to_string(c[i].id) + ", \"token\": " + jsonQuote(token) +
              ", \"p\": ";
      appendFloat(json, c[i].p);
      json += "}";
      if (!args.has("json")) std::printf("  %-20s %.4f  (id %d)\n", jsonQuote(token).c_str(), static_cast<double>(c[i].p), c[i].id);
    }
    json += "]}";
  }
  if (masks == 0)
    throw Error("fill-mask: the text has no mask token (" + e.tokenizer->tokenRaw(maskId) +
                "); hint: write it where a word should be predicted");
  if (args.has("json")) std::fputs((json + "]}\n").c_str(), stdout);
  return 0;
}

}  // namespace glassbox::cli
