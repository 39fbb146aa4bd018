#pragma once
// The mutable state that runs a Model, one class per role:
//   InferenceSession: a decoder-only model token by token over a KV cache (generation);
//   EncoderSession:   an encoder over a whole input at once (hidden states, masked-token logits,
//                     pooled vectors and classification heads);
//   Seq2SeqSession:   an encoder-decoder: the input encoded once, then the decoder token by token.
// A session is used by one thread at a time; many sessions may share one Model concurrently.
//
// Shape legend: T = tokens, C = d_model, V = vocabulary, N = labels, S = cached positions.
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "models/model.h"
#include "tokenizers/encoding.h"

namespace glassbox {

struct ForwardOptions {
  Trace* trace = nullptr;                      // record everything (forward must start at position 0)
  unsigned traceParts = 0;                     // TracePart flags beyond attention and residuals
  bool allLogits = false;                      // return [n][V] for every new token, not just the last
  const std::atomic<bool>* cancel = nullptr;   // checked between layers; raised -> throws Cancelled
  // A trace that would need more than this (traceBytes) is refused with an Error giving the
  // numbers, before anything is allocated.
  std::size_t traceLimitBytes = std::size_t{2} << 30;
};

// Bytes a trace of the output stack of `tokens` tokens (and `encoderTokens` for an encoder-decoder)
// will take with `parts`.
std::size_t traceBytes(const ModelConfig& c, int tokens, unsigned parts = 0, int encoderTokens = 0);

class StackRunner;  // models/stack_runner.h

// Decoder-only models: the KV cache and scratch buffers.
class InferenceSession {
 public:
  // Throws Error for a model that is not decoder-only, saying what to use instead.
  explicit InferenceSession(std::shared_ptr<const Model> model, int maxContext = 0);  // 0 = model's P
  ~InferenceSession();

  const Model& model() const { return *model_; }
  std::shared_ptr<const Model> modelPtr() const { return model_; }
  int position() const { return static_cast<int>(tokens_.size()); }  // tokens in the KV cache
  int contextLength() const { return maxContext_; }
  const std::vector<int>& tokens() const { return tokens_; }

  // Forgets cached positions n.. (KV-cache reuse when a prompt changes in the middle).
  void truncate(int n);
  void reset() { truncate(0); }

  // Runs `tokens` at positions position().. and appends them to the cache. Returns the logits of the
  // last new token [V], or of all new tokens [n][V] with allLogits. Throws Error when the context would
  // overflow or an id is outside the vocabulary (the cache is left unchanged), Cancelled on cancel
  // (the cache is truncated back to where it was).
  const std::vector<float>& forward(std::span<const int> tokens, const ForwardOptions& options = {});

  // Number of common leading tokens between the cache and `prompt`; truncates the cache there. The
  // caller then forwards prompt[result..]. At most prompt.size() - 1, so that forward gets at least one
  // token and returns the logits after the prompt.
  int reusePrefix(std::span<const int> prompt);

 private:
  std::shared_ptr<const Model> model_;
  int maxContext_ = 0;
  std::vector<int> tokens_;
  std::unique_ptr<StackRunner> stack_;
  std::vector<float> logits_;
};

// What an encoder reads: token ids, with token types (segment A = 0, B = 1) and a padding mask.
struct EncoderInput {
  std::vector<int> ids;                   // [T]
  std::vector<int> typeIds;               // [T] or empty (all 0)
  std::vector<std::uint8_t> attentionMask;  // [T] 1 = a real token, 0 = padding; empty = all real

  // A tokenizer's encoding: its ids, token types and attention mask.
  static EncoderInput fromEncoding(const Encoding& e);
};

// How to tokenize text for `model`: decoders read a prompt as typed (no padding or truncation from
// tokenizer.json: the context limit is the session's); encoders take the tokenizer's own padding and
// truncation, as transformers' pipelines do, and mask the padding.
EncodeOptions encodeOptionsFor(const Model& model, bool addSpecialTokens = true);

enum class Pooling { None, Mean, Cls, Max };
const char* poolingName(Pooling p);  // "none", "mean", "cls", "max"

// Encoder-only models, and the encoder of an encoder-decoder.
class EncoderSession {
 public:
  explicit EncoderSession(std::shared_ptr<const Model> model);
  ~EncoderSession();
  const Model& model() const { return *model_; }

  // Runs the encoder stack over the whole input (bidirectional; padding keys masked). Throws Error
  // for an empty input, ids outside the vocabulary, token types outside the type vocabulary, more
  // tokens than the model's positions, or mismatched lengths; Cancelled on cancel.
  void encode(const EncoderInput& input, const ForwardOptions& options = {});

  int numTokens() const { return tokens_; }
  // last_hidden_state [T][C] of the last encode().
  const std::vector<float>& hidden() const { return hidden_; }
  std::span<const float> hiddenAt(int token) const;
  const EncoderInput& input() const { return input_; }

  // Heads over the last encode(); each throws Error when the model lacks it (the message says which
  // checkpoint class has it).
  std::vector<float> maskedLmLogits(int position) const;  // [V]
  std::vector<float> sequenceLogits() const;              // [N]
  std::vector<float> tokenLogits() const;                 // [T][N]
  // BERT's pooler_output [C]: tanh(P h_0 + p); Error when the checkpoint has no pooler.
  std::vector<float> poolerOutput() const;
  // One vector [C] from the hidden states of the real (unpadded) tokens; Cls is token 0.
  std::vector<float> pool(Pooling pooling) const;

 private:
  std::shared_ptr<const Model> model_;
  std::unique_ptr<StackRunner> stack_;
  EncoderInput input_;
  int tokens_ = 0;
  std::vector<float> hidden_;
};

// Encoder-decoder models (T5): encode() runs the encoder once and computes every decoder layer's
// cross-attention keys and values from its output; forward() then runs the decoder over its own KV
// cache like InferenceSession. Decoder steps after the first allocate nothing.
// Shape legend: Te = encoder tokens, Td = decoder tokens.
class Seq2SeqSession {
 public:
  // Throws Error for a model that is not encoder-decoder. maxDecoderContext 0 = the model's P.
  explicit Seq2SeqSession(std::shared_ptr<const Model> model, int maxDecoderContext = 0);
  ~Seq2SeqSession();
  const Model& model() const { return *model_; }
  std::shared_ptr<const Model> modelPtr() const { return model_; }

  // Encodes the input (errors as EncoderSession::encode) and forgets the decoder's cache. A trace
  // is reset and gets the encoder stack and the EncoderSelf map; a traced forward() from position 0
  // adds the decoder's.
  void encode(const EncoderInput& input, const ForwardOptions& options = {});
  // Encodes `input` unless it equals the last one (then the encoder and the decoder's cache are kept).
  // Returns true when it encoded.
  bool encodeIfChanged(const EncoderInput& input);
  bool encoded() const { return encoder_->numTokens() > 0; }
  const EncoderInput& input() const { return encoder_->input(); }
  const std::vector<float>& encoderHidden() const { return encoder_->hidden(); }  // [Te][C]
  int encoderTokens() const { return encoder_->numTokens(); }

  int position() const { return static_cast<int>(tokens_.size()); }  // decoder tokens in the cache
  int contextLength() const { return maxContext_; }
  const std::vector<int>& tokens() const { return tokens_; }
  int decoderStartToken() const;  // decoder_start_token_id (pad, 0, for T5)
  void truncate(int n);
  int reusePrefix(std::span<const int> decoderTokens);  // as InferenceSession::reusePrefix

  // Runs decoder tokens at positions position().. over the encoded input; returns the last token's
  // logits [V] (or [n][V] with allLogits). Throws Error before encode(), for ids outside the vocabulary
  // or a full context; a trace must start at position 0 and adds the decoder stack, the DecoderSelf
  // [Td][Td] and Cross [Td][Te] maps and lastLogits to the encoder's trace.
  const std::vector<float>& forward(std::span<const int> tokens, const ForwardOptions& options = {});

 private:
  std::shared_ptr<const Model> model_;
  int maxContext_ = 0;
  std::unique_ptr<EncoderSession> encoder_;
  std::unique_ptr<StackRunner> decoder_;
  std::vector<int> tokens_;
  std::vector<float> logits_, scaled_;
};

}  // namespace glassbox
