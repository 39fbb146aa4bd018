#pragma once
// The stages of `glassbox-train`: corpus -> tokenizer -> token streams -> training -> export -> samples.
#include <cstdint>
#include <string>

#include "training/gpt2_model.h"
#include "training/gpt2_trainer.h"

namespace glassbox {

struct PipelineOptions {
  std::string corpusKind = "kjv";  // "kjv" (bible-kjv-text) or "wordnet" (wordnet-base)
  std::string corpusPath;          // default: /usr/lib/bible.data or /usr/share/wordnet
  std::string outDir;    // the model folder written (config.json, model.safetensors, tokenizer.json, ...)
  std::string workDir;   // checkpoints, loss.csv, samples.md, summary.json
  int vocabSize = 4096;
  int heldOutEvery = 50;  // every 50th chapter (KJV) or synset (WordNet) is held out
  Gpt2Config model;
  TrainHyper hyper;
  int logEvery = 10;
  int evalEvery = 250;
  int checkpointEvery = 100;
  bool resume = false;
  int threads = 0;  // 0 = the pool's default
};

// Runs every stage; prints progress to stdout. Returns 0 on success.
int runPipeline(const PipelineOptions& options);

}  // namespace glassbox
