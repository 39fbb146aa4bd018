#include "tokenizers/encoding_ops.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "core/error.h"

namespace glassbox {

std::size_t Encoding::paddingCount() const {
  return static_cast<std::size_t>(std::count(attentionMask.begin(), attentionMask.end(), 0));
}

namespace tok {

namespace {

// Tokens [b, e) of `e` as an encoding of their own (no overflowing parts).
Encoding sliceOf(const Encoding& e, std::size_t b, std::size_t en) {
  auto part = [&](const auto& v) { return std::vector<typename std::decay_t<decltype(v)>::value_type>(v.begin() + b, v.begin() + en); };
  Encoding s;
  s.ids = part(e.ids);
  s.tokens = part(e.tokens);
  s.typeIds = part(e.typeIds);
  s.attentionMask = part(e.attentionMask);
  s.specialTokensMask = part(e.specialTokensMask);
  s.sequenceIds = part(e.sequenceIds);
  s.inputHadInvalidUtf8 = e.inputHadInvalidUtf8;
  return s;
}

// Missing per-token vectors (an Encoding built by hand) read as defaults.
void fillDefaults(Encoding& e) {
  const std::size_t n = e.ids.size();
  if (e.typeIds.size() != n) e.typeIds.assign(n, 0);
  if (e.attentionMask.size() != n) e.attentionMask.assign(n, 1);
  if (e.specialTokensMask.size() != n) e.specialTokensMask.assign(n, 0);
  if (e.sequenceIds.size() != n) e.sequenceIds.assign(n, 0);
  if (e.tokens.size() != n) e.tokens.resize(n);
}

template <class T>
void appendMoved(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

std::size_t countParts(const Encoding& e) {
  std::size_t n = e.overflowing.size();
  for (const auto& o : e.overflowing) n += countParts(o);
  return n;
}

}  // namespace

void pushToken(Encoding& e, TokenPiece piece, int typeId, int attention, int special, int sequence) {
  e.ids.push_back(piece.id);
  e.tokens.push_back(std::move(piece));
  e.typeIds.push_back(typeId);
  e.attentionMask.push_back(attention);
  e.specialTokensMask.push_back(special);
  e.sequenceIds.push_back(sequence);
}

void truncateEncoding(Encoding& e, std::size_t maxLength, std::size_t stride, bool left) {
  const std::size_t n = e.ids.size();
  if (maxLength >= n) return;
  fillDefaults(e);
  if (maxLength == 0) {
    Encoding all = std::move(e);
    e = Encoding();
    e.inputHadInvalidUtf8 = all.inputHadInvalidUtf8;
    e.overflowing.push_back(std::move(all));
    return;
  }
  if (stride >= maxLength)
    throw Error("truncation: stride " + std::to_string(stride) + " must be smaller than the length kept, " +
                std::to_string(maxLength) + " tokens (hint: lower \"stride\" or raise \"max_length\" in tokenizer.json)");
  const std::size_t step = maxLength - stride;
  if (n / step + 1 > kMaxOverflowingParts)
    throw Error("truncation: " + std::to_string(n) + " tokens would make more than " + std::to_string(kMaxOverflowingParts) +
                " overflowing parts (hint: raise \"max_length\" or lower \"stride\")");
  std::vector<std::pair<std::size_t, std::size_t>> ranges;  // [start, stop) of each part, kept part first
  if (!left) {
    for (std::size_t start = 0; start < n; start += step) {
      const std::size_t stop = std::min(start + maxLength, n);
      ranges.emplace_back(start, stop);
      if (stop == n) break;
    }
  } else {
    // Parts end at n, n - step, n - 2 step, ... (HF walks `stop` down from the last token).
    for (std::size_t last = n; last-- > 0;) {
      const std::size_t stop = last + 1;
      const std::size_t start = stop < maxLength ? 0 : stop - maxLength;
      ranges.emplace_back(start, stop);
      if (start == 0 || last < step) break;
      last -= step - 1;
    }
  }
  Encoding kept = sliceOf(e, ranges[0].first, ranges[0].second);
  for (std::size_t i = 1; i < ranges.size(); ++i) kept.overflowing.push_back(sliceOf(e, ranges[i].first, ranges[i].second));
  e = std::move(kept);
}

void truncateSequences(Encoding& first, Encoding* second, const TruncationParams& p) {
  if (p.maxLength == 0) {
    truncateEncoding(first, 0, p.stride, p.left);
    if (second) truncateEncoding(*second, 0, p.stride, p.left);
    return;
  }
  const std::size_t total = first.ids.size() + (second ? second->ids.size() : 0);
  if (total <= p.maxLength) return;
  const std::size_t toRemove = total - p.maxLength;
  if (p.strategy == TruncationStrategy::LongestFirst) {
    if (!second) {
      truncateEncoding(first, total - toRemove, p.stride, p.left);
      return;
    }
    // The shorter sequence keeps its length when the longer one can absorb the cut; else both get half.
    std::size_t n1 = first.ids.size(), n2 = second->ids.size();
    const bool swap = n1 > n2;
    if (swap) std::swap(n1, n2);
    n2 = n1 > p.maxLength ? n1 : std::max(n1, p.maxLength - n1);
    if (n1 + n2 > p.maxLength) {
      n1 = p.maxLength / 2;
      n2 = n1 + p.maxLength % 2;
    }
    if (swap) std::swap(n1, n2);
    truncateEncoding(first, n1, p.stride, p.left);
    truncateEncoding(*second, n2, p.stride, p.left);
    return;
  }
  Encoding* target = p.strategy == TruncationStrategy::OnlyFirst ? &first : second;
  if (!target) throw Error("truncation: strategy only_second needs a second sequence (hint: encode a pair or use longest_first)");
  if (target->ids.size() <= toRemove)
    throw Error("truncation: the sequence to cut has " + std::to_string(target->ids.size()) + " tokens, too few to remove " +
                std::to_string(toRemove) + " (hint: use the longest_first strategy)");
  truncateEncoding(*target, target->ids.size() - toRemove, p.stride, p.left);
}

void mergeEncoding(Encoding& into, Encoding other) {
  fillDefaults(into);
  fillDefaults(other);
  // Checked before anything is built: the combinations grow as the product of the two part counts.
  if ((into.overflowing.size() + 1) * (other.overflowing.size() + 1) > kMaxOverflowingParts)
    throw Error("truncation: joining " + std::to_string(into.overflowing.size()) + " and " + std::to_string(other.overflowing.size()) +
                " overflowing parts of a pair would make more than " + std::to_string(kMaxOverflowingParts) +
                " encodings (hint: raise \"max_length\" or lower \"stride\")");
  std::vector<Encoding> parts;
  for (const Encoding& mine : into.overflowing) {
    Encoding a = mine;
    mergeEncoding(a, other);
    parts.push_back(std::move(a));
    for (const Encoding& theirs : other.overflowing) {
      Encoding b = mine;
      mergeEncoding(b, theirs);
      parts.push_back(std::move(b));
    }
  }
  for (const Encoding& theirs : other.overflowing) {
    Encoding c = into;
    mergeEncoding(c, theirs);
    parts.push_back(std::move(c));
  }
  appendMoved(into.ids, other.ids);
  appendMoved(into.tokens, other.tokens);
  appendMoved(into.typeIds, other.typeIds);
  appendMoved(into.attentionMask, other.attentionMask);
  appendMoved(into.specialTokensMask, other.specialTokensMask);
  appendMoved(into.sequenceIds, other.sequenceIds);
  into.inputHadInvalidUtf8 = into.inputHadInvalidUtf8 || other.inputHadInvalidUtf8;
  into.overflowing = std::move(parts);
  if (countParts(into) > kMaxOverflowingParts)
    throw Error("truncation: joining the overflowing parts of a pair would make more than " +
                std::to_string(kMaxOverflowingParts) + " encodings (hint: raise \"max_length\" or lower \"stride\")");
}

void padEncoding(Encoding& e, std::size_t length, const PaddingParams& p, const TokenPiece& pad) {
  for (Encoding& o : e.overflowing) padEncoding(o, length, p, pad);
  if (e.ids.size() >= length) return;
  fillDefaults(e);
  const std::size_t k = length - e.ids.size();
  Encoding fill;
  fill.ids.reserve(k);
  for (std::size_t i = 0; i < k; ++i) pushToken(fill, pad, p.padTypeId, 0, 1, -1);
  if (!p.left) {
    std::vector<Encoding> keep = std::move(e.overflowing);
    e.overflowing.clear();
    mergeEncoding(e, std::move(fill));
    e.overflowing = std::move(keep);
    return;
  }
  fill.inputHadInvalidUtf8 = e.inputHadInvalidUtf8;
  std::vector<Encoding> keep = std::move(e.overflowing);
  e.overflowing.clear();
  mergeEncoding(fill, std::move(e));
  e = std::move(fill);
  e.overflowing = std::move(keep);
}

void padEncodings(std::span<Encoding> batch, const PaddingParams& p, const TokenPiece& pad) {
  if (batch.empty()) return;
  std::size_t length = 0;
  if (p.fixedLength) {
    length = *p.fixedLength;
  } else {
    for (const Encoding& e : batch) length = std::max(length, e.ids.size());
  }
  if (p.padToMultipleOf > 0 && length % p.padToMultipleOf > 0) length += p.padToMultipleOf - length % p.padToMultipleOf;
  for (Encoding& e : batch) padEncoding(e, length, p, pad);
}

namespace {

bool isLeft(const Json& j, const char* key, const std::string& where) {
  if (!j.contains(key) || j[key].is_null()) return false;
  if (!j[key].is_string()) throw Error(where + ": \"" + key + "\" must be \"Left\" or \"Right\"");
  const std::string d = j[key].get<std::string>();
  if (d == "Left") return true;
  if (d == "Right") return false;
  throw Error(where + ": \"" + key + "\" is \"" + d + "\" (expected \"Left\" or \"Right\")");
}

// Lengths are kept below 2^24 tokens: larger ones are no real model's and would make padding allocate
// gigabytes for a one-word text.
constexpr std::int64_t kMaxLength = std::int64_t{1} << 24;

std::size_t lengthField(const Json& j, const char* key, std::int64_t fallback, const std::string& where) {
  const std::int64_t v = jsonIntOr(j, key, fallback, where);
  if (v < 0 || v > kMaxLength)
    throw Error(where + ": \"" + key + "\" is " + std::to_string(v) + " (expected 0 to " + std::to_string(kMaxLength) + ")");
  return static_cast<std::size_t>(v);
}

}  // namespace

std::optional<PaddingParams> parsePadding(const Json& j, const std::string& what) {
  if (j.is_null()) return std::nullopt;
  const std::string where = what + ": padding";
  if (!j.is_object()) throw Error(where + " must be an object or null");
  PaddingParams p;
  const Json s = j.value("strategy", Json("BatchLongest"));
  if (s.is_object() && s.contains("Fixed")) {
    p.fixedLength = lengthField(s, "Fixed", 0, where + ".strategy");
  } else if (!(s.is_string() && s.get<std::string>() == "BatchLongest")) {
    throw Error(where + ": \"strategy\" must be \"BatchLongest\" or {\"Fixed\": N}");
  }
  p.left = isLeft(j, "direction", where);
  if (j.contains("pad_to_multiple_of") && !j["pad_to_multiple_of"].is_null())
    p.padToMultipleOf = lengthField(j, "pad_to_multiple_of", 0, where);
  p.padId = static_cast<int>(lengthField(j, "pad_id", 0, where));
  p.padTypeId = static_cast<int>(lengthField(j, "pad_type_id", 0, where));
  p.padToken = jsonStringOr(j, "pad_token", "[PAD]", where);
  return p;
}

std::optional<TruncationParams> parseTruncation(const Json& j, const std::string& what) {
  if (j.is_null()) return std::nullopt;
  const std::string where = what + ": truncation";
  if (!j.is_object()) throw Error(where + " must be an object or null");
  TruncationParams p;
  p.maxLength = lengthField(j, "max_length", 512, where);
  p.stride = lengthField(j, "stride", 0, where);
  p.left = isLeft(j, "direction", where);
  const std::string s = jsonStringOr(j, "strategy", "LongestFirst", where);
  if (s == "LongestFirst") p.strategy = TruncationStrategy::LongestFirst;
  else if (s == "OnlyFirst") p.strategy = TruncationStrategy::OnlyFirst;
  else if (s == "OnlySecond") p.strategy = TruncationStrategy::OnlySecond;
  else throw Error(where + ": \"strategy\" is \"" + s + "\" (expected LongestFirst, OnlyFirst or OnlySecond)");
  return p;
}

}  // namespace tok
}  // namespace glassbox
