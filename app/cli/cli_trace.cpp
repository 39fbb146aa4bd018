// glassbox-cli trace: one forward pass with the trace on; the tokens and every attention matrix. An
// encoder-decoder (T5) encodes the prompt and runs the decoder over decoder_start_token_id and the
// --target text's tokens (teacher forcing): encoder-self, decoder-self and cross maps.
#include <algorithm>
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "core/error.h"
#include "core/json_util.h"

namespace glassbox::cli {

namespace {

std::string jsonQuote(const std::string& s) { return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace); }

void appendFloat(std::string& out, float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", static_cast<double>(v));
  out += buf;
}

// One map's attention as nested JSON arrays [L][H][Tq][Tk] (zeros where a query cannot see a key).
void printMatrices(const AttentionMap& m) {
  std::string out;
  for (int l = 0; l < m.numLayers; ++l) {
    out = l ? ", [" : "[";
    for (int h = 0; h < m.numHeads; ++h) {
      out += h ? ", [" : "[";
      for (int q = 0; q < m.numQueries; ++q) {
        out += q ? ", [" : "[";
        for (int k = 0; k < m.numKeys; ++k) {
          if (k) out += ", ";
          appendFloat(out, m.at(l, h, q, k));
        }
        out += "]";
      }
      out += "]";
    }
    out += "]";
    std::fputs(out.c_str(), stdout);
  }
}

std::string tokensJson(const Encoding& enc) {
  std::string out = "[";
  for (std::size_t i = 0; i < enc.ids.size(); ++i)
    out += std::string(i ? ", " : "") + "{\"id\": " + std::to_string(enc.ids[i]) +
           ", \"text\": " + jsonQuote(enc.tokens[i].display) + "}";
  return out + "]";
}

// Decoder ids as an Encoding with display text per token (for the decoder side of a trace).
Encoding decoderEncoding(const std::vector<int>& ids, const Tokenizer& tok) {
  Encoding e;
  e.ids = ids;
  for (int id : ids) {
    TokenPiece p;
    p.display = tok.isSpecial(id) ? tok.tokenRaw(id) : Tokenizer::displayBytes(tok.tokenBytes(id));
    e.tokens.push_back(p);
  }
  return e;
}

// {"model", "family", "tokens": [{"id", "text"}...], "layers", "heads", "stream", "attention": [L][H][T][T]
// (the output stack's self-attention), "maps": [{"stream", "layers", "heads", "queries", "keys",
// "attention"}] (every stream of the trace)}.
// An encoder-decoder adds "encoder_tokens" and "decoder_tokens"; "tokens" are then the decoder's (the
// queries of "attention", its decoder self-attention).
void printJson(const Encoding& enc, const Encoding* encoderSide, const Trace& t, const Model& m) {
  const AttentionMap& self = t.selfAttention();
  std::string sides;
  if (encoderSide) sides = ", \"encoder_tokens\": " + tokensJson(*encoderSide) + ", \"decoder_tokens\": " + tokensJson(enc);
  std::string out = "{\"model\": " + jsonQuote(m.info().path) + ", \"family\": " + jsonQuote(familyName(m.family())) +
                    ", \"tokens\": " + tokensJson(enc) + sides + ", \"layers\": " + std::to_string(self.numLayers) +
                    ", \"heads\": " + std::to_string(self.numHeads) + ", \"stream\": " +
                    jsonQuote(attentionStreamName(self.stream)) + ", \"attention\": [";
  std::fputs(out.c_str(), stdout);
  printMatrices(self);
  std::fputs("], \"maps\": [", stdout);
  for (std::size_t i = 0; i < t.attention.size(); ++i) {
    const AttentionMap& a = t.attention[i];
    out = std::string(i ? ", " : "") + "{\"stream\": " + jsonQuote(attentionStreamName(a.stream)) +
          ", \"layers\": " + std::to_string(a.numLayers) + ", \"heads\": " + std::to_string(a.numHeads) +
          ", \"queries\": " + std::to_string(a.numQueries) + ", \"keys\": " + std::to_string(a.numKeys) +
          ", \"attention\": [";
    std::fputs(out.c_str(), stdout);
    printMatrices(a);
    std::fputs("]}", stdout);
  }
  std::fputs("]}\n", stdout);
}

// Without --json: the tokens, then for each layer and head the key the last token attends to most.
void printText(const Encoding& enc, const Trace& t) {
  const AttentionMap& m = t.selfAttention();
  std::printf("%d tokens:", m.numQueries);
  for (const TokenPiece& p : enc.tokens) std::printf(" %s", jsonQuote(p.display).c_str());
  std::printf("\n%s attention: the last token's strongest key per layer (rows) and head (columns):\n",
              attentionStreamName(m.stream));
  const int q = m.numQueries - 1;
  for (int l = 0; l < m.numLayers; ++l) {
    std::printf("layer %2d:", l);
    for (int h = 0; h < m.numHeads; ++h) {
      int best = 0;
      for (int k = 1; k < m.numKeys; ++k)
        if (m.at(l, h, q, k) > m.at(l, h, q, best)) best = k;
      std::printf(" %s %.2f", jsonQuote(enc.tokens[static_cast<std::size_t>(best)].display).c_str(),
                  static_cast<double>(m.at(l, h, q, best)));
    }
    std::printf("\n");
  }
}

}  // namespace

int runTrace(const std::vector<std::string>& argv) {
  const CliArgs args(argv, {"json"});
  args.rejectUnknown({"model", "tokenizer", "prompt", "json", "target"});
  const auto prompt = args.get("prompt");
  if (!prompt) throw Error("trace: --prompt TEXT is required");
  const std::string modelPath = resolveModelPath(args);
  const auto model = Model::load(modelPath);
  const auto tokenizer = loadTokenizerFor(modelPath, args);
  const Encoding enc = tokenizer->encode(*prompt, encodeOptionsFor(*model));
  if (enc.ids.empty()) throw Error("trace: the prompt encodes to no tokens; hint: give a non-empty --prompt");
  if (model->family() != Family::EncoderDecoder && args.has("target"))
    throw Error("trace: --target forces the decoder of an encoder-decoder model; this one is " +
                std::string(familyName(model->family())));
  Trace trace;
  if (model->family() == Family::EncoderDecoder) {
    Seq2SeqSession session(model);
    session.encode(EncoderInput::fromEncoding(enc), {.trace = &trace});
    std::vector<int> decoder{session.decoderStartToken()};
    const Encoding target = tokenizer->encode(args.getOr("target", ""), false);
    decoder.insert(decoder.end(), target.ids.begin(), target.ids.end());
    session.forward(decoder, {.trace = &trace});
    const Encoding dec = decoderEncoding(decoder, *tokenizer);
    if (args.has("json")) printJson(dec, &enc, trace, *model);
    else printText(dec, trace);
    return 0;
  }
  if (model->family() == Family::Decoder) {
    InferenceSession session(model);
    session.forward(enc.ids, {.trace = &trace});
  } else {
    EncoderSession session(model);
    session.encode(EncoderInput::fromEncoding(enc), {.trace = &trace});
  }
  if (args.has("json")) printJson(enc, nullptr, trace, *model);
  else printText(enc, trace);
  return 0;
}

}  // namespace glassbox::cli
