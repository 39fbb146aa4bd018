// glassbox-cli similarity: one pooled vector per --text (the folder's sentence-transformers pooling, or
// --pooling), and the cosine similarity of every pair.
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "cli_encoder.h"
#include "core/error.h"

namespace glassbox::cli {

int runSimilarity(const std::vector<std::string>& argv) {
  const CliArgs args(argv, {"json"});
  args.rejectUnknown({"model", "tokenizer", "text", "pooling", "json"});
  const std::vector<std::string> texts = args.getAll("text");
  if (texts.size() < 2) throw Error("similarity: give at least two --text TEXT");
  if (texts.size() > 256) throw Error("similarity: at most 256 texts");
  const LoadedEncoder e = loadEncoder(args, "similarity", kCanEmbed);
  SentencePooling pooling = poolingFor(args, e.path);
  if (pooling.pooling == Pooling::None) throw Error("similarity: --pooling none gives no vector per text; hint: use mean");
  EncoderSession session(e.model);
  std::vector<std::vector<float>> vectors;
  for (const std::string& t : texts) {
    encodeText(e, session, t, "similarity");
    vectors.push_back(session.pool(pooling.pooling));
    if (pooling.normalize) normalizeL2(vectors.back());
  }
  std::string out = "{\"texts\": [";
  for (std::size_t i = 0; i < texts.size(); ++i) out += (i ? ", " : "") + jsonQuote(texts[i]);
  out += std::string("], \"pooling\": ") + jsonQuote(poolingName(pooling.pooling)) + ", \"matrix\": [";
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    out += i ? ", [" : "[";
    if (!args.has("json")) std::printf("%2zu", i);
    for (std::size_t j = 0; j < vectors.size(); ++j) {
      const double c = cosineSimilarity(vectors[i], vectors[j]);
      if (j) out += ", ";
      appendFloat(out, c);
      if (!args.has("json")) std::printf(" %7.4f", c);
    }
    out += "]";
    if (!args.has("json")) std::printf("  %s\n", jsonQuote(texts[i]).c_str());
  }
  if (args.has("json")) std::fputs((out + "]}\n").c_str(), stdout);
  return 0;
}

}  // namespace glassbox::cli
