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
};

// One generation step: the logits after `tokens` (prompt + continuation so far).
struct StepRequest {
  std::uint64_t id = 0;
  std::vector<int> tokens;
};
struct StepResult {
  std::uint64_t id = 0;
  std::vector<int> tokens;
  std::vector<float> logits;  // [V]
  double forwardMs = 0;
};

}  // namespace glassbox

Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::LoadedModel>)
Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::PromptAnalysis>)
Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::StepResult>)
Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::PositionLogits>)
Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::AnalysisViewsData>)
Q_DECLARE_METATYPE(std::shared_ptr<const glassbox::Tokenizer>)
Q_DECLARE_METATYPE(glassbox::LoadRequest)
Q_DECLARE_METATYPE(glassbox::StepRequest)
