#pragma once
// The window: prompt editor on top, dockable views around it, menus, status bar. Model work happens on
// the EngineController's worker thread; this class only wires results to views. Menus, settings and
// sessions live in their own files (main_menus.cpp, main_settings.cpp, main_session.cpp).
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>
#include <memory>

#include "engine_types.h"
#include "session_io.h"

class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QPushButton;
class QStackedWidget;

namespace glassbox {

class AttentionHeadView;
class AttentionModelView;
class EmbeddingsView;
class EngineController;
class ExportableView;
class GenerationController;
class GenerationView;
class ModelInfoView;
class NextTokenView;
class PositionsView;
class PromptEditor;
class TokensView;

struct StartupOptions {
  QString modelPath;      // --model
  QString tokenizerPath;  // --tokenizer
  QString prompt;         // --prompt (null: welcome prompt or the autosaved session)
  QString exportDir;      // --export: render every view there and quit
  bool restoreAutosave = true;
  bool persistSettings = true;  // false in tests and exports
};

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
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
  QComboBox* embeddingsMode() const { return embMode_; }  // 0 tokens, 1 hidden states, 2 homonym pair
  QDockWidget* attentionDock() const { return attentionDock_; }
  QDockWidget* embeddingsDock() const { return embeddingsDock_; }
  QDockWidget* positionsDock() const { return positionsDock_; }
  // True once the analysis views' data for the current prompt arrived from the worker.
  bool analysisViewsReady() const;
  std::vector<ExportableView*> views() const;
  QString lastError() const { return lastError_; }
  QMessageBox* errorBox() const { return errorBox_; }

 signals:
  void exportFinished(bool ok, const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  // main_window.cpp
  void buildViews();
  QDockWidget* addView(QWidget* view, const QString& title, const QString& objectName, Qt::DockWidgetArea area);
  void connectEngine();
  void connectViews();
  void onAnalysed(const std::shared_ptr<const PromptAnalysis>& analysis);
  void showPosition(int position);
  void showGenerationStep(int step);
  void onTokenChosen(int tokenId);
  void showError(const QString& title, const QString& message);
  void updateStatus();
  void updateEmptyState();
  void scheduleAutosave();
  void runExport();
  // main_analysis.cpp
  void buildAnalysisViews();
  void onViewsReady(const std::shared_ptr<const AnalysisViewsData>& views);
  void onModelForViews(const std::shared_ptr<const LoadedModel>& model);
  void applyAnalysisViews();
  void arrangeDefaultLayout();  // at the first show, unless a saved layout was restored
  QDockWidget* dockOf(ExportableView* view) const;
  // main_menus.cpp
  void createMenus();
  void openModelDialog(bool folder);
  void openSessionDialog();
  void saveSessionDialog();
  void exportCurrentView();
  void updateRecentMenu();
  void showAbout();
  void showShortcuts();
  void loadExamplePrompts(QMenu* menu);
  // main_settings.cpp
  void restoreSettings();
  void saveSettings();
  void rememberModel(const QString& path, const QString& tokenizerPath);
  void rememberVocabularySample(int count);

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
  PositionsView* pos_ = nullptr;
  QDockWidget* attentionDock_ = nullptr;
  QDockWidget* embeddingsDock_ = nullptr;
  QDockWidget* positionsDock_ = nullptr;
  std::shared_ptr<const AttentionData> attention_;   // latest data, applied when its dock is visible
  std::shared_ptr<const EmbeddingsData> tokenEmbeddings_, hiddenStates_, homonymStates_;
  std::shared_ptr<const PositionsData> positions_;
  bool attDirty_ = false, embDirty_ = false, posDirty_ = false;
  std::vector<QDockWidget*> docks_;
  QMenu* viewMenu_ = nullptr;
  QMenu* recentMenu_ = nullptr;
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
  bool exportPending_ = false;
  int exportWaits_ = 0;
  bool layoutRestored_ = false;
  bool shown_ = false;
  std::shared_ptr<const SessionData> pendingSession_;  // applied once its model is loaded
};

}  // namespace glassbox
