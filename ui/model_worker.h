#pragma once
// The one object that touches Model, Tokenizer and InferenceSession. It lives on the controller's
// worker thread; every slot runs there, every result leaves by a signal carrying values only.
#include <QObject>
#include <QStringList>
#include <atomic>
#include <memory>

#include "encoder_outputs.h"
#include "engine_types.h"
#include "models/sentence_pooling.h"

namespace glassbox {

class Generator;
class LogitsSource;

class ModelWorker : public QObject {
  Q_OBJECT
 public:
  // latestAnalysis: the id of the newest prompt request; older queued requests are skipped.
  explicit ModelWorker(std::shared_ptr<std::atomic<std::uint64_t>> latestAnalysis);
  ~ModelWorker() override;

 public slots:
  void loadModel(const glassbox::LoadRequest& request);
  void analyse(std::uint64_t id, const QString& text, std::shared_ptr<std::atomic<bool>> cancel);
  // Generation through the engine's Generator (model_worker_generate.cpp). A newer request, or the
  // request's cancel flag, ends a running Generate between steps.
  void generation(const glassbox::GenerationRequest& request);
  // The output head on the traced final hidden state of `position` (cheap: one matrix-vector product).
  void positionLogits(std::shared_ptr<const glassbox::PromptAnalysis> analysis, int position);
  void loadCompareTokenizer(const QString& path);
  // Analysis views: rebuild the token embeddings of the last prompt with `count` vocabulary tokens;
  // trace a pair of sentences (the homonym example pair when `prompts` is empty; the last pair is
  // kept per model) for the contextual-states comparison of one word.
  void setVocabularySample(int count);
  void buildHomonymStates(const QStringList& prompts = {});
  // An encoder-decoder's decoder text (teacher forcing): the next analyse() runs the decoder over
  // decoder_start_token_id and its tokens (model_worker_seq2seq.cpp).
  void setTarget(const QString& text);
  // Encoder models (model_worker_encoder.cpp): pools each sentence with the folder's pooling and
  // emits every pair's cosine.
  void buildSimilarity(std::uint64_t id, const QStringList& sentences);

 signals:
  void loadProgress(std::uint64_t id, double fraction);
  void modelLoaded(std::uint64_t id, std::shared_ptr<const glassbox::LoadedModel> model);
  void loadFailed(std::uint64_t id, const QString& message);
  void encoded(std::shared_ptr<const glassbox::PromptAnalysis> analysis);   // tokens only, trace null
  void analysed(std::shared_ptr<const glassbox::PromptAnalysis> analysis);  // with trace
  void analyseFailed(std::uint64_t id, const QString& message);
  void generationUpdated(std::shared_ptr<const glassbox::GenerationUpdate> update);
  void generationFailed(std::uint64_t id, const QString& message);
  void positionLogitsReady(std::shared_ptr<const glassbox::PositionLogits> logits);
  void compareTokenizerLoaded(std::shared_ptr<const glassbox::Tokenizer> tokenizer, const QString& path);
  void compareTokenizerFailed(const QString& message);
  void viewsBuilt(std::shared_ptr<const glassbox::AnalysisViewsData> views);
  void viewsFailed(const QString& message);
  void similarityReady(std::shared_ptr<const glassbox::SimilarityData> data);

 private:
  std::shared_ptr<std::atomic<std::uint64_t>> latestAnalysis_;
  std::shared_ptr<const LoadedModel> loaded_;
  std::unique_ptr<InferenceSession> session_;  // decoder-only models
  std::unique_ptr<Seq2SeqSession> seq2seq_;    // encoder-decoder models
  std::string target_;                         // the decoder's forced text (encoder-decoder)
  // Generation: the generator draws next-token logits from generationSource_ (SessionLogits over
  // session_ for a decoder), so the same loop serves every family that has a LogitsSource.
  std::unique_ptr<LogitsSource> generationSource_;
  std::unique_ptr<Generator> generator_;
  GenerationRequest generating_;  // the Generate request being streamed (id 0: none)
  int generateLeft_ = 0;
  std::vector<int> lastIds_;       // the tokens of the last analysed prompt (run part only)
  std::uint64_t lastId_ = 0;
  int vocabularySample_ = 300;     // vocabulary tokens projected beside the prompt's
  std::shared_ptr<const EmbeddingsData> homonyms_;  // per loaded model, of homonymPrompts_
  QStringList homonymPrompts_;

  void resetGeneration();  // after a model load: a generator over the new session
  void syncGenerator(const GenerationRequest& request);
  void continueGenerating(std::uint64_t id);
  void emitGeneration(std::uint64_t id, bool running);
  void buildViews(const PromptAnalysis& analysis, const std::vector<int>& ids);
  std::shared_ptr<const EmbeddingsData> tokenEmbeddings(const std::vector<int>& ids) const;
  // model_worker_seq2seq.cpp: the encoder-decoder's analysis (input encoded, decoder teacher-forced over
  // the target), and its views (the three attention streams, the encoder's output vectors).
  void analyseSeq2Seq(std::uint64_t id, const QString& text, const std::atomic<bool>* cancel);
  void buildSeq2SeqViews(const PromptAnalysis& analysis);
  void buildSeq2SeqHomonymStates(const QStringList& prompts);  // the encoder's states of each sentence
  // model_worker_encoder.cpp: the encoder-only family.
  std::unique_ptr<EncoderSession> encoder_;  // instead of session_ for an encoder-only model
  SentencePooling pooling_;                  // the folder's (sentence-transformers), else mean
  static std::unique_ptr<EncoderSession> loadEncoderSession(const std::shared_ptr<const Model>& model,
                                                            const std::string& modelPath, SentencePooling& pooling);
  void analyseEncoder(std::uint64_t id, const QString& text, std::shared_ptr<std::atomic<bool>> cancel);
  std::vector<int> encoderIds(Encoding& encoding) const;  // the ids that fit the model's positions
  std::shared_ptr<const EncoderOutputs> encoderHeads(const std::vector<int>& ids) const;
  std::shared_ptr<const EmbeddingsData> encoderHomonyms(const QStringList& pair) const;
};

}  // namespace glassbox
