// glassbox-train for the encoder (BERT, masked language model) and the encoder-decoder (T5, span
// corruption): training loop with progress and ETA, held-out measurements, the Hugging Face folder,
// and the lesson's samples computed with the trainer's own forward pass.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/thread_pool.h"
#include "tokenizers/tokenizer.h"
#include "train/corpus_choice.h"
#include "train/family_eval.h"
#include "train_pipeline.h"
#include "training/family_trainer.h"
#include "training/hf_export.h"

namespace glassbox {
namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

SpecialIds specialIds(const ByteLevelBpe& bpe) {
  SpecialIds ids;
  ids.pad = bpe.specialId(kPad);
  ids.eos = bpe.specialId(kEos);
  ids.bos = bpe.specialId(kBos);
  ids.mask = bpe.specialId(kMask);
  ids.decoderStart = ids.pad;  // T5's convention
  return ids;
}

std::shared_ptr<const Objective> makeObjective(const PipelineOptions& o, const ByteLevelBpe& bpe) {
  const SpecialIds ids = specialIds(bpe);
  if (o.family == "bert") {
    BertConfig c;
    c.vocabSize = bpe.vocabSize();
    c.context = o.model.context;
    c.layers = o.model.layers;
    c.heads = o.model.heads;
    c.hidden = o.model.embd;
    c.inner = o.model.inner;
    return std::make_shared<BertMlmObjective>(c, ids.mask, bpe.firstSpecialId(), o.window);
  }
  if (o.family == "t5") {
    T5Config c;
    c.vocabSize = bpe.vocabSize();
    c.dModel = o.model.embd;
    c.dKv = o.dKv;
    c.dFF = o.model.inner;
    c.encoderLayers = o.model.layers;
    c.decoderLayers = o.decoderLayers;
    c.heads = o.model.heads;
    c.buckets = o.buckets;
    c.maxDistance = o.maxDistance;
    SpanCorruption spans;
    spans.sentinel0 = bpe.specialId(sentinel(0));
    spans.sentinels = kSentinels;
    spans.eos = ids.eos;
    spans.decoderStart = ids.decoderStart;
    return std::make_shared<T5SpanObjective>(c, spans, o.window);
  }
  throw Error("unknown --family '" + o.family + "' (hint: gpt2, bert or t5)");
}

// tokenizer_config.json: which of the shared tokenizer's special tokens this family uses.
void writeTokenizerConfig(const std::string& folder, const std::string& family) {
  nlohmann::ordered_json j = {{"tokenizer_class", "PreTrainedTokenizerFast"}, {"model_max_length", 128}};
  if (family == "bert") {
    j["pad_token"] = kPad;
    j["mask_token"] = kMask;
    j["cls_token"] = kBos;
    j["sep_token"] = kEos;
  } else {
    j["pad_token"] = kPad;
    j["eos_token"] = kEos;
    std::vector<std::string> extra;
    for (int i = 0; i < kSentinels; ++i) extra.push_back(sentinel(i));
    j["additional_special_tokens"] = extra;
    j["extra_ids"] = 0;  // the sentinels are in the vocabulary already
  }
  std::ofstream(folder + "/tokenizer_config.json") << j.dump(2) << "\n";
}

}  // namespace

int runFamilyPipeline(const PipelineOptions& o, ByteLevelBpe& bpe,
                      const std::vector<int>& trainIds, const std::vector<int>& heldIds, std::size_t heldBytes) {
  namespace fs = std::filesystem;
  const auto t0 = Clock::now();
  const auto objective = makeObjective(o, bpe);
  FamilyTrainer trainer(objective, o.hyper);
  const std::vector<Example> heldOut = heldOutExamples(*objective, heldIds);
  const std::string ckpt = o.workDir + "/checkpoint.bin", csvPath = o.workDir + "/loss.csv";
  if (o.resume && fs::exists(ckpt)) {
    trainer.loadCheckpoint(ckpt);
    std::printf("resumed from %s at step %d\n", ckpt.c_str(), trainer.step());
  } else {
    std::ofstream(csvPath) << "step,train_loss,heldout_loss\n";
  }
  std::printf("model %s: %zu parameters, %d threads, %d steps of %d examples x %d tokens; %zu held-out examples\n",
              o.family.c_str(), trainer.params().size(), ThreadPool::global().threadCount(), o.hyper.steps,
              o.hyper.batch, o.window, heldOut.size());
  auto heldLoss = [&]() {
    std::size_t counted = 0;
    const double nats = trainer.evaluate(heldOut, &counted);
    return nats / static_cast<double>(std::max<std::size_t>(counted, 1));
  };
  const auto trainStart = Clock::now();
  const int firstStep = trainer.step();
  double lossSum = 0;
  int lossCount = 0;
  while (trainer.step() < o.hyper.steps) {
    const StepResult r = trainer.trainStep(trainIds);
    lossSum += r.loss;
    ++lossCount;
    const int s = trainer.step();
    if (s % o.logEvery == 0 || s == o.hyper.steps) {
      const double elapsed = secondsSince(trainStart);
      const double eta = elapsed / (s - firstStep) * (o.hyper.steps - s);
      const double tokPerSec = (s - firstStep) * static_cast<double>(o.hyper.batch) * o.window / elapsed;
      std::printf("step %5d/%d  loss %.4f  |g| %.3f  lr %.2e  %.0f tok/s  elapsed %s  ETA %s\n", s, o.hyper.steps,
                  r.loss, r.gradNorm, r.lr, tokPerSec, hms(elapsed).c_str(), hms(eta).c_str());
      std::fflush(stdout);
    }
    if (s % o.evalEvery == 0 || s == o.hyper.steps) {
      const double held = heldLoss();
      std::ofstream(csvPath, std::ios::app) << s << ',' << lossSum / lossCount << ',' << held << '\n';
      std::printf("eval  step %d  train %.4f  held-out %.4f nats/target\n", s, lossSum / lossCount, held);
      lossSum = 0;
      lossCount = 0;
    }
    if (s % o.checkpointEvery == 0 || s == o.hyper.steps) trainer.saveCheckpoint(ckpt);
  }
  const double trainSeconds = secondsSince(trainStart);
  const SpecialIds ids = specialIds(bpe);
  if (o.family == "bert") {
    exportBertFolder(o.outDir, static_cast<const BertMlmObjective&>(*objective).config(), trainer.params(), ids);
  } else {
    exportT5Folder(o.outDir, static_cast<const T5SpanObjective&>(*objective).config(), trainer.params(), ids);
  }
  writeTokenizerConfig(o.outDir, o.family);

  const auto tok = Tokenizer::load(o.outDir + "/tokenizer.json");
  nlohmann::ordered_json summary = {{"family", o.family},
                                    {"parameters", trainer.params().size()},
                                    {"weight_bytes", trainer.params().size() * sizeof(float)},
                                    {"vocab_size", bpe.vocabSize()},
                                    {"corpus", "wordnet-base 3.0 glosses and examples, one document per synset"},
                                    {"heldout_rule", "synset index % " + std::to_string(o.heldOutEvery) +
                                                         " == " + std::to_string(o.heldOutEvery - 1)},
                                    {"train_tokens", trainIds.size()},
                                    {"heldout_tokens", heldIds.size()},
                                    {"heldout_bytes", heldBytes},
                                    {"heldout_examples", heldOut.size()},
                                    {"steps", o.hyper.steps},
                                    {"batch", o.hyper.batch},
                                    {"window", o.window},
                                    {"threads", ThreadPool::global().threadCount()},
                                    {"training_seconds_this_run", trainSeconds}};
  std::ofstream samples(o.workDir + "/samples.md", std::ios::binary);
  if (o.family == "bert") {
    const auto& obj = static_cast<const BertMlmObjective&>(*objective);
    summary["heldout"] = bertHeldOutMetrics(obj, trainer.params(), heldOut);
    summary["homonym"] = bertHomonymTest(obj, trainer.params(), *tok);
    bertSamples(obj, trainer.params(), *tok, summary["homonym"], samples);
  } else {
    const auto& obj = static_cast<const T5SpanObjective&>(*objective);
    summary["heldout"] = t5HeldOutMetrics(obj, trainer.params(), heldOut, 400);
    t5Samples(obj, trainer.params(), *tok, samples);
  }
  summary["seconds_this_run"] = secondsSince(t0);
  std::ofstream(o.workDir + "/summary.json") << summary.dump(2) << "\n";
  std::printf("done: %s; wrote %s (%.0fs)\n", summary["heldout"].dump().c_str(), o.outDir.c_str(), secondsSince(t0));
  return 0;
}

}  // namespace glassbox
