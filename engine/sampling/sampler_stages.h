#pragma once
// The sampler stages, one small class each (see SamplerStage in sampler_chain.h). Definitions follow
// llama.cpp's sampler descriptions:
//   penalties:   over the last N tokens of history, with c = count of the token in that window:
//                repetition (c > 0): logit / r if logit > 0 else logit * r  (CTRL paper, Keskar 2019);
//                then logit -= c * frequency + (c > 0) * presence  (OpenAI API definitions).
//   top-k:       keep the k most probable (k >= N keeps all).
//   typical:     locally typical sampling (Meister et al. 2022): order by |-log p - H|, keep the
//                smallest prefix whose probability reaches typicalP.
//   top-p:       nucleus (Holtzman et al. 2020): the smallest set of most probable tokens whose
//                probability reaches p; always at least one.
//   min-p:       keep tokens with p >= minP * p_max.
//   temperature: logits / T; T = 0 keeps only the argmax (lowest id on ties).
#include <memory>
#include <string>
#include <vector>

#include "sampling/candidates.h"

namespace glassbox {

std::unique_ptr<SamplerStage> makePenaltiesStage(float repeat, float frequency, float presence, int lastN);
std::unique_ptr<SamplerStage> makeTopKStage(int k);
std::unique_ptr<SamplerStage> makeTypicalStage(float p);
std::unique_ptr<SamplerStage> makeTopPStage(float p);
std::unique_ptr<SamplerStage> makeMinPStage(float p);
std::unique_ptr<SamplerStage> makeTemperatureStage(float t);

// Builds the stage called `name` (a canonical name from normalisedOrder) from the params.
std::unique_ptr<SamplerStage> makeStage(const std::string& name, const SamplingParams& params);

}  // namespace glassbox
