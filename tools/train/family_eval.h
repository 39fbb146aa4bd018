#pragma once
// Held-out measurements and lesson samples of the encoder and encoder-decoder, computed with the
// trainer's own forward passes (the engine's loaders are checked against these files separately).
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "training/family_trainer.h"

namespace glassbox {

class Tokenizer;

// Deterministic held-out examples: consecutive windows of the objective's length over the held-out
// stream, each masked / corrupted with Rng(0xE7A1 + window index). BERT's held-out windows mask every
// chosen position with [MASK] (no random or kept tokens), so top-k is "guess the hidden word".
std::vector<Example> heldOutExamples(const Objective& objective, const std::vector<int>& heldIds);

// {"nats_per_masked_token", "top1", "top5", "masked_tokens"}
nlohmann::ordered_json bertHeldOutMetrics(const BertMlmObjective& objective, const std::vector<float>& params,
                                          const std::vector<Example>& heldOut);
// Cosines between last_hidden_state vectors of " bank" in river and money sentences.
nlohmann::ordered_json bertHomonymTest(const BertMlmObjective& objective, const std::vector<float>& params,
                                       const Tokenizer& tok);
// Fill-mask guesses for the lesson's sentences and the homonym table, as Markdown.
void bertSamples(const BertMlmObjective& objective, const std::vector<float>& params, const Tokenizer& tok,
                 const nlohmann::ordered_json& homonym, std::ostream& out);

// Greedy decoding of the decoder until eos or maxTokens.
std::vector<int> t5Greedy(const T5SpanObjective& objective, const std::vector<float>& params,
                          const std::vector<int>& input, int maxTokens);
// {"nats_per_target_token", "exact_match" (whole target), "span_exact_match", ...} over the first
// `decodeExamples` examples for the greedy measurements.
nlohmann::ordered_json t5HeldOutMetrics(const T5SpanObjective& objective, const std::vector<float>& params,
                                        const std::vector<Example>& heldOut, std::size_t decodeExamples);
void t5Samples(const T5SpanObjective& objective, const std::vector<float>& params, const Tokenizer& tok,
               std::ostream& out);

}  // namespace glassbox
