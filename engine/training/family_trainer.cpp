#include "training/family_trainer.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/thread_pool.h"

namespace glassbox {
namespace {

constexpr char kMagic[8] = {'G', 'B', 'T', 'R', 'A', 'I', 'N', '1'};

std::size_t windowStart(const std::vector<int>& stream, int window, Rng& rng) {
  if (stream.size() <= static_cast<std::size_t>(window))
    throw Error("trainer: training data (" + std::to_string(stream.size()) + " tokens) shorter than the window");
  return rng.below(stream.size() - static_cast<std::size_t>(window));
}

}  // namespace

BertMlmObjective::BertMlmObjective(const BertConfig& config, int maskId, int firstSpecial, int window)
    : config_(config), maskId_(maskId), firstSpecial_(firstSpecial), window_(window) {
  config_.validate();
  if (window < 2 || window > config.context) throw Error("BERT objective: window outside 2..max_position_embeddings");
}

std::string BertMlmObjective::shapeKey() const {
  const BertConfig& c = config_;
  return nlohmann::json{{"bert", {c.vocabSize, c.context, c.layers, c.heads, c.hidden, c.inner, c.typeVocab}}}.dump();
}

Example BertMlmObjective::sample(const std::vector<int>& stream, Rng& rng) const {
  const std::size_t at = windowStart(stream, window_, rng);
  return maskedLanguageModel(std::span<const int>(stream.data() + at, static_cast<std::size_t>(window_)), rng, maskId_,
                             firstSpecial_);
}

double BertMlmObjective::loss(const float* params, const Example& ex, float lossScale, float* grads) const {
  BertActivations<float> acts;
  return bertForwardBackward<float>(config_, params, ex.input.data(), ex.targets.data(),
                                    static_cast<int>(ex.input.size()), lossScale, grads, acts);
}

T5SpanObjective::T5SpanObjective(const T5Config& config, const SpanCorruption& spans, int window)
    : config_(config), spans_(spans), window_(window) {
  config_.validate();
  if (window < 2) throw Error("T5 objective: window of at least 2 tokens");
}

std::string T5SpanObjective::shapeKey() const {
  const T5Config& c = config_;
  return nlohmann::json{{"t5", {c.vocabSize, c.dModel, c.dKv, c.dFF, c.encoderLayers, c.decoderLayers, c.heads,
                                c.buckets, c.maxDistance}}}
      .dump();
}

Example T5SpanObjective::sample(const std::vector<int>& stream, Rng& rng) const {
  const std::size_t at = windowStart(stream, window_, rng);
  return corruptSpans(std::span<const int>(stream.data() + at, static_cast<std::size_t>(window_)), rng, spans_);
}

double T5SpanObjective::loss(const float* params, const Example& ex, float lossScale, float* grads) const {
  return t5ForwardBackward<float>(config_, params, ex.input.data(), static_cast<int>(ex.input.size()),
                                  ex.decoderInput.data(), ex.targets.data(), static_cast<int>(ex.decoderInput.size()),
                                  lossScale, grads);
}

FamilyTrainer::FamilyTrainer(std::shared_ptr<const Objective> objective, const TrainHyper& hyper)
    : objective_(std::move(objective)), hyper_(hyper), layout_(objective_->layout()),
      params_(objective_->init(hyper.seed)) {
  if (hyper.batch < 1 || hyper.shards < 1 || hyper.steps < 1)
    throw Error("trainer: batch, shards and steps must be positive");
  m_.assign(params_.size(), 0.0f);
  v_.assign(params_.size(), 0.0f);
}

double FamilyTrainer::learningRate(int step) const {
  if (step < hyper_.warmup) return hyper_.lr * (step + 1) / hyper_.warmup;
  const double progress =
      std::min(1.0, static_cast<double>(step - hyper_.warmup) / std::max(1, hyper_.steps - hyper_.warmup));
  const double minLr = hyper_.lr * hyper_.minLrFraction;
  return minLr + 0.5 * (hyper_.lr - minLr) * (1.0 + std::cos(3.141592653589793 * progress));
}

StepResult FamilyTrainer::trainStep(const std::vector<int>& stream) {
  Rng rng(hyper_.seed ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(step_ + 1)));
  std::vector<Example> batch;
  std::size_t counted = 0;
  for (int b = 0; b < hyper_.batch; ++b) {
    batch.push_back(objective_->sample(stream, rng));
    for (int t : batch.back().targets) counted += t >= 0;
  }
  const float scale = 1.0f / static_cast<float>(std::max<std::size_t>(counted, 1));
  const std::size_t shards = static_cast<std::size_t>(hyper_.shards);
  std::vector<std::vector<float>> grads(shards);
  std::vector<double> losses(shards, 0.0);
  ThreadPool::global().parallelFor(shards, [&](std::size_t begin, std::size_t end) {
    for (std::size_t s = begin; s < end; ++s) {
      grads[s].assign(params_.size(), 0.0f);
      for (std::size_t b = s; b < batch.size(); b += shards)
        losses[s] += objective_->loss(params_.data(), batch[b], scale, grads[s].data());
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
  for (const auto& tensor : layout_) {
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
  return {loss / static_cast<double>(std::max<std::size_t>(counted, 1)), norm, lr};
}

double FamilyTrainer::evaluate(const std::vector<Example>& examples, std::size_t* counted) const {
  std::vector<double> nats(examples.size(), 0.0);
  ThreadPool::global().parallelFor(examples.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) nats[i] = objective_->loss(params_.data(), examples[i], 1.0f, nullptr);
  });
  double total = 0;
  std::size_t c = 0;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    total += nats[i];
    for (int t : examples[i].targets) c += t >= 0;
  }
  if (counted != nullptr) *counted = c;
  return total;
}

void FamilyTrainer::saveCheckpoint(const std::string& path) const {
  const nlohmann::json header = {{"shape", objective_->shapeKey()}, {"step", step_}, {"seed", hyper_.seed},
                                 {"param_count", params_.size()}};
  const std::string text = header.dump();
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    const std::uint64_t len = text.size();
    out.write(kMagic, sizeof(kMagic));
    out.write(reinterpret_cast<const char*>(&len), sizeof(len));
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const auto* v : {&params_, &m_, &v_})
      out.write(reinterpret_cast<const char*>(v->data()), static_cast<std::streamsize>(v->size() * sizeof(float)));
    if (!out) failFile(tmp, "could not write the checkpoint (hint: disk full?)");
  }
  std::filesystem::rename(tmp, path);
}

void FamilyTrainer::loadCheckpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) failFile(path, "cannot open checkpoint");
  char magic[8];
  std::uint64_t len = 0;
  in.read(magic, sizeof(magic));
  in.read(reinterpret_cast<char*>(&len), sizeof(len));
  if (!in || std::memcmp(magic, kMagic, sizeof(magic)) != 0)
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
  if (header.value("shape", std::string()) != objective_->shapeKey() ||
      header.value("param_count", std::size_t{0}) != params_.size())
    failFile(path, "checkpoint was written for a different model shape (hint: same shape options as the run)");
  for (auto* v : {&params_, &m_, &v_})
    in.read(reinterpret_cast<char*>(v->data()), static_cast<std::streamsize>(v->size() * sizeof(float)));
  if (!in) failFile(path, "checkpoint is truncated");
  step_ = header.value("step", 0);
}

}  // namespace glassbox
