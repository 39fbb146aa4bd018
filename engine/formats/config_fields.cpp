#include "formats/config_fields.h"

#include <cmath>
#include <cstdio>
#include <map>

#include "core/error.h"

namespace glassbox {

std::string shownField(const Json& j, const char* key, const std::string& fallback) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? fallback : it->dump().substr(0, 40);
}

std::string numberText(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

int checkedDim(const Json& j, const char* key, std::int64_t fallback, std::int64_t max, const std::string& what) {
  const std::int64_t v = fallback == 0 ? jsonInt(j, key, what) : jsonIntOr(j, key, fallback, what);
  const bool hugeUnsigned = j.contains(key) && j[key].is_number_unsigned() && v < 0;
  if (v <= 0 || v > max || hugeUnsigned)
    throw Error(what + ": field \"" + key + "\" = " + shownField(j, key, std::to_string(v)) + " is outside 1.." +
                std::to_string(max) +
                "; hint: the file is corrupted or describes a model far larger than Glassbox supports");
  return static_cast<int>(v);
}

int checkedDimOf(const Json& j, const std::vector<const char*>& keys, std::int64_t fallback, std::int64_t max,
                 const std::string& what) {
  for (const char* k : keys)
    if (j.contains(k) && !j[k].is_null()) return checkedDim(j, k, fallback, max, what);
  return checkedDim(j, keys.front(), fallback, max, what);
}

float checkedPositive(const Json& j, const char* key, double fallback, double max, const std::string& what) {
  const double v = jsonNumberOr(j, key, fallback, what);
  if (!std::isfinite(v) || v <= 0 || v > max)
    throw Error(what + ": field \"" + key + "\" = " + numberText(v) + " must be positive and at most " +
                numberText(max));
  return static_cast<float>(v);
}

std::vector<int> tokenIdsField(const Json& j, const char* key, int vocab, const std::string& what) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  std::vector<int> ids;
  auto one = [&](const Json& v) {
    if (!v.is_number_integer())
      throw Error(what + ": field \"" + key + "\" must be a token id or a list of them, found " + v.dump().substr(0, 60));
    const std::int64_t id = v.get<std::int64_t>();
    if (id < 0 || id >= vocab)
      throw Error(what + ": field \"" + key + "\" = " + std::to_string(id) + " is outside the vocabulary (0.." +
                  std::to_string(vocab - 1) + ")");
    ids.push_back(static_cast<int>(id));
  };
  if (it->is_array()) {
    if (it->size() > 64) throw Error(what + ": field \"" + key + "\" lists more than 64 token ids");
    for (const Json& v : *it) one(v);
  } else {
    one(*it);
  }
  return ids;
}

int tokenIdField(const Json& j, const char* key, int vocab, const std::string& what) {
  const auto ids = tokenIdsField(j, key, vocab, what);
  if (ids.size() > 1) throw Error(what + ": field \"" + key + "\" must be a single token id");
  return ids.empty() ? -1 : ids[0];
}

void readSpecialTokenIds(ModelConfig& c, const Json& j, const std::string& what) {
  if (const int bos = tokenIdField(j, "bos_token_id", c.vocabSize, what); bos >= 0) c.bosTokenId = bos;
  if (auto eos = tokenIdsField(j, "eos_token_id", c.vocabSize, what); !eos.empty()) c.eosTokenIds = std::move(eos);
  if (const int pad = tokenIdField(j, "pad_token_id", c.vocabSize, what); pad >= 0) c.padTokenId = pad;
  if (const int start = tokenIdField(j, "decoder_start_token_id", c.vocabSize, what); start >= 0)
    c.decoderStartTokenId = start;
}

namespace {

constexpr std::size_t kMaxLabelBytes = 256;

// A label id written as a JSON object key ("0", "12"): digits only, below kMaxLabels.
long long labelIndex(const std::string& key, const std::string& where) {
  if (key.empty() || key.size() > 6 || key.find_first_not_of("0123456789") != std::string::npos)
    throw Error(where + ": key \"" + key.substr(0, 40) + "\" is not a label id (0, 1, 2, ...)");
  const long long id = std::stoll(key);
  if (id >= kMaxLabels) throw Error(where + ": label id " + key + " is above the limit of " + std::to_string(kMaxLabels));
  return id;
}

std::vector<std::string> labelsInOrder(std::map<long long, std::string> byId, const std::string& where) {
  std::vector<std::string> labels;
  for (auto& [id, name] : byId) {
    if (id != static_cast<long long>(labels.size()))
      throw Error(where + " has no label for id " + std::to_string(labels.size()) + "; hint: ids must be 0..N-1");
    labels.push_back(std::move(name));
  }
  return labels;
}

}  // namespace

std::vector<std::string> readLabels(const Json& j, const std::string& what) {
  const std::string where = what + ": field \"id2label\"";
  std::map<long long, std::string> byId;
  if (j.contains("id2label") && !j["id2label"].is_null()) {
    const Json& m = j["id2label"];
    if (!m.is_object()) throw Error(where + " must be an object {\"0\": \"LABEL\", ...}");
    if (m.size() > static_cast<std::size_t>(kMaxLabels))
      throw Error(where + " lists " + std::to_string(m.size()) + " labels, more than " + std::to_string(kMaxLabels));
    for (auto it = m.begin(); it != m.end(); ++it) {
      if (!it.value().is_string()) throw Error(where + ": the label of id " + it.key().substr(0, 40) + " is not a string");
      std::string name = it.value().get<std::string>();
      if (name.size() > kMaxLabelBytes) throw Error(where + ": the label of id " + it.key() + " is longer than 256 bytes");
      byId.emplace(labelIndex(it.key(), where), std::move(name));
    }
    return labelsInOrder(std::move(byId), where);
  }
  if (j.contains("label2id") && !j["label2id"].is_null()) {
    const std::string w2 = what + ": field \"label2id\"";
    const Json& m = j["label2id"];
    if (!m.is_object() || m.size() > static_cast<std::size_t>(kMaxLabels))
      throw Error(w2 + " must be an object {\"LABEL\": 0, ...} of at most " + std::to_string(kMaxLabels) + " labels");
    for (auto it = m.begin(); it != m.end(); ++it) {
      if (!it.value().is_number_integer()) throw Error(w2 + ": the id of \"" + it.key().substr(0, 40) + "\" is not an integer");
      const long long id = it.value().get<long long>();
      if (id < 0 || id >= kMaxLabels) throw Error(w2 + ": id " + std::to_string(id) + " is outside 0.." + std::to_string(kMaxLabels - 1));
      if (it.key().size() > kMaxLabelBytes) throw Error(w2 + ": a label is longer than 256 bytes");
      if (!byId.emplace(id, it.key()).second) throw Error(w2 + ": id " + std::to_string(id) + " is given twice");
    }
    return labelsInOrder(std::move(byId), w2);
  }
  if (j.contains("num_labels") && !j["num_labels"].is_null()) {
    const int n = checkedDim(j, "num_labels", 0, kMaxLabels, what);
    std::vector<std::string> labels;
    for (int i = 0; i < n; ++i) labels.push_back("LABEL_" + std::to_string(i));
    return labels;
  }
  return {};
}

Activation activationFromName(const std::string& name, const std::string& field, const std::string& what) {
  if (name == "gelu") return Activation::GeluErf;
  if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast") return Activation::GeluTanh;
  if (name == "relu") return Activation::Relu;
  if (name == "silu" || name == "swish") return Activation::Silu;
  throw Error(what + ": " + field + " \"" + name.substr(0, 40) +
              "\" is not supported; hint: Glassbox runs gelu, gelu_new (tanh), relu and silu");
}

}  // namespace glassbox
