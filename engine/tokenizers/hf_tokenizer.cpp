#include "tokenizers/hf_tokenizer.h"

#include "core/error.h"
#include "core/json_util.h"
#include "core/utf8.h"
#include "tokenizers/added_tokens.h"
#include "tokenizers/byte_level.h"
#include "tokenizers/decoders.h"
#include "tokenizers/models.h"
#include "tokenizers/normalizers.h"
#include "tokenizers/post_processors.h"
#include "tokenizers/pre_tokenizers.h"
#include "tokenizers/tokenizer_internal.h"

namespace glassbox::tok {

namespace {

class HfTokenizerImpl final : public Tokenizer {
 public:
  HfTokenizerImpl(const Json& j, const std::string& what, const ModelTables* tables);

  Encoding encode(std::string_view text, bool addSpecialTokens = true) const override;
  std::string decode(std::span<const int> ids, bool skipSpecialTokens = false) const override;
  int vocabSize() const override { return vocabSize_; }
  std::string tokenRaw(int id) const override;
  std::string tokenBytes(int id) const override;
  bool isSpecial(int id) const override {
    const AddedToken* a = added_.byId(id);
    return a && a->special;
  }
  std::optional<int> tokenId(std::string_view raw) const override;
  std::optional<int> bosId() const override { return bos_; }
  std::optional<int> eosId() const override { return eos_; }
  std::string kind() const override;

 private:
  PreTokenized split(std::string_view text, bool& hadInvalid) const;
  void appendToken(Encoding& enc, int id, std::size_t b, std::size_t e) const;
  std::optional<int> firstPresent(std::initializer_list<const char*> names) const;

  std::string computeBytes(int id) const;

  AddedVocabulary added_;
  std::vector<TokenPiece> pieces_;  // [vocabSize] raw, bytes, display, flags of every id, built at load
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<PreTokenizer> preTokenizer_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<PostProcessor> post_;
  std::unique_ptr<Decoder> decoder_;
  bool byteLevel_ = false;  // vocabulary strings are byte-level encoded
  int vocabSize_ = 0;
  std::optional<int> bos_, eos_;
};

bool mentionsByteLevel(const Json& j) {
  if (j.is_object()) {
    if (j.contains("type") && j["type"] == "ByteLevel") return true;
    for (const auto& [k, v] : j.items())
      if (mentionsByteLevel(v)) return true;
  } else if (j.is_array()) {
    for (const auto& v : j)
      if (mentionsByteLevel(v)) return true;
  }
  return false;
}

HfTokenizerImpl::HfTokenizerImpl(const Json& j, const std::string& what, const ModelTables* tables) {
  if (!j.is_object()) throw Error(what + ": a tokenizer.json must be a JSON object");
  if (!j.contains("model")) throw Error(what + ": no \"model\" (hint: is this a Hugging Face tokenizer.json?)");
  added_.load(j.value("added_tokens", Json()), what);
  normalizer_ = makeNormalizer(j.value("normalizer", Json()), what);
  preTokenizer_ = makePreTokenizer(j.value("pre_tokenizer", Json()), what);
  model_ = makeModel(j["model"], what, tables);
  post_ = makePostProcessor(j.value("post_processor", Json()), what);
  decoder_ = makeDecoder(j.value("decoder", Json()), what);
  byteLevel_ = mentionsByteLevel(j.value("pre_tokenizer", Json())) || mentionsByteLevel(j.value("decoder", Json())) ||
               mentionsByteLevel(j.value("normalizer", Json()));
  vocabSize_ = std::max(static_cast<int>(model_->vocab().tokens.size()), added_.maxId() + 1);
  pieces_.reserve(static_cast<std::size_t>(vocabSize_));
  for (int id = 0; id < vocabSize_; ++id) pieces_.push_back(makePiece(id, tokenRaw(id), computeBytes(id), 0, 0, isSpecial(id)));
  if (post_) {
    std::vector<SpecialInsert> before, after;
    post_->surround(before, after);
    if (!before.empty()) bos_ = before.front().id;
    if (!after.empty()) eos_ = after.back().id;
  }
  if (!bos_) bos_ = firstPresent({"<s>", "<|begin_of_text|>", "<bos>", "[CLS]", "<|endoftext|>"});
  if (!eos_) eos_ = firstPresent({"</s>", "<|end_of_text|>", "<eos>", "<|endoftext|>", "[SEP]"});
}

std::optional<int> HfTokenizerImpl::firstPresent(std::initializer_list<const char*> names) const {
  for (const char* n : names)  // only added (special) tokens: a vocabulary may hold "<s>" as plain text
    if (const AddedToken* a = added_.byContent(n)) return a->id;
  return std::nullopt;
}

std::string HfTokenizerImpl::kind() const {
  const std::string k = model_->kind();
  if (k == "BPE") return byteLevel_ ? "byte-level BPE" : "SentencePiece BPE";
  return k;
}

std::string HfTokenizerImpl::tokenRaw(int id) const {
  if (const AddedToken* a = added_.byId(id)) return a->content;
  const auto& t = model_->vocab().tokens;
  return id >= 0 && static_cast<std::size_t>(id) < t.size() ? t[static_cast<std::size_t>(id)] : std::string();
}

std::string HfTokenizerImpl::tokenBytes(int id) const {
  return id >= 0 && id < vocabSize_ ? pieces_[static_cast<std::size_t>(id)].bytes : std::string();
}

std::string HfTokenizerImpl::computeBytes(int id) const {
  if (const AddedToken* a = added_.byId(id)) return a->content;
  std::string raw = tokenRaw(id);
  if (byteLevel_) {
    std::string out;
    byteLevelDecode(raw, out);
    return out;
  }
  if (const int b = parseByteToken(raw); b >= 0) return std::string(1, static_cast<char>(b));
  const std::string prefix = model_->continuingPrefix(), suffix = model_->endOfWordSuffix();
  if (!prefix.empty() && raw.starts_with(prefix) && raw.size() > prefix.size()) raw.erase(0, prefix.size());
  if (!suffix.empty() && raw.ends_with(suffix) && raw.size() > suffix.size()) raw.erase(raw.size() - suffix.size());
  for (std::size_t p = raw.find("\xE2\x96\x81"); p != std::string::npos; p = raw.find("\xE2\x96\x81", p + 1)) raw.replace(p, 3, " ");
  return raw;
}

std::optional<int> HfTokenizerImpl::tokenId(std::string_view raw) const {
  if (const AddedToken* a = added_.byContent(raw)) return a->id;
  return model_->vocab().find(raw);
}

// Added tokens on the raw text, normalization of the rest, added tokens on the normalized text.
PreTokenized HfTokenizerImpl::split(std::string_view text, bool& hadInvalid) const {
  PreTokenized pt;
  pt.bufs.push_back(NormalizedString::fromOriginal(text, 0, hadInvalid));
  std::vector<AddedMatch> raw;
  added_.find(pt.bufs[0].text, false, raw);
  std::vector<Split> segments;
  std::size_t pos = 0;
  const auto n = static_cast<std::uint32_t>(pt.bufs[0].size());
  auto gap = [&](std::size_t b, std::size_t e) {
    if (e > b) segments.push_back({0, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)});
  };
  for (const AddedMatch& m : raw) {
    gap(pos, m.b);
    segments.push_back({0, static_cast<std::uint32_t>(m.b), static_cast<std::uint32_t>(m.e), m.id});
    pos = m.e;
  }
  gap(pos, n);
  std::vector<AddedMatch> norm;
  for (Split s : segments) {
    if (s.addedId >= 0 || (!normalizer_ && !added_.hasNormalized())) {
      pt.splits.push_back(s);
      continue;
    }
    if (normalizer_) {
      NormalizedString ns = pt.copyOf(s);
      normalizer_->normalize(ns);
      if (ns.empty()) continue;
      pt.replace(s, std::move(ns));
    }
    norm.clear();
    added_.find(pt.text(s), true, norm);
    std::size_t p = 0;
    for (const AddedMatch& m : norm) {
      if (m.b > p) pt.splits.push_back({s.buf, s.b + static_cast<std::uint32_t>(p), s.b + static_cast<std::uint32_t>(m.b)});
      pt.splits.push_back({s.buf, s.b + static_cast<std::uint32_t>(m.b), s.b + static_cast<std::uint32_t>(m.e), m.id});
      p = m.e;
    }
    if (s.b + p < s.e) pt.splits.push_back({s.buf, s.b + static_cast<std::uint32_t>(p), s.e});
  }
  return pt;
}

void HfTokenizerImpl::appendToken(Encoding& enc, int id, std::size_t b, std::size_t e) const {
  enc.ids.push_back(id);
  if (id >= 0 && id < vocabSize_) enc.tokens.push_back(pieces_[static_cast<std::size_t>(id)]);
  else enc.tokens.push_back(makePiece(id, "", "", 0, 0, false));
  enc.tokens.back().begin = b;
  enc.tokens.back().end = e;
}

Encoding HfTokenizerImpl::encode(std::string_view text, bool addSpecialTokens) const {
  Encoding enc;
  enc.ids.reserve(text.size() / 3 + 8);
  enc.tokens.reserve(text.size() / 3 + 8);
  PreTokenized pt = split(text, enc.inputHadInvalidUtf8);
  if (preTokenizer_) preTokenizer_->preTokenize(pt);
  std::vector<SpecialInsert> before, after;
  if (addSpecialTokens && post_) post_->surround(before, after);
  for (const auto& s : before) appendToken(enc, s.id, 0, 0);
  std::vector<ModelToken> toks;
  for (const Split& s : pt.splits) {
    if (s.addedId >= 0) {
      const auto [b, e] = pt.originalSpan(s, 0, s.e - s.b);
      appendToken(enc, s.addedId, b, e);
      continue;
    }
    toks.clear();
    model_->tokenize(pt.text(s), s.byteLevel, toks);
    for (const ModelToken& t : toks) {
      const auto [b, e] = pt.originalSpan(s, t.b, t.e);
      appendToken(enc, t.id, b, e);
    }
  }
  for (const auto& s : after) appendToken(enc, s.id, 0, 0);  // inserted tokens span nothing, as in the reference
  return enc;
}

std::string HfTokenizerImpl::decode(std::span<const int> ids, bool skipSpecialTokens) const {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (int id : ids) {
    if (id < 0 || id >= vocabSize_) continue;
    if (skipSpecialTokens && isSpecial(id)) continue;
    tokens.push_back(tokenRaw(id));
  }
  std::string out;
  if (!decoder_) {
    for (std::size_t i = 0; i < tokens.size(); ++i) out += (i ? " " : "") + tokens[i];
    return out;
  }
  decoder_->decodeChain(tokens);
  for (const auto& t : tokens) out += t;
  return out;
}

}  // namespace

std::shared_ptr<const Tokenizer> HfTokenizer::parse(std::string_view json, const std::string& path) {
  const std::string what = "tokenizer.json at " + path;
  ModelTables tables;
  const std::optional<std::string> rest = extractModelTables(json, tables);
  Json j;
  if (rest) {
    try {
      j = parseJson(*rest, what);
    } catch (const Error&) {
      j = parseJson(json, what);  // reports the error at its place in the file (or succeeds: then use it whole)
      tables = ModelTables();
    }
  } else {
    j = parseJson(json, what);
  }
  try {
    return std::make_shared<HfTokenizerImpl>(j, what, rest && (tables.vocab || tables.merges) ? &tables : nullptr);
  } catch (const Json::exception& e) {
    throw Error(what + ": unexpected field type (" + e.what() + ")");
  }
}

}  // namespace glassbox::tok
