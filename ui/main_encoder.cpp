// MainWindow for encoder-only models (BERT, DistilBERT, RoBERTa, sentence-transformers): the Masked
// token, Classification and Similarity docks, masking a token by a click on its chip (or Ctrl+M on
// selected text), and what the decoder-only views say when an encoder is open.
#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QTextCursor>

#include "architecture_map_view.h"
#include "classification_view.h"
#include "encoder_outputs.h"
#include "engine_controller.h"
#include "family_text.h"
#include "generation_view.h"
#include "main_window.h"
#include "masked_token_view.h"
#include "next_token_view.h"
#include "prompt_editor.h"
#include "similarity_view.h"
#include "tokens_view.h"
#include "view_export.h"

namespace glassbox {

bool MainWindow::isEncoderModel() const {
  const auto m = engine_->model();
  return m && m->model->family() == Family::Encoder;
}

void MainWindow::buildEncoderViews() {
  masked_ = new MaskedTokenView;
  classes_ = new ClassificationView;
  similarity_ = new SimilarityView;
  QDockWidget* md = addView(masked_, tr("Masked token"), QStringLiteral("dock.masked"), Qt::BottomDockWidgetArea);
  tabifyDockWidget(dock(QStringLiteral("dock.next")), md);
  QDockWidget* model = dock(QStringLiteral("dock.model"));
  tabifyDockWidget(model, addView(classes_, tr("Classification"), QStringLiteral("dock.classification"), Qt::BottomDockWidgetArea));
  tabifyDockWidget(model, addView(similarity_, tr("Similarity"), QStringLiteral("dock.similarity"), Qt::BottomDockWidgetArea));
  dock(QStringLiteral("dock.next"))->raise();
  dock(QStringLiteral("dock.generation"))->raise();
  similarity_->setSentences(defaultSimilaritySentences());
  connect(similarity_, &SimilarityView::sentencesChanged, this, [this](const QStringList& s) {
    if (isEncoderModel()) engine_->requestSimilarity(s);
    scheduleAutosave();
  });
  connect(engine_, &EngineController::similarityReady, this, [this](std::shared_ptr<const SimilarityData> d) {
    if (isEncoderModel()) similarity_->setData(std::move(d));
  });
  connect(masked_, &MaskedTokenView::maskSelected, this, [this](int m) {
    pendingMask_ = m;
    tokens_->setSelectedToken(masked_->maskPosition(m));
    selectedPosition_ = masked_->maskPosition(m);  // the map follows the mask the chart shows
    selectionIds_ = tokens_->data().encoding.ids;
    if (map_) map_->setPosition(selectedPosition_);
    scheduleAutosave();
  });
  // One set of sampler settings: the masked-token chart and Next token move together.
  connect(next_->controls(), &SamplingControls::changed, this, [this](const SamplingSettings& s) {
    if (syncingSampling_) return;
    syncingSampling_ = true;
    masked_->distribution()->controls()->setSettings(s);
    syncingSampling_ = false;
  });
  connect(masked_->distribution()->controls(), &SamplingControls::changed, this, [this](const SamplingSettings& s) {
    if (syncingSampling_) return;
    syncingSampling_ = true;
    next_->controls()->setSettings(s);
    syncingSampling_ = false;
  });
  maskAction_ = new QAction(tr("Mask the Selected Text"), this);
  maskAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  maskAction_->setShortcutContext(Qt::WindowShortcut);
  addAction(maskAction_);
  connect(maskAction_, &QAction::triggered, this, &MainWindow::maskSelectedText);
}

// A new model: what each family's views show before the first analysis.
void MainWindow::onModelForEncoder(const std::shared_ptr<const LoadedModel>& m) {
  const ModelConfig& c = m->model->config();
  maskedIds_.clear();
  masked_->setTokenizer(m->tokenizer);
  masked_->distribution()->controls()->setVocabSize(c.vocabSize);
  masked_->distribution()->controls()->setSettings(next_->controls()->settings());
  showStatus(tr("%1: %2").arg(familyShortName(c.family), familySentence(c.family)), 10000);
  if (c.family != Family::Encoder) {
    masked_->setUnavailable(tr("A decoder predicts the next token, not a masked one: open an encoder (BERT, RoBERTa) "
                               "to fill in masked words."));
    classes_->setUnavailable(tr("Classification needs an encoder with a classification head (for example a sentiment "
                                "or an entity model)."));
    similarity_->setUnavailable(tr("Sentence similarity needs an encoder that embeds text (BERT, a "
                                   "sentence-transformers folder)."));
    genView_->setEnabled(true);
    return;
  }
  masked_->setUnavailable(c.can(kCanFillMask) ? QString()
                                              : tr("This encoder has no masked-LM head: open a …ForMaskedLM checkpoint "
                                                   "to fill in masked words."));
  classes_->setUnavailable({});
  next_->clearSource(encoderNextTokenNote());
  genView_->setMessage(tr("An encoder does not generate text: every token sees the whole sentence at once. Mask a "
                          "word instead (click its chip in Tokens)."));
  genView_->setEnabled(false);
  if (c.can(kCanEmbed)) engine_->requestSimilarity(similarity_->sentences());
  else similarity_->setUnavailable({});
}

QString MainWindow::encoderNextTokenNote() const {
  return tr("An encoder has no next token: mask a word to see what it predicts (click a token in Tokens, or type "
            "[MASK]); the Masked token view shows the distribution.");
}

bool MainWindow::onEncoderAnalysed(const std::shared_ptr<const PromptAnalysis>& a) {
  if (!isEncoderModel() || a->model != engine_->model()->model) return false;
  const int masks = a->encoder ? static_cast<int>(a->encoder->maskPositions.size()) : 0;
  maskedIds_.resize(static_cast<std::size_t>(masks), -1);  // a mask typed or deleted: its word is unknown
  masked_->setAnalysis(a, maskedIds_);
  if (pendingMask_ >= 0 && pendingMask_ < masked_->maskCount()) masked_->selectMask(pendingMask_);
  if (masked_->selectedMask() >= 0) {
    tokens_->setSelectedToken(masked_->maskPosition(masked_->selectedMask()));
    selectedPosition_ = masked_->maskPosition(masked_->selectedMask());
    selectionIds_ = a->encoding.ids;
    if (map_) map_->setPosition(selectedPosition_);
  }
  classes_->setAnalysis(a);
  next_->clearSource(encoderNextTokenNote());
  updateStatus();
  if (exportPending_) QTimer::singleShot(0, this, &MainWindow::runExport);
  return true;
}

// The token at `position` of the shown encoding becomes the mask token in the prompt (one undo step);
// a click on a mask chip shows that mask's chart. False for a decoder (the click pins a position).
bool MainWindow::maskTokenAt(int position) {
  if (!isEncoderModel()) return false;
  const auto m = engine_->model();
  const Encoding& e = tokens_->data().encoding;
  const int maskId = maskTokenId(*m->tokenizer);
  if (position < 0 || position >= static_cast<int>(e.ids.size())) return true;
  int before = 0;  // masks before `position`
  for (int t = 0; t < position; ++t) before += e.ids[static_cast<std::size_t>(t)] == maskId;
  const TokenPiece& piece = e.tokens[static_cast<std::size_t>(position)];
  if (e.ids[static_cast<std::size_t>(position)] == maskId) {
    masked_->selectMask(before);
    showDock(dock(QStringLiteral("dock.masked")));
    return true;
  }
  if (maskId < 0) {
    showStatus(tr("This tokenizer has no mask token ([MASK] or <mask>)."), 6000);
    return true;
  }
  QByteArray text = editor_->prompt().toUtf8();
  if (piece.special || piece.begin >= piece.end || piece.end > static_cast<std::size_t>(text.size())) {
    showStatus(tr("“%1” is a special token the tokenizer adds; click a word to mask it.").arg(QString::fromStdString(piece.raw)), 6000);
    return true;
  }
  maskedIds_.resize(static_cast<std::size_t>(std::count(e.ids.begin(), e.ids.end(), maskId)), -1);
  maskedIds_.insert(maskedIds_.begin() + before, e.ids[static_cast<std::size_t>(position)]);
  text.replace(static_cast<qsizetype>(piece.begin), static_cast<qsizetype>(piece.end - piece.begin),
               QByteArray::fromStdString(m->tokenizer->tokenRaw(maskId)));
  pendingMask_ = before;
  editor_->setPrompt(QString::fromUtf8(text));
  showDock(dock(QStringLiteral("dock.masked")));
  return true;
}

// Ctrl+M: the selected text of the prompt becomes one mask token.
void MainWindow::maskSelectedText() {
  if (!isEncoderModel()) {
    showStatus(tr("Masking words is for encoder models (BERT, RoBERTa): a decoder predicts the next token instead."), 6000);
    return;
  }
  const auto m = engine_->model();
  const int maskId = maskTokenId(*m->tokenizer);
  QTextCursor cursor = editor_->textCursor();
  if (maskId < 0 || !cursor.hasSelection()) {
    showStatus(maskId < 0 ? tr("This tokenizer has no mask token ([MASK] or <mask>).")
                          : tr("Select a word in the prompt first, then press Ctrl+M to mask it."), 6000);
    return;
  }
  const QString raw = QString::fromStdString(m->tokenizer->tokenRaw(maskId));
  const int before = static_cast<int>(editor_->prompt().left(cursor.selectionStart()).count(raw));
  EncodeOptions plain;
  plain.addSpecialTokens = false;
  plain.padding = plain.truncation = false;
  const std::vector<int> word = m->tokenizer->encode(cursor.selectedText().trimmed().toStdString(), plain).ids;
  maskedIds_.resize(static_cast<std::size_t>(editor_->prompt().count(raw)), -1);
  maskedIds_.insert(maskedIds_.begin() + std::min<int>(before, static_cast<int>(maskedIds_.size())), word.size() == 1 ? word[0] : -1);
  pendingMask_ = before;
  cursor.insertText(raw);
  showDock(dock(QStringLiteral("dock.masked")));
}

bool MainWindow::viewApplies(ExportableView* view) const {
  const auto m = engine_->model();
  const bool encoder = isEncoderModel();
  const unsigned caps = m ? m->model->config().capabilities : 0;
  if (view == masked_) return encoder && (caps & kCanFillMask);
  if (view == classes_) return encoder && (caps & (kCanClassify | kCanClassifyTokens));
  if (view == similarity_) return encoder && (caps & kCanEmbed);
  if (view == next_ || view == genView_) return !encoder;
  return true;
}

bool MainWindow::encoderViewsReady() const {
  if (!isEncoderModel()) return true;
  if (viewApplies(similarity_) && !similarity_->data()) return false;
  return engine_->analysis() != nullptr;
}

// The encoder views' data beside their pictures, as DIR/<name>.json.
QString MainWindow::writeEncoderViewJson(ExportableView* view) {
  if (view != masked_ && view != classes_ && view != similarity_) return {};
  return exportViewData(*view, QDir(options_.exportDir).filePath(view->exportName() + QStringLiteral(".json")));
}

EncoderViewState MainWindow::captureEncoderState() const {
  EncoderViewState s;
  s.maskedIds = maskedIds_;
  s.selectedMask = masked_->selectedMask();
  s.similaritySentences = similarity_->sentences();
  return s;
}

void MainWindow::applyEncoderState(const EncoderViewState& s) {
  maskedIds_ = s.maskedIds;
  pendingMask_ = s.selectedMask;
  if (!s.similaritySentences.isEmpty()) similarity_->setSentences(s.similaritySentences);
  if (isEncoderModel() && viewApplies(similarity_)) engine_->requestSimilarity(similarity_->sentences());
}

}  // namespace glassbox
