#include "train/baselines.h"

#include <cmath>
#include <unordered_map>

#include "core/error.h"
#include "models/registry.h"
#include "tokenizers/tokenizer.h"
#include "training/gpt2_trainer.h"
#include "training/hf_export.h"

namespace glassbox {
namespace {

// A byte string of up to 7 bytes as one key: the bytes, then the length in the top byte.
std::uint64_t key(const unsigned char* p, int len) {
  std::uint64_t k = static_cast<std::uint64_t>(len) << 56;
  for (int i = 0; i < len; ++i) k |= static_cast<std::uint64_t>(p[i]) << (8 * i);
  return k;
}

struct ContextStats {
  std::uint32_t total = 0, types = 0;
};

}  // namespace

double byteNgramBitsPerByte(const std::vector<std::string>& train, const std::vector<std::string>& heldOut, int order) {
  if (order < 0 || order > 6) throw Error("byte n-gram: order outside 0..6");
  std::string text;
  for (const auto& d : train) text += d;
  std::unordered_map<std::uint64_t, std::uint32_t> joint;       // context + next byte -> count
  std::unordered_map<std::uint64_t, ContextStats> contexts;    // context -> total, distinct next bytes
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size(); ++i)
    for (int k = 0; k <= order && static_cast<std::size_t>(k) <= i; ++k) {
      const unsigned char* h = b + i - k;
      std::uint32_t& c = joint[key(h, k + 1)];
      ContextStats& s = contexts[key(h, k)];
      s.types += c == 0;
      ++c;
      ++s.total;
    }
  std::string held;
  for (const auto& d : heldOut) held += d;
  const auto* hb = reinterpret_cast<const unsigned char*>(held.data());
  double bits = 0;
  for (std::size_t i = 0; i < held.size(); ++i) {
    double p = 1.0 / 256;
    const int maxK = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(order), i));
    for (int k = 0; k <= maxK; ++k) {  // from the shortest context up: P_k = (c + T P_{k-1}) / (n + T)
      const unsigned char* h = hb + i - k;
      const auto s = contexts.find(key(h, k));
      if (s == contexts.end()) break;  // longer contexts are unseen too
      const auto j = joint.find(key(h, k + 1));
      const double c = j == joint.end() ? 0.0 : j->second;
      p = (c + s->second.types * p) / (s->second.total + s->second.types);
    }
    bits -= std::log2(p);
  }
  return bits / static_cast<double>(held.size());
}

double gpt2FolderBitsPerByte(const std::string& folder, const std::vector<std::string>& heldOut) {
  const ModelConfig mc = readHfConfigFolder(folder);
  Gpt2Config c;
  c.vocabSize = mc.vocabSize;
  c.context = mc.contextLength;
  c.layers = mc.numLayers;
  c.heads = mc.numHeads;
  c.embd = mc.dModel;
  c.inner = mc.hiddenDim;
  c.lnEps = mc.normEps;
  TrainHyper hyper;
  Gpt2Trainer model(c, hyper);
  model.mutableParams() = readParamsFromFolder(folder, gpt2Layout(c));
  const auto tok = Tokenizer::load(folder + "/tokenizer.json");
  const int separator = mc.eosTokenIds.empty() ? c.vocabSize - 1 : mc.eosTokenIds.front();
  std::vector<int> stream;
  std::size_t bytes = 0;
  for (const auto& d : heldOut) {
    stream.push_back(separator);
    const auto ids = tok->encode(d, false).ids;
    stream.insert(stream.end(), ids.begin(), ids.end());
    bytes += d.size();
  }
  return model.evaluate(stream, separator) / static_cast<double>(bytes) / std::log(2.0);
}

}  // namespace glassbox
