#include "train/wordnet_corpus.h"

#include <cctype>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace glassbox {
namespace {

std::string collapseSpaces(std::string_view s) {
  std::string out;
  bool pending = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending = !out.empty();
      continue;
    }
    if (pending) out.push_back(' ');
    pending = false;
    out.push_back(c);
  }
  return out;
}

// Splits at ';' that are not inside double quotes.
std::vector<std::string> topLevelParts(std::string_view gloss) {
  std::vector<std::string> parts;
  std::string cur;
  bool quoted = false;
  for (char c : gloss) {
    if (c == '"') quoted = !quoted;
    if (c == ';' && !quoted) {
      parts.push_back(collapseSpaces(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  parts.push_back(collapseSpaces(cur));
  return parts;
}

// "\"he sat on the bank\" - Mark Twain" -> "He sat on the bank."
std::string cleanExample(const std::string& part) {
  const std::size_t open = part.find('"');
  const std::size_t close = part.rfind('"');
  std::string s = close > open ? part.substr(open + 1, close - open - 1) : part.substr(open + 1);
  s = collapseSpaces(s);
  if (s.empty()) return s;
  s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  const char last = s.back();
  if (last != '.' && last != '!' && last != '?') s.push_back('.');
  return s;
}

// "physical_entity" -> "physical entity"; adjective markers "(a)", "(p)", "(ip)" are dropped.
std::string cleanLemma(std::string w) {
  if (const auto paren = w.find('('); paren != std::string::npos && w.back() == ')') w.resize(paren);
  for (char& c : w)
    if (c == '_') c = ' ';
  return w;
}

[[noreturn]] void badLine(const std::string& file, std::size_t line, const std::string& what) {
  failFile(file, "line " + std::to_string(line) + ": " + what +
                     " (hint: expected the wndb(5WN) data format of Debian's wordnet-base)");
}

}  // namespace

void cleanWordNetGloss(std::string_view gloss, WordNetSynset& s) {
  s.definitions.clear();
  s.examples.clear();
  for (const std::string& part : topLevelParts(gloss)) {
    if (part.empty()) continue;
    if (part.front() == '"') {
      std::string e = cleanExample(part);
      if (!e.empty()) s.examples.push_back(std::move(e));
    } else {
      s.definitions.push_back(part);
    }
  }
  std::string text;
  for (std::size_t i = 0; i < s.lemmas.size() && i < 3; ++i) text += (i ? ", " : "") + s.lemmas[i];
  text += ":";
  std::string def;
  for (const auto& d : s.definitions) def += (def.empty() ? "" : "; ") + d;
  if (!def.empty()) {
    const char last = def.back();
    if (last != '.' && last != '!' && last != '?') def.push_back('.');
    text += " " + def;
  }
  for (const auto& e : s.examples) text += "\n" + e;
  // Runs of spaces (from lemmas such as "a__b" or spaced glosses) become one; no space next to a newline.
  std::string squeezed;
  for (char c : text) {
    if (c == ' ' && (squeezed.empty() || squeezed.back() == ' ' || squeezed.back() == '\n')) continue;
    if (c == '\n' && !squeezed.empty() && squeezed.back() == ' ') squeezed.pop_back();
    squeezed.push_back(c);
  }
  s.text = squeezed + "\n";
}

std::vector<WordNetSynset> parseWordNetData(std::string_view content, char pos, const std::string& file) {
  std::vector<WordNetSynset> out;
  std::size_t lineNo = 0;
  for (std::size_t at = 0; at < content.size();) {
    std::size_t end = content.find('\n', at);
    if (end == std::string_view::npos) end = content.size();
    const std::string_view line = content.substr(at, end - at);
    at = end + 1;
    ++lineNo;
    if (line.empty() || line.starts_with("  ")) continue;  // the licence header
    const std::size_t bar = line.find(" | ");
    if (bar == std::string_view::npos) badLine(file, lineNo, "no ' | ' before the gloss");
    std::istringstream fields{std::string(line.substr(0, bar))};
    std::string offset, lexFile, type, countHex;
    if (!(fields >> offset >> lexFile >> type >> countHex) || offset.size() != 8)
      badLine(file, lineNo, "missing synset offset, lexicographer file, type or word count");
    std::size_t words = 0;
    try {
      words = std::stoul(countHex, nullptr, 16);
    } catch (const std::exception&) {
      badLine(file, lineNo, "word count '" + countHex + "' is not hexadecimal");
    }
    if (words == 0 || words > 256) badLine(file, lineNo, "word count " + std::to_string(words) + " outside 1..256");
    WordNetSynset s;
    s.id = std::string(1, pos) + offset;
    for (std::size_t w = 0; w < words; ++w) {
      std::string word, lexId;
      if (!(fields >> word >> lexId)) badLine(file, lineNo, "fewer words than the count says");
      s.lemmas.push_back(cleanLemma(std::move(word)));
    }
    cleanWordNetGloss(line.substr(bar + 3), s);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<WordNetSynset> readWordNet(const std::string& dir) {
  std::vector<WordNetSynset> all;
  const std::pair<const char*, char> files[] = {{"data.noun", 'n'}, {"data.verb", 'v'}, {"data.adj", 'a'},
                                                {"data.adv", 'r'}};
  for (const auto& [name, pos] : files) {
    const std::string path = dir + "/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) failFile(path, "cannot open the WordNet data file (hint: apt-get install wordnet-base)");
    std::stringstream buf;
    buf << in.rdbuf();
    auto part = parseWordNetData(buf.str(), pos, path);
    all.insert(all.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  return all;
}

TextSplit splitWordNet(const std::vector<WordNetSynset>& synsets, int every) {
  if (every < 2) throw Error("WordNet split: every must be at least 2");
  TextSplit split;
  for (std::size_t i = 0; i < synsets.size(); ++i) {
    if (i % static_cast<std::size_t>(every) == static_cast<std::size_t>(every - 1)) {
      split.heldOut.push_back(synsets[i].text);
      split.heldOutNames.push_back(synsets[i].id);
    } else {
      split.train.push_back(synsets[i].text);
    }
  }
  return split;
}

}  // namespace glassbox
