#include "sampling/generator.h"

#include <algorithm>

#include "core/error.h"
#include "models/model.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {

int SessionLogits::vocabSize() const { return session_.model().config().vocabSize; }
int SessionLogits::contextLength() const { return session_.contextLength(); }
const std::vector<int>& SessionLogits::cachedTokens() const { return session_.tokens(); }
int SessionLogits::reusePrefix(std::span<const int> tokens) { return session_.reusePrefix(tokens); }
void SessionLogits::truncate(int n) { session_.truncate(n); }
const std::vector<float>& SessionLogits::forward(std::span<const int> tokens, const std::atomic<bool>* cancel) {
  ForwardOptions options;
  options.cancel = cancel;
  return session_.forward(tokens, options);
}

int Seq2SeqLogits::vocabSize() const { return session_.model().config().vocabSize; }
int Seq2SeqLogits::contextLength() const { return session_.contextLength(); }
const std::vector<int>& Seq2SeqLogits::cachedTokens() const { return session_.tokens(); }
int Seq2SeqLogits::reusePrefix(std::span<const int> tokens) { return session_.reusePrefix(tokens); }
void Seq2SeqLogits::truncate(int n) { session_.truncate(n); }
const std::vector<float>& Seq2SeqLogits::forward(std::span<const int> tokens, const std::atomic<bool>* cancel) {
  ForwardOptions options;
  options.cancel = cancel;
  return session_.forward(tokens, options);
}

std::vector<int> endOfTextIds(const Model& model, const Tokenizer* tokenizer) {
  std::vector<int> ids = model.config().eosTokenIds;
  if (tokenizer != nullptr) {
    if (auto eos = tokenizer->eosId()) ids.push_back(*eos);
  }
  if (model.config().bosEndsText) ids.push_back(model.config().bosTokenId >= 0 ? model.config().bosTokenId : 1);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

const char* stopReasonName(StopReason reason) {
  switch (reason) {
    case StopReason::None: return "none";
    case StopReason::MaxNewTokens: return "max-new-tokens";
    case StopReason::EndOfText: return "eos";
    case StopReason::StopString: return "stop-string";
    case StopReason::ContextFull: return "context-full";
    case StopReason::Cancelled: return "cancelled";
  }
  return "none";
}

Generator::Generator(LogitsSource& source, std::shared_ptr<const Tokenizer> tokenizer, const SamplingParams& params,
                     GenerationOptions options)
    : source_(source), tokenizer_(std::move(tokenizer)), chain_(params), options_(std::move(options)) {}

void Generator::setPrompt(std::string_view text) {
  if (!tokenizer_) throw Error("generate: no tokenizer to encode the prompt (hint: give token ids instead)");
  // A prompt as typed: no padding or truncation from tokenizer.json (the context limit is the session's).
  setPromptTokens(tokenizer_->encode(text, EncodeOptions{.addSpecialTokens = true, .padding = false, .truncation = false}).ids);
}

void Generator::setPromptTokens(std::vector<int> tokens) {
  if (tokens.empty()) {
    throw Error("generate: the prompt has no tokens, so there is nothing to predict from "
                "(hint: type some text; this tokenizer adds no BOS token)");
  }
  const int vocab = source_.vocabSize();
  for (int id : tokens) {
    if (id < 0 || id >= vocab) {
      throw Error("generate: prompt token id " + std::to_string(id) + " is outside the model's vocabulary of " +
                  std::to_string(vocab) + " (hint: the tokenizer does not belong to this model)");
    }
  }
  prompt_ = std::move(tokens);
  truncateSteps(0);
}

void Generator::setParams(const SamplingParams& params) { chain_.setParams(params); }
void Generator::setOptions(GenerationOptions options) { options_ = std::move(options); }

std::vector<int> Generator::tokens() const {
  std::vector<int> all = prompt_;
  for (const auto& s : steps_) all.push_back(s.token);
  return all;
}

std::vector<int> Generator::historyBefore(int index) const {
  std::vector<int> all = tokens();
  all.resize(prompt_.size() + static_cast<std::size_t>(std::clamp(index, 0, static_cast<int>(steps_.size()))));
  return all;
}

void Generator::truncateSteps(int index) {
  index = std::clamp(index, 0, static_cast<int>(steps_.size()));
  steps_.resize(static_cast<std::size_t>(index));
  text_.clear();
  for (const auto& s : steps_) text_ += s.piece;
  stopCut_ = std::string::npos;
  stopReason_ = StopReason::None;
  stopMessage_.clear();
}

void Generator::stop(StopReason reason, std::string message) {
  stopReason_ = reason;
  stopMessage_ = std::move(message);
}

// Brings the cache up to the current sequence and returns the next-token logits [V]. Reuses the
// cached prefix; when the whole sequence is cached, its last token is rerun unless its logits are known.
const std::vector<float>& Generator::logitsForSequence() {
  const std::vector<int> seq = tokens();
  if (seq == logitsFor_ && source_.cachedTokens() == seq) {
    lastReused_ = static_cast<int>(seq.size());
    lastForwarded_ = 0;
    return logits_;
  }
  int kept = source_.reusePrefix(seq);
  if (kept == static_cast<int>(seq.size())) source_.truncate(--kept);
  const auto rest = std::span<const int>(seq).subspan(static_cast<std::size_t>(kept));
  lastReused_ = kept;
  lastForwarded_ = static_cast<int>(rest.size());
  logitsFor_.clear();
  logits_ = source_.forward(rest, options_.cancel);
  logitsFor_ = seq;
  return logits_;
}

std::optional<GenerationStep> Generator::step() {
  if (stopReason_ != StopReason::None) return std::nullopt;
  if (static_cast<int>(steps_.size()) >= options_.maxNewTokens) {
    stop(StopReason::MaxNewTokens);
    return std::nullopt;
  }
  // The next token's logits come from the last token, at position S-1, which must fit the context;
  // so a sequence can reach contextLength + 1 tokens (as llama2.c's run.c: `-n` counts forwards).
  const int position = static_cast<int>(prompt_.size() + steps_.size());
  if (position > source_.contextLength()) {
    stop(StopReason::ContextFull, "the context is full: all " + std::to_string(source_.contextLength()) +
                                      " positions are used (hint: shorten the prompt or lower max new tokens)");
    return std::nullopt;
  }
  GenerationStep s;
  try {
    const auto& logits = logitsForSequence();
    const std::vector<int> history = tokens();
    Rng rng(chain_.params().seed ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(position + 1)));
    s.sample = chain_.sample(logits, history, rng, options_.report);
    if (options_.keepLogits) s.logits = std::make_shared<const std::vector<float>>(logits);
  } catch (const Cancelled&) {
    logitsFor_.clear();
    stop(StopReason::Cancelled, "cancelled");
    return std::nullopt;
  }
  s.position = position;
  s.token = s.sample.token;
  return append(std::move(s));
}

GenerationStep& Generator::append(GenerationStep s) {
  const int previous = steps_.empty() ? prompt_.back() : steps_.back().token;
  s.piece = pieceFor(previous, s.token);
  const std::size_t oldSize = text_.size();
  text_ += s.piece;
  steps_.push_back(std::move(s));
  const int token = steps_.back().token;
  if (std::find(options_.endOfTextIds.begin(), options_.endOfTextIds.end(), token) != options_.endOfTextIds.end()) {
    stop(StopReason::EndOfText);
  }
  for (const auto& stopString : options_.stopStrings) {
    if (stopString.empty()) continue;
    const std::size_t from = oldSize >= stopString.size() ? oldSize - stopString.size() + 1 : 0;
    const std::size_t at = text_.find(stopString, from);
    if (at != std::string::npos && at < stopCut_) {
      stopCut_ = at;
      stop(StopReason::StopString, "stopped at \"" + stopString + "\"");
    }
  }
  if (stopReason_ == StopReason::None && static_cast<int>(steps_.size()) >= options_.maxNewTokens) {
    stop(StopReason::MaxNewTokens);
  }
  return steps_.back();
}

StopReason Generator::generate(const std::function<bool(const GenerationStep&)>& onStep) {
  while (auto s = step()) {
    if (onStep && !onStep(*s)) {
      stop(StopReason::Cancelled, "cancelled");
      break;
    }
  }
  return stopReason_;
}

void Generator::chooseAt(int index, int token) {
  if (index < 0 || index > static_cast<int>(steps_.size())) {
    throw Error("generate: step " + std::to_string(index) + " does not exist (there are " +
                std::to_string(steps_.size()) + ")");
  }
  if (token < 0 || token >= source_.vocabSize()) {
    throw Error("generate: token id " + std::to_string(token) + " is outside the vocabulary of " +
                std::to_string(source_.vocabSize()));
  }
  GenerationStep s;
  if (index < static_cast<int>(steps_.size())) {
    s = std::move(steps_[static_cast<std::size_t>(index)]);
    truncateSteps(index);
  } else {
    truncateSteps(index);
    s.position = static_cast<int>(prompt_.size() + steps_.size());
    const auto& logits = logitsForSequence();
    s.sample = chain_.distribution(logits, tokens(), options_.report);
    if (options_.keepLogits) s.logits = std::make_shared<const std::vector<float>>(logits);
  }
  s.token = token;
  s.chosenByPerson = true;
  s.sample.token = token;
  s.sample.probability = 0.0f;
  for (const auto& c : s.sample.final) {
    if (c.id == token) s.sample.probability = c.p;
  }
  s.sample.rankInOriginal = -1;  // unknown unless listed or the logits were kept
  for (std::size_t i = 0; i < s.sample.original.size(); ++i) {
    if (s.sample.original[i].id == token) {
      s.sample.rankInOriginal = static_cast<int>(i);
      s.sample.originalProbability = s.sample.original[i].p;
    }
  }
  append(std::move(s));
}

std::string Generator::pieceFor(int previous, int token) const {
  if (!tokenizer_ || tokenizer_->isSpecial(token)) return {};
  std::string piece = tokenizer_->tokenBytes(token);
  // SentencePiece-style vocabularies mark word starts with a space; after BOS it is not printed.
  const auto kind = tokenizer_->kind();
  const bool spacePrefix = kind == "llama2.c" || kind == "SentencePiece BPE" || kind == "SentencePiece (GGUF)";
  if (spacePrefix && tokenizer_->bosId() == previous && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
  return piece;
}

std::string Generator::continuationText() const {
  return stopCut_ == std::string::npos ? text_ : text_.substr(0, stopCut_);
}

std::size_t Generator::settledTextLength() const {
  if (stopCut_ != std::string::npos) return stopCut_;
  if (stopReason_ != StopReason::None) return text_.size();
  // Hold back the longest tail that is a proper prefix of some stop string.
  std::size_t hold = 0;
  for (const auto& s : options_.stopStrings) {
    for (std::size_t n = std::min(s.size() - (s.empty() ? 0 : 1), text_.size()); n > hold; --n) {
      if (text_.compare(text_.size() - n, n, s, 0, n) == 0) {
        hold = n;
        break;
      }
    }
  }
  return text_.size() - hold;
}

}  // namespace glassbox
