#include "tokenizers/hf_tokenizer.h"

#include "core/error.h"
#include "core/json_util.h"
#include "core/utf8.h"
#include "tokenizers/byte_level.h"
#include "tokenizers/encoding_ops.h"
#include "tokenizers/hf_tokenizer_impl.h"
#include "tokenizers/tokenizer_internal.h"

namespace glassbox::tok {

namespace {

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

}  // namespace

HfTokenizerImpl::HfTokenizerImpl(const Json& j, const std::string& what, const ModelTables* tables,
                                 const FolderSpecials& folder) {
  if (!j.is_object()) throw Error(what + ": a tokenizer.json must be a JSON object");
  if (!j.contains("model")) throw Error(what + ": no \"model\" (hint: is this a Hugging Face tokenizer.json?)");
  added_.load(j.value("added_tokens", Json()), what);
  normalizer_ = makeNormalizer(j.value("normalizer", Json()), what);
  preTokenizer_ = makePreTokenizer(j.value("pre_tokenizer", Json()), what);
  model_ = makeModel(j["model"], what, tables);
  post_ = makePostProcessor(j.value("post_processor", Json()), what);
  decoder_ = makeDecoder(j.value("decoder", Json()), what);
  padding_ = parsePadding(j.value("padding", Json()), what);
  truncation_ = parseTruncation(j.value("truncation", Json()), what);
  // As transformers does on load: role tokens the folder names become whole-token matches when the
  // vocabulary has them but tokenizer.json does not list them as added tokens.
  for (const std::string& t : folder.roleTokens())
    if (auto id = model_->vocab().find(t)) added_.addSpecial(*id, t);
  added_.build(normalizer_.get());
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
  if (!bos_ && folder.bos) bos_ = tokenId(*folder.bos);
  if (!eos_ && folder.eos) eos_ = tokenId(*folder.eos);
  setRoles(j["model"], folder);
}

void HfTokenizerImpl::setRoles(const Json& model, const FolderSpecials& folder) {
  RoleFallbacks fb;
  if (post_) {
    std::vector<SpecialInsert> before, after;
    post_->surround(before, after);
    // [CLS] A [SEP] / <s> A </s>: one token on each side of the text.
    const std::string t = post_->type();
    const bool bertShaped = t == "BertProcessing" || t == "RobertaProcessing" || (t == "TemplateProcessing" && before.size() == 1 && after.size() == 1);
    if (bertShaped) {
      fb.cls = before.front().id;
      fb.sep = after.front().id;
    }
  }
  if (padding_) fb.pad = padding_->padId;
  if (model.is_object()) {
    if (model.contains("unk_token") && model["unk_token"].is_string()) fb.unk = tokenId(model["unk_token"].get<std::string>());
    if (model.contains("unk_id") && model["unk_id"].is_number_integer()) {
      const auto u = model["unk_id"].get<std::int64_t>();
      if (u >= 0 && u < vocabSize_) fb.unk = static_cast<int>(u);
    }
  }
  roles_ = resolveRoles(
      folder, fb, [this](std::string_view s) { return tokenId(s); },
      [this](std::string_view s) -> std::optional<int> {
        const AddedToken* a = added_.byContent(s);
        return a ? std::optional<int>(a->id) : std::nullopt;
      });
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


std::shared_ptr<const Tokenizer> HfTokenizer::fromJson(const Json& j, const std::string& what, const FolderSpecials& folder) {
  try {
    return std::make_shared<HfTokenizerImpl>(j, what, nullptr, folder);
  } catch (const Json::exception& e) {
    throw Error(what + ": unexpected field type (" + e.what() + ")");
  }
}

std::shared_ptr<const Tokenizer> HfTokenizer::parse(std::string_view json, const std::string& path, const FolderSpecials& folder) {
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
    return std::make_shared<HfTokenizerImpl>(j, what, rest && (tables.vocab || tables.merges) ? &tables : nullptr, folder);
  } catch (const Json::exception& e) {
    throw Error(what + ": unexpected field type (" + e.what() + ")");
  }
}

}  // namespace glassbox::tok
