// ModelWorker: generation through the engine's Generator, the loop glassbox-cli generate runs, so the
// same model, prompt, settings and seed give the same tokens in the app and in the CLI. The window
// sends the continuation it shows with every request; the generator keeps the steps they share and
// recomputes the distributions of the rest (a restored session, a switched branch), and the KV cache
// keeps the longest common prefix (Generator's contract), also across the analyses of typed prompts
// that share session_.
#include <algorithm>
#include <limits>

#include "core/error.h"
#include "model_worker.h"
#include "sampling/generator.h"

namespace glassbox {

void ModelWorker::resetGeneration() {
  generator_.reset();
  generationSource_.reset();
  generating_ = {};
  if (!loaded_) return;
  // A decoder's next-token logits come from its KV-cached session; an encoder-decoder's from
  // Seq2SeqLogits: its decoder over the input the last analysis encoded.
  if (session_)
    generationSource_ = std::make_unique<SessionLogits>(*session_);
  else if (seq2seq_)
    generationSource_ = std::make_unique<Seq2SeqLogits>(*seq2seq_);
  else
    return;
  GenerationOptions options;
  options.endOfTextIds = endOfTextIds(*loaded_->model, loaded_->tokenizer.get());
  options.keepLogits = true;               // the window re-applies the chain to them on slider moves
  options.report.stageSnapshots = false;
  options.report.maxReported = 1;          // the draw's own probability is always there
  generator_ = std::make_unique<Generator>(*generationSource_, loaded_->tokenizer, SamplingParams{}, options);
}

// Brings the generator to the request's prompt and continuation. Steps the generator has and the
// request shares are kept; the others are put back with chooseAt, which computes their distributions.
void ModelWorker::syncGenerator(const GenerationRequest& r) {
  if (!generator_)
    throw Error(encoder_ ? "An encoder has no next token: mask a word to see what it predicts." : "No model is loaded.");
  generator_->setParams(r.params);
  GenerationOptions options = generator_->options();
  options.cancel = r.cancel.get();
  options.maxNewTokens = std::numeric_limits<int>::max();
  // A token put by hand needs its probability in the whole final distribution, not only the top one.
  options.report.maxReported = generationSource_->vocabSize();
  generator_->setOptions(options);
  if (generator_->promptTokens() != r.prompt) generator_->setPromptTokens(r.prompt);
  const auto& steps = generator_->steps();
  std::size_t common = 0;
  while (common < steps.size() && common < r.continuation.size() && steps[common].token == r.continuation[common]) ++common;
  generator_->truncateSteps(static_cast<int>(common));  // also clears a stop (the person asks for more)
  for (std::size_t i = common; i < r.continuation.size(); ++i) {
    if (r.cancel && r.cancel->load()) throw Cancelled();
    generator_->chooseAt(static_cast<int>(i), r.continuation[i]);
  }
  if (r.action == GenerationRequest::Action::Choose) {
    if (r.index != static_cast<int>(r.continuation.size()))
      throw Error("generate: a token is chosen after the shown continuation (step " + std::to_string(r.index) + ")");
    generator_->chooseAt(r.index, r.token);
  }
  options.report.maxReported = 1;
  if (r.action == GenerationRequest::Action::Generate)
    options.maxNewTokens = static_cast<int>(generator_->steps().size()) + std::max(0, r.count);
  generator_->setOptions(options);
}

void ModelWorker::generation(const GenerationRequest& request) {
  generating_ = {};  // a newer request ends a Generate that is still streaming
  try {
    syncGenerator(request);
    if (request.action == GenerationRequest::Action::Step) generator_->step();
    if (request.action == GenerationRequest::Action::Generate) {
      generating_ = request;
      continueGenerating(request.id);
      return;
    }
    emitGeneration(request.id, false);
  } catch (const Cancelled&) {
    emitGeneration(request.id, false);
  } catch (const std::exception& e) {
    emit generationFailed(request.id, QString::fromStdString(e.what()));
  }
}

// One step of a Generate, then the next one is queued behind whatever else arrived meanwhile (a
// newer prompt's analysis, a Stop), so the worker never holds a long loop.
void ModelWorker::continueGenerating(std::uint64_t id) {
  if (generating_.id != id || id == 0) return;
  try {
    const bool cancelled = generating_.cancel && generating_.cancel->load();
    const bool stepped = !cancelled && generator_->step().has_value();
    const bool more = stepped && generator_->stopReason() == StopReason::None;
    emitGeneration(id, more);
    if (!more) {
      generating_ = {};
      return;
    }
    QMetaObject::invokeMethod(this, [this, id] { continueGenerating(id); }, Qt::QueuedConnection);
  } catch (const std::exception& e) {
    generating_ = {};
    emit generationFailed(id, QString::fromStdString(e.what()));
  }
}

void ModelWorker::emitGeneration(std::uint64_t id, bool running) {
  auto u = std::make_shared<GenerationUpdate>();
  u->id = id;
  u->running = running;
  if (generator_) {
    u->prompt = generator_->promptTokens();
    u->steps.reserve(generator_->steps().size());
    for (const GenerationStep& s : generator_->steps())
      u->steps.push_back({s.position, s.token, s.sample.probability, s.chosenByPerson, s.piece, s.logits});
    if (generator_->stopReason() != StopReason::None) {
      u->stopReason = stopReasonName(generator_->stopReason());
      u->stopMessage = generator_->stopMessage();
    }
  }
  emit generationUpdated(std::move(u));
}

}  // namespace glassbox
