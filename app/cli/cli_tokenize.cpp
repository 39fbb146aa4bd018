// glassbox-cli tokenize: ids, readable tokens and byte offsets of a text.
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "core/error.h"
#include "core/json_util.h"
#include "core/mapped_file.h"

namespace glassbox::cli {

namespace {

std::string jsonQuote(const std::string& s) {
  return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// One line per token: index, id, [begin, end), the readable token with control characters escaped.
void printTable(const Encoding& enc) {
  std::printf("%zu tokens%s\n", enc.ids.size(),
              enc.inputHadInvalidUtf8 ? " (input had invalid UTF-8, replaced by U+FFFD)" : "");
  for (std::size_t i = 0; i < enc.tokens.size(); ++i) {
    const TokenPiece& t = enc.tokens[i];
    std::printf("%5zu %8d [%zu, %zu) %s%s%s\n", i, t.id, t.begin, t.end, jsonQuote(t.display).c_str(),
                t.special ? " special" : "", t.partialChar ? " partial-char" : "");
  }
}

void printJson(const Encoding& enc) {
  std::string out = "{\"ids\": [";
  for (std::size_t i = 0; i < enc.ids.size(); ++i) out += (i ? ", " : "") + std::to_string(enc.ids[i]);
  out += "], \"tokens\": [";
  for (std::size_t i = 0; i < enc.tokens.size(); ++i) out += (i ? ", " : "") + jsonQuote(enc.tokens[i].display);
  out += "], \"offsets\": [";
  for (std::size_t i = 0; i < enc.tokens.size(); ++i)
    out += (i ? ", [" : "[") + std::to_string(enc.tokens[i].begin) + ", " + std::to_string(enc.tokens[i].end) + "]";
  out += "]}\n";
  std::fputs(out.c_str(), stdout);
}

}  // namespace

int runTokenize(const std::vector<std::string>& argv) {
  const CliArgs args(argv, {"no-special-tokens", "json"});
  args.rejectUnknown({"tokenizer", "model", "text", "file", "no-special-tokens", "json"});
  if (args.has("text") == args.has("file"))
    throw Error("tokenize: give exactly one of --text TEXT or --file F");
  const std::string modelPath = args.has("tokenizer") ? std::string() : resolveModelPath(args);
  const auto tokenizer = loadTokenizerFor(modelPath, args);
  const std::string text = args.has("text") ? *args.get("text") : readTextFile(*args.get("file"));
  const Encoding enc = tokenizer->encode(text, !args.has("no-special-tokens"));
  if (args.has("json")) printJson(enc);
  else printTable(enc);
  return 0;
}

}  // namespace glassbox::cli
