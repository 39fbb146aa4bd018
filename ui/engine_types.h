#pragma once
// Plain values that cross between the UI thread and the model worker. Nothing here is mutable once
// emitted: results travel as std::shared_ptr<const T>.
#include <QMetaType>
#include <QString>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/model.h"
#include "sampling/sampler_chain.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {

struct AttentionData;
struct EmbeddingsData;
struct EncoderOutputs;
struct PositionsData;

// A model and its tokenizer, both immutable and safe to share (Model is read-only; Tokenizer::encode
// may run on any thread). The UI reads names and sizes from here and never runs the model itself.
struct LoadedModel {
  std::shared_ptr<const Model> model;
  std::shared_ptr<const Tokenizer> tokenizer;
  QString modelPath;
  QString tokenizerPath;
  double loadMs = 0;
  std::shared_ptr<const PositionsData> positions;  // for the Positions view, read once at load
};

struct LoadRequest {
  std::uint64_t id = 0;
  QString modelPath;
  QString tokenizerPath;  // empty: found beside the model (tokenizer.json / tokenizer.bin / tok*.bin)
  std::shared_ptr<std::atomic<bool>> cancel;
};

// The prompt as the model saw it: the encoding and, after the forward pass, the full trace.
struct PromptAnalysis {
  std::uint64_t id = 0;
  std::string text;
  Encoding encoding;
  int droppedTokens = 0;                // tokens beyond the context length that were not run
  std::shared_ptr<const Trace> trace;   // null until the forward finished
  std::shared_ptr<const Model> model;   // the model that made the trace
  double forwardMs = 0;
  // An encoder-decoder: `encoding` is the encoder's input; the decoder ran over decoderIds
  // (decoder_start_token_id, then the tokens of `target`, the forced output).
  std::string target;
  std::vector<int> decoderIds;          // [Td]
  // The tokens of the trace's output stack (the decoder's of an encoder-decoder, else the prompt's).
  const std::vector<int>& outputIds() const { return decoderIds.empty() ? encoding.ids : decoderIds; }
  std::shared_ptr<const EncoderOutputs> encoder;  // encoder-only models: mask and head outputs (encoder_outputs.h)
};

// The logits after one prompt position, computed on request from the trace's final hidden state (the
// trace keeps only the last position's logits).
struct PositionLogits {
  std::uint64_t analysisId = 0;
  int position = 0;
  std::vector<float> logits;  // [V]
};

// What the analysis views show for one prompt, built on the worker after its forward pass (attention
// patterns cost ~L*H*T^2, the vocabulary sample copies N embedding rows). A null member means "not
// part of this update": the view keeps what it has.
struct AnalysisViewsData {
  std::uint64_t id = 0;                                   // the PromptAnalysis it belongs to (0: none)
  std::shared_ptr<const AttentionData> attention;         // every layer and head of the prompt
  std::shared_ptr<const EmbeddingsData> tokenEmbeddings;  // the prompt's tokens + a vocabulary sample
  std::shared_ptr<const EmbeddingsData> hiddenStates;     // the prompt's residual stream per layer
  std::shared_ptr<const EmbeddingsData> homonymStates;    // the homonym pair, for comparison
  // An encoder-decoder's three streams (encoder-self, decoder-self, cross), each with its tokens;
  // `attention` is one of them.
  std::vector<std::shared_ptr<const AttentionData>> attentionStreams;
};

// Generation runs on the worker through the engine's Generator (engine/sampling/generator.h), the
// loop glassbox-cli generate runs: one seed schedule, one prefix-reuse contract. A request carries the
// continuation the window shows; the worker brings its generator to it (keeping the common steps,
// recomputing the distributions of the others), then acts.
struct GenerationRequest {
  enum class Action {
    Sync,      // only bring the generator to `continuation` (fills the distributions of restored steps)
    Step,      // then one step
    Generate,  // then up to `count` steps, one update per step (streaming)
    Choose,    // keep steps [0, index), put `token` at step `index`
  };
  std::uint64_t id = 0;
  Action action = Action::Sync;
  std::vector<int> prompt;        // token ids, as analysed
  std::vector<int> continuation;  // the tokens of the steps shown now
  SamplingParams params;          // the chain's parameters (temperature 0: greedy)
  int count = 1;                  // Generate: steps to add at most
  int index = -1, token = -1;     // Choose
  std::shared_ptr<std::atomic<bool>> cancel;  // Stop: checked between steps and between layers
};

// One step as the generator made it.
struct GeneratedToken {
  int position = 0;          // in prompt + continuation
  int token = -1;
  float probability = 0;     // in the distribution after the sampler chain
  bool chosenByPerson = false;
  std::string piece;         // the bytes it adds to the text
  std::shared_ptr<const std::vector<float>> logits;  // [V] the step's distribution before the chain
};

struct GenerationUpdate {
  std::uint64_t id = 0;                // the request it answers
  std::vector<int> prompt;
  std::vector<GeneratedToken> steps;   // every step the generator holds now
  bool running = false;                // more updates follow for this request
  std::string stopReason;              // stopReasonName() once stopped ("eos", "context-full", ...)
  std::string stopMessage;
};

}  // namespace glassbox

Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::LoadedModel>)
Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::PromptAnalysis>)
Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::GenerationUpdate>)
Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::PositionLogits>)
Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::AnalysisViewsData>)
Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::Tokenizer>)
Q_DECLARE_METATYPE(glassbox::LoadRequest)
Q_DECLARE_METATYPE(glassbox::GenerationRequest)
