#include "train_pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/rng.h"
#include "core/thread_pool.h"
#include "training/bpe_trainer.h"
#include "train/baselines.h"
#include "train/corpus_choice.h"

namespace glassbox {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// <|endoftext|> before every chapter: the model sees document starts the way it sees them at inference.
std::vector<int> encodeChapters(ByteLevelBpe& bpe, const std::vector<std::string>& chapters, std::size_t* bytes) {
  std::vector<int> stream;
  std::size_t total = 0;
  for (const auto& ch : chapters) {
    stream.push_back(bpe.endOfTextId());
    const auto ids = bpe.encode(ch);
    stream.insert(stream.end(), ids.begin(), ids.end());
    total += ch.size();
  }
  if (bytes != nullptr) *bytes = total;
  return stream;
}

// Continues `prompt` for `count` tokens with the trainer's own forward (full recompute, no cache).
// temperature 0 = greedy; otherwise top-k sampling from Rng(seed).
std::string continueText(const Gpt2Trainer& trainer, ByteLevelBpe& bpe, const std::string& prompt, int count,
                         double temperature, int topK, std::uint64_t seed) {
  const Gpt2Config& c = trainer.config();
  std::vector<int> ids = bpe.encode(prompt);
  const std::size_t promptLen = ids.size();
  Rng rng(seed);
  Gpt2Activations<float> acts;
  std::vector<float> logits;
  for (int k = 0; k < count; ++k) {
    const std::size_t from = ids.size() > static_cast<std::size_t>(c.context) ? ids.size() - c.context : 0;
    std::vector<int> window(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.end());
    std::vector<int> noTargets(window.size(), -1);
    gpt2ForwardBackward<float>(c, trainer.params().data(), window.data(), noTargets.data(),
                               static_cast<int>(window.size()), 1.0f, nullptr, acts, &logits);
    const float* last = logits.data() + (window.size() - 1) * static_cast<std::size_t>(c.vocabSize);
    int next = 0;
    if (temperature <= 0) {
      next = static_cast<int>(std::max_element(last, last + c.vocabSize) - last);
    } else {
      std::vector<int> order(static_cast<std::size_t>(c.vocabSize));
      for (int v = 0; v < c.vocabSize; ++v) order[static_cast<std::size_t>(v)] = v;
      std::partial_sort(order.begin(), order.begin() + topK, order.end(),
                        [&](int a, int b) { return last[a] > last[b] || (last[a] == last[b] && a < b); });
      std::vector<double> p(static_cast<std::size_t>(topK));
      double sum = 0;
      for (int i = 0; i < topK; ++i) sum += p[static_cast<std::size_t>(i)] =
          std::exp((last[order[static_cast<std::size_t>(i)]] - last[order[0]]) / temperature);
      double u = rng.uniform() * sum;
      next = order[static_cast<std::size_t>(topK - 1)];
      for (int i = 0; i < topK; ++i) {
        u -= p[static_cast<std::size_t>(i)];
        if (u < 0) {
          next = order[static_cast<std::size_t>(i)];
          break;
        }
      }
    }
    if (next == bpe.endOfTextId()) break;
    ids.push_back(next);
  }
  return bpe.decode(std::vector<int>(ids.begin() + static_cast<std::ptrdiff_t>(promptLen), ids.end()));
}

void writeSamples(const Gpt2Trainer& trainer, ByteLevelBpe& bpe, const std::vector<std::string>& prompts,
                  const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  for (const std::string& p : prompts) {
    out << "### " << p << "\n\n";
    out << "greedy:\n\n```\n" << p << continueText(trainer, bpe, p, 48, 0.0, 1, 0) << "\n```\n\n";
    for (std::uint64_t seed : {1, 2}) {
      out << "sampled (temperature 0.8, top-k 40, seed " << seed << "):\n\n```\n"
          << p << continueText(trainer, bpe, p, 48, 0.8, 40, seed) << "\n```\n\n";
    }
  }
}

}  // namespace

std::string hms(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  return buf;
}

int runPipeline(const PipelineOptions& o) {
  namespace fs = std::filesystem;
  fs::create_directories(o.outDir);
  fs::create_directories(o.workDir);
  const auto t0 = Clock::now();

  const TrainingCorpus split = loadTrainingCorpus(o.corpusKind, o.corpusPath, o.heldOutEvery);
  std::printf("corpus %s: %zu documents, %zu train, %zu held out (%.1fs)\n", split.kind.c_str(),
              split.train.size() + split.heldOut.size(), split.train.size(), split.heldOut.size(), secondsSince(t0));

  if (!o.baselinesOf.empty()) {
    nlohmann::ordered_json j = {{"heldout_bytes", 0}};
    std::size_t bytes = 0;
    for (const auto& d : split.heldOut) bytes += d.size();
    j["heldout_bytes"] = bytes;
    for (int order : {0, 2, 4, 5}) {
      const double bpb = byteNgramBitsPerByte(split.train, split.heldOut, order);
      j["byte_ngram_order_" + std::to_string(order) + "_bits_per_byte"] = bpb;
      std::printf("byte n-gram, order %d (Witten-Bell): %.4f bits/byte (%.0fs)\n", order, bpb, secondsSince(t0));
      std::fflush(stdout);
    }
    const double other = gpt2FolderBitsPerByte(o.baselinesOf, split.heldOut);
    j["model_folder"] = fs::path(o.baselinesOf).filename().string();
    j["model_folder_bits_per_byte"] = other;
    std::printf("%s on this held-out split: %.4f bits/byte\n", o.baselinesOf.c_str(), other);
    std::ofstream(o.workDir + "/baselines.json") << j.dump(2) << "\n";
    return 0;
  }

  ByteLevelBpe bpe = ByteLevelBpe::train(
      split.train, o.vocabSize,
      [](int merges) {
        if (merges % 1024 == 0) std::printf("  bpe: %d merges\n", merges), std::fflush(stdout);
      },
      split.specials, split.requiredTexts);
  bpe.writeTokenizerJson(o.outDir + "/tokenizer.json");
  bpe.writeMergeHistory(o.outDir + "/merges_history.tsv");
  std::size_t trainBytes = 0, heldBytes = 0;
  const std::vector<int> trainIds = encodeChapters(bpe, split.train, &trainBytes);
  const std::vector<int> heldIds = encodeChapters(bpe, split.heldOut, &heldBytes);
  std::printf("tokenizer: vocab %d, %zu merges; train %zu bytes -> %zu tokens, held-out %zu bytes -> %zu tokens (%.1fs)\n",
              bpe.vocabSize(), bpe.merges().size(), trainBytes, trainIds.size(), heldBytes, heldIds.size(),
              secondsSince(t0));

  if (o.family != "gpt2") return runFamilyPipeline(o, bpe, trainIds, heldIds, heldBytes);
  Gpt2Config mc = o.model;
  mc.vocabSize = bpe.vocabSize();
  Gpt2Trainer trainer(mc, o.hyper);
  const std::string ckpt = o.workDir + "/checkpoint.bin";
  const std::string csvPath = o.workDir + "/loss.csv";
  if (o.resume && fs::exists(ckpt)) {
    trainer.loadCheckpoint(ckpt);
    std::printf("resumed from %s at step %d\n", ckpt.c_str(), trainer.step());
  } else {
    std::ofstream(csvPath) << "step,train_loss,heldout_loss,heldout_bpb\n";
  }
  std::printf("model: %zu parameters, %d threads, %d steps of %d x %d tokens\n", trainer.params().size(),
              ThreadPool::global().threadCount(), o.hyper.steps, o.hyper.batch, mc.context);

  auto heldOut = [&](double* bpb) {
    std::size_t counted = 0;
    const double nats = trainer.evaluate(heldIds, bpe.endOfTextId(), &counted);
    *bpb = nats / static_cast<double>(heldBytes) / std::log(2.0);
    return nats / static_cast<double>(counted);
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
      const double tokPerSec = (s - firstStep) * static_cast<double>(o.hyper.batch) * mc.context / elapsed;
      const double eta = elapsed / (s - firstStep) * (o.hyper.steps - s);
      std::printf("step %5d/%d  loss %.4f  |g| %.3f  lr %.2e  %.0f tok/s  elapsed %s  ETA %s\n", s, o.hyper.steps,
                  r.loss, r.gradNorm, r.lr, tokPerSec, hms(elapsed).c_str(), hms(eta).c_str());
      std::fflush(stdout);
    }
    if (s % o.evalEvery == 0 || s == o.hyper.steps) {
      double bpb = 0;
      const double held = heldOut(&bpb);
      std::ofstream(csvPath, std::ios::app) << s << ',' << lossSum / lossCount << ',' << held << ',' << bpb << '\n';
      std::printf("eval  step %d  train %.4f  held-out %.4f nats/token  %.4f bits/byte\n", s, lossSum / lossCount,
                  held, bpb);
      lossSum = 0;
      lossCount = 0;
    }
    if (s % o.checkpointEvery == 0 || s == o.hyper.steps) trainer.saveCheckpoint(ckpt);
  }
  double bpb = 0;
  const double held = heldOut(&bpb);
  trainer.exportHuggingFace(o.outDir, bpe.endOfTextId());
  writeSamples(trainer, bpe, split.prompts, o.workDir + "/samples.md");
  nlohmann::ordered_json summary = {
      {"parameters", trainer.params().size()}, {"vocab_size", bpe.vocabSize()},
      {"train_bytes", trainBytes},             {"train_tokens", trainIds.size()},
      {"heldout_bytes", heldBytes},            {"heldout_tokens", heldIds.size()},
      {"heldout_nats_per_token", held},
      {"heldout_bits_per_byte", bpb},          {"steps", o.hyper.steps},
      {"threads", ThreadPool::global().threadCount()},
      {"seconds_this_run", secondsSince(t0)},  {"training_seconds_this_run", secondsSince(trainStart)}};
  if (split.kind == "kjv") {
    summary["heldout_chapters"] = split.heldOutNames;
  } else {
    summary["corpus"] = "wordnet-base 3.0 glosses and examples, one document per synset";
    summary["heldout_rule"] = "synset index % " + std::to_string(o.heldOutEvery) + " == " + std::to_string(o.heldOutEvery - 1);
    summary["heldout_documents"] = split.heldOut.size();
    summary["required_merges"] = bpe.requiredMergeCount();
  }
  std::ofstream(o.workDir + "/summary.json") << summary.dump(2) << "\n";
  std::printf("done: held-out %.4f nats/token, %.4f bits/byte; wrote %s (%.0fs)\n", held, bpb, o.outDir.c_str(),
              secondsSince(t0));
  return 0;
}

}  // namespace glassbox
