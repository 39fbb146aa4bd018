#pragma once
// The stages of `glassbox-train`: corpus -> tokenizer -> token streams -> training -> export -> samples.
#include <cstdint>
#include <string>
#include <vector>

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
  std::string family = "gpt2";  // "gpt2" (decoder), "bert" (encoder, MLM) or "t5" (encoder-decoder, spans)
  Gpt2Config model;             // embd, layers, heads, inner, context: shared by all three families
  int dKv = 32;                 // T5 d_kv
  int decoderLayers = 2;        // T5 num_decoder_layers (model.layers is num_layers)
  int buckets = 32;             // T5 relative_attention_num_buckets
  int maxDistance = 128;        // T5 relative_attention_max_distance
  int window = 128;             // BERT / T5: tokens of the stream per example
  TrainHyper hyper;
  int logEvery = 10;
  int evalEvery = 250;
  int checkpointEvery = 100;
  bool resume = false;
  std::string baselinesOf;  // non-empty: only measure the baselines (byte n-grams, this GPT-2 folder)
  int threads = 0;  // 0 = the pool's default
};

// Runs every stage; prints progress to stdout. Returns 0 on success.
int runPipeline(const PipelineOptions& options);

// The encoder / encoder-decoder stages after the tokenizer (family_pipeline.cpp).
class ByteLevelBpe;
int runFamilyPipeline(const PipelineOptions& options, ByteLevelBpe& bpe,
                      const std::vector<int>& trainIds, const std::vector<int>& heldIds, std::size_t heldBytes);

// "H:MM:SS"
std::string hms(double seconds);

}  // namespace glassbox
