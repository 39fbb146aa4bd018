#pragma once
// The two corpora glassbox-train knows, with what each tokenizer needs: the held-out split, the special
// tokens, and the texts whose words must be single tokens.
#include <string>
#include <vector>

#include "training/bpe_trainer.h"

namespace glassbox {

struct TrainingCorpus {
  std::string kind;                        // "kjv" or "wordnet"
  std::vector<std::string> train, heldOut;  // documents (chapters or synsets)
  std::vector<std::string> heldOutNames;   // "Ge50", "n00002137"
  std::vector<SpecialToken> specials;      // in id order after the merges
  std::vector<std::string> requiredTexts;  // pieces that must be one token each
  std::vector<std::string> prompts;        // decoder samples
};

// The shared tokenizer's special tokens for the three model families (after the learned merges, in
// this order): <|endoftext|> (GPT-2 bos/eos, document separator), <pad>, <s>, </s> (sequence start and
// end, T5's eos), [MASK] (lstrip) and <extra_id_0> ... <extra_id_{kSentinels-1}> (lstrip; T5 sentinels).
inline constexpr int kSentinels = 32;
std::vector<SpecialToken> familySpecialTokens();
inline constexpr const char* kPad = "<pad>";
inline constexpr const char* kBos = "<s>";
inline constexpr const char* kEos = "</s>";
inline constexpr const char* kMask = "[MASK]";
std::string sentinel(int i);  // "<extra_id_3>"

// The lesson's sentences: each of their words is one token of the shared tokenizer.
const std::vector<std::string>& lessonSentences();

TrainingCorpus loadTrainingCorpus(const std::string& kind, const std::string& path, int heldOutEvery);

}  // namespace glassbox
