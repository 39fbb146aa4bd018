#pragma once
// The training loop of the encoder (BERT, masked language model) and the encoder-decoder (T5, span
// corruption): AdamW with warm-up and cosine decay, global-norm clipping, data-parallel shards,
// checkpoints — the same rules as Gpt2Trainer (gpt2_trainer.h), around a model-specific Objective.
//
// Determinism: the examples of step s come from Rng(seed ^ f(s)) in batch order, each batch is split
// into a fixed number of shards whose gradients are summed in shard order, so results depend on the
// seed only (not on the thread count, nor on resuming from a checkpoint).
#include <memory>
#include <string>
#include <vector>

#include "training/bert_model.h"
#include "training/gpt2_trainer.h"
#include "training/objectives.h"
#include "training/param_layout.h"
#include "training/t5_model.h"

namespace glassbox {

class Objective {
 public:
  virtual ~Objective() = default;
  virtual std::vector<ParamTensor> layout() const = 0;
  virtual std::vector<float> init(std::uint64_t seed) const = 0;
  virtual std::string shapeKey() const = 0;  // identifies the shape in checkpoints
  // One training example from a random place of the stream (token ids).
  virtual Example sample(const std::vector<int>& stream, Rng& rng) const = 0;
  // Summed nats over the counted targets; adds lossScale * gradient into grads when not null.
  // Concurrent calls are allowed (no shared mutable state).
  virtual double loss(const float* params, const Example& ex, float lossScale, float* grads) const = 0;
};

class BertMlmObjective : public Objective {
 public:
  BertMlmObjective(const BertConfig& config, int maskId, int firstSpecial, int window);
  std::vector<ParamTensor> layout() const override { return bertLayout(config_); }
  std::vector<float> init(std::uint64_t seed) const override { return bertInit<float>(config_, seed); }
  std::string shapeKey() const override;
  Example sample(const std::vector<int>& stream, Rng& rng) const override;
  double loss(const float* params, const Example& ex, float lossScale, float* grads) const override;
  const BertConfig& config() const { return config_; }
  int maskId() const { return maskId_; }
  int firstSpecial() const { return firstSpecial_; }
  int window() const { return window_; }

 private:
  BertConfig config_;
  int maskId_, firstSpecial_, window_;
};

class T5SpanObjective : public Objective {
 public:
  T5SpanObjective(const T5Config& config, const SpanCorruption& spans, int window);
  std::vector<ParamTensor> layout() const override { return t5Layout(config_); }
  std::vector<float> init(std::uint64_t seed) const override { return t5Init<float>(config_, seed); }
  std::string shapeKey() const override;
  Example sample(const std::vector<int>& stream, Rng& rng) const override;
  double loss(const float* params, const Example& ex, float lossScale, float* grads) const override;
  const T5Config& config() const { return config_; }
  const SpanCorruption& spans() const { return spans_; }
  int window() const { return window_; }

 private:
  T5Config config_;
  SpanCorruption spans_;
  int window_;
};

class FamilyTrainer {
 public:
  FamilyTrainer(std::shared_ptr<const Objective> objective, const TrainHyper& hyper);

  const Objective& objective() const { return *objective_; }
  const TrainHyper& hyper() const { return hyper_; }
  int step() const { return step_; }
  const std::vector<float>& params() const { return params_; }

  double learningRate(int step) const;
  StepResult trainStep(const std::vector<int>& stream);  // loss = mean nats per counted target
  // Summed nats of the examples and the number of counted targets, on the thread pool.
  double evaluate(const std::vector<Example>& examples, std::size_t* counted) const;

  // "GBTRAIN1", u64 header length, JSON header (shape key, step, seed), params, Adam m and v (F32).
  void saveCheckpoint(const std::string& path) const;
  void loadCheckpoint(const std::string& path);  // the shape must match; throws Error naming the file

 private:
  std::shared_ptr<const Objective> objective_;
  TrainHyper hyper_;
  std::vector<ParamTensor> layout_;
  std::vector<float> params_, m_, v_;
  int step_ = 0;
};

}  // namespace glassbox
