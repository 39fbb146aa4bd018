#pragma once
// Pieces shared by the encoder subcommands (embed, fill-mask, classify, similarity): loading an encoder
// with its tokenizer, running one text, the pooling a folder asks for, and JSON pieces.
#include <memory>
#include <string>

#include "cli_args.h"
#include "models/model.h"
#include "models/sentence_pooling.h"
#include "models/session.h"
#include "tokenizers/tokenizer.h"

namespace glassbox::cli {

struct LoadedEncoder {
  std::string path;
  std::shared_ptr<const Model> model;
  std::shared_ptr<const Tokenizer> tokenizer;
};

// Loads --model; Error when it is not an encoder, or lacks `needed` (a Capability), naming `command`
// and the checkpoint class that would have it.
LoadedEncoder loadEncoder(const CliArgs& args, const std::string& command, unsigned needed);
// Tokenizes `text` as the model's pipelines do and runs the encoder; returns the encoding.
Encoding encodeText(const LoadedEncoder& e, EncoderSession& session, const std::string& text, const std::string& command);
// --pooling none|mean|cls|max, else the sentence-transformers folder's, else mean; normalize from the
// folder's Normalize module.
SentencePooling poolingFor(const CliArgs& args, const std::string& modelPath);
// --text T, or the contents of --file F (one text); Error naming the command when neither is given.
std::string textArgument(const CliArgs& args, const std::string& command);

std::string jsonQuote(const std::string& s);
std::string tokensJson(const Encoding& enc);  // [{"id", "text"}...]
void appendFloat(std::string& out, double v);

}  // namespace glassbox::cli
