// glassbox-cli classify: a sequence-classification head's labels with probabilities (sentiment), or a
// token-classification head's label per token and the entities grouped from B-/I- tags with their
// character spans (named entities).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "cli_encoder.h"
#include "core/error.h"

namespace glassbox::cli {

namespace {

std::vector<double> softmax(const float* z, int n) {
  std::vector<double> p(static_cast<std::size_t>(n));
  const double m = *std::max_element(z, z + n);
  double s = 0;
  for (int i = 0; i < n; ++i) s += p[static_cast<std::size_t>(i)] = std::exp(z[i] - m);
  for (double& v : p) v /= s;
  return p;
}

// Characters (code points) of text[0..byte): the spans users see, not bytes.
std::size_t charIndex(const std::string& text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

int printSequence(const LoadedEncoder& e, EncoderSession& s, bool json) {
  const std::vector<std::string>& labels = e.model->config().labels;
  const std::vector<float> z = s.sequenceLogits();
  const std::vector<double> p = softmax(z.data(), static_cast<int>(z.size()));
  std::vector<int> order(p.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p[static_cast<std::size_t>(a)] > p[static_cast<std::size_t>(b)]; });
  std::string out = "{\"kind\": \"sequence\", \"labels\": [";
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::size_t k = static_cast<std::size_t>(order[i]);
    if (!json) std::printf("%-24s %.4f\n", labels[k].c_str(), p[k]);
    out += std::string(i ? ", " : "") + "{\"id\": " + std::to_string(k) + ", \"label\": " + jsonQuote(labels[k]) + ", \"p\": ";
    appendFloat(out, p[k]);
    out += "}";
  }
  if (json) std::fputs((out + "]}\n").c_str(), stdout);
  return 0;
}

struct Entity {
  std::string label;
  std::size_t begin = 0, end = 0;  // bytes of the text
  double score = 0;
  int tokens = 0;
};

int printTokens(const LoadedEncoder& e, EncoderSession& s, const Encoding& enc, const std::string& text, bool json) {
  const std::vector<std::string>& labels = e.model->config().labels;
  const int N = static_cast<int>(labels.size()), T = s.numTokens();
  const std::vector<float> z = s.tokenLogits();
  std::vector<Entity> entities;
  std::string out = "{\"kind\": \"tokens\", \"tokens\": [";
  for (int t = 0; t < T; ++t) {
    const std::vector<double> p = softmax(z.data() + static_cast<std::size_t>(t) * N, N);
    const auto best = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    const TokenPiece& piece = enc.tokens[static_cast<std::size_t>(t)];
    out += std::string(t ? ", " : "") + "{\"id\": " + std::to_string(enc.ids[static_cast<std::size_t>(t)]) +
           ", \"text\": " + jsonQuote(piece.display) + ", \"label\": " + jsonQuote(labels[best]) + ", \"p\": ";
    appendFloat(out, p[best]);
    out += "}";
    if (!json) std::printf("%-16s %-12s %.4f\n", jsonQuote(piece.display).c_str(), labels[best].c_str(), p[best]);
    if (piece.special || piece.begin == piece.end) continue;
    const std::string& l = labels[best];
    if (l == "O") continue;
    const bool begins = l.rfind("B-", 0) == 0, inside = l.rfind("I-", 0) == 0;
    const std::string kind = begins || inside ? l.substr(2) : l;
    // transformers' "simple" aggregation: I-X (or X) continues an open X entity; B-X always starts one.
    if (!begins && !entities.empty() && entities.back().label == kind && entities.back().end <= piece.begin + 1) {
      Entity& x = entities.back();
      x.end = piece.end;
      x.score += p[best];
      ++x.tokens;
    } else {
      entities.push_back({kind, piece.begin, piece.end, p[best], 1});
    }
  }
  out += "], \"entities\": [";
  for (std::size_t i = 0; i < entities.size(); ++i) {
    const Entity& x = entities[i];
    const std::string word = text.substr(x.begin, x.end - x.begin);
    const std::size_t start = charIndex(text, x.begin), end = charIndex(text, x.end);
    out += std::string(i ? ", " : "") + "{\"label\": " + jsonQuote(x.label) + ", \"text\": " + jsonQuote(word) +
           ", \"start\": " + std::to_string(start) + ", \"end\": " + std::to_string(end) + ", \"score\": ";
    appendFloat(out, x.score / x.tokens);
    out += "}";
    if (!json) std::printf("entity %-8s %s [%zu, %zu)\n", x.label.c_str(), jsonQuote(word).c_str(), start, end);
  }
  if (json) std::fputs((out + "]}\n").c_str(), stdout);
  return 0;
}

}  // namespace

int runClassify(const std::vector<std::string>& argv) {
  const CliArgs args(argv, {"json"});
  args.rejectUnknown({"model", "tokenizer", "text", "file", "json"});
  const std::string text = textArgument(args, "classify");
  const LoadedEncoder e = loadEncoder(args, "classify", kCanClassify | kCanClassifyTokens);
  EncoderSession session(e.model);
  const Encoding enc = encodeText(e, session, text, "classify");
  if (e.model->config().encoderHead == EncoderHead::TokenClassification)
    return printTokens(e, session, enc, text, args.has("json"));
  return printSequence(e, session, args.has("json"));
}

}  // namespace glassbox::cli
