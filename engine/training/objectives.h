#pragma once
// The pre-training objectives of the encoder and the encoder-decoder, as examples drawn from a token
// stream with our own seeded generator (the same seed gives the same examples everywhere).
#include <cstdint>
#include <span>
#include <vector>

#include "core/rng.h"

namespace glassbox {

// One example: the model's input, the decoder's input (empty for an encoder) and the target of each
// position of the decoder input (encoder: of each input position); negative = not counted.
struct Example {
  std::vector<int> input, decoderInput, targets;
};

// BERT's masked language model: round(rate * T) positions (at least one) among the tokens below
// firstSpecial are chosen; of those 80 % become maskId, 10 % a random token below firstSpecial, 10 % stay;
// the targets are the original tokens there. allMasked: every chosen position becomes maskId (the
// held-out measurement).
Example maskedLanguageModel(std::span<const int> window, Rng& rng, int maskId, int firstSpecial, double rate = 0.15,
                            bool allMasked = false);

// T5's span corruption (Raffel et al. 2020, section 3.1.4; random_spans_noise_mask): round(density * T)
// noise tokens (at least 1) in round(noise / meanSpan) spans (at least 1), spans and the kept runs
// between them of random lengths, the first run kept. The input keeps the other tokens and puts
// sentinel i in place of span i; the target is sentinel 0, span 0, sentinel 1, span 1, ..., a final
// sentinel, then eos. The decoder input is decoderStart followed by the target without its last token.
struct SpanCorruption {
  int sentinel0 = 0;       // id of <extra_id_0>; sentinel i is sentinel0 + i
  int sentinels = 32;      // how many there are
  int eos = 1;             // </s>
  int decoderStart = 0;    // decoder_start_token_id (T5: the pad id)
  double density = 0.15;
  double meanSpan = 3.0;
};
Example corruptSpans(std::span<const int> window, Rng& rng, const SpanCorruption& spec);

}  // namespace glassbox
