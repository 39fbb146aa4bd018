// glassbox-cli embed: the encoder's last hidden state, one vector per input token, and the pooled
// vector (sentence-transformers pooling when the folder has it).
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "cli_encoder.h"
#include "core/error.h"

namespace glassbox::cli {

namespace {

std::string vectorJson(std::span<const float> v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ", ";
    appendFloat(out, v[i]);
  }
  return out + "]";
}

}  // namespace

int runEmbed(const std::vector<std::string>& argv) {
  const CliArgs args(argv, {"json"});
  args.rejectUnknown({"model", "tokenizer", "text", "file", "pooling", "json"});
  const std::string text = textArgument(args, "embed");
  const LoadedEncoder e = loadEncoder(args, "embed", kCanEmbed);
  const SentencePooling pooling = poolingFor(args, e.path);
  EncoderSession session(e.model);
  const Encoding enc = encodeText(e, session, text, "embed");
  std::vector<float> pooled;
  if (pooling.pooling != Pooling::None) {
    pooled = session.pool(pooling.pooling);
    if (pooling.normalize) normalizeL2(pooled);
  }
  const int T = session.numTokens(), C = e.model->config().dModel;
  if (args.has("json")) {
    std::fputs(("{\"tokens\": " + tokensJson(enc) + ", \"hidden\": [").c_str(), stdout);
    for (int t = 0; t < T; ++t) std::fputs(((t ? ", " : "") + vectorJson(session.hiddenAt(t))).c_str(), stdout);
    std::fputs(("], \"pooled\": " + (pooled.empty() ? std::string("null") : vectorJson(pooled)) + "}\n").c_str(), stdout);
    return 0;
  }
  std::printf("%d tokens, %d values each (last_hidden_state)\n", T, C);
  if (!pooled.empty())
    std::printf("pooled (%s%s): %s\n", poolingName(pooling.pooling), pooling.normalize ? ", normalized" : "",
                vectorJson(pooled).c_str());
  return 0;
}

}  // namespace glassbox::cli
