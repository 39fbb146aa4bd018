// Tokenizer::encode and its variants: one or two texts through the implementation's pipeline, then
// truncation, the post-processor and padding, in the order of the Hugging Face library's
// TokenizerImpl::encode / post_process / encode_batch (tokenizers/src/tokenizer/mod.rs).
#include "core/error.h"
#include "tokenizers/encoding_ops.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizer_internal.h"

namespace glassbox {

Encoding Tokenizer::encode(std::string_view text, bool addSpecialTokens) const {
  EncodeOptions o;
  o.addSpecialTokens = addSpecialTokens;
  return encodeOne(text, nullptr, o);
}

Encoding Tokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  return encodeOne(text, nullptr, options);
}

Encoding Tokenizer::encodePair(std::string_view first, std::string_view second, const EncodeOptions& options) const {
  return encodeOne(first, &second, options);
}

Encoding Tokenizer::postProcess(Encoding first, std::optional<Encoding> second, bool) const {
  if (!second) return first;
  second->typeIds.assign(second->ids.size(), 1);
  second->sequenceIds.assign(second->ids.size(), 1);
  tok::mergeEncoding(first, std::move(*second));
  return first;
}

namespace {

// The padding token: the vocabulary's piece of pad_id, named by pad_token.
TokenPiece padPiece(const Tokenizer& t, const PaddingParams& p) {
  const bool known = p.padId >= 0 && p.padId < t.vocabSize();
  TokenPiece piece = tok::makePiece(p.padId, p.padToken, known ? t.tokenBytes(p.padId) : p.padToken, 0, 0, true);
  return piece;
}

const PaddingParams* paddingFor(const EncodeOptions& o, const std::optional<PaddingParams>& own) {
  if (!o.padding) return nullptr;
  if (o.paddingParams) return &*o.paddingParams;
  return own ? &*own : nullptr;
}

}  // namespace

Encoding Tokenizer::encodeOne(std::string_view first, const std::string_view* second, const EncodeOptions& options) const {
  Encoding a = encodeSequence(first);
  std::optional<Encoding> b;
  if (second) {
    b = encodeSequence(*second);
    b->typeIds.assign(b->ids.size(), 1);
    b->sequenceIds.assign(b->ids.size(), 1);
  }
  const bool hadInvalid = a.inputHadInvalidUtf8 || (b && b->inputHadInvalidUtf8);
  const TruncationParams* trunc =
      !options.truncation ? nullptr : options.truncationParams ? &*options.truncationParams : truncation_ ? &*truncation_ : nullptr;
  if (trunc) {
    TruncationParams p = *trunc;
    const std::size_t added = options.addSpecialTokens ? addedTokenCount(b.has_value()) : 0;
    if (p.maxLength < added)
      throw Error("truncation: max_length " + std::to_string(p.maxLength) + " leaves no room for the " + std::to_string(added) +
                  " special tokens the post-processor adds (hint: raise \"max_length\" in tokenizer.json)");
    p.maxLength -= added;
    tok::truncateSequences(a, b ? &*b : nullptr, p);
  }
  Encoding out = postProcess(std::move(a), std::move(b), options.addSpecialTokens);
  if (const PaddingParams* pad = paddingFor(options, padding_)) {
    PaddingParams p = *pad;
    if (!p.fixedLength) p.fixedLength = out.ids.size();  // BatchLongest of a batch of one
    tok::padEncodings({&out, 1}, p, padPiece(*this, p));
  }
  out.inputHadInvalidUtf8 = hadInvalid;
  return out;
}

std::vector<Encoding> Tokenizer::encodeBatch(std::span<const std::string> texts, const EncodeOptions& options) const {
  std::vector<Encoding> out;
  out.reserve(texts.size());
  for (const std::string& t : texts) out.push_back(encodeOne(t, nullptr, options));
  if (const PaddingParams* pad = paddingFor(options, padding_)) tok::padEncodings(out, *pad, padPiece(*this, *pad));
  return out;
}

std::vector<Encoding> Tokenizer::encodeBatch(std::span<const std::pair<std::string, std::string>> pairs,
                                             const EncodeOptions& options) const {
  std::vector<Encoding> out;
  out.reserve(pairs.size());
  for (const auto& [a, b] : pairs) {
    const std::string_view second = b;
    out.push_back(encodeOne(a, &second, options));
  }
  if (const PaddingParams* pad = paddingFor(options, padding_)) tok::padEncodings(out, *pad, padPiece(*this, *pad));
  return out;
}

}  // namespace glassbox
