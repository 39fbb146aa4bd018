#include "tokenizers/sentencepiece_tokenizer.h"

#include "core/error.h"
#include "tokenizers/hf_tokenizer.h"

namespace glassbox::tok {

namespace {

const char* kMeta = "\xE2\x96\x81";  // ▁

std::string base64(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t v = static_cast<std::uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<std::uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<std::uint8_t>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}

bool startsWith(const std::optional<std::string>& s, std::initializer_list<const char*> prefixes) {
  if (!s) return false;
  for (const char* p : prefixes)
    if (s->rfind(p, 0) == 0) return true;
  return false;
}

bool isT5(const SentencePieceModel& m, const FolderSpecials& folder) {
  if (folder.tokenizerClass) return startsWith(folder.tokenizerClass, {"T5", "MT5", "UMT5"});
  if (folder.modelType) return *folder.modelType == "t5" || *folder.modelType == "mt5" || *folder.modelType == "umt5";
  return m.padId == 0 && m.eosId == 1 && m.unkId == 2 && m.bosId == -1;
}

Json addedToken(int id, const std::string& content, bool special) {
  return Json{{"id", id},          {"content", content}, {"single_word", false}, {"lstrip", false},
              {"rstrip", false},   {"normalized", false}, {"special", special}};
}

Json metaspace(bool prefix) {
  return Json{{"type", "Metaspace"}, {"replacement", kMeta}, {"prepend_scheme", prefix ? "always" : "never"}, {"split", true}};
}

void refuseUnsupported(const SentencePieceModel& m, const std::string& path) {
  const std::string hint = " (hint: load the model's tokenizer.json instead)";
  if (m.modelType != 1) {
    const char* names[] = {"?", "Unigram", "BPE", "Word", "Char"};
    const std::string name = m.modelType >= 1 && m.modelType <= 4 ? names[m.modelType] : std::to_string(m.modelType);
    throw Error(path + ": SentencePiece model type " + name + " (trainer_spec.model_type " + std::to_string(m.modelType) +
                "): only Unigram models are read from a .model file" + hint);
  }
  if (m.treatWhitespaceAsSuffix) throw Error(path + ": SentencePiece trainer_spec.treat_whitespace_as_suffix is not supported" + hint);
  if (!m.escapeWhitespaces) throw Error(path + ": SentencePiece normalizer_spec.escape_whitespaces = false is not supported" + hint);
}

}  // namespace

Json sentencePieceToTokenizerJson(const SentencePieceModel& m, const FolderSpecials& folder, const std::string& path) {
  refuseUnsupported(m, path);
  const bool t5 = isT5(m, folder);
  Json vocab = Json::array();
  Json added = Json::array();
  for (std::size_t i = 0; i < m.pieces.size(); ++i) {
    const auto& p = m.pieces[i];
    vocab.push_back(Json::array({p.piece, p.score}));
    if (p.type == PieceType::Control || p.type == PieceType::Unknown) added.push_back(addedToken(static_cast<int>(i), p.piece, true));
    else if (p.type == PieceType::UserDefined) added.push_back(addedToken(static_cast<int>(i), p.piece, false));
  }
  Json post = nullptr;
  if (t5) {
    const int extra = folder.extraIds.value_or(100);
    for (int k = extra - 1; k >= 0; --k) {
      const std::string s = "<extra_id_" + std::to_string(k) + ">";
      added.push_back(addedToken(static_cast<int>(vocab.size()), s, true));
      vocab.push_back(Json::array({s, 0.0}));
    }
    if (m.eosId < 0) throw Error(path + ": a T5 SentencePiece model needs an eos piece (trainer_spec.eos_id is -1)");
    const std::string eos = m.pieces[static_cast<std::size_t>(m.eosId)].piece;
    const Json seq = Json{{"Sequence", {{"id", "A"}, {"type_id", 0}}}}, seqB = Json{{"Sequence", {{"id", "B"}, {"type_id", 0}}}};
    const Json end = Json{{"SpecialToken", {{"id", eos}, {"type_id", 0}}}};
    post = Json{{"type", "TemplateProcessing"},
                {"single", Json::array({seq, end})},
                {"pair", Json::array({seq, end, seqB, end})},
                {"special_tokens", {{eos, {{"id", eos}, {"ids", Json::array({m.eosId})}, {"tokens", Json::array({eos})}}}}}};
  }
  Json norms = Json::array();
  if (!m.precompiledCharsmap.empty())
    norms.push_back(Json{{"type", "Precompiled"}, {"precompiled_charsmap", base64(m.precompiledCharsmap)}});
  if (m.removeExtraWhitespaces)
    norms.push_back(Json{{"type", "Replace"}, {"pattern", {{"Regex", " {2,}"}}}, {"content", " "}});
  Json decoder = metaspace(m.addDummyPrefix);
  if (m.byteFallback)
    decoder = Json{{"type", "Sequence"}, {"decoders", Json::array({Json{{"type", "ByteFallback"}}, Json{{"type", "Fuse"}}, decoder})}};
  return Json{{"version", "1.0"},
              {"truncation", nullptr},
              {"padding", nullptr},
              {"added_tokens", added},
              {"normalizer", norms.empty() ? Json(nullptr) : Json{{"type", "Sequence"}, {"normalizers", norms}}},
              {"pre_tokenizer", metaspace(m.addDummyPrefix)},
              {"post_processor", post},
              {"decoder", decoder},
              {"model", {{"type", "Unigram"}, {"unk_id", m.unkId}, {"vocab", vocab}, {"byte_fallback", m.byteFallback}}}};
}

std::shared_ptr<const Tokenizer> loadSentencePieceModel(std::string_view bytes, const std::string& path,
                                                        const FolderSpecials& folder) {
  const SentencePieceModel m = parseSentencePieceModel(bytes, path);
  return HfTokenizer::fromJson(sentencePieceToTokenizerJson(m, folder, path), "SentencePiece model " + path, folder);
}

}  // namespace glassbox::tok
