#pragma once
// The sampler chain: small stages applied in order to one step's logits, each able to report what it
// did, which is what the next-token view draws. Mirrors llama.cpp's sampler chain.
//
// Legend: V = vocabulary size, N = surviving candidates.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/rng.h"

namespace glassbox {

// One candidate token. `logit` is what the stages transform; `p` is filled by softmax.
struct Candidate {
  int id = 0;
  float logit = 0.0f;
  float p = 0.0f;
};

// What one stage did: the survivors (sorted by probability, descending; ties by ascending id) with their
// renormalised probabilities, and how many it removed.
struct StageSnapshot {
  std::string stage;               // "temperature", "top-k", ...
  std::vector<Candidate> kept;     // [N] renormalised, sum to 1 (may be truncated to `maxReported`)
  int keptCount = 0;               // N before any truncation for reporting
  int removedCount = 0;            // removed by this stage
  std::vector<int> removedIds;     // ids removed by this stage (at most maxReported of them)
};

struct SamplingParams {
  float temperature = 1.0f;      // 0 = greedy argmax; logits are divided by T before the softmax
  int topK = 0;                  // 0 = off
  float topP = 1.0f;             // 1 = off
  float minP = 0.0f;             // 0 = off
  float typicalP = 1.0f;         // 1 = off
  float repeatPenalty = 1.0f;    // 1 = off (divides positive logits, multiplies negative ones)
  float frequencyPenalty = 0.0f;
  float presencePenalty = 0.0f;
  int penaltyLastN = 64;         // window of previous tokens the penalties look at (-1 = all)
  std::uint64_t seed = 0;
  // Stage names, in order: "penalties", "top-k", "typical", "top-p", "min-p", "temperature".
  std::vector<std::string> order = {"penalties", "top-k", "typical", "top-p", "min-p", "temperature"};
};

// Parameters are validated by SamplerChain (validateSamplingParams): temperature must be finite and >= 0,
// topK >= 0, topP / minP / typicalP in [0, 1], repeatPenalty finite and > 0, frequency/presence
// penalties finite, penaltyLastN >= -1; anything else is an Error naming the field. Stages whose
// parameter turns them off (topK 0, topP 1, minP 0, typicalP 1, penalties neutral, T 1) do nothing.
// A stage missing from `order` is not applied, except temperature, which is appended at the end when
// absent (so T = 0 is always greedy). Unknown or repeated names are an Error.

struct SampleResult {
  int token = -1;                // -1 from SamplerChain::distribution (nothing drawn)
  float probability = 0.0f;      // in the final distribution it was drawn from
  int rankInOriginal = 0;        // 0-based rank in the untouched softmax (T = 1)
  float originalProbability = 0.0f;
  std::vector<Candidate> original;         // untouched softmax, top `maxReported`, sorted
  std::vector<StageSnapshot> stages;       // one per stage, in order; counts always, lists on request
  std::vector<Candidate> final;            // distribution drawn from (top maxReported)
  int finalCount = 0;                      // survivors of the whole chain
  double entropyOriginal = 0, entropyFinal = 0;  // nats

  // Parallel to `original`: the name of the stage that removed that token ("" if it survived the whole
  // chain) and its probability in the final distribution (0 if removed). The next-token view greys
  // removed tokens and labels them with the stage.
  std::vector<std::string> originalRemovedBy;
  std::vector<float> originalFinalProbability;
  int vocabSize = 0;                       // V of the logits given
  int maskedCount = 0;                     // tokens with logit -inf, dropped before any stage
};

// How much of each step the chain reports. Counts are always exact; lists are capped.
struct ReportOptions {
  bool stageSnapshots = true;  // fill StageSnapshot::kept / removedIds (counts are always filled)
  int maxReported = 256;       // cap on `original`, `final`, every `kept` and `removedIds`
};

// Working set of candidates the stages transform (see sampler_stages.h). Defined in candidates.h.
class CandidateSet;

// One stage of the chain. A stage removes candidates only through CandidateSet::keepFirst/keepIf
// (so removals are attributed to it) and may change logits. `active()` is false when its parameter
// turns it off; the chain then skips it.
class SamplerStage {
 public:
  virtual ~SamplerStage() = default;
  virtual const char* name() const = 0;
  virtual bool active() const = 0;
  // history: the tokens before the one being sampled (prompt and generated so far), for penalties.
  virtual void apply(CandidateSet& set, std::span<const int> history) = 0;
};

// Throws Error naming the field when a parameter is out of range (see the comment above SampleResult).
void validateSamplingParams(const SamplingParams& params);
// The stage names in `order`, canonicalised ("top_k" -> "top-k", case-insensitive), with temperature
// appended when missing. Throws Error for unknown or repeated names, listing the valid ones.
std::vector<std::string> normalisedOrder(const std::vector<std::string>& order);
// Parses "penalties,top-k,top-p,temperature" (commas or spaces) into a stage list.
std::vector<std::string> parseSamplerOrder(const std::string& list);

// The chain: owns its stages (built from SamplingParams), applies them to one step's logits [V] and
// draws from the softmax of what survives.
//
// Logits: NaN anywhere is an Error naming the token id; -inf tokens are dropped before any stage
// (counted in maskedCount); if any logit is +inf, the +inf tokens share all the probability equally and
// every other token is dropped as masked. An empty vocabulary or all -inf is an Error.
// Ties: candidates are ordered by logit (descending), then by token id (ascending), everywhere: top-k,
// top-p, min-p boundaries, greedy argmax and ranks. The draw walks survivors in ascending id order, so a
// seed gives the same token on every platform. A draw with a single survivor consumes no random number.
//
// Not thread-safe: one chain per thread (it reuses its buffers). Cost: O(V) plus partial selections;
// no full sort of the vocabulary (bench key sampler_chain_ms).
class SamplerChain {
 public:
  explicit SamplerChain(const SamplingParams& params = {});  // throws Error on invalid params
  ~SamplerChain();
  SamplerChain(SamplerChain&&) noexcept;
  SamplerChain& operator=(SamplerChain&&) noexcept;

  // Rebuilds the stages (cheap; call on every slider move). Reseeds the internal generator only when
  // the seed changed.
  void setParams(const SamplingParams& params);
  const SamplingParams& params() const { return params_; }
  const std::vector<std::string>& stageOrder() const { return order_; }

  // Applies the chain and draws one token with `rng`.
  SampleResult sample(std::span<const float> logits, std::span<const int> history, Rng& rng,
                      const ReportOptions& report = {});
  // Same, with the chain's own generator (seeded from params.seed, advancing with every draw).
  SampleResult sample(std::span<const float> logits, std::span<const int> history,
                      const ReportOptions& report = {});
  // The cheap "distribution only" call for slider drags: applies the chain without drawing
  // (token = -1). By default without per-stage lists (counts, `original`, `final` and
  // `originalRemovedBy` are filled).
  SampleResult distribution(std::span<const float> logits, std::span<const int> history,
                            const ReportOptions& report = {false, 256});

 private:
  SampleResult run(std::span<const float> logits, std::span<const int> history, Rng* rng,
                   const ReportOptions& report);
  SamplingParams params_;
  std::vector<std::string> order_;
  std::vector<std::unique_ptr<SamplerStage>> stages_;
  std::unique_ptr<CandidateSet> set_;
  std::vector<float> dense_;  // [V] final probability by id, reused
  Rng rng_;
};

}  // namespace glassbox
