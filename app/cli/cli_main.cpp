// glassbox-cli: tokenize, run, sample and trace models from the command line.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "cli_common.h"
#include "core/error.h"

namespace {

constexpr const char* kUsage = R"(glassbox-cli — look inside a transformer language model from the command line

Usage: glassbox-cli COMMAND [flags]

Commands:
  info      --model PATH [--json]
            Architecture, layers, heads, kv heads, d_model, context, vocabulary, parameters, dtype, size.
  generate  --model PATH [--tokenizer PATH] --prompt TEXT [--max-new-tokens N] [--temperature T]
            [--top-k K] [--top-p P] [--min-p P] [--typical-p P] [--repeat-penalty R]
            [--frequency-penalty F] [--presence-penalty P] [--penalty-last-n N]
            [--sampler-order LIST] [--stop STRING]... [--seed S] [--json]
            Prints the prompt followed by the continuation. Temperature 0 is greedy.
            Defaults: --max-new-tokens 128 (a maximum: EOS, a --stop string or the full context
            end earlier), --temperature 0.8, --top-k 40 (0 = off), --top-p 0.95, --min-p 0.05,
            --typical-p 1 (off), --repeat-penalty 1 (off), --frequency-penalty 0, --presence-penalty 0,
            --penalty-last-n 64 (-1 = all), --sampler-order
            penalties,top-k,typical,top-p,min-p,temperature, --seed a new one each run (shown by --json).
            --json prints one document: per step the chosen token, its probability and rank, the top 20
            tokens before and after the chain, and each stage's kept count.
  trace     --model PATH --prompt TEXT --json
            Tokens, and for every layer and head the attention matrix.
  tokenize  (--tokenizer PATH | --model PATH) (--text TEXT | --file F) [--no-special-tokens]
            [--no-padding] [--no-truncation] [--json]
            Token ids, readable tokens and byte offsets, with the tokenizer's own truncation and padding
            (tokenizer.json "truncation" / "padding", as the Hugging Face library applies them);
            --no-padding / --no-truncation turn them off for the raw ids. --json prints ids, tokens,
            offsets, attention_mask (0 = padding), type_ids and the overflowing parts truncation cut off.
            PATH may also be a SentencePiece spiece.model.
  embed     --model PATH (--text T | --file F) [--pooling none|mean|cls|max] [--json]
            An encoder's last_hidden_state, one vector per token, and the pooled vector (the
            sentence-transformers folder's pooling, else mean). --json prints tokens, hidden, pooled.
  fill-mask --model PATH --text "... [MASK] ..." [--top N] [--temperature T] [--top-k K] [--top-p P]
            [--min-p P] [--json]
            For every mask, the N (default 5) most likely tokens after the sampler chain (off by default).
  classify  --model PATH (--text T | --file F) [--json]
            Sequence classification: labels with probabilities. Token classification: a label per
            token and the entities grouped from B-/I- tags with character spans.
  similarity --model PATH --text A --text B [--text C ...] [--pooling mean|cls|max] [--json]
            The cosine similarity matrix of the texts' pooled vectors.
  help      This text.

PATH is a Hugging Face model folder (config.json, model.safetensors, tokenizer.json) or a llama2.c
checkpoint (.bin, with tokenizer.bin beside it or given by --tokenizer). Without --model, the shipped
default model is used.
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "help") == 0 || std::strcmp(argv[1], "--help") == 0 ||
      std::strcmp(argv[1], "-h") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    if (command == "info") return glassbox::cli::runInfo(args);
    if (command == "generate") return glassbox::cli::runGenerate(args);
    if (command == "trace") return glassbox::cli::runTrace(args);
    if (command == "tokenize") return glassbox::cli::runTokenize(args);
    if (command == "embed") return glassbox::cli::runEmbed(args);
    if (command == "fill-mask") return glassbox::cli::runFillMask(args);
    if (command == "classify") return glassbox::cli::runClassify(args);
    if (command == "similarity") return glassbox::cli::runSimilarity(args);
    std::fprintf(stderr, "glassbox-cli: unknown command \"%s\"; run glassbox-cli help\n", command.c_str());
    return 2;
  } catch (const glassbox::Error& e) {
    std::fprintf(stderr, "glassbox-cli %s: error: %s\n", command.c_str(), e.what());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "glassbox-cli %s: error: out of memory\n", command.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "glassbox-cli %s: internal error: %s\n", command.c_str(), e.what());
    return 1;
  }
}
