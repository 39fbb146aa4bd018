// glassbox-cli tokenize: ids, readable tokens and byte offsets of a text, with the tokenizer's own
// truncation and padding (tokenizer.json "truncation" / "padding") as the Hugging Face library applies
// them, unless --no-truncation / --no-padding.
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

std::string intList(const std::vector<int>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
  return out + "]";
}

bool isPadding(const Encoding& enc, std::size_t i) { return i < enc.attentionMask.size() && enc.attentionMask[i] == 0; }

// One line per token: index, id, [begin, end), the readable token with control characters escaped. A run
// of padding is one line, and a truncated text says how much the model does not read.
void printTable(const Encoding& enc) {
  std::printf("%zu tokens%s\n", enc.ids.size(),
              enc.inputHadInvalidUtf8 ? " (input had invalid UTF-8, replaced by U+FFFD)" : "");
  for (std::size_t i = 0; i < enc.tokens.size(); ++i) {
    const TokenPiece& t = enc.tokens[i];
    if (isPadding(enc, i)) {
      std::size_t k = i;
      while (k < enc.tokens.size() && isPadding(enc, k)) ++k;
      std::printf("%5zu %8d  + %zu padding %s (attention mask 0)\n", i, t.id, k - i, jsonQuote(t.raw).c_str());
      i = k - 1;
      continue;
    }
    std::printf("%5zu %8d [%zu, %zu) %s%s%s%s\n", i, t.id, t.begin, t.end, jsonQuote(t.display).c_str(),
                t.special ? " special" : "", t.partialChar ? " partial-char" : "",
                i < enc.typeIds.size() && enc.typeIds[i] != 0 ? (" type " + std::to_string(enc.typeIds[i])).c_str() : "");
  }
  if (enc.truncated()) {
    std::size_t cut = 0;
    for (const Encoding& o : enc.overflowing) cut += o.ids.size() - o.paddingCount();
    std::printf("truncated: the model reads only the tokens above; %zu overflowing part%s (%zu tokens with their special "
                "tokens) follow%s\n",
                enc.overflowing.size(), enc.overflowing.size() == 1 ? "" : "s", cut, enc.overflowing.size() == 1 ? "s" : "");
  }
}

// The fields of the Hugging Face Encoding: ids, tokens, offsets, attention_mask, type_ids, and the
// overflowing parts truncation cut off (each with its own ids, masks and offsets).
std::string encodingJson(const Encoding& enc, bool withOverflow) {
  std::string out = "{\"ids\": " + intList(enc.ids) + ", \"tokens\": [";
  for (std::size_t i = 0; i < enc.tokens.size(); ++i) out += (i ? ", " : "") + jsonQuote(enc.tokens[i].display);
  out += "], \"offsets\": [";
  for (std::size_t i = 0; i < enc.tokens.size(); ++i)
    out += (i ? ", [" : "[") + std::to_string(enc.tokens[i].begin) + ", " + std::to_string(enc.tokens[i].end) + "]";
  out += "], \"attention_mask\": " + intList(enc.attentionMask) + ", \"type_ids\": " + intList(enc.typeIds);
  if (withOverflow) {
    out += ", \"overflowing\": [";
    for (std::size_t i = 0; i < enc.overflowing.size(); ++i) out += (i ? ", " : "") + encodingJson(enc.overflowing[i], false);
    out += "]";
  }
  return out + "}";
}

}  // namespace

int runTokenize(const std::vector<std::string>& argv) {
  const CliArgs args(argv, {"no-special-tokens", "no-padding", "no-truncation", "json"});
  args.rejectUnknown({"tokenizer", "model", "text", "file", "no-special-tokens", "no-padding", "no-truncation", "json"});
  if (args.has("text") == args.has("file"))
    throw Error("tokenize: give exactly one of --text TEXT or --file F");
  const std::string modelPath = args.has("tokenizer") ? std::string() : resolveModelPath(args);
  const auto tokenizer = loadTokenizerFor(modelPath, args);
  const std::string text = args.has("text") ? *args.get("text") : readTextFile(*args.get("file"));
  EncodeOptions options;
  options.addSpecialTokens = !args.has("no-special-tokens");
  options.padding = !args.has("no-padding");
  options.truncation = !args.has("no-truncation");
  const Encoding enc = tokenizer->encode(text, options);
  if (args.has("json")) std::fputs((encodingJson(enc, true) + "\n").c_str(), stdout);
  else printTable(enc);
  return 0;
}

}  // namespace glassbox::cli
