// Encoding and decoding of the tokenizer.json pipeline: added tokens, normalizer, pre-tokenizer, model,
// post-processor (truncation and padding are applied around these by Tokenizer::encode).
#include "core/utf8.h"
#include "tokenizers/hf_tokenizer_impl.h"
#include "tokenizers/tokenizer_internal.h"

namespace glassbox::tok {

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
  enc.tokens.push_back(pieceOf(id));
  enc.tokens.back().begin = b;
  enc.tokens.back().end = e;
}

Encoding HfTokenizerImpl::encodeSequence(std::string_view text) const {
  Encoding enc;
  const std::size_t guess = text.size() / 3 + 8;
  enc.ids.reserve(guess);
  enc.tokens.reserve(guess);
  PreTokenized pt = split(text, enc.inputHadInvalidUtf8);
  if (preTokenizer_) preTokenizer_->preTokenize(pt);
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
  const std::size_t n = enc.ids.size();
  enc.typeIds.assign(n, 0);
  enc.attentionMask.assign(n, 1);
  enc.specialTokensMask.assign(n, 0);
  enc.sequenceIds.assign(n, 0);
  return enc;
}

TokenPiece HfTokenizerImpl::pieceOf(int id) const {
  if (id >= 0 && id < vocabSize_) return pieces_[static_cast<std::size_t>(id)];
  return makePiece(id, "", "", 0, 0, false);
}

// Inserted tokens span nothing, as in the reference.
Encoding HfTokenizerImpl::postProcess(Encoding first, std::optional<Encoding> second, bool addSpecialTokens) const {
  return runPostProcessor(post_.get(), std::move(first), std::move(second), addSpecialTokens,
                          [this](int id) { return pieceOf(id); });
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


}  // namespace glassbox::tok
