#pragma once
// Training loop pieces for the GPT-2 model of gpt2_model.h: AdamW with linear warm-up and cosine decay,
// global-norm gradient clipping, data-parallel batches over the global thread pool, held-out
// evaluation, checkpoints, and export to a Hugging Face folder (config.json + model.safetensors).
//
// Determinism: the batch of step s is drawn from Rng(seed ^ f(s)), and the batch is split into a fixed
// number of shards whose gradients are summed in shard order, so results depend on the seed only — not
// on the number of threads, and not on whether the run was resumed from a checkpoint.
#include <cstdint>
#include <string>
#include <vector>

#include "training/gpt2_model.h"

namespace glassbox {

struct TrainHyper {
  int batch = 16;          // sequences per step
  int steps = 2000;        // total optimiser steps
  int warmup = 100;        // linear warm-up steps
  double lr = 2e-3;        // peak learning rate
  double minLrFraction = 0.1;  // cosine decays to lr * this
  double weightDecay = 0.1;    // decoupled, on matrices only
  double beta1 = 0.9, beta2 = 0.95, eps = 1e-8;
  double clip = 1.0;       // global gradient-norm clip
  std::uint64_t seed = 1234;
  int shards = 2;          // fixed split of a batch (threads take whole shards)
};

struct StepResult {
  double loss = 0;      // mean nats per target token of this batch
  double gradNorm = 0;  // before clipping
  double lr = 0;
};

class Gpt2Trainer {
 public:
  Gpt2Trainer(const Gpt2Config& config, const TrainHyper& hyper);

  const Gpt2Config& config() const { return config_; }
  const TrainHyper& hyper() const { return hyper_; }
  int step() const { return step_; }
  const std::vector<float>& params() const { return params_; }
  std::vector<float>& mutableParams() { return params_; }

  double learningRate(int step) const;
  // One optimiser step on a batch of random windows of `data` (token ids, length > context).
  StepResult trainStep(const std::vector<int>& data);

  // Summed nats of predicting stream[1..] from its prefix in windows of the context length (each
  // window restarts at position 0); targets equal to skipTarget are not counted. count receives the
  // number of counted targets.
  double evaluate(const std::vector<int>& stream, int skipTarget, std::size_t* count = nullptr) const;

  // Own format: "GBTRAIN1", u64 JSON header length, JSON (config, hyper, step), then params, Adam m and v
  // as little-endian F32. Written to a temporary name, then renamed.
  void saveCheckpoint(const std::string& path) const;
  void loadCheckpoint(const std::string& path);  // config must match; throws Error naming the file

  // config.json (GPT2LMHeadModel) and model.safetensors with the Hugging Face GPT-2 tensor names.
  void exportHuggingFace(const std::string& folder, int endOfTextId) const;

 private:
  Gpt2Config config_;
  TrainHyper hyper_;
  std::vector<float> params_, m_, v_;
  int step_ = 0;
};

}  // namespace glassbox
