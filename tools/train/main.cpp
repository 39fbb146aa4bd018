// glassbox-train: trains the byte-level BPE tokenizer and the GPT-2 default model from the King James
// Bible of Debian's bible-kjv-text package. `glassbox-train --help` lists the options.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "core/error.h"
#include "core/thread_pool.h"
#include "train_pipeline.h"

namespace {

void printHelp() {
  std::puts(
      "usage: glassbox-train --out DIR --work DIR [options]\n"
      "  --corpus-kind K      kjv (bible-kjv-text) or wordnet (wordnet-base); default kjv\n"
      "  --corpus PATH        corpus file or folder (default /usr/lib/bible.data or /usr/share/wordnet)\n"
      "  --family F           gpt2 (decoder, next token), bert (encoder, masked LM) or t5 (encoder-decoder,\n"
      "                       span corruption); default gpt2\n"
      "  --window N           bert/t5: stream tokens per example (default 128)\n"
      "  --dkv N --decoder-layers N --buckets N --max-distance N   t5 shape (default 32, 2, 32, 128)\n"
      "  --vocab N            BPE vocabulary size incl. <|endoftext|> (default 4096)\n"
      "  --embd N --layers N --heads N --inner N --ctx N   model shape (default 128, 4, 4, 512, 256)\n"
      "  --steps N --batch N --warmup N --lr X --seed N     optimisation (default 2000, 16, 100, 2e-3, 1234)\n"
      "  --log-every N --eval-every N --checkpoint-every N  (default 10, 250, 100)\n"
      "  --threads N          worker threads (default: GLASSBOX_THREADS or all cores)\n"
      "  --resume             continue from WORK/checkpoint.bin if present\n"
      "  --baselines DIR      only measure byte n-gram baselines and the GPT-2 folder DIR on the held-out\n"
      "                       split (writes WORK/baselines.json)");
}

}  // namespace

int main(int argc, char** argv) {
  glassbox::PipelineOptions o;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw glassbox::Error(a + " needs a value");
        return argv[++i];
      };
      auto integer = [&]() { return std::stoi(value()); };
      if (a == "--help" || a == "-h") {
        printHelp();
        return 0;
      } else if (a == "--out") o.outDir = value();
      else if (a == "--work") o.workDir = value();
      else if (a == "--corpus") o.corpusPath = value();
      else if (a == "--corpus-kind") o.corpusKind = value();
      else if (a == "--family") o.family = value();
      else if (a == "--dkv") o.dKv = integer();
      else if (a == "--decoder-layers") o.decoderLayers = integer();
      else if (a == "--buckets") o.buckets = integer();
      else if (a == "--max-distance") o.maxDistance = integer();
      else if (a == "--window") o.window = integer();
      else if (a == "--vocab") o.vocabSize = integer();
      else if (a == "--embd") o.model.embd = integer();
      else if (a == "--layers") o.model.layers = integer();
      else if (a == "--heads") o.model.heads = integer();
      else if (a == "--inner") o.model.inner = integer();
      else if (a == "--ctx") o.model.context = integer();
      else if (a == "--steps") o.hyper.steps = integer();
      else if (a == "--batch") o.hyper.batch = integer();
      else if (a == "--warmup") o.hyper.warmup = integer();
      else if (a == "--lr") o.hyper.lr = std::stod(value());
      else if (a == "--seed") o.hyper.seed = std::stoull(value());
      else if (a == "--log-every") o.logEvery = integer();
      else if (a == "--eval-every") o.evalEvery = integer();
      else if (a == "--checkpoint-every") o.checkpointEvery = integer();
      else if (a == "--threads") o.threads = integer();
      else if (a == "--resume") o.resume = true;
      else if (a == "--baselines") o.baselinesOf = value();
      else throw glassbox::Error("unknown option " + a + " (see --help)");
    }
    if (o.outDir.empty() || o.workDir.empty()) throw glassbox::Error("--out and --work are required (see --help)");
    if (o.threads > 0) glassbox::ThreadPool::setGlobalThreads(o.threads);
    return glassbox::runPipeline(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "glassbox-train: %s\n", e.what());
    return 1;
  }
}
