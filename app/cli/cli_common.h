#pragma once
// Pieces shared by the subcommands.
#include <string>
#include <vector>

#include "cli_args.h"
#include "models/model.h"
#include "tokenizers/tokenizer.h"

namespace glassbox::cli {

// Each subcommand: parses its flags, writes to stdout, returns the exit code. Errors are thrown as
// glassbox::Error and reported by main.
int runInfo(const std::vector<std::string>& args);
int runGenerate(const std::vector<std::string>& args);
int runTrace(const std::vector<std::string>& args);
int runTokenize(const std::vector<std::string>& args);
int runEmbed(const std::vector<std::string>& args);
int runFillMask(const std::vector<std::string>& args);
int runClassify(const std::vector<std::string>& args);
int runSimilarity(const std::vector<std::string>& args);

// --model PATH, or the shipped default model when absent (Error with a hint when neither exists).
std::string resolveModelPath(const CliArgs& args);

// The tokenizer for a model path: --tokenizer PATH if given; else tokenizer.json in a model directory;
// else tokenizer.bin beside a llama2.c checkpoint. Throws Error naming what was looked for.
std::shared_ptr<const Tokenizer> loadTokenizerFor(const std::string& modelPath, const CliArgs& args);

}  // namespace glassbox::cli
