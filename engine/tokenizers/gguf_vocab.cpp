// GGUF tokenizer metadata -> a Tokenizer (gguf_vocab.h). Keys: tokenizer.ggml.model, .pre, .tokens,
// .scores, .token_type, .merges, .precompiled_charsmap, .bos/eos/unknown/padding/seperator/mask_token_id,
// .add_bos_token, .add_eos_token, .add_space_prefix, .remove_extra_whitespaces (llama.cpp llama-vocab.cpp).
#include "tokenizers/gguf_vocab.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "core/error.h"
#include "core/json_util.h"
#include "formats/gguf.h"
#include "tokenizers/hf_tokenizer.h"
#include "tokenizers/pre_tokenizers.h"

namespace glassbox {

namespace tok {

namespace {

std::vector<std::string> stringArray(const GgufFile& g, const char* key) {
  const GgufValue* v = g.getArray(key, GgufType::String);
  if (!v) return {};
  return {v->strings.begin(), v->strings.end()};
}

// A numeric array converted element by element (any integer or float element type).
template <class T>
std::vector<T> numberArray(const GgufFile& g, const char* key) {
  const GgufValue* v = g.getArray(key, GgufType::Float32);
  if (!v) return {};
  std::vector<T> out(v->count);
  const std::uint8_t* p = v->raw.data();
  for (std::uint64_t i = 0; i < v->count; ++i) {
    double x = 0;
    switch (v->elementType) {
      case GgufType::Float32: { float f; std::memcpy(&f, p + 4 * i, 4); x = f; break; }
      case GgufType::Float64: std::memcpy(&x, p + 8 * i, 8); break;
      case GgufType::Int32: { std::int32_t k; std::memcpy(&k, p + 4 * i, 4); x = k; break; }
      case GgufType::UInt32: { std::uint32_t k; std::memcpy(&k, p + 4 * i, 4); x = k; break; }
      case GgufType::Int8: x = static_cast<std::int8_t>(p[i]); break;
      case GgufType::UInt8: x = p[i]; break;
      case GgufType::Int16: { std::int16_t k; std::memcpy(&k, p + 2 * i, 2); x = k; break; }
      case GgufType::UInt16: { std::uint16_t k; std::memcpy(&k, p + 2 * i, 2); x = k; break; }
      case GgufType::Int64: { std::int64_t k; std::memcpy(&k, p + 8 * i, 8); x = static_cast<double>(k); break; }
      default: { std::uint64_t k; std::memcpy(&k, p + 8 * i, 8); x = static_cast<double>(k); break; }
    }
    if constexpr (std::is_integral_v<T>) {  // a hostile value out of T's range (or NaN) must not be cast
      constexpr double lo = static_cast<double>(std::numeric_limits<T>::min());
      constexpr double hi = static_cast<double>(std::numeric_limits<T>::max());
      x = std::isnan(x) ? 0.0 : std::clamp(x, lo, hi);
    }
    out[i] = static_cast<T>(x);
  }
  return out;
}

std::optional<int> tokenIdKey(const GgufFile& g, const char* key, std::size_t vocab) {
  const auto v = g.getInt(key);
  if (!v) return std::nullopt;
  if (*v < 0 || static_cast<std::uint64_t>(*v) >= vocab) return std::nullopt;  // llama.cpp ignores such ids too
  return static_cast<int>(*v);
}

}  // namespace

GgufVocab readGgufVocab(const GgufFile& g) {
  GgufVocab v;
  v.path = g.path();
  const auto model = g.getString("tokenizer.ggml.model");
  if (!model) failFile(g.path(), "no tokenizer.ggml.model: the file has no embedded tokenizer; hint: pass --tokenizer PATH");
  v.model = *model;
  v.pre = g.getString("tokenizer.ggml.pre").value_or("");
  v.tokens = stringArray(g, "tokenizer.ggml.tokens");
  if (v.tokens.empty()) failFile(g.path(), "tokenizer.ggml.tokens is missing or empty");
  const std::size_t n = v.tokens.size();
  v.scores = numberArray<float>(g, "tokenizer.ggml.scores");
  v.types = numberArray<int>(g, "tokenizer.ggml.token_type");
  if (!v.scores.empty() && v.scores.size() != n)
    failFile(g.path(), "tokenizer.ggml.scores has " + std::to_string(v.scores.size()) + " entries for " + std::to_string(n) + " tokens");
  if (!v.types.empty() && v.types.size() != n)
    failFile(g.path(), "tokenizer.ggml.token_type has " + std::to_string(v.types.size()) + " entries for " + std::to_string(n) + " tokens");
  if (v.scores.empty()) v.scores.assign(n, 0.0f);
  if (v.types.empty()) v.types.assign(n, static_cast<int>(GgufTokenType::Normal));
  v.merges = stringArray(g, "tokenizer.ggml.merges");
  v.charsmap = numberArray<std::uint8_t>(g, "tokenizer.ggml.precompiled_charsmap");
  v.bos = tokenIdKey(g, "tokenizer.ggml.bos_token_id", n);
  v.eos = tokenIdKey(g, "tokenizer.ggml.eos_token_id", n);
  v.unk = tokenIdKey(g, "tokenizer.ggml.unknown_token_id", n);
  v.pad = tokenIdKey(g, "tokenizer.ggml.padding_token_id", n);
  v.sep = tokenIdKey(g, "tokenizer.ggml.seperator_token_id", n);
  v.mask = tokenIdKey(g, "tokenizer.ggml.mask_token_id", n);
  v.addBos = g.getBool("tokenizer.ggml.add_bos_token");
  v.addEos = g.getBool("tokenizer.ggml.add_eos_token");
  v.addSpacePrefix = g.getBool("tokenizer.ggml.add_space_prefix");
  v.removeExtraWhitespaces = g.getBool("tokenizer.ggml.remove_extra_whitespaces");
  return v;
}

namespace {

// llama.cpp's pre-tokenizer regexes for tokenizer.ggml.pre (llm_tokenizer_bpe), each applied as an
// isolating split of the pieces the previous one left.
std::vector<std::string> preTokenizerRegexes(const std::string& pre, const std::string& path) {
  const std::string gpt2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
  const std::string llama3 =
      "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| "
      "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  const std::string qwen2 =
      "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| "
      "?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  if (pre.empty() || pre == "default")
    return {"[\\p{P}\\$\\+<=>\\^~\\|]+", gpt2, "\\p{N}+", "[0-9][0-9][0-9]"};
  if (pre == "llama3" || pre == "llama-v3" || pre == "llama-bpe" || pre == "dbrx" || pre == "smaug-bpe") return {llama3};
  if (pre == "qwen2" || pre == "deepseek-r1-qwen" || pre == "stablelm2" || pre == "megrez") return {qwen2};
  if (pre == "gpt-2" || pre == "mpt" || pre == "olmo" || pre == "phi-2" || pre == "jais" || pre == "roberta-bpe") return {gpt2};
  if (pre == "starcoder" || pre == "refact" || pre == "smollm" || pre == "command-r" || pre == "codeshell" || pre == "exaone")
    return {"\\p{N}", gpt2};
  if (pre == "falcon") return {"[\\p{P}\\$\\+<=>\\^~\\|`]+", gpt2, "[0-9][0-9][0-9]"};
  // The character classes of DeepSeek's tokenizer.json (code points; the letters are Unicode's cased letters).
  const std::string cjk = "[\\x{4E00}-\\x{9FA5}\\x{0800}-\\x{4E00}\\x{AC00}-\\x{D7FF}]+";
  if (pre == "deepseek-coder") return {"[\\r\\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", cjk, "\\p{N}"};
  if (pre == "deepseek-llm")
    return {"[\\r\\n]",
            "\\s?["
            "\\x{0041}-\\x{005A}\\x{0061}-\\x{007A}\\x{00B5}\\x{00C0}-\\x{00D6}\\x{00D8}-\\x{00F6}\\x{00F8}-"
            "\\x{01BA}\\x{01BC}-\\x{01BF}\\x{01C4}-\\x{0293}\\x{0295}-\\x{02AF}\\x{0370}-\\x{0373}\\x{0376}-"
            "\\x{0377}\\x{037B}-\\x{037D}\\x{037F}\\x{0386}\\x{0388}-\\x{038A}\\x{038C}\\x{038E}-\\x{03A1}"
            "\\x{03A3}-\\x{03F5}\\x{03F7}-\\x{0481}\\x{048A}-\\x{052F}\\x{0531}-\\x{0556}\\x{10A0}-\\x{10C5}"
            "\\x{13A0}-\\x{13F5}\\x{13F8}-\\x{13FD}\\x{1C90}-\\x{1CBA}\\x{1CBD}-\\x{1CBF}\\x{1D00}-\\x{1D2B}"
            "\\x{1D6B}-\\x{1D77}\\x{1D79}-\\x{1D9A}\\x{1E00}-\\x{1F15}\\x{1F18}-\\x{1F1D}\\x{1F20}-\\x{1F45}"
            "\\x{1F48}-\\x{1F4D}\\x{1F50}-\\x{1F57}\\x{1F59}\\x{1F5B}\\x{1F5D}\\x{1F5F}-\\x{1F7D}\\x{1F80}-"
            "\\x{1FB4}\\x{1FB6}-\\x{1FBC}\\x{1FBE}\\x{1FC2}-\\x{1FC4}\\x{1FC6}-\\x{1FCC}\\x{1FD0}-\\x{1FD3}"
            "\\x{1FD6}-\\x{1FDB}\\x{1FE0}-\\x{1FEC}\\x{1FF2}-\\x{1FF4}\\x{1FF6}-\\x{1FFC}\\x{2102}\\x{2107}"
            "\\x{210A}-\\x{2113}\\x{2115}\\x{2119}-\\x{211D}\\x{2124}\\x{2126}\\x{2128}\\x{212A}-\\x{212D}"
            "\\x{212F}-\\x{2134}\\x{2139}\\x{213C}-\\x{213F}\\x{2145}-\\x{2149}\\x{214E}\\x{2183}-\\x{2184}"
            "\\x{2C00}-\\x{2C7B}\\x{2C7E}-\\x{2CE4}\\x{2CEB}-\\x{2CEE}\\x{2CF2}-\\x{2CF3}\\x{A640}-\\x{A66D}"
            "\\x{A680}-\\x{A69B}\\x{A722}-\\x{A76F}\\x{A771}-\\x{A787}\\x{A78B}-\\x{A78E}\\x{AB70}-\\x{ABBF}"
            "\\x{FB00}-\\x{FB06}\\x{FB13}-\\x{FB17}\\x{FF21}-\\x{FF3A}\\x{FF41}-\\x{FF5A}\\x{10400}-"
            "\\x{1044F}\\x{104B0}-\\x{104D3}\\x{104D8}-\\x{104FB}\\x{10C80}-\\x{10CB2}\\x{10CC0}-\\x{10CF2}"
            "\\x{118A0}-\\x{118DF}\\x{1E900}-\\x{1E943}"
            "]+",
            "\\s?[!-/:-~\\x{FF01}-\\x{FF0F}\\x{FF1A}-\\x{FF5E}\\x{2018}-\\x{201F}\\x{3000}-\\x{3002}]+",
            "\\s+$", cjk, "\\p{N}+"};
  failFile(path, "tokenizer.ggml.pre = \"" + pre + "\" is a pre-tokenizer Glassbox does not know; hint: pass a tokenizer.json with --tokenizer");
}


// Control, unknown and user-defined tokens as tokenizer.json added tokens (control/unknown special).
Json addedTokens(const GgufVocab& v) {
  Json list = Json::array();
  for (std::size_t id = 0; id < v.tokens.size(); ++id) {
    const int t = v.types[id];
    const bool special = t == static_cast<int>(GgufTokenType::Control) || t == static_cast<int>(GgufTokenType::Unknown);
    if (!special && t != static_cast<int>(GgufTokenType::UserDefined)) continue;
    if (v.tokens[id].empty()) continue;
    list.push_back({{"id", id}, {"content", v.tokens[id]}, {"single_word", false}, {"lstrip", false}, {"rstrip", false},
                    {"normalized", !special}, {"special", special}});
  }
  return list;
}

Json specialToken(const GgufVocab& v, int id) { return {{"SpecialToken", {{"id", v.tokens[static_cast<std::size_t>(id)]}, {"type_id", 0}}}}; }

// TemplateProcessing adding `before` and `after` around the sequence (null when neither).
Json surround(const GgufVocab& v, std::optional<int> before, std::optional<int> after) {
  if (!before && !after) return nullptr;
  Json single = Json::array(), specials = Json::object();
  auto add = [&](int id) {
    single.push_back(specialToken(v, id));
    const std::string& s = v.tokens[static_cast<std::size_t>(id)];
    specials[s] = {{"id", s}, {"ids", {id}}, {"tokens", {s}}};
  };
  if (before) add(*before);
  single.push_back({{"Sequence", {{"id", "A"}, {"type_id", 0}}}});
  if (after) add(*after);
  return {{"type", "TemplateProcessing"}, {"single", single}, {"pair", nullptr}, {"special_tokens", specials}};
}

Json vocabObject(const GgufVocab& v) {
  Json vocab = Json::object();
  for (std::size_t id = 0; id < v.tokens.size(); ++id)
    if (!vocab.contains(v.tokens[id])) vocab[v.tokens[id]] = id;
  return vocab;
}

Json bpeJson(const GgufVocab& v) {
  if (v.merges.empty()) failFile(v.path, "tokenizer.ggml.merges is missing: a gpt2 (BPE) tokenizer needs its merges");
  Json pres = Json::array();
  for (const std::string& r : preTokenizerRegexes(v.pre, v.path))
    pres.push_back({{"type", "Split"}, {"pattern", {{"Regex", r}}}, {"behavior", "Isolated"}, {"invert", false}});
  pres.push_back({{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}});
  const bool llama3 = v.pre == "llama3" || v.pre == "llama-v3" || v.pre == "llama-bpe";
  const bool addBos = v.addBos.value_or(llama3);
  Json model = {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
                {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false}, {"ignore_merges", llama3},
                {"vocab", vocabObject(v)}, {"merges", v.merges}};
  return {{"version", "1.0"}, {"added_tokens", addedTokens(v)}, {"normalizer", nullptr},
          {"pre_tokenizer", {{"type", "Sequence"}, {"pretokenizers", pres}}},
          {"post_processor", surround(v, addBos ? v.bos : std::nullopt, v.addEos.value_or(false) ? v.eos : std::nullopt)},
          {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
          {"model", model}};
}

Json wordPieceJson(const GgufVocab& v) {
  const int unk = v.unk.value_or(100);
  if (static_cast<std::size_t>(unk) >= v.tokens.size()) failFile(v.path, "a bert tokenizer needs tokenizer.ggml.unknown_token_id");
  const std::optional<int> cls = v.bos ? v.bos : std::optional<int>(101), sep = v.sep ? v.sep : std::optional<int>(102);
  const bool add = v.addBos.value_or(true) && static_cast<std::size_t>(*cls) < v.tokens.size() &&
                   static_cast<std::size_t>(*sep) < v.tokens.size();
  Json model = {{"type", "WordPiece"}, {"unk_token", v.tokens[static_cast<std::size_t>(unk)]},
                {"continuing_subword_prefix", "##"}, {"max_input_chars_per_word", 100}, {"vocab", vocabObject(v)}};
  return {{"version", "1.0"}, {"added_tokens", addedTokens(v)},
          {"normalizer", {{"type", "BertNormalizer"}, {"clean_text", true}, {"handle_chinese_chars", true},
                          {"strip_accents", nullptr}, {"lowercase", true}}},
          {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
          {"post_processor", add ? surround(v, cls, sep) : Json(nullptr)},
          {"decoder", {{"type", "WordPiece"}, {"prefix", "##"}, {"cleanup", true}}},
          {"model", model}};
}

std::string base64(const std::vector<std::uint8_t>& bytes) {
  static const char* const table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t n = (std::uint32_t{bytes[i]} << 16) | (i + 1 < bytes.size() ? std::uint32_t{bytes[i + 1]} << 8 : 0) |
                            (i + 2 < bytes.size() ? bytes[i + 2] : 0);
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? table[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? table[n & 63] : '=';
  }
  return out;
}

Json unigramJson(const GgufVocab& v) {
  Json vocab = Json::array();
  for (std::size_t id = 0; id < v.tokens.size(); ++id) vocab.push_back({v.tokens[id], v.scores[id]});
  Json norms = Json::array();
  if (!v.charsmap.empty()) norms.push_back({{"type", "Precompiled"}, {"precompiled_charsmap", base64(v.charsmap)}});
  if (v.removeExtraWhitespaces.value_or(true))
    norms.push_back({{"type", "Replace"}, {"pattern", {{"Regex", " {2,}"}}}, {"content", " "}});
  const Json meta = {{"type", "Metaspace"}, {"replacement", "\xE2\x96\x81"},
                     {"prepend_scheme", v.addSpacePrefix.value_or(true) ? "always" : "never"}, {"split", true}};
  Json model = {{"type", "Unigram"}, {"unk_id", v.unk.value_or(2)}, {"byte_fallback", false}, {"vocab", vocab}};
  const std::optional<int> eos = v.eos ? v.eos : std::optional<int>(1);
  return {{"version", "1.0"}, {"added_tokens", addedTokens(v)},
          {"normalizer", norms.empty() ? Json(nullptr) : Json{{"type", "Sequence"}, {"normalizers", norms}}},
          {"pre_tokenizer", meta},
          {"post_processor", v.addEos.value_or(true) && static_cast<std::size_t>(*eos) < v.tokens.size() ? surround(v, std::nullopt, eos)
                                                                                                        : Json(nullptr)},
          {"decoder", meta}, {"model", model}};
}

}  // namespace

}  // namespace tok

std::shared_ptr<const Tokenizer> ggufTokenizer(const GgufFile& file) {
  tok::GgufVocab v = tok::readGgufVocab(file);
  const std::string what = file.path() + " (tokenizer.ggml.model \"" + v.model + "\")";
  if (v.model == "llama") return tok::makeGgufSpmTokenizer(std::move(v));
  Json j;
  if (v.model == "gpt2") j = tok::bpeJson(v);
  else if (v.model == "bert") j = tok::wordPieceJson(v);
  else if (v.model == "t5") j = tok::unigramJson(v);
  else
    failFile(file.path(), "tokenizer.ggml.model \"" + v.model + "\" is not supported (llama, gpt2, bert and t5 are)" +
                              (v.model == "no_vocab" || v.model == "none" ? "; the file has no vocabulary: pass --tokenizer" : ""));
  return tok::HfTokenizer::parse(j.dump(-1, ' ', false, Json::error_handler_t::replace), what);
}

std::shared_ptr<const Tokenizer> loadGgufTokenizer(const std::string& path) { return ggufTokenizer(*GgufFile::open(path)); }

}  // namespace glassbox
