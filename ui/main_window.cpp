#include "main_window.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "architecture_map_view.h"
#include "feed_forward_view.h"
#include "logits_view.h"
#include "logit_lens_view.h"
#include "attention_head_view.h"
#include "attention_model_view.h"
#include "classification_view.h"
#include "compare_tokenizer_dialog.h"
#include "embeddings_view.h"
#include "positions_view.h"
#include "core/paths.h"
#include "engine_controller.h"
#include "generation_controller.h"
#include "generation_view.h"
#include "model_display_name.h"
#include "masked_token_view.h"
#include "model_info_view.h"
#include "next_token_view.h"
#include "plural_forms.h"
#include "prompt_editor.h"
#include "similarity_view.h"
#include "tokens_view.h"
#include "view_export.h"

namespace glassbox {
namespace {

QString welcomePrompt() {
  QFile f(QStringLiteral(":/glassbox/welcome_prompt.txt"));
  if (f.open(QIODevice::ReadOnly)) return QString::fromUtf8(f.readAll()).trimmed();
  return QStringLiteral("In the beginning");
}

}  // namespace

MainWindow::MainWindow(const StartupOptions& options, QWidget* parent) : QMainWindow(parent), options_(options) {
  installEnglishPluralForms();
  setWindowTitle(tr("Glassbox"));
  setWindowIcon(QIcon(QStringLiteral(":/glassbox/icons/glassbox.svg")));
  setAcceptDrops(true);
  setDockNestingEnabled(true);
  exportCaption_ = options_.exportCaption;
  runCompareDialog = [](CompareTokenizerDialog& d) { d.exec(); };
  engine_ = new EngineController(this);
  gen_ = new GenerationController(engine_, this);
  buildViews();
  createMenus();
  connectEngine();
  connectViews();
  autosave_.setSingleShot(true);
  autosave_.setInterval(1500);
  connect(&autosave_, &QTimer::timeout, this, [this] {
    if (engine_->model()) saveSessionFile(autosavePath(), currentSession());
  });
  resize(1280, 800);
  if (options_.persistSettings) restoreSettings();
  updateStatus();
  updateEmptyState();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildViews() {
  central_ = new QStackedWidget;
  editor_ = new PromptEditor;
  // In a scroll area: its text must not make the window taller than the screen when no model is open.
  auto* emptyPage = new QWidget;
  auto* el = new QVBoxLayout(emptyPage);
  el->addStretch(1);
  emptyMessage_ = new QLabel;
  emptyMessage_->setWordWrap(true);
  emptyMessage_->setAlignment(Qt::AlignCenter);
  emptyMessage_->setTextFormat(Qt::RichText);
  el->addWidget(emptyMessage_);
  auto* buttons = new QHBoxLayout;
  auto* openFolder = new QPushButton(tr("Open Model Folder…"));
  auto* openFile = new QPushButton(tr("Open llama2.c File…"));
  buttons->addStretch(1);
  buttons->addWidget(openFolder);
  buttons->addWidget(openFile);
  buttons->addStretch(1);
  el->addLayout(buttons);
  el->addStretch(1);
  connect(openFolder, &QPushButton::clicked, this, [this] { openModelDialog(true); });
  connect(openFile, &QPushButton::clicked, this, [this] { openModelDialog(false); });
  auto* emptyScroll = new QScrollArea;
  emptyScroll->setWidget(emptyPage);
  emptyScroll->setWidgetResizable(true);
  emptyScroll->setFrameShape(QFrame::NoFrame);
  emptyState_ = emptyScroll;
  central_->addWidget(emptyState_);
  central_->addWidget(buildPromptPanes());  // the editor, and an encoder-decoder's output beside it
  setCentralWidget(central_);
  fitPromptHeight();

  tokens_ = new TokensView;
  next_ = new NextTokenView;
  genView_ = new GenerationView;
  info_ = new ModelInfoView;
  addView(tokens_, tr("Tokens"), QStringLiteral("dock.tokens"), Qt::BottomDockWidgetArea);
  addView(next_, tr("Next token"), QStringLiteral("dock.next"), Qt::BottomDockWidgetArea);
  addView(genView_, tr("Generation"), QStringLiteral("dock.generation"), Qt::BottomDockWidgetArea);
  addView(info_, tr("Model"), QStringLiteral("dock.model"), Qt::BottomDockWidgetArea);
  splitDockWidget(docks_[0], docks_[1], Qt::Vertical);
  splitDockWidget(docks_[1], docks_[2], Qt::Vertical);
  tabifyDockWidget(docks_[2], docks_[3]);
  docks_[2]->raise();
  buildAnalysisViews();
  buildArchitectureView();
  buildEncoderViews();
  for (ExportableView* v : views()) addExportContextMenu(v->exportWidget(), v, [this] { return exportContext(); });
  buildStatusBar();
}

QDockWidget* MainWindow::addView(QWidget* view, const QString& title, const QString& objectName, Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(objectName);
  dock->setWidget(view);
  dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  addDockWidget(area, dock);
  docks_.push_back(dock);
  return dock;
}

std::vector<ExportableView*> MainWindow::views() const {
  return {tokens_, next_, genView_, info_, map_, logits_, ffn_, lens_, attGrid_, attHead_, emb_, pos_, masked_, classes_, similarity_};
}

QDockWidget* MainWindow::dockOf(ExportableView* view) const {
  const QWidget* w = dynamic_cast<QWidget*>(view);
  for (QDockWidget* d : docks_)
    if (w && (d->widget() == w || d->widget()->isAncestorOf(w))) return d;
  return nullptr;
}

QDockWidget* MainWindow::dock(const QString& objectName) const {
  for (QDockWidget* d : docks_)
    if (d->objectName() == objectName) return d;
  return nullptr;
}

void MainWindow::showDock(QDockWidget* d) {
  if (!d) return;
  d->show();
  d->raise();
}

void MainWindow::connectEngine() {
  connect(engine_, &EngineController::loadStarted, this, [this](const QString& path) {
    loadProgress_->setValue(0);
    loadProgress_->show();
    cancelLoad_->show();
    showStatus(tr("Loading %1…").arg(modelDisplayName(path, QFileInfo(path).fileName())));
  });
  connect(engine_, &EngineController::loadProgress, this,
          [this](double f) { loadProgress_->setValue(static_cast<int>(f * 1000)); });
  connect(engine_, &EngineController::modelLoaded, this, &MainWindow::onModelLoaded);
  connect(engine_, &EngineController::loadFailed, this, [this](const QString&, const QString& msg) {
    loadProgress_->hide();
    cancelLoad_->hide();
    pendingSession_.reset();
    showError(tr("Could not open the model"), msg);
    updateEmptyState();
    if (exportPending_ && !engine_->model()) emit exportFinished(false, msg);
  });
  connect(engine_, &EngineController::encoded, this, [this](std::shared_ptr<const PromptAnalysis> a) {
    keepValidSelections(a->encoding);
    TokensViewData d;
    d.text = a->text;
    d.encoding = a->encoding;
    if (auto m = engine_->model()) d.tokenizerName = QString::fromStdString(m->tokenizer->kind());
    tokens_->setData(std::move(d));
    if (a->encoding.ids.empty()) next_->clearSource();
    refreshComparedWords();
    updateStatus();
  });
  connect(engine_, &EngineController::analysed, this, &MainWindow::onAnalysed);
  connect(engine_, &EngineController::analyseFailed, this, [this](const QString& msg) {
    showStatus(msg, 8000);
    lastError_ = msg;
    if (exportPending_) {
      exportPending_ = false;
      emit exportFinished(false, msg);
    }
  });
  connect(engine_, &EngineController::busyChanged, this, [this](bool) { updateStatus(); });
  connect(engine_, &EngineController::compareTokenizerLoaded, this, [this](std::shared_ptr<const Tokenizer> t, const QString& path) {
    const QFileInfo file(path);
    tokens_->setCompareTokenizer(t, tr("%1, %2").arg(modelDisplayName(file.absolutePath(), file.fileName()), file.fileName()));
  });
  connect(engine_, &EngineController::compareTokenizerFailed, this,
          [this](const QString& msg) { showError(tr("Could not open the tokenizer"), msg); });
}

void MainWindow::onModelLoaded(const std::shared_ptr<const LoadedModel>& m) {
  loadProgress_->hide();
  cancelLoad_->hide();
  showStatus({});
  clearSelectionsForNewModel();
  tokens_->setCompareTokenizer(nullptr, {});
  next_->setTokenizer(m->tokenizer);
  next_->controls()->setVocabSize(m->model->config().vocabSize);  // the logits' length: top-k's far end
  genView_->setTokenizer(m->tokenizer);
  info_->setModel(m);
  showFamily(*m);
  onModelForViews(m);
  onModelForEncoder(m);
  const ModelConfig& c = m->model->config();
  gen_->setContextLength(c.contextLength);
  gen_->reset();  // a continuation drawn from another model's distributions no longer holds
  rememberModel(m->modelPath, m->tokenizerPath);
  if (pendingSession_) {
    const auto s = std::move(pendingSession_);
    applySession(*s);
    applyStartupSampling();
  } else {
    applyStartupSampling();
    engine_->setPrompt(editor_->prompt());
    engine_->analyseNow();
  }
  updateStatus();
  updateEmptyState();
}

void MainWindow::connectViews() {
  connect(editor_, &PromptEditor::promptChanged, this, [this](const QString& text) {
    engine_->setPrompt(text);
    scheduleAutosave();
  });
  connect(editor_, &PromptEditor::hoveredByte, tokens_, &TokensView::highlightByte);
  connect(tokens_, &TokensView::tokenHovered, editor_, &PromptEditor::highlightBytes);
  connect(tokens_, &TokensView::tokenClicked, this, [this](int p) {
    if (!maskTokenAt(p)) pinPosition(p);
  });
  connect(engine_, &EngineController::positionLogitsReady, this, [this](std::shared_ptr<const PositionLogits> l) {
    positionLogits_ = std::move(l);
    const auto a = engine_->analysis();
    if (a && a->id == positionLogits_->analysisId && selectedStep_ < 0 && selectedPosition_ == positionLogits_->position)
      showPosition(selectedPosition_);
  });
  connect(tokens_, &TokensView::compareRequested, this, &MainWindow::openCompareDialog);
  connect(next_, &NextTokenView::settingsChanged, this, [this](const SamplingSettings& s) {
    gen_->setSettings(s);
    genView_->setSampling(s.sample);
    genView_->setSamplingSummary(samplingSummary(s));
    scheduleAutosave();
  });
  connect(next_, &NextTokenView::tokenChosen, this, &MainWindow::onTokenChosen);
  connect(genView_, &GenerationView::stepRequested, gen_, &GenerationController::step);
  connect(genView_, &GenerationView::generateRequested, gen_, [this] { gen_->generate(); });
  connect(genView_, &GenerationView::stopRequested, gen_, &GenerationController::stop);
  connect(genView_, &GenerationView::resetRequested, gen_, &GenerationController::reset);
  connect(genView_, &GenerationView::maxNewTokensChanged, gen_, &GenerationController::setMaxNewTokens);
  connect(genView_, &GenerationView::branchSelected, gen_, &GenerationController::switchToBranch);
  connect(genView_, &GenerationView::followLatestToggled, this, &MainWindow::setFollowLatest);
  connect(genView_, &GenerationView::samplingToggled, this, [this](bool sample) {
    SamplingSettings s = next_->controls()->settings();
    s.sample = sample;
    next_->controls()->setSettings(s);
  });
  connect(genView_, &GenerationView::stepSelected, this, &MainWindow::pinStep);
  connect(gen_, &GenerationController::changed, this, &MainWindow::onGenerationChanged);
  connect(gen_, &GenerationController::runningChanged, genView_, &GenerationView::setRunning);
  connect(gen_, &GenerationController::message, genView_, &GenerationView::setMessage);
  connect(gen_, &GenerationController::stepLogitsReady, this, [this](int step) {
    if (step == selectedStep_) showGenerationStep(step);
  });
  connect(gen_, &GenerationController::runningChanged, this, [this](bool running) {
    if (!running && exportPending_) QTimer::singleShot(0, this, &MainWindow::runExport);
  });
}

void MainWindow::onAnalysed(const std::shared_ptr<const PromptAnalysis>& a) {
  statusForward_->setText(tr("forward %1 ms").arg(a->forwardMs, 0, 'f', 1));
  info_->setLastForward(a->forwardMs, a->trace ? a->trace->output().numTokens : 0);
  if (a->droppedTokens > 0)
    showStatus(tr("The prompt is longer than the model's context: the last %n token(s) were not run.", "", a->droppedTokens), 8000);
  if (onEncoderAnalysed(a)) return;
  std::vector<int> ids = a->encoding.ids;
  if (a->trace) ids.resize(static_cast<std::size_t>(a->trace->output().numTokens));
  if (encoderDecoder()) ids = seq2seqPrefix(*a);  // generation continues the decoder's tokens
  gen_->setPrompt(ids);
  const int t = a->trace ? a->trace->output().numTokens : 0;
  if (selectedPosition_ >= t) selectedPosition_ = -1;
  if (selectedStep_ >= 0) showGenerationStep(selectedStep_);
  else showPosition(selectedPosition_);
  updateStatus();
  if (startupGenerationPending_ && a->trace) startupGeneration();
}

void MainWindow::setPrompt(const QString& text) {
  editor_->setPrompt(text);
  engine_->setPrompt(text);
}

void MainWindow::scheduleAutosave() {
  if (options_.persistSettings && options_.exportDir.isEmpty()) autosave_.start();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  gen_->stop();
  if (options_.persistSettings) {
    saveSettings();
    if (engine_->model()) saveSessionFile(autosavePath(), currentSession());
  }
  event->accept();
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (shown_) return;
  shown_ = true;
  if (!layoutRestored_) QTimer::singleShot(0, this, &MainWindow::arrangeDefaultLayout);  // once at its final size
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const auto urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  const QString path = urls.first().toLocalFile();
  if (path.endsWith(QLatin1String(".glassbox.json"))) openSession(path);
  else openModel(path);
  event->acceptProposedAction();
}

void MainWindow::openModel(const QString& path, const QString& tokenizerPath) {
  if (tokenizerPath.isEmpty() && askForTokenizer(path)) return;  // opened once a tokenizer is chosen
  engine_->loadModel(path, tokenizerPath);
  updateEmptyState();
}

void MainWindow::start() {
  if (!options_.exportDir.isEmpty()) exportPending_ = true;
  startupSamplingPending_ = options_.startSampling || options_.maxNewTokens > 0;
  startupGenerationPending_ = exportPending_ || options_.generateSteps > 0;
  const QString prompt = options_.prompt.isNull() ? welcomePrompt() : options_.prompt;
  if (options_.resume && !options_.resume->modelPath.isEmpty() && QFileInfo::exists(options_.resume->modelPath)) {
    pendingSession_ = options_.resume;
    setPrompt(options_.resume->prompt);
    openModel(options_.resume->modelPath, options_.resume->tokenizerPath);
    return;
  }
  if (!options_.modelPath.isEmpty()) {
    setPrompt(prompt);
    openModel(options_.modelPath, options_.tokenizerPath);
    return;
  }
  if (options_.restoreAutosave && QFile::exists(autosavePath())) {
    try {
      SessionData s = loadSessionFile(autosavePath());
      if (!options_.prompt.isNull()) s.prompt = options_.prompt;
      if (!s.modelPath.isEmpty() && QFileInfo::exists(s.modelPath)) {
        pendingSession_ = std::make_shared<const SessionData>(s);
        setPrompt(s.prompt);
        openModel(s.modelPath, s.tokenizerPath);
        return;
      }
    } catch (const std::exception& e) {
      // Moved aside, byte for byte, so the next autosave cannot overwrite what may still be recovered.
      const QString kept = autosavePath() + QDateTime::currentDateTime().toString(".yyyyMMdd-hhmmss") + ".unreadable";
      const bool moved = QFile::rename(autosavePath(), kept);
      showStatus(tr("The autosaved session could not be read (%1); it was kept as %2.")
                     .arg(QString::fromStdString(e.what()), moved ? kept : autosavePath()), 10000);
    }
  }
  setPrompt(prompt);
  if (auto d = findDefaultModel()) {
    openModel(QString::fromStdString(*d));
    return;
  }
  lastError_.clear();
  updateEmptyState();
  if (exportPending_) emit exportFinished(false, tr("no model: pass --model PATH"));
}

}  // namespace glassbox
