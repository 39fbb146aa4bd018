#include "training/gpt2_trainer.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/rng.h"
#include "core/thread_pool.h"
#include "formats/safetensors.h"

namespace glassbox {
namespace {

constexpr char kCheckpointMagic[8] = {'G', 'B', 'T', 'R', 'A', 'I', 'N', '1'};

nlohmann::json configJson(const Gpt2Config& c) {
  return {{"vocab_size", c.vocabSize}, {"n_positions", c.context}, {"n_layer", c.layers},
          {"n_head", c.heads},         {"n_embd", c.embd},         {"n_inner", c.inner},
          {"layer_norm_epsilon", c.lnEps}};
}

}  // namespace

Gpt2Trainer::Gpt2Trainer(const Gpt2Config& config, const TrainHyper& hyper)
    : config_(config), hyper_(hyper), params_(gpt2Init<float>(config, hyper.seed)) {
  if (hyper.batch < 1 || hyper.shards < 1 || hyper.steps < 1)
    throw Error("trainer: batch, shards and steps must be positive");
  m_.assign(params_.size(), 0.0f);
  v_.assign(params_.size(), 0.0f);
}

double Gpt2Trainer::learningRate(int step) const {
  if (step < hyper_.warmup) return hyper_.lr * (step + 1) / hyper_.warmup;
  const double progress =
      std::min(1.0, static_cast<double>(step - hyper_.warmup) / std::max(1, hyper_.steps - hyper_.warmup));
  const double minLr = hyper_.lr * hyper_.minLrFraction;
  return minLr + 0.5 * (hyper_.lr - minLr) * (1.0 + std::cos(3.141592653589793 * progress));
}

StepResult Gpt2Trainer::trainStep(const std::vector<int>& data) {
  const int n = config_.context;
  if (data.size() <= static_cast<std::size_t>(n)) throw Error("trainer: training data shorter than the context");
  Rng rng(hyper_.seed ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(step_ + 1)));
  std::vector<std::size_t> starts(static_cast<std::size_t>(hyper_.batch));
  for (auto& s : starts) s = rng.below(data.size() - static_cast<std::size_t>(n));

  const std::size_t shards = static_cast<std::size_t>(hyper_.shards);
  std::vector<std::vector<float>> grads(shards);
  std::vector<double> losses(shards, 0.0);
  const float scale = 1.0f / static_cast<float>(hyper_.batch * n);
  ThreadPool::global().parallelFor(shards, [&](std::size_t begin, std::size_t end) {
    Gpt2Activations<float> acts;
    for (std::size_t s = begin; s < end; ++s) {
      grads[s].assign(params_.size(), 0.0f);
      for (std::size_t b = s; b < starts.size(); b += shards) {
        const int* x = data.data() + starts[b];
        losses[s] += gpt2ForwardBackward<float>(config_, params_.data(), x, x + 1, n, scale, grads[s].data(), acts);
      }
    }
  });
  std::vector<float>& g = grads[0];
  for (std::size_t s = 1; s < shards; ++s)
    for (std::size_t i = 0; i < g.size(); ++i) g[i] += grads[s][i];
  double loss = 0, norm2 = 0;
  for (double l : losses) loss += l;
  for (float x : g) norm2 += static_cast<double>(x) * x;
  const double norm = std::sqrt(norm2);
  const float clipScale = norm > hyper_.clip ? static_cast<float>(hyper_.clip / norm) : 1.0f;

  const double lr = learningRate(step_);
  const double t = step_ + 1;
  const double bc1 = 1.0 - std::pow(hyper_.beta1, t), bc2 = 1.0 - std::pow(hyper_.beta2, t);
  const float b1 = static_cast<float>(hyper_.beta1), b2 = static_cast<float>(hyper_.beta2);
  for (const auto& tensor : gpt2Layout(config_)) {
    const float decay = tensor.decay ? static_cast<float>(lr * hyper_.weightDecay) : 0.0f;
    for (std::size_t i = tensor.offset; i < tensor.offset + tensor.size; ++i) {
      const float gi = g[i] * clipScale;
      m_[i] = b1 * m_[i] + (1.0f - b1) * gi;
      v_[i] = b2 * v_[i] + (1.0f - b2) * gi * gi;
      const double update = (m_[i] / bc1) / (std::sqrt(v_[i] / bc2) + hyper_.eps);
      params_[i] -= static_cast<float>(lr * update) + decay * params_[i];
    }
  }
  ++step_;
  return {loss / (static_cast<double>(hyper_.batch) * n), norm, lr};
}

double Gpt2Trainer::evaluate(const std::vector<int>& stream, int skipTarget, std::size_t* count) const {
  const int n = config_.context;
  std::vector<std::size_t> starts;
  for (std::size_t s = 0; s + 1 < stream.size(); s += static_cast<std::size_t>(n)) starts.push_back(s);
  std::vector<double> nats(starts.size(), 0.0);
  std::vector<std::size_t> counted(starts.size(), 0);
  ThreadPool::global().parallelFor(starts.size(), [&](std::size_t begin, std::size_t end) {
    Gpt2Activations<float> acts;
    for (std::size_t w = begin; w < end; ++w) {
      const int len = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(n), stream.size() - 1 - starts[w]));
      std::vector<int> targets(stream.begin() + static_cast<std::ptrdiff_t>(starts[w] + 1),
                               stream.begin() + static_cast<std::ptrdiff_t>(starts[w] + 1 + len));
      for (int& t : targets) {
        if (t == skipTarget) t = -1;
        else ++counted[w];
      }
      nats[w] = gpt2ForwardBackward<float>(config_, params_.data(), stream.data() + starts[w], targets.data(), len,
                                           1.0f, nullptr, acts);
    }
  });
  double total = 0;
  std::size_t c = 0;
  for (std::size_t w = 0; w < starts.size(); ++w) {
    total += nats[w];
    c += counted[w];
  }
  if (count != nullptr) *count = c;
  return total;
}

void Gpt2Trainer::saveCheckpoint(const std::string& path) const {
  nlohmann::json header = {{"config", configJson(config_)},
                           {"step", step_},
                           {"seed", hyper_.seed},
                           {"param_count", params_.size()}};
  const std::string text = header.dump();
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    const std::uint64_t len = text.size();
    out.write(kCheckpointMagic, sizeof(kCheckpointMagic));
    out.write(reinterpret_cast<const char*>(&len), sizeof(len));
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const auto* v : {&params_, &m_, &v_})
      out.write(reinterpret_cast<const char*>(v->data()), static_cast<std::streamsize>(v->size() * sizeof(float)));
    if (!out) failFile(tmp, "could not write the checkpoint (hint: disk full?)");
  }
  std::filesystem::rename(tmp, path);
}

void Gpt2Trainer::loadCheckpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) failFile(path, "cannot open checkpoint");
  char magic[8];
  std::uint64_t len = 0;
  in.read(magic, sizeof(magic));
  in.read(reinterpret_cast<char*>(&len), sizeof(len));
  if (!in || std::memcmp(magic, kCheckpointMagic, sizeof(magic)) != 0)
    failFile(path, "not a Glassbox training checkpoint (magic GBTRAIN1 expected)");
  if (len > (1u << 20)) failFile(path, "checkpoint header length " + std::to_string(len) + " is absurd");
  std::string text(len, '\0');
  in.read(text.data(), static_cast<std::streamsize>(len));
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    failFile(path, std::string("checkpoint header is not JSON: ") + e.what());
  }
  if (header.value("config", nlohmann::json()) != configJson(config_) ||
      header.value("param_count", std::size_t{0}) != params_.size())
    failFile(path, "checkpoint was written for a different model shape (hint: same --embd/--layers/... as the run)");
  for (auto* v : {&params_, &m_, &v_})
    in.read(reinterpret_cast<char*>(v->data()), static_cast<std::streamsize>(v->size() * sizeof(float)));
  if (!in) failFile(path, "checkpoint is truncated");
  step_ = header.value("step", 0);
}

void Gpt2Trainer::exportHuggingFace(const std::string& folder, int endOfTextId) const {
  std::filesystem::create_directories(folder);
  nlohmann::ordered_json cfg = {{"architectures", {"GPT2LMHeadModel"}},
                                {"model_type", "gpt2"},
                                {"vocab_size", config_.vocabSize},
                                {"n_positions", config_.context},
                                {"n_ctx", config_.context},
                                {"n_embd", config_.embd},
                                {"n_layer", config_.layers},
                                {"n_head", config_.heads},
                                {"n_inner", config_.inner},
                                {"activation_function", "gelu_new"},
                                {"layer_norm_epsilon", config_.lnEps},
                                {"resid_pdrop", 0.0},
                                {"embd_pdrop", 0.0},
                                {"attn_pdrop", 0.0},
                                {"initializer_range", 0.02},
                                {"scale_attn_weights", true},
                                {"tie_word_embeddings", true},
                                {"bos_token_id", endOfTextId},
                                {"eos_token_id", endOfTextId},
                                {"torch_dtype", "float32"}};
  const std::string cfgPath = folder + "/config.json";
  std::ofstream out(cfgPath, std::ios::binary);
  out << cfg.dump(2) << "\n";
  if (!out) failFile(cfgPath, "could not write config.json");
  std::vector<TensorToWrite> tensors;
  for (const auto& t : gpt2Layout(config_)) {
    std::vector<float> values(params_.begin() + static_cast<std::ptrdiff_t>(t.offset),
                              params_.begin() + static_cast<std::ptrdiff_t>(t.offset + t.size));
    tensors.push_back(f32Tensor(t.name, t.shape, values));
  }
  writeSafetensors(folder + "/model.safetensors", tensors, {{"format", "pt"}});
}

}  // namespace glassbox
