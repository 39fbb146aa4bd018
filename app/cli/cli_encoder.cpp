// Shared pieces of the encoder subcommands.
#include "cli_encoder.h"

#include <cstdio>
#include <filesystem>

#include "cli_common.h"
#include "core/error.h"
#include "core/json_util.h"
#include "core/mapped_file.h"

namespace glassbox::cli {

namespace {

constexpr std::size_t kMaxTextFileBytes = std::size_t{16} << 20;

const char* checkpointFor(unsigned capability) {
  if (capability & kCanFillMask) return "a ...ForMaskedLM checkpoint";
  if (capability & kCanClassify) return "a ...ForSequenceClassification or ...ForTokenClassification checkpoint";
  return "an encoder checkpoint (BERT, RoBERTa, DistilBERT, sentence-transformers)";
}

}  // namespace

LoadedEncoder loadEncoder(const CliArgs& args, const std::string& command, unsigned needed) {
  LoadedEncoder e;
  e.path = resolveModelPath(args);
  e.model = Model::load(e.path);
  const ModelConfig& c = e.model->config();
  if (e.model->family() != Family::Encoder)
    throw Error(command + ": " + e.model->info().name + " is " + familyName(e.model->family()) +
                "; hint: " + command + " runs encoder-only models (BERT, RoBERTa, DistilBERT); use generate");
  if ((c.capabilities & needed) == 0)
    throw Error(command + ": " + e.model->info().name + " (" + c.architectureName + ") has no head for " + command +
                "; hint: open " + checkpointFor(needed));
  e.tokenizer = loadTokenizerFor(e.path, args);
  return e;
}

Encoding encodeText(const LoadedEncoder& e, EncoderSession& session, const std::string& text, const std::string& command) {
  // One text: no padding (transformers' tokenizers pad only when asked), the tokenizer's truncation kept.
  EncodeOptions options = encodeOptionsFor(*e.model);
  options.padding = false;
  Encoding enc = e.tokenizer->encode(text, options);
  if (enc.ids.empty()) throw Error(command + ": the text encodes to no tokens; hint: give a non-empty --text");
  session.encode(EncoderInput::fromEncoding(enc));
  return enc;
}

SentencePooling poolingFor(const CliArgs& args, const std::string& modelPath) {
  SentencePooling p;
  std::error_code ec;
  if (std::filesystem::is_directory(modelPath, ec))
    if (auto st = readSentencePooling(modelPath)) p = *st;
  if (auto flag = args.get("pooling")) {
    if (*flag == "none") p.pooling = Pooling::None;
    else if (*flag == "mean") p.pooling = Pooling::Mean;
    else if (*flag == "cls") p.pooling = Pooling::Cls;
    else if (*flag == "max") p.pooling = Pooling::Max;
    else throw Error("--pooling \"" + flag->substr(0, 40) + "\": expected none, mean, cls or max");
  }
  return p;
}

std::string textArgument(const CliArgs& args, const std::string& command) {
  if (auto t = args.get("text")) return *t;
  if (auto f = args.get("file")) return readTextFile(*f, kMaxTextFileBytes);
  throw Error(command + ": --text TEXT or --file F is required");
}

std::string jsonQuote(const std::string& s) { return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string tokensJson(const Encoding& enc) {
  std::string out = "[";
  for (std::size_t i = 0; i < enc.ids.size(); ++i)
    out += std::string(i ? ", " : "") + "{\"id\": " + std::to_string(enc.ids[i]) +
           ", \"text\": " + jsonQuote(enc.tokens[i].display) + "}";
  return out + "]";
}

void appendFloat(std::string& out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  out += buf;
}

}  // namespace glassbox::cli
