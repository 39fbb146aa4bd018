#pragma once
// WordNet 3.0 (Debian's wordnet-base, /usr/share/wordnet/data.{noun,verb,adj,adv}) turned into modern
// English running text: one document per synset, a line with its first lemmas and its definition, then
// one line per example sentence, e.g.
//   bank: sloping land (especially the slope beside a body of water).
//   They pulled the canoe up on the bank.
//   He sat on the bank of the river and watched the currents.
// Every sense of a word is shown in use, which is what the lesson's homonyms (river bank / money bank)
// need. Licence: the WordNet 3.0 licence (permissive, notice kept; /usr/share/doc/wordnet-base/copyright).
//
// A data line is "offset lex_filenum ss_type w_cnt(hex) word lex_id ... p_cnt pointers... | gloss"
// (wndb(5WN)); lines starting with two spaces are the licence header.
#include <string>
#include <string_view>
#include <vector>

namespace glassbox {

inline constexpr const char* kWordNetDir = "/usr/share/wordnet";

struct WordNetSynset {
  std::string id;                    // "n00002137": part of speech letter + byte offset
  std::vector<std::string> lemmas;   // "physical entity" (underscores as spaces, adjective markers removed)
  std::vector<std::string> definitions;  // gloss parts that are not quoted
  std::vector<std::string> examples;     // quoted gloss parts, without quotes and attributions
  std::string text;                  // the cleaned document: lines, each ending in '\n'
};

// Parses the content of one data.* file (posLetter 'n', 'v', 'a', 'r'). Throws Error naming the file and
// line for a malformed data line; the licence header is skipped.
std::vector<WordNetSynset> parseWordNetData(std::string_view content, char posLetter, const std::string& nameForErrors);

// The gloss after "| " split at top-level ';' into definitions and examples, then the cleaned line:
// up to three lemmas joined by ", ", ": ", the definitions joined by "; " and ended by ".", then each
// example on a line of its own with a capital first letter and a final '.' unless it ends in . ! or ?
// (so sentences start as they do in prose: "The", "He", "She"). Whitespace runs collapse to one space.
void cleanWordNetGloss(std::string_view gloss, WordNetSynset& synset);

// data.noun, data.verb, data.adj, data.adv of `dir`, in that order. Throws Error naming a missing file.
std::vector<WordNetSynset> readWordNet(const std::string& dir = kWordNetDir);

// Deterministic held-out split: document i is held out when i % every == every - 1.
struct TextSplit {
  std::vector<std::string> train, heldOut;
  std::vector<std::string> heldOutNames;
};
TextSplit splitWordNet(const std::vector<WordNetSynset>& synsets, int every = 50);

}  // namespace glassbox
