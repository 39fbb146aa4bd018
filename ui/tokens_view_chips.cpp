// The chips of the Tokens view: one per token, except that a run of padding is one chip ("+ 122 [PAD]")
// and a text cut by the tokenizer's truncation gets a marker chip where the model stops reading.
#include <set>
#include <tuple>

#include "token_chips_widget.h"
#include "token_text.h"
#include "tokens_view.h"

namespace glassbox {
namespace {

bool isPadding(const Encoding& e, std::size_t i) { return i < e.attentionMask.size() && e.attentionMask[i] == 0; }
bool isText(const Encoding& e, std::size_t i) {
  return !isPadding(e, i) && (e.sequenceIds.size() != e.ids.size() || e.sequenceIds[i] == 0) && e.tokens[i].end > e.tokens[i].begin;
}

// own: the chip's own bytes (a byte token of a multi-byte character gets its one byte); text: the prompt.
TokenChip tokenChip(const TokenPiece& t, int index, std::pair<std::size_t, std::size_t> own, const std::string& text) {
  TokenChip c;
  c.id = t.id;
  c.special = t.special;
  c.partial = t.partialChar;
  c.firstToken = index;
  c.text = t.special ? QString::fromStdString(t.raw).trimmed() : visibleTokenText(t.bytes);
  c.lineBreak = !t.special && !t.bytes.empty() && t.bytes.back() == '\n';
  const auto [b, e] = own;
  const QString character =
      t.end > t.begin && t.end <= text.size() ? QString::fromUtf8(text.substr(t.begin, t.end - t.begin)) : QString();
  c.toolTip = t.partialChar && !character.isEmpty()
                  ? TokensView::tr("id %1\nvocabulary form: %2\n%3 of the prompt\npart of the character “%4” (%5)")
                        .arg(t.id).arg(QString::fromStdString(t.raw)).arg(byteRangeText(b, e)).arg(character)
                        .arg(byteRangeText(t.begin, t.end))
                  : t.partialChar ? TokensView::tr("id %1\nvocabulary form: %2\n%3 of the prompt\npart of a multi-byte character")
                                        .arg(t.id).arg(QString::fromStdString(t.raw)).arg(byteRangeText(b, e))
                                  : TokensView::tr("id %1\nvocabulary form: %2\n%3 of the prompt")
                                        .arg(t.id).arg(QString::fromStdString(t.raw)).arg(byteRangeText(b, e));
  return c;
}

TokenChip paddingChip(const TokenPiece& t, int first, int count) {
  TokenChip c;
  c.id = t.id;
  c.special = true;
  c.dimmed = true;
  c.firstToken = first;
  c.tokenCount = count;
  c.text = QObject::tr("+ %n %1", "a run of padding tokens shown as one chip", count).arg(QString::fromStdString(t.raw));
  c.toolTip = QObject::tr("%n padding token(s) (id %1) fill the sequence to the length the tokenizer pads to; the "
                          "attention mask is 0 there, so the model ignores them",
                          nullptr, count)
                  .arg(t.id);
  return c;
}

TokenChip cutChip(const TruncationCut& cut) {
  TokenChip c;
  c.marker = true;
  c.text = QObject::tr("\u2702 %n more not read", "truncation marker: tokens of the text the model never sees", cut.tokens);
  c.toolTip = QObject::tr("The tokenizer's truncation (max_length) cuts the text here: the model never reads the "
                          "rest, %n more token(s), bytes %1–%2 of the prompt.",
                          nullptr, cut.tokens)
                  .arg(cut.begin)
                  .arg(cut.end);
  return c;
}

}  // namespace

TruncationCut truncationCut(const Encoding& e, std::size_t textSize) {
  TruncationCut cut;
  if (!e.truncated()) return cut;
  std::size_t keptBegin = SIZE_MAX, keptEnd = 0;
  for (std::size_t i = 0; i < e.ids.size(); ++i)
    if (isText(e, i)) {
      keptBegin = std::min(keptBegin, e.tokens[i].begin);
      keptEnd = std::max(keptEnd, e.tokens[i].end);
      if (cut.afterToken < 0 || keptEnd == e.tokens[i].end) cut.afterToken = static_cast<int>(i);
    }
  // Tokens of the text the kept part does not reach (the parts overlap by the stride: count each once).
  std::set<std::tuple<std::size_t, std::size_t, int>> beyond, before;
  for (const Encoding& o : e.overflowing)
    for (std::size_t i = 0; i < o.ids.size(); ++i) {
      if (!isText(o, i)) continue;
      const TokenPiece& t = o.tokens[i];
      if (keptBegin == SIZE_MAX || t.begin >= keptEnd) beyond.insert({t.begin, t.end, t.id});
      else if (t.end <= keptBegin) before.insert({t.begin, t.end, t.id});
    }
  cut.cut = !beyond.empty() || !before.empty();
  if (!cut.cut) return cut;
  cut.left = beyond.empty();  // truncation from the left keeps the end of the text
  if (!cut.left) {
    cut.tokens = static_cast<int>(beyond.size());
    cut.begin = keptBegin == SIZE_MAX ? 0 : keptEnd;
    cut.end = std::max<std::size_t>(textSize, std::get<1>(*beyond.rbegin()));
  } else {
    cut.tokens = static_cast<int>(before.size());
    cut.begin = 0;
    cut.end = keptBegin;
  }
  return cut;
}

std::vector<TokenChip> chipsFor(const Encoding& encoding, const std::string& text) {
  const TruncationCut cut = truncationCut(encoding, text.size());
  const auto own = text.empty() ? std::vector<std::pair<std::size_t, std::size_t>>{} : ownByteRanges(encoding, text);
  // The marker goes after the last token the model reads (right truncation) or before the first (left).
  int markerBefore = -1;
  if (cut.cut) {
    int firstText = -1;
    for (std::size_t i = 0; i < encoding.ids.size() && firstText < 0; ++i)
      if (isText(encoding, i)) firstText = static_cast<int>(i);
    markerBefore = cut.left ? std::max(firstText, 0) : cut.afterToken + 1;
  }
  std::vector<int> groupOf(encoding.tokens.size(), -1);
  std::vector<QString> groupText;
  for (const CharacterGroup& g : characterGroups(encoding, text)) {
    for (std::size_t k = g.firstToken; k <= g.lastToken; ++k) groupOf[k] = static_cast<int>(groupText.size());
    groupText.push_back(g.text);
  }
  std::vector<TokenChip> chips;
  chips.reserve(encoding.tokens.size() + 1);
  for (std::size_t i = 0; i < encoding.tokens.size(); ++i) {
    if (static_cast<int>(i) == markerBefore) chips.push_back(cutChip(cut));
    if (isPadding(encoding, i)) {
      std::size_t k = i;
      while (k < encoding.tokens.size() && isPadding(encoding, k) && encoding.ids[k] == encoding.ids[i]) ++k;
      chips.push_back(paddingChip(encoding.tokens[i], static_cast<int>(i), static_cast<int>(k - i)));
      i = k - 1;
      continue;
    }
    const TokenPiece& t = encoding.tokens[i];
    chips.push_back(tokenChip(t, static_cast<int>(i), i < own.size() ? own[i] : std::pair{t.begin, t.end}, text));
    if (groupOf[i] >= 0) {
      chips.back().group = groupOf[i];
      chips.back().groupText = groupText[static_cast<std::size_t>(groupOf[i])];
    }
  }
  if (cut.cut && markerBefore >= static_cast<int>(encoding.tokens.size())) chips.push_back(cutChip(cut));
  return chips;
}

}  // namespace glassbox
