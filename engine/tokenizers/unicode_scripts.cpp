#include "tokenizers/unicode_scripts.h"

#include <algorithm>
#include <iterator>

namespace glassbox::tok {

namespace {

struct ScriptRange {
  char32_t first, last;
  std::uint8_t script;
};

#include "tokenizers/unicode_scripts_table.inc"

}  // namespace

std::uint8_t unicodeScript(char32_t c) {
  const auto* end = std::end(kScriptRanges);
  const auto* it = std::upper_bound(std::begin(kScriptRanges), end, c, [](char32_t v, const ScriptRange& r) { return v < r.first; });
  if (it == std::begin(kScriptRanges)) return 0;
  --it;
  return c <= it->last ? it->script : 0;
}

std::uint8_t unicodeScriptForSplit(char32_t c) {
  if (c == 0x30FC) return kScriptHan;
  if (c == U' ') return 0;
  const std::uint8_t s = unicodeScript(c);
  return s == kScriptHiragana || s == kScriptKatakana ? kScriptHan : s;
}

}  // namespace glassbox::tok
