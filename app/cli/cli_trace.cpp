// glassbox-cli trace: one forward pass with the trace on; the tokens and every attention matrix.
#include <algorithm>
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "core/error.h"
#include "core/json_util.h"

namespace glassbox::cli {

namespace {

std::string jsonQuote(const std::string& s) { return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace); }

void appendFloat(std::string& out, float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", static_cast<double>(v));
  out += buf;
}

// {"tokens": [{"id", "text"}...], "layers", "heads", "attention": [L][H][T][T]} (zeros above the diagonal).
void printJson(const Encoding& enc, const Trace& t, const Model& m) {
  std::string out = "{\"model\": " + jsonQuote(m.info().path) + ", \"tokens\": [";
  for (std::size_t i = 0; i < enc.ids.size(); ++i)
    out += std::string(i ? ", " : "") + "{\"id\": " + std::to_string(enc.ids[i]) +
           ", \"text\": " + jsonQuote(enc.tokens[i].display) + "}";
  out += "], \"layers\": " + std::to_string(t.numLayers) + ", \"heads\": " + std::to_string(t.numHeads) +
         ", \"attention\": [";
  std::fputs(out.c_str(), stdout);
  for (int l = 0; l < t.numLayers; ++l) {
    out = l ? ", [" : "[";
    for (int h = 0; h < t.numHeads; ++h) {
      out += h ? ", [" : "[";
      for (int q = 0; q < t.numTokens; ++q) {
        out += q ? ", [" : "[";
        for (int k = 0; k < t.numTokens; ++k) {
          if (k) out += ", ";
          appendFloat(out, t.attention(l, h, q, k));
        }
        out += "]";
      }
      out += "]";
    }
    out += "]";
    std::fputs(out.c_str(), stdout);
  }
  std::fputs("]}\n", stdout);
}

// Without --json: the tokens, then for each layer and head the key the last token attends to most.
void printText(const Encoding& enc, const Trace& t) {
  std::printf("%d tokens:", t.numTokens);
  for (const TokenPiece& p : enc.tokens) std::printf(" %s", jsonQuote(p.display).c_str());
  std::printf("\nlast token's strongest key per layer (rows) and head (columns):\n");
  const int q = t.numTokens - 1;
  for (int l = 0; l < t.numLayers; ++l) {
    std::printf("layer %2d:", l);
    for (int h = 0; h < t.numHeads; ++h) {
      int best = 0;
      for (int k = 1; k <= q; ++k)
        if (t.attention(l, h, q, k) > t.attention(l, h, q, best)) best = k;
      std::printf(" %s %.2f", jsonQuote(enc.tokens[static_cast<std::size_t>(best)].display).c_str(),
                  static_cast<double>(t.attention(l, h, q, best)));
    }
    std::printf("\n");
  }
}

}  // namespace

int runTrace(const std::vector<std::string>& argv) {
  const CliArgs args(argv, {"json"});
  args.rejectUnknown({"model", "tokenizer", "prompt", "json"});
  const auto prompt = args.get("prompt");
  if (!prompt) throw Error("trace: --prompt TEXT is required");
  const std::string modelPath = resolveModelPath(args);
  const auto model = Model::load(modelPath);
  const auto tokenizer = loadTokenizerFor(modelPath, args);
  const Encoding enc = tokenizer->encode(*prompt, true);
  if (enc.ids.empty()) throw Error("trace: the prompt encodes to no tokens; hint: give a non-empty --prompt");
  InferenceSession session(model);
  Trace trace;
  session.forward(enc.ids, {.trace = &trace});
  if (args.has("json")) printJson(enc, trace, *model);
  else printText(enc, trace);
  return 0;
}

}  // namespace glassbox::cli
