#include "main_window.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDockWidget>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>
#include <algorithm>

#include "attention_head_view.h"
#include "attention_model_view.h"
#include "core/paths.h"
#include "embeddings_view.h"
#include "positions_view.h"
#include "engine_controller.h"
#include "generation_controller.h"
#include "generation_view.h"
#include "model_info_view.h"
#include "next_token_view.h"
#include "prompt_editor.h"
#include "token_text.h"
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
  setWindowTitle(tr("Glassbox"));
  setWindowIcon(QIcon(QStringLiteral(":/glassbox/icons/glassbox.svg")));
  setAcceptDrops(true);
  setDockNestingEnabled(true);
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
  emptyState_ = new QWidget;
  auto* el = new QVBoxLayout(emptyState_);
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
  central_->addWidget(emptyState_);
  central_->addWidget(editor_);
  central_->setMinimumHeight(90);
  setCentralWidget(central_);

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
  resizeDocks({docks_[0], docks_[1], docks_[2]}, {190, 420, 150}, Qt::Vertical);
  buildAnalysisViews();
  for (ExportableView* v : views()) addExportContextMenu(v->exportWidget(), v);

  statusModel_ = new QLabel;
  statusTokens_ = new QLabel;
  statusForward_ = new QLabel;
  loadProgress_ = new QProgressBar;
  loadProgress_->setRange(0, 1000);
  loadProgress_->setMaximumWidth(180);
  loadProgress_->hide();
  cancelLoad_ = new QPushButton(tr("Cancel"));
  cancelLoad_->setToolTip(tr("Stop loading this model; the previous one stays."));
  cancelLoad_->hide();
  statusBar()->addWidget(statusModel_, 1);
  statusBar()->addPermanentWidget(loadProgress_);
  statusBar()->addPermanentWidget(cancelLoad_);
  statusBar()->addPermanentWidget(statusTokens_);
  statusBar()->addPermanentWidget(statusForward_);
  connect(cancelLoad_, &QPushButton::clicked, engine_, &EngineController::cancelLoad);
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
  return {tokens_, next_, genView_, info_, attGrid_, attHead_, emb_, pos_};
}

QDockWidget* MainWindow::dockOf(ExportableView* view) const {
  const QWidget* w = dynamic_cast<QWidget*>(view);
  for (QDockWidget* d : docks_)
    if (w && (d->widget() == w || d->widget()->isAncestorOf(w))) return d;
  return nullptr;
}

void MainWindow::connectEngine() {
  connect(engine_, &EngineController::loadStarted, this, [this](const QString& path) {
    loadProgress_->setValue(0);
    loadProgress_->show();
    cancelLoad_->show();
    statusBar()->showMessage(tr("Loading %1…").arg(QFileInfo(path).fileName()));
  });
  connect(engine_, &EngineController::loadProgress, this,
          [this](double f) { loadProgress_->setValue(static_cast<int>(f * 1000)); });
  connect(engine_, &EngineController::modelLoaded, this, [this](std::shared_ptr<const LoadedModel> m) {
    loadProgress_->hide();
    cancelLoad_->hide();
    statusBar()->clearMessage();
    tokens_->setCompareTokenizer(nullptr, {});
    next_->setTokenizer(m->tokenizer);
    genView_->setTokenizer(m->tokenizer);
    info_->setModel(m);
    onModelForViews(m);
    const ModelConfig& c = m->model->config();
    std::vector<int> eos = c.eosTokenIds;
    if (auto e = m->tokenizer->eosId()) eos.push_back(*e);
    gen_->setEosIds(eos);
    gen_->setContextLength(c.contextLength);
    rememberModel(m->modelPath, m->tokenizerPath);
    if (pendingSession_) {
      const auto s = std::move(pendingSession_);
      applySession(*s);
    } else {
      engine_->setPrompt(editor_->prompt());
      engine_->analyseNow();
    }
    updateStatus();
    updateEmptyState();
  });
  connect(engine_, &EngineController::loadFailed, this, [this](const QString& path, const QString& msg) {
    loadProgress_->hide();
    cancelLoad_->hide();
    pendingSession_.reset();
    showError(tr("Could not open the model"), msg);
    updateEmptyState();
    if (exportPending_ && !engine_->model()) emit exportFinished(false, msg);
  });
  connect(engine_, &EngineController::encoded, this, [this](std::shared_ptr<const PromptAnalysis> a) {
    TokensViewData d;
    d.text = a->text;
    d.encoding = a->encoding;
    if (auto m = engine_->model()) d.tokenizerName = QString::fromStdString(m->tokenizer->kind());
    tokens_->setData(std::move(d));
    if (a->encoding.ids.empty()) next_->clearSource();
    updateStatus();
  });
  connect(engine_, &EngineController::analysed, this, &MainWindow::onAnalysed);
  connect(engine_, &EngineController::analyseFailed, this, [this](const QString& msg) {
    statusBar()->showMessage(msg, 8000);
    lastError_ = msg;
    if (exportPending_) {
      exportPending_ = false;
      emit exportFinished(false, msg);
    }
  });
  connect(engine_, &EngineController::busyChanged, this, [this](bool) { updateStatus(); });
  connect(engine_, &EngineController::compareTokenizerLoaded, this,
          [this](std::shared_ptr<const Tokenizer> t, const QString& path) { tokens_->setCompareTokenizer(t, QFileInfo(path).fileName()); });
  connect(engine_, &EngineController::compareTokenizerFailed, this,
          [this](const QString& msg) { showError(tr("Could not open the tokenizer"), msg); });
}

void MainWindow::connectViews() {
  connect(editor_, &PromptEditor::promptChanged, this, [this](const QString& text) {
    engine_->setPrompt(text);
    scheduleAutosave();
  });
  connect(editor_, &PromptEditor::hoveredByte, tokens_, &TokensView::highlightByte);
  connect(tokens_, &TokensView::tokenHovered, editor_, &PromptEditor::highlightBytes);
  connect(tokens_, &TokensView::tokenClicked, this, [this](int i) {
    selectedStep_ = -1;
    genView_->setSelectedStep(-1);
    showPosition(i);
  });
  connect(engine_, &EngineController::positionLogitsReady, this, [this](std::shared_ptr<const PositionLogits> l) {
    positionLogits_ = std::move(l);
    const auto a = engine_->analysis();
    if (a && a->id == positionLogits_->analysisId && selectedStep_ < 0 && selectedPosition_ == positionLogits_->position)
      showPosition(selectedPosition_);
  });
  connect(tokens_, &TokensView::compareRequested, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Second tokenizer"), {},
                                                      tr("Tokenizers (tokenizer.json *.bin *.json)"));
    if (!path.isEmpty()) engine_->loadCompareTokenizer(path);
  });
  connect(next_, &NextTokenView::settingsChanged, this, [this](const SamplingSettings& s) {
    gen_->setSettings(s);
    genView_->setSampling(s.sample);
    scheduleAutosave();
  });
  connect(next_, &NextTokenView::tokenChosen, this, &MainWindow::onTokenChosen);
  connect(genView_, &GenerationView::stepRequested, gen_, &GenerationController::step);
  connect(genView_, &GenerationView::generateRequested, gen_, &GenerationController::generate);
  connect(genView_, &GenerationView::stopRequested, gen_, &GenerationController::stop);
  connect(genView_, &GenerationView::resetRequested, gen_, &GenerationController::reset);
  connect(genView_, &GenerationView::maxNewTokensChanged, gen_, &GenerationController::setMaxNewTokens);
  connect(genView_, &GenerationView::branchSelected, gen_, &GenerationController::switchToBranch);
  connect(genView_, &GenerationView::samplingToggled, this, [this](bool sample) {
    SamplingSettings s = next_->controls()->settings();
    s.sample = sample;
    next_->controls()->setSettings(s);
  });
  connect(genView_, &GenerationView::stepSelected, this, &MainWindow::showGenerationStep);
  connect(gen_, &GenerationController::changed, this, [this] {
    genView_->setState(gen_->state());
    if (selectedStep_ >= static_cast<int>(gen_->state().steps.size())) selectedStep_ = -1;
    scheduleAutosave();
  });
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
    statusBar()->showMessage(tr("The prompt is longer than the model's context: the last %1 tokens were not run.")
                                 .arg(a->droppedTokens), 8000);
  std::vector<int> ids = a->encoding.ids;
  if (a->trace) ids.resize(static_cast<std::size_t>(a->trace->output().numTokens));
  std::shared_ptr<const std::vector<float>> last;
  if (a->trace && a->trace->output().numTokens > 0) {
    last = std::make_shared<const std::vector<float>>(a->trace->lastLogits);
  }
  gen_->setPrompt(ids, last);
  const int t = a->trace ? a->trace->output().numTokens : 0;
  if (selectedPosition_ >= t) selectedPosition_ = -1;
  if (selectedStep_ >= 0) showGenerationStep(selectedStep_);
  else showPosition(selectedPosition_);
  updateStatus();
  if (exportPending_) {
    // Give the Generation view something to show: a short greedy continuation.
    SamplingSettings s = next_->controls()->settings();
    gen_->setSettings(s);
    gen_->setMaxNewTokens(12);
    gen_->generate();
  }
}

void MainWindow::showPosition(int position) {
  const auto a = engine_->analysis();
  if (!a || !a->trace || a->trace->output().numTokens == 0) {
    next_->clearSource();
    return;
  }
  const Trace& trace = *a->trace;
  const int last = trace.output().numTokens - 1;
  const int p = position < 0 || position > last ? last : position;
  selectedPosition_ = p == last ? -1 : p;
  tokens_->setSelectedToken(selectedPosition_);
  DistributionSource src;
  if (p == last) {
    src.owner = a;
    src.logits = trace.lastLogits;
  } else if (positionLogits_ && positionLogits_->analysisId == a->id && positionLogits_->position == p) {
    src.owner = positionLogits_;
    src.logits = positionLogits_->logits;
  } else {  // the trace keeps only the last position's logits: the worker computes these (one GEMV)
    engine_->requestPositionLogits(a, p);
    return;  // shown by the positionLogitsReady handler
  }
  src.history.assign(a->encoding.ids.begin(), a->encoding.ids.begin() + p + 1);
  const auto& piece = a->encoding.tokens[static_cast<std::size_t>(p)];
  const QString tokenText = piece.special ? QString::fromStdString(piece.raw) : visibleTokenText(piece.bytes);
  if (p < last) {
    src.actualId = a->encoding.ids[static_cast<std::size_t>(p + 1)];
    src.title = tr("After “%1” (token %2 of %3): what the model predicted").arg(tokenText).arg(p + 1).arg(trace.output().numTokens);
  } else {
    src.title = tr("After “%1”, the last token: what comes next?").arg(tokenText);
  }
  next_->setSource(std::move(src));
}

void MainWindow::showGenerationStep(int step) {
  const auto& st = gen_->state();
  if (step < 0 || step >= static_cast<int>(st.steps.size())) return;
  selectedStep_ = step;
  genView_->setSelectedStep(step);
  tokens_->setSelectedToken(-1);
  const GenerationStep& s = st.steps[static_cast<std::size_t>(step)];
  if (!s.logits) {
    gen_->requestLogitsFor(step);
    return;
  }
  DistributionSource src;
  src.owner = s.logits;
  src.logits = *s.logits;
  src.history = st.tokens(static_cast<std::size_t>(step));
  src.actualId = s.token;
  src.title = tr("Generation step %1: click a bar to branch with that token").arg(step + 1);
  next_->setSource(std::move(src));
}

void MainWindow::onTokenChosen(int tokenId) {
  if (selectedStep_ >= 0) {
    gen_->branch(selectedStep_, tokenId);
    showGenerationStep(selectedStep_);
  } else {
    statusBar()->showMessage(tr("Click a generated token in the Generation view first, then a bar to branch from it."), 6000);
  }
}

void MainWindow::setPrompt(const QString& text) {
  editor_->setPrompt(text);
  engine_->setPrompt(text);
}

void MainWindow::showError(const QString& title, const QString& message) {
  lastError_ = message;
  statusBar()->showMessage(message, 10000);
  if (!errorBox_) {
    errorBox_ = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    errorBox_->setAttribute(Qt::WA_DeleteOnClose);
    errorBox_->setWindowModality(Qt::NonModal);
  }
  errorBox_->setWindowTitle(title);
  errorBox_->setText(message);
  if (!exportPending_) errorBox_->show();  // never blocks: the event loop keeps running
}

void MainWindow::updateStatus() {
  const auto m = engine_->model();
  statusModel_->setText(m ? tr("Model: %1").arg(QString::fromStdString(m->model->info().name)) : tr("No model"));
  const int n = static_cast<int>(tokens_->data().encoding.ids.size());
  statusTokens_->setText(tr("%n token(s)", nullptr, n) + (engine_->isAnalysing() ? tr(" · running…") : QString()));
}

void MainWindow::updateEmptyState() {
  const bool haveModel = engine_->model() != nullptr;
  central_->setCurrentWidget(haveModel || engine_->isLoading() ? static_cast<QWidget*>(editor_) : emptyState_);
  if (!haveModel) {
    emptyMessage_->setText(
        tr("<h2>No model loaded</h2><p>Glassbox runs a real transformer language model on your computer and shows "
           "what happens inside it.</p><p>Open a Hugging Face model folder (config.json, model.safetensors, "
           "tokenizer.json), a GGUF file (its tokenizer is inside it) or a llama2.c checkpoint (.bin with its "
           "tokenizer beside it), or drop one on this "
           "window.</p>%1")
            .arg(lastError_.isEmpty() ? QString() : QStringLiteral("<p style='color:#b91c1c'>%1</p>").arg(lastError_.toHtmlEscaped())));
    tokens_->setEmptyText(tr("Open a model to see how it splits text into tokens."));
  }
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
  if (!layoutRestored_) arrangeDefaultLayout();
}

void MainWindow::arrangeDefaultLayout() {
  if (width() < 1500) {
    // Narrow screens: the analysis views become tabs beside Next token, so that every view keeps the
    // full width instead of two squeezed columns.
    tabifyDockWidget(docks_[1], attentionDock_);
    tabifyDockWidget(attentionDock_, embeddingsDock_);
    tabifyDockWidget(embeddingsDock_, positionsDock_);
    docks_[1]->raise();
    attSplit_->setOrientation(Qt::Horizontal);  // wide and short there: grid beside the head
    attSplit_->setSizes({width() * 2 / 5, width() * 3 / 5});
  } else {
    resizeDocks({attentionDock_}, {width() * 45 / 100}, Qt::Horizontal);
  }
  // The prompt editor stays a few lines high; the views share the rest.
  const int rest = std::max(400, height() - 190);
  resizeDocks({docks_[0], docks_[1], docks_[2]}, {rest * 20 / 100, rest * 62 / 100, rest * 18 / 100}, Qt::Vertical);
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
  engine_->loadModel(path, tokenizerPath);
  updateEmptyState();
}

void MainWindow::start() {
  if (!options_.exportDir.isEmpty()) exportPending_ = true;
  const QString prompt = options_.prompt.isNull() ? welcomePrompt() : options_.prompt;
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
      statusBar()->showMessage(tr("The autosaved session could not be read (%1); it was kept as %2.")
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

void MainWindow::runExport() {
  if (!exportPending_) return;
  if (!analysisViewsReady() && exportWaits_++ < 600) {  // the worker is still building them
    QTimer::singleShot(50, this, &MainWindow::runExport);
    return;
  }
  exportPending_ = false;
  next_->flush();
  QStringList errors;
  for (ExportableView* v : views()) {
    if (QDockWidget* d = dockOf(v)) d->raise();  // a tabbed dock has no size until it is the visible tab
    QCoreApplication::processEvents();
    applyAnalysisViews();
    QCoreApplication::processEvents();
    const QString e = exportAllViews({v}, options_.exportDir);
    if (!e.isEmpty()) errors << e;
  }
  emit exportFinished(errors.isEmpty(), errors.join(QLatin1Char('\n')));
}

}  // namespace glassbox
