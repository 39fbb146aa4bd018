#pragma once
// The window: prompt editor on top, dockable views around it, menus, status bar. Model work happens on
// the EngineController's worker thread; this class only wires results to views. Split by concern:
// main_window.cpp (views, engine wiring, start), main_selection.cpp (what Next token shows and which
// selections stay valid), main_layout.cpp (sizes at the first show), main_status.cpp (status bar and
// errors), main_analysis.cpp and main_compare.cpp (the analysis docks), main_menus.cpp, main_export.cpp,
// main_settings.cpp, main_session.cpp (sessions with their view state).
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>

#include "architecture_map_data.h"
#include "engine_types.h"
#include "lesson.h"
#include "session_io.h"

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QSplitter;
class QPushButton;
class QStackedWidget;

namespace glassbox {

class ArchitectureMapView;
class LogitsView;
class FeedForwardView;
class LogitLensView;
class AttentionHeadView;
class ClassificationView;
class CompareTokenizerDialog;
class MaskedTokenView;
class SimilarityView;
class AttentionModelView;
class EmbeddingsView;
class EngineController;
class ExportableView;
class GenerationController;
class GenerationView;
class LessonDock;
class ModelInfoView;
class NextTokenView;
class OutputPane;
class PositionsView;
class PromptEditor;
class StatusMessage;
class TokensView;
struct DistributionSource;
struct ExamplePrompt;
struct ExportContext;
struct ViewState;

struct StartupOptions {
  QString modelPath;      // --model
  QString tokenizerPath;  // --tokenizer
  QString prompt;         // --prompt (null: welcome prompt or the autosaved session)
  QString exportDir;      // --export: render every view there and quit
  QString target;         // --target: an encoder-decoder's forced output (teacher forcing)
  bool exportCaption = true;  // --no-caption turns the caption above exported images off
  bool restoreAutosave = true;
  bool persistSettings = true;  // false in tests and exports
  // The sampling flags of glassbox-cli generate (--temperature, --top-k, ...): applied to the starting
  // settings once the first model is loaded (null: none given). Temperature 0 turns sampling off.
  std::function<SamplingParams(const SamplingParams&)> startSampling;
  int maxNewTokens = 0;    // --max-new-tokens (0: the saved value)
  int generateSteps = -1;  // --generate N: steps generated after the first analysis (-1: none; 12 for --export)
  // Taken over from the window this one replaces (a change of language): opened instead of the autosave.
  std::shared_ptr<const SessionData> resume;
};

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // Of saveState/restoreState: 3 since Generation sits beside Tokens in narrow windows.
  static constexpr int kLayoutVersion = 3;

  explicit MainWindow(const StartupOptions& options, QWidget* parent = nullptr);
  ~MainWindow() override;

  void start();  // loads the model the options (or the defaults) name

  // Reached by menus, tests and the export mode.
  void openModel(const QString& path, const QString& tokenizerPath = {});
  void openSession(const QString& path);
  bool saveSession(const QString& path);
  SessionData currentSession() const;
  void applySession(const SessionData& session);
  void setPrompt(const QString& text);

  EngineController* engine() const { return engine_; }
  GenerationController* generation() const { return gen_; }
  PromptEditor* editor() const { return editor_; }
  TokensView* tokensView() const { return tokens_; }
  NextTokenView* nextTokenView() const { return next_; }
  GenerationView* generationView() const { return genView_; }
  ModelInfoView* modelInfoView() const { return info_; }
  AttentionModelView* attentionModelView() const { return attGrid_; }
  AttentionHeadView* attentionHeadView() const { return attHead_; }
  EmbeddingsView* embeddingsView() const { return emb_; }
  PositionsView* positionsView() const { return pos_; }
  ArchitectureMapView* architectureView() const { return map_; }
  QDockWidget* architectureDock() const { return mapDock_; }
  LogitsView* logitsView() const { return logits_; }
  FeedForwardView* feedForwardView() const { return ffn_; }
  LogitLensView* logitLensView() const { return lens_; }
  QComboBox* embeddingsMode() const { return embMode_; }  // 0 tokens, 1 hidden states, 2 one word in two sentences
  QComboBox* comparedWordBox() const { return compareWord_; }
  QLineEdit* otherSentenceEdit() const { return otherSentence_; }
  // Mode 2: follow `word` of the prompt into `otherSentence` (empty: the built-in example pair).
  void compareWord(const QString& word, const QString& otherSentence);
  QDockWidget* attentionDock() const { return attentionDock_; }
  QDockWidget* embeddingsDock() const { return embeddingsDock_; }
  QDockWidget* positionsDock() const { return positionsDock_; }
  // Encoder-only models (main_encoder.cpp).
  MaskedTokenView* maskedTokenView() const { return masked_; }
  ClassificationView* classificationView() const { return classes_; }
  SimilarityView* similarityView() const { return similarity_; }
  bool isEncoderModel() const;
  // What a click on chip `position` of Tokens does for an encoder: mask it (or show that mask's chart).
  bool maskTokenAt(int position);
  void maskSelectedText();  // Ctrl+M
  // True once the analysis views' data for the current prompt arrived from the worker.
  bool analysisViewsReady() const;
  std::vector<ExportableView*> views() const;
  QString lastError() const { return lastError_; }
  QMessageBox* errorBox() const { return errorBox_; }
  StatusMessage* statusMessage() const { return statusMessage_; }
  QString statusTokensText() const;
  // What the caption of an exported image says besides the view's own title.
  ExportContext exportContext() const;
  void setExportCaption(bool on);
  bool exportCaption() const { return exportCaption_; }
  // The generation step or prompt position Next token shows (-1, -1: the last prompt token), and
  // whether it follows each new generation step.
  int shownStep() const { return selectedStep_; }
  int shownPosition() const { return selectedPosition_; }
  bool followsLatestStep() const { return followLatest_; }
  QMenu* examplesMenu() const { return examplesMenu_; }
  QDockWidget* dock(const QString& objectName) const;
  // Raises the dock of a view (a tab comes to the front).
  void showDock(QDockWidget* dock);
  // Tokens ▸ Compare…: the dialog. runCompareDialog shows it (exec() by default; tests replace it to
  // choose a row and accept).
  void openCompareDialog();
  std::function<void(CompareTokenizerDialog&)> runCompareDialog;

  // The lesson (main_lesson.cpp): opening one keeps the session, ending it brings that back.
  void openLesson(const Lesson& lesson, int step = 0);
  void goToLessonStep(int step);
  void endLesson();
  // An encoder-decoder (main_seq2seq.cpp): the output pane beside the input editor, and the attention
  // stream the Attention views show.
  bool encoderDecoder() const;
  OutputPane* outputPane() const { return output_; }
  QComboBox* attentionStreamBox() const { return streamBox_; }
  AttentionStream attentionStream() const { return stream_; }
  void setAttentionStream(AttentionStream stream);
  void setTarget(const QString& text);
  QString target() const;
  // The attention of every stream of the current input and output (empty for other families).
  const std::vector<std::shared_ptr<const AttentionData>>& attentionStreams() const { return streams_; }

  bool lessonActive() const { return beforeLesson_ != nullptr; }
  int lessonStep() const { return lessonStep_; }
  LessonDock* lessonView() const { return lessonView_; }

 signals:
  void exportFinished(bool ok, const QString& message);
  // Settings ▸ Language: "ko", "en" or "system". WindowHost rebuilds the window in that language.
  void languageChangeRequested(const QString& choice);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  // main_language.cpp
  void createSettingsMenu();
  // main_lesson.cpp
  void addLessonActions(QMenu* file, QMenu* help);
  void openLessonDialog();
  Lesson lesson_;
  int lessonStep_ = -1;
  std::shared_ptr<const SessionData> beforeLesson_;  // the session the lesson started from
  LessonDock* lessonView_ = nullptr;
  QDockWidget* lessonDock_ = nullptr;
  // main_seq2seq.cpp
  QWidget* buildPromptPanes();
  QWidget* withStreamSelector(QWidget* attention);
  void showFamily(const LoadedModel& model);
  std::vector<int> seq2seqPrefix(const PromptAnalysis& analysis);
  std::shared_ptr<const AttentionData> shownStream(const AnalysisViewsData& views);
  void refreshOutputTokens();
  void showDecoderPosition(int position);
  void pinOutputToken(int index);
  void onOutputTokenHovered(int index);
  void keepGeneratedOutput();
  QString exportAttentionStreams();
  QWidget* promptPage_ = nullptr;
  OutputPane* output_ = nullptr;
  QWidget* streamRow_ = nullptr;
  QComboBox* streamBox_ = nullptr;
  AttentionStream stream_ = AttentionStream::Cross;
  std::vector<std::shared_ptr<const AttentionData>> streams_;
  std::vector<int> seq2seqInputIds_;  // the encoder input the continuation was generated for
  // main_window.cpp
  void buildViews();
  QDockWidget* addView(QWidget* view, const QString& title, const QString& objectName, Qt::DockWidgetArea area);
  void connectEngine();
  void connectViews();
  void onModelLoaded(const std::shared_ptr<const LoadedModel>& model);
  void onAnalysed(const std::shared_ptr<const PromptAnalysis>& analysis);
  void scheduleAutosave();
  // main_selection.cpp
  void showPosition(int position);
  bool positionDistribution(const std::shared_ptr<const PromptAnalysis>& a, int p, bool last, DistributionSource& src);
  void showGenerationStep(int step);
  void onTokenChosen(int tokenId);
  void onGenerationChanged();
  void pinPosition(int position);
  void pinStep(int step);
  void setFollowLatest(bool follow);
  void keepValidSelections(const Encoding& encoding);  // a new encoding: selections of changed tokens go
  void clearSelectionsForNewModel();
  // main_status.cpp
  void buildStatusBar();
  void showStatus(const QString& text, int timeoutMs = 0);
  void showError(const QString& title, const QString& message);
  bool askForTokenizer(const QString& modelPath);  // true: the model has none beside it and the person is asked
  void updateStatus();
  void updateEmptyState();
  // main_export.cpp
  void runExport();
  // main_generate.cpp: the command line's starting sampling values and --generate N.
  void applyStartupSampling();
  void startupGeneration();
  // main_analysis.cpp
  void buildAnalysisViews();
  QWidget* buildEmbeddingsDock();
  void onViewsReady(const std::shared_ptr<const AnalysisViewsData>& views);
  void onModelForViews(const std::shared_ptr<const LoadedModel>& model);
  void applyAnalysisViews();
  void applyEmbeddings();
  QDockWidget* dockOf(ExportableView* view) const;
  // main_architecture.cpp
  void buildArchitectureView();
  void applyArchitecture();
  void openStage(MapStage stage, int layer);
  // main_compare.cpp
  QWidget* buildComparisonBar();
  void refreshComparedWords();
  void requestComparison();
  void applyComparison();
  // main_encoder.cpp
  void buildEncoderViews();
  void onModelForEncoder(const std::shared_ptr<const LoadedModel>& model);
  bool onEncoderAnalysed(const std::shared_ptr<const PromptAnalysis>& analysis);  // false: not an encoder's
  QString encoderNextTokenNote() const;
  bool viewApplies(ExportableView* view) const;  // --export writes only the views of the model's family
  bool encoderViewsReady() const;
  QString writeEncoderViewJson(ExportableView* view);
  EncoderViewState captureEncoderState() const;
  void applyEncoderState(const EncoderViewState& state);
  MaskedTokenView* masked_ = nullptr;
  ClassificationView* classes_ = nullptr;
  SimilarityView* similarity_ = nullptr;
  QAction* maskAction_ = nullptr;
  std::vector<int> maskedIds_;  // the token each mask of the prompt replaced, in mask order (-1: typed)
  int pendingMask_ = -1;        // the mask the chart shows once the analysis arrives
  bool syncingSampling_ = false;
  // main_layout.cpp
  void arrangeDefaultLayout();  // at the first show, unless a saved layout was restored
  void fitPromptHeight();
  void fitAttentionSplit();
  // main_menus.cpp
  void createMenus();
  void openModelDialog(bool folder);
  void openSessionDialog();
  void saveSessionDialog();
  void exportCurrentView();
  void updateRecentMenu();
  void showAbout();
  void showShortcuts();
  void fillExamplesMenu(QMenu* menu);
  void applyExample(const ExamplePrompt& example);
  // main_settings.cpp
  void restoreSettings();
  void saveSettings();
  void rememberModel(const QString& path, const QString& tokenizerPath);
  void rememberVocabularySample(int count);
  // main_session.cpp
  ViewState captureViewState() const;
  void applyViewState(const ViewState& state);

  StartupOptions options_;
  EngineController* engine_ = nullptr;
  GenerationController* gen_ = nullptr;
  QStackedWidget* central_ = nullptr;
  PromptEditor* editor_ = nullptr;
  QWidget* emptyState_ = nullptr;
  QLabel* emptyMessage_ = nullptr;
  TokensView* tokens_ = nullptr;
  NextTokenView* next_ = nullptr;
  GenerationView* genView_ = nullptr;
  ModelInfoView* info_ = nullptr;
  AttentionModelView* attGrid_ = nullptr;
  AttentionHeadView* attHead_ = nullptr;
  QSplitter* attSplit_ = nullptr;  // grid | head: side by side in a wide, short dock
  EmbeddingsView* emb_ = nullptr;
  QComboBox* embMode_ = nullptr;
  QWidget* compareBar_ = nullptr;
  QComboBox* compareWord_ = nullptr;
  QLineEdit* otherSentence_ = nullptr;
  QLabel* compareNote_ = nullptr;
  QStringList comparedPrompts_;  // the sentence pair asked of the worker last
  PositionsView* pos_ = nullptr;
  ArchitectureMapView* map_ = nullptr;
  QDockWidget* mapDock_ = nullptr;
  LogitsView* logits_ = nullptr;
  QDockWidget* logitsDock_ = nullptr;
  FeedForwardView* ffn_ = nullptr;
  QDockWidget* ffnDock_ = nullptr;
  bool ffnDirty_ = false;
  LogitLensView* lens_ = nullptr;
  QDockWidget* lensDock_ = nullptr;
  bool lensDirty_ = false;
  const Model* mapModel_ = nullptr;  // the model the map's blocks were drawn for
  bool mapDirty_ = false;
  QDockWidget* attentionDock_ = nullptr;
  QDockWidget* embeddingsDock_ = nullptr;
  QDockWidget* positionsDock_ = nullptr;
  std::shared_ptr<const AttentionData> attention_;   // latest data, applied when its dock is visible
  std::shared_ptr<const EmbeddingsData> tokenEmbeddings_, hiddenStates_, homonymStates_;
  std::shared_ptr<const PositionsData> positions_;
  bool attDirty_ = false, embDirty_ = false, posDirty_ = false;
  int pendingEmbeddingsLayer_ = -1;     // a restored layer, applied with the embeddings' next data
  std::pair<int, int> splitShape_{0, 0};  // layers x heads the attention split was fitted to
  bool attentionFitted_ = false;          // the split was fitted to the dock's size on screen
  std::vector<QDockWidget*> docks_;
  QMenu* viewMenu_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QMenu* examplesMenu_ = nullptr;
  QAction* captionAction_ = nullptr;
  StatusMessage* statusMessage_ = nullptr;
  QLabel* statusModel_ = nullptr;
  QLabel* statusTokens_ = nullptr;
  QLabel* statusForward_ = nullptr;
  QProgressBar* loadProgress_ = nullptr;
  QPushButton* cancelLoad_ = nullptr;
  QPointer<QMessageBox> errorBox_;
  QString lastError_;
  QTimer autosave_;
  int selectedPosition_ = -1;     // prompt position shown in Next token (-1: the last)
  std::shared_ptr<const PositionLogits> positionLogits_;  // the last earlier position computed on request
  int selectedStep_ = -1;         // generation step shown in Next token (-1: none)
  bool followLatest_ = true;      // Next token shows each new generation step as it comes
  bool exportCaption_ = true;
  bool exportPending_ = false;
  bool startupSamplingPending_ = false;  // the command line's sampling values wait for the first model
  bool startupGenerationPending_ = false;
  int exportWaits_ = 0;
  bool layoutRestored_ = false;
  bool shown_ = false;
  std::shared_ptr<const SessionData> pendingSession_;  // applied once its model is loaded
  std::vector<int> selectionIds_;  // the prompt's ids when the Tokens selection was made (validity check)
};

}  // namespace glassbox
