#pragma once
// Step-by-step generation: one token at a time through the sampler chain, keeping every step's
// distribution so the UI can show it afterwards and a person can pick another token at any step and
// continue from there (branching). The KV cache is reused whenever the token sequence keeps a prefix.
//
// Legend: V = vocabulary size, S = tokens in the sequence (prompt + generated).
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sampling/sampler_chain.h"

namespace glassbox {

class InferenceSession;
class Seq2SeqSession;
class Model;
class Tokenizer;

// Where next-token logits come from: a model behind its KV cache. The generator only talks to this,
// so its logic can also be driven by a scripted source; SessionLogits adapts InferenceSession.
class LogitsSource {
 public:
  virtual ~LogitsSource() = default;
  virtual int vocabSize() const = 0;
  virtual int contextLength() const = 0;                  // maximum S
  virtual const std::vector<int>& cachedTokens() const = 0;
  // Keeps the longest common prefix of the cache and `tokens`, forgets the rest; returns its length.
  virtual int reusePrefix(std::span<const int> tokens) = 0;
  virtual void truncate(int n) = 0;
  // Appends `tokens` to the cache; returns the logits [V] of the last one. Throws Cancelled on cancel.
  virtual const std::vector<float>& forward(std::span<const int> tokens, const std::atomic<bool>* cancel) = 0;
};

class SessionLogits final : public LogitsSource {
 public:
  explicit SessionLogits(InferenceSession& session) : session_(session) {}
  int vocabSize() const override;
  int contextLength() const override;
  const std::vector<int>& cachedTokens() const override;
  int reusePrefix(std::span<const int> tokens) override;
  void truncate(int n) override;
  const std::vector<float>& forward(std::span<const int> tokens, const std::atomic<bool>* cancel) override;

 private:
  InferenceSession& session_;
};

// The decoder of an encoder-decoder over an input already encoded; the prompt is the decoder's
// prefix (decoder_start_token_id, then any forced tokens).
class Seq2SeqLogits final : public LogitsSource {
 public:
  explicit Seq2SeqLogits(Seq2SeqSession& session) : session_(session) {}
  int vocabSize() const override;
  int contextLength() const override;
  const std::vector<int>& cachedTokens() const override;
  int reusePrefix(std::span<const int> tokens) override;
  void truncate(int n) override;
  const std::vector<float>& forward(std::span<const int> tokens, const std::atomic<bool>* cancel) override;

 private:
  Seq2SeqSession& session_;
};

// Token ids that end generation for this model: config eos_token_id(s), the tokenizer's EOS, and for
// llama2.c checkpoints also BOS (id 1), where llama2.c's run.c stops.
std::vector<int> endOfTextIds(const Model& model, const Tokenizer* tokenizer);

enum class StopReason { None, MaxNewTokens, EndOfText, StopString, ContextFull, Cancelled };
const char* stopReasonName(StopReason reason);  // "max-new-tokens", "eos", ...

struct GenerationStep {
  int position = 0;              // index of this token in tokens() (the prompt counts)
  int token = -1;                // the token appended
  bool chosenByPerson = false;   // picked with chooseAt() instead of drawn
  SampleResult sample;           // the step's distribution; sample.token == token
  std::string piece;             // bytes this token adds to the continuation ("" for special tokens)
  std::shared_ptr<const std::vector<float>> logits;  // [V] when GenerationOptions::keepLogits
};

struct GenerationOptions {
  int maxNewTokens = 128;                 // a maximum: EOS, stop strings and the context stop earlier
  std::vector<std::string> stopStrings;   // matched on the decoded continuation, which is cut before them
  std::vector<int> endOfTextIds;          // usually endOfTextIds(model, tokenizer)
  bool keepLogits = true;                 // keep each step's logits for re-applying the chain later
  ReportOptions report;                   // what each step's SampleResult holds
  const std::atomic<bool>* cancel = nullptr;  // checked between layers of every forward
};

// Not thread-safe; one generator per worker. The source and tokenizer must outlive it.
class Generator {
 public:
  Generator(LogitsSource& source, std::shared_ptr<const Tokenizer> tokenizer, const SamplingParams& params,
            GenerationOptions options = {});

  // A new prompt (encoded with special tokens, e.g. BOS). Forgets the steps; the KV cache keeps the
  // common prefix with the new tokens (recomputed from the first changed token at the next step).
  void setPrompt(std::string_view text);
  void setPromptTokens(std::vector<int> tokens);  // Error when empty or an id is outside [0, V)
  void setParams(const SamplingParams& params);   // applies to the following steps
  void setOptions(GenerationOptions options);
  const SamplingParams& params() const { return chain_.params(); }
  const GenerationOptions& options() const { return options_; }

  // Generates one token. The sequence may grow to contextLength() + 1 tokens: the last one is drawn
  // from the logits at the final position and never needs a position of its own (llama2.c's run.c
  // does the same). Returns nothing once stopped (stopReason() says why; ContextFull and
  // Cancelled also leave a message). The random draw of a step depends only on the seed and the
  // step's position, so redoing a step (or a branch) with the same seed redraws the same token.
  std::optional<GenerationStep> step();
  // Steps until a stop. onStep after every token (streaming); returning false cancels.
  StopReason generate(const std::function<bool(const GenerationStep&)>& onStep = {});

  // Branching: keeps steps [0, index), puts `token` at step `index` (with that step's distribution;
  // index == steps().size() computes it) and clears the stop, so step()/generate() continue from there.
  void chooseAt(int index, int token);
  void truncateSteps(int index);  // forget steps [index, ...)

  const std::vector<int>& promptTokens() const { return prompt_; }
  std::vector<int> tokens() const;  // prompt + generated [S]
  // The tokens before step `index` (what its penalties saw): re-applying the chain to a past step after
  // a slider move is chain.distribution(*steps()[index].logits, historyBefore(index)).
  std::vector<int> historyBefore(int index) const;
  const std::vector<GenerationStep>& steps() const { return steps_; }
  std::string continuationText() const;  // the pieces, cut before a matched stop string
  // Bytes of continuationText() that can no longer turn into a stop string (for streaming output).
  std::size_t settledTextLength() const;

  StopReason stopReason() const { return stopReason_; }
  const std::string& stopMessage() const { return stopMessage_; }
  int lastReusedTokens() const { return lastReused_; }       // cache positions kept by the last sync
  int lastForwardedTokens() const { return lastForwarded_; }  // tokens run by the last sync

 private:
  const std::vector<float>& logitsForSequence();
  GenerationStep& append(GenerationStep step);
  std::string pieceFor(int previous, int token) const;
  void stop(StopReason reason, std::string message = {});

  LogitsSource& source_;
  std::shared_ptr<const Tokenizer> tokenizer_;
  SamplerChain chain_;
  GenerationOptions options_;
  std::vector<int> prompt_;
  std::vector<GenerationStep> steps_;
  std::vector<float> logits_;       // [V] of the last sync
  std::vector<int> logitsFor_;      // the sequence logits_ belong to
  std::string text_;                // concatenated pieces (uncut)
  std::size_t stopCut_ = std::string::npos;
  StopReason stopReason_ = StopReason::None;
  std::string stopMessage_;
  int lastReused_ = 0, lastForwarded_ = 0;
};

}  // namespace glassbox
