// glassbox-cli generate: the prompt followed by its continuation, streamed to stdout; with --json one
// document with every step's distribution before and after the sampler chain. For an encoder-decoder
// (T5) the prompt is the encoder's input and only the decoder's output is printed; --target forces the
// start of the decoder's text (teacher forcing) and generation continues after it.
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "cli_common.h"
#include "cli_sampling.h"
#include "core/error.h"
#include "core/json_util.h"
#include "sampling/generator.h"

namespace glassbox::cli {

namespace {

constexpr int kJsonTop = 20;  // tokens listed before and after the chain for every step

Json candidatesJson(const std::vector<Candidate>& list, const Tokenizer& tok) {
  Json out = Json::array();
  for (std::size_t i = 0; i < list.size() && i < static_cast<std::size_t>(kJsonTop); ++i) {
    out.push_back({{"id", list[i].id}, {"token", Tokenizer::displayBytes(tok.tokenBytes(list[i].id))}, {"p", list[i].p}});
  }
  return out;
}

Json stepJson(const GenerationStep& s, const Tokenizer& tok) {
  Json stages = Json::array();
  for (const auto& st : s.sample.stages) {
    stages.push_back({{"stage", st.stage}, {"kept", st.keptCount}, {"removed", st.removedCount}});
  }
  return {{"position", s.position},
          {"token", s.token},
          {"piece", Tokenizer::displayBytes(s.piece)},
          {"probability", s.sample.probability},
          {"rank", s.sample.rankInOriginal},
          {"original_probability", s.sample.originalProbability},
          {"entropy_before", s.sample.entropyOriginal},
          {"entropy_after", s.sample.entropyFinal},
          {"top_before", candidatesJson(s.sample.original, tok)},
          {"top_after", candidatesJson(s.sample.final, tok)},
          {"stages", stages}};
}

// A float parameter as the person typed it (0.05, not 0.05000000074505806).
double shortest(float x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.7g", static_cast<double>(x));
  return std::strtod(buf, nullptr);
}

Json paramsJson(const SamplingParams& p) {
  return {{"temperature", shortest(p.temperature)},
          {"top_k", p.topK},
          {"top_p", shortest(p.topP)},
          {"min_p", shortest(p.minP)},
          {"typical_p", shortest(p.typicalP)},
          {"repeat_penalty", shortest(p.repeatPenalty)},
          {"frequency_penalty", shortest(p.frequencyPenalty)},
          {"presence_penalty", shortest(p.presencePenalty)},
          {"penalty_last_n", p.penaltyLastN},
          {"order", normalisedOrder(p.order)},
          {"seed", p.seed}};
}

// The decoder's prefix of an encoder-decoder: decoder_start_token_id, then the forced target's tokens
// (without the </s> the tokenizer appends).
std::vector<int> decoderPrefix(const Seq2SeqSession& session, const Tokenizer& tok, const std::string& target) {
  std::vector<int> prefix{session.decoderStartToken()};
  if (target.empty()) return prefix;
  const Encoding e = tok.encode(target, false);
  prefix.insert(prefix.end(), e.ids.begin(), e.ids.end());
  return prefix;
}

}  // namespace

int runGenerate(const std::vector<std::string>& argv) {
  const CliArgs args(argv, {"json"});
  std::set<std::string> known{"model", "tokenizer", "prompt", "max-new-tokens", "stop", "json", "target"};
  known.insert(samplingFlagNames().begin(), samplingFlagNames().end());
  args.rejectUnknown(known);
  const SamplingParams params = samplingParamsFrom(args, cliGenerateDefaults());
  const bool json = args.has("json");
  const std::string prompt = args.getOr("prompt", "");
  const std::string modelPath = resolveModelPath(args);
  const auto model = Model::load(modelPath);
  if (!model->config().can(kCanGenerate))
    throw Error("generate: " + model->info().name + " (" + model->config().architectureName + ") is " +
                familyName(model->family()) + " and does not generate text; hint: " +
                (model->config().can(kCanFillMask) ? "use glassbox-cli fill-mask --model PATH --text \"... [MASK] ...\""
                                                  : "use glassbox-cli fill-mask with a ...ForMaskedLM checkpoint, or embed"));
  const auto tokenizer = loadTokenizerFor(modelPath, args);

  GenerationOptions options;
  options.maxNewTokens = maxNewTokensFrom(args, 128);
  options.stopStrings = args.getAll("stop");
  options.endOfTextIds = endOfTextIds(*model, tokenizer.get());
  options.keepLogits = false;
  options.report.stageSnapshots = false;
  options.report.maxReported = kJsonTop;

  const bool seq2seq = model->family() == Family::EncoderDecoder;
  if (!seq2seq && args.has("target"))
    throw Error("--target forces the decoder of an encoder-decoder model; " + model->info().name + " is " +
                familyName(model->family()) + "; hint: put the text in --prompt");
  std::unique_ptr<InferenceSession> session;
  std::unique_ptr<Seq2SeqSession> seq2seqSession;
  std::unique_ptr<LogitsSource> source;
  std::vector<int> encoderTokens;
  if (seq2seq) {
    seq2seqSession = std::make_unique<Seq2SeqSession>(model);
    seq2seqSession->encode(EncoderInput::fromEncoding(tokenizer->encode(prompt, encodeOptionsFor(*model))));
    encoderTokens = seq2seqSession->input().ids;
    source = std::make_unique<Seq2SeqLogits>(*seq2seqSession);
  } else {
    session = std::make_unique<InferenceSession>(model);
    source = std::make_unique<SessionLogits>(*session);
  }
  Generator generator(*source, tokenizer, params, options);
  if (seq2seq) generator.setPromptTokens(decoderPrefix(*seq2seqSession, *tokenizer, args.getOr("target", "")));
  else generator.setPrompt(prompt);

  std::size_t printed = 0;
  if (!json && !seq2seq) {
    std::fputs(prompt.c_str(), stdout);
    std::fflush(stdout);
  }
  generator.generate([&](const GenerationStep&) {
    if (json) return true;
    const std::size_t settled = generator.settledTextLength();
    std::fwrite(generator.continuationText().data() + printed, 1, settled - printed, stdout);
    std::fflush(stdout);
    printed = settled;
    return true;
  });
  const std::string continuation = generator.continuationText();
  if (!json) {
    std::fwrite(continuation.data() + printed, 1, continuation.size() - printed, stdout);
    std::fputs("\n", stdout);
  } else {
    Json steps = Json::array();
    for (const auto& s : generator.steps()) steps.push_back(stepJson(s, *tokenizer));
    Json out = {{"prompt", prompt},
                      {"prompt_tokens", generator.promptTokens()},
                      {"params", paramsJson(params)},
                      {"steps", steps},
                      {"continuation", continuation},
                      {"text", seq2seq ? continuation : prompt + continuation},
                      {"stop_reason", stopReasonName(generator.stopReason())},
                      {"stop_message", generator.stopMessage()}};
    if (seq2seq) out["encoder_tokens"] = encoderTokens;
    std::fputs((out.dump(1, ' ', false, Json::error_handler_t::replace) + "\n").c_str(), stdout);
  }
  if (generator.stopReason() == StopReason::ContextFull) {
    std::fprintf(stderr, "glassbox-cli generate: stopped early: %s\n", generator.stopMessage().c_str());
  }
  return 0;
}

}  // namespace glassbox::cli
