#include "train/corpus_choice.h"

#include "core/error.h"
#include "train/kjv_corpus.h"
#include "train/wordnet_corpus.h"

namespace glassbox {

std::string sentinel(int i) { return "<extra_id_" + std::to_string(i) + ">"; }

std::vector<SpecialToken> familySpecialTokens() {
  std::vector<SpecialToken> s = {{kEndOfText, false}, {kPad, false}, {kBos, false}, {kEos, false}, {kMask, true}};
  for (int i = 0; i < kSentinels; ++i) s.push_back({sentinel(i), true});
  return s;
}

const std::vector<std::string>& lessonSentences() {
  static const std::vector<std::string> s = {
      "The teacher taught the student with the book.", "The tea tastes sweet, but the cake tastes better.",
      "She ate a banana by the river bank.", "He put the money in the bank."};
  return s;
}

TrainingCorpus loadTrainingCorpus(const std::string& kind, const std::string& path, int every) {
  TrainingCorpus c;
  c.kind = kind;
  if (kind == "kjv") {
    const CorpusSplit split = splitChapters(parseKjvChapters(readBibleData(path.empty() ? kKjvDataPath : path)), every);
    c.train = split.train;
    c.heldOut = split.heldOut;
    c.heldOutNames = split.heldOutNames;
    c.specials = {{kEndOfText, false}};
    c.prompts = {"The teacher taught the student with the book", "In the beginning", "And Jesus said unto",
                 "The LORD is my shepherd", "And it came to pass, when the king"};
  } else if (kind == "wordnet") {
    const TextSplit split = splitWordNet(readWordNet(path.empty() ? kWordNetDir : path), every);
    c.train = split.train;
    c.heldOut = split.heldOut;
    c.heldOutNames = split.heldOutNames;
    c.specials = familySpecialTokens();
    c.requiredTexts = lessonSentences();
    c.prompts = lessonSentences();
    c.prompts.push_back("bank:");
    c.prompts.push_back("teacher:");
  } else {
    throw Error("unknown corpus '" + kind + "' (hint: --corpus-kind kjv or wordnet)");
  }
  return c;
}

}  // namespace glassbox
