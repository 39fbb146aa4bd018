#pragma once
// The per-string checks of the conformance test: our encoding of a text (alone, without special tokens,
// as a pair, in a batch) against the reference's, field by field (ids, type ids, attention and special
// masks, overflowing parts), and the sanity of our offsets. Failures are counted and the first few kept
// with enough context to see the difference.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "conformance/conformance_support.h"
#include "core/json_util.h"
#include "tokenizers/tokenizer.h"

namespace glassbox::conformance {

inline constexpr std::size_t kMaxShown = 12;  // detailed mismatches printed per check

struct Mismatch {
  std::string corpusId, text, what;
};

struct Report {
  std::size_t idMismatches = 0, decodeMismatches = 0, offsetViolations = 0, roundTripFailures = 0;
  std::size_t maskMismatches = 0, overflowMismatches = 0, pairMismatches = 0, batchMismatches = 0;
  std::size_t offsetDisagreements = 0, encodings = 0, pairs = 0, batches = 0;
  std::vector<Mismatch> ids, decodes, offsets, roundTrips, masks, overflows, pairsShown, batchesShown, offsetNotes;
};

inline void note(std::vector<Mismatch>& list, const std::string& id, const std::string& text, const std::string& what) {
  if (list.size() < kMaxShown) list.push_back({id, text, what});
}

inline std::string describeIds(const Tokenizer& tok, const std::vector<int>& ids, std::size_t from, std::size_t to) {
  std::ostringstream s;
  s << "[";
  if (from > 0) s << "... ";
  for (std::size_t i = from; i < to && i < ids.size(); ++i)
    s << (i > from ? " " : "") << ids[i] << ":" << escapeForDisplay(tok.tokenRaw(ids[i]), 40, true);
  if (to < ids.size()) s << " ... (" << ids.size() << " ids)";
  s << "]";
  return s.str();
}

inline std::string describeIdMismatch(const Tokenizer& tok, const std::vector<int>& expected, const std::vector<int>& actual) {
  std::size_t k = 0;
  while (k < expected.size() && k < actual.size() && expected[k] == actual[k]) ++k;
  const std::size_t from = k > 3 ? k - 3 : 0;
  std::ostringstream s;
  s << "first difference at token " << k << " (expected " << expected.size() << " ids, got " << actual.size() << ")\n"
    << "      expected " << describeIds(tok, expected, from, k + 8) << "\n"
    << "      actual   " << describeIds(tok, actual, from, k + 8);
  return s.str();
}

inline std::string describeInts(const std::vector<int>& v) {
  std::ostringstream s;
  s << "[";
  for (std::size_t i = 0; i < v.size() && i < 48; ++i) s << (i ? " " : "") << v[i];
  if (v.size() > 48) s << " ... (" << v.size() << ")";
  s << "]";
  return s.str();
}

inline std::vector<int> jsonInts(const Json& j, const char* key) { return j.at(key).get<std::vector<int>>(); }

// Spans inside their text (the second text of a pair for sequence 1), begins and ends never going back
// within one sequence.
inline void checkOffsets(const std::string& id, const std::string& text, const std::string* second, const Encoding& enc,
                         Report& r) {
  std::size_t lastBegin[2] = {0, 0}, lastEnd[2] = {0, 0};
  for (std::size_t t = 0; t < enc.tokens.size(); ++t) {
    const TokenPiece& p = enc.tokens[t];
    const int seq = t < enc.sequenceIds.size() && enc.sequenceIds[t] == 1 && second ? 1 : 0;
    const std::size_t limit = seq == 1 ? second->size() : text.size();
    std::string problem;
    if (p.begin > p.end || p.end > limit) {
      problem = "span outside the input";
    } else if (p.end > p.begin && (p.begin < lastBegin[seq] || p.end < lastEnd[seq])) {
      problem = "span goes backwards (previous [" + std::to_string(lastBegin[seq]) + ", " + std::to_string(lastEnd[seq]) + "))";
    }
    if (!problem.empty()) {
      ++r.offsetViolations;
      note(r.offsets, id, text,
           "token " + std::to_string(t) + " id " + std::to_string(p.id) + " span [" + std::to_string(p.begin) + ", " +
               std::to_string(p.end) + ") of " + std::to_string(limit) + " bytes: " + problem);
      return;
    }
    if (p.end > p.begin) lastBegin[seq] = p.begin, lastEnd[seq] = p.end;
  }
  const std::size_t n = enc.ids.size();
  if (enc.tokens.size() != n || enc.typeIds.size() != n || enc.attentionMask.size() != n ||
      enc.specialTokensMask.size() != n || enc.sequenceIds.size() != n) {
    ++r.offsetViolations;
    note(r.offsets, id, text, "the per-token vectors of the encoding differ in length from ids");
  }
}

// Our spans against the reference's, for tokens that are neither inserted nor partial characters.
inline void compareOffsets(const std::string& id, const std::string& text, const Encoding& enc, const Json& ref, Report& r) {
  if (!ref.contains("offsets")) return;
  const auto& offs = ref.at("offsets");
  for (std::size_t t = 0; t < enc.tokens.size() && t < offs.size(); ++t) {
    const TokenPiece& p = enc.tokens[t];
    const std::size_t b = offs[t][0].get<std::size_t>(), e = offs[t][1].get<std::size_t>();
    if (p.special || p.partialChar || b == e) continue;
    if (p.begin != b || p.end != e) {
      ++r.offsetDisagreements;
      note(r.offsetNotes, id, text,
           "token " + std::to_string(t) + " " + escapeForDisplay(p.raw, 40, true) + ": ours [" + std::to_string(p.begin) + ", " +
               std::to_string(p.end) + "), reference [" + std::to_string(b) + ", " + std::to_string(e) + ")");
      return;
    }
  }
}

// type_ids, attention_mask, special_tokens_mask, sequence_ids and the overflowing parts, where the
// reference gives them (tiktoken gives none). Returns false on a difference.
inline bool compareFields(const std::string& id, const std::string& text, const std::string& label, const Encoding& ours,
                          const Json& ref, Report& r) {
  bool ok = true;
  const std::pair<const char*, const std::vector<int>*> fields[] = {{"type_ids", &ours.typeIds},
                                                                    {"attention_mask", &ours.attentionMask},
                                                                    {"special_tokens_mask", &ours.specialTokensMask},
                                                                    {"sequence_ids", &ours.sequenceIds}};
  for (const auto& [key, mine] : fields) {
    if (!ref.contains(key)) continue;
    const std::vector<int> want = jsonInts(ref, key);
    if (*mine != want) {
      ++r.maskMismatches;
      note(r.masks, id, text, label + key + ": expected " + describeInts(want) + "\n      actual   " + describeInts(*mine));
      ok = false;
    }
  }
  if (!ref.contains("overflowing")) return ok;
  const Json& parts = ref.at("overflowing");
  std::string problem;
  if (parts.size() != ours.overflowing.size()) {
    problem = "expected " + std::to_string(parts.size()) + " overflowing parts, got " + std::to_string(ours.overflowing.size());
  } else {
    for (std::size_t k = 0; k < parts.size() && problem.empty(); ++k) {
      const Encoding& o = ours.overflowing[k];
      if (jsonInts(parts[k], "ids") != o.ids) problem = "part " + std::to_string(k) + " ids " + describeInts(o.ids) +
                                                        ", expected " + describeInts(jsonInts(parts[k], "ids"));
      else if (jsonInts(parts[k], "type_ids") != o.typeIds) problem = "part " + std::to_string(k) + " type_ids differ";
      else if (jsonInts(parts[k], "attention_mask") != o.attentionMask) problem = "part " + std::to_string(k) + " attention_mask differs";
    }
  }
  if (!problem.empty()) {
    ++r.overflowMismatches;
    note(r.overflows, id, text, label + problem);
    ok = false;
  }
  return ok;
}

// A pair (text, next) against the reference's "pair" (an encoding or {"error"}).
inline void checkPair(const Tokenizer& tok, const std::string& id, const std::string& text, const std::string& next,
                      const Json& ref, Report& r) {
  ++r.pairs;
  const bool refFailed = ref.contains("error");
  Encoding ours;
  try {
    ours = tok.encodePair(text, next);
  } catch (const std::exception& e) {
    if (!refFailed) {
      ++r.pairMismatches;
      note(r.pairsShown, id, text, std::string("encodePair threw: ") + e.what());
    }
    return;
  }
  if (refFailed) {
    ++r.pairMismatches;
    note(r.pairsShown, id, text, "the reference refused this pair (" + ref.at("error").get<std::string>() + ") but encodePair gave " +
                                     describeInts(ours.ids));
    return;
  }
  const std::vector<int> want = jsonInts(ref, "ids");
  if (ours.ids != want) {
    ++r.pairMismatches;
    note(r.pairsShown, id, text, "pair ids: " + describeIdMismatch(tok, want, ours.ids));
    return;
  }
  if (compareFields(id, text, "pair ", ours, ref, r)) compareOffsets(id, text, ours, ref, r);
  checkOffsets(id, text, &next, ours, r);
}

// Groups of four corpus strings through encodeBatch (BatchLongest padding pads to the longest).
inline void checkBatches(const Tokenizer& tok, const Json& strings, const Json& batches, Report& r) {
  for (std::size_t b = 0; b < batches.size(); ++b) {
    std::vector<std::string> texts;
    for (std::size_t k = 0; k < 4; ++k) texts.push_back(strings[4 * b + k].at("text").get<std::string>());
    ++r.batches;
    const std::string id = strings[4 * b].at("id").get<std::string>() + " (batch of 4)";
    const bool refused = batches[b].contains("error");
    try {
      const std::vector<Encoding> ours = tok.encodeBatch(texts);
      if (refused) {
        ++r.batchMismatches;
        note(r.batchesShown, id, texts[0], "the reference refused this batch (" + batches[b].at("error").get<std::string>() + ")");
        continue;
      }
      for (std::size_t k = 0; k < 4; ++k) {
        const std::vector<int> ids = batches[b].at("ids")[k].get<std::vector<int>>();
        const std::vector<int> mask = batches[b].at("attention_mask")[k].get<std::vector<int>>();
        if (ours[k].ids != ids || ours[k].attentionMask != mask) {
          ++r.batchMismatches;
          note(r.batchesShown, id, texts[k], "batch item " + std::to_string(k) + ": " + describeIdMismatch(tok, ids, ours[k].ids));
          break;
        }
      }
    } catch (const std::exception& e) {
      if (refused) continue;
      ++r.batchMismatches;
      note(r.batchesShown, id, texts[0], std::string("encodeBatch threw: ") + e.what());
    }
  }
}

inline std::string section(const char* title, std::size_t count, const std::vector<Mismatch>& shown) {
  if (count == 0) return "";
  std::ostringstream s;
  s << "\n== " << title << ": " << count << (shown.size() < count ? " (first " + std::to_string(shown.size()) + " shown)" : "")
    << "\n";
  for (const auto& m : shown) s << "  [" << m.corpusId << "] text " << escapeForDisplay(m.text, 120, true) << "\n      " << m.what << "\n";
  return s.str();
}

}  // namespace glassbox::conformance
