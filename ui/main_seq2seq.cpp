// MainWindow for encoder-decoder models (T5, flan-T5, mT5): the output pane beside the input editor
// (typed to force the decoder, or generated), the attention stream selector (encoder self-attention,
// decoder self-attention, cross-attention) of the Attention dock, the next-token view at an output
// position, the input tokens an output token attends to, and the export of all three streams.
// Shape legend: Te = encoder (input) tokens, Td = decoder (output) tokens.
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

#include "analysis_export.h"
#include "architecture_map_view.h"
#include "attention_head_view.h"
#include "attention_model_view.h"
#include "engine_controller.h"
#include "generation_controller.h"
#include "generation_view.h"
#include "main_window.h"
#include "next_token_view.h"
#include "output_pane.h"
#include "prompt_editor.h"
#include "token_text.h"
#include "tool_tip.h"
#include "view_export.h"

namespace glassbox {
namespace {

constexpr std::size_t kMaxExportedWeights = std::size_t{4} << 20;  // per stream, in <name>.json

QString idText(const Tokenizer& tok, int id) {
  return tok.isSpecial(id) ? QString::fromStdString(tok.tokenRaw(id)) : visibleTokenText(tok.tokenBytes(id));
}

QString streamExportName(AttentionStream s) {
  switch (s) {
    case AttentionStream::EncoderSelf: return QStringLiteral("encoder-attention");
    case AttentionStream::DecoderSelf: return QStringLiteral("decoder-attention");
    case AttentionStream::Cross: return QStringLiteral("cross-attention");
    case AttentionStream::Self: break;
  }
  return QStringLiteral("attention");
}

// Every weight of the stream: weights[layer][head][query][key], with both token rows.
QJsonObject attentionMapJson(const AttentionData& d) {
  QJsonArray queries, keys;
  for (const QString& t : d.tokens) queries.append(t);
  for (const QString& t : d.keyTokens) keys.append(t);
  QJsonObject o{{"stream", QString::fromLatin1(attentionStreamName(d.stream))}, {"layers", d.numLayers},
                {"heads", d.numHeads}, {"queries", d.numTokens}, {"keys", d.numKeys}, {"causal", d.causal()},
                {"query_tokens", queries}, {"key_tokens", keys}};
  const std::size_t n = static_cast<std::size_t>(d.numLayers) * d.numHeads * d.numTokens * d.numKeys;
  if (n > kMaxExportedWeights) {
    o["weights_omitted"] = QStringLiteral("%1 weights: more than %2").arg(n).arg(kMaxExportedWeights);
    return o;
  }
  QJsonArray layers;
  for (int l = 0; l < d.numLayers; ++l) {
    QJsonArray heads;
    for (int h = 0; h < d.numHeads; ++h) {
      QJsonArray rows;
      for (int q = 0; q < d.numTokens; ++q) {
        QJsonArray row;
        for (int k = 0; k < d.numKeys; ++k) row.append(static_cast<double>(d.weight(l, h, q, k)));
        rows.append(row);
      }
      heads.append(rows);
    }
    layers.append(heads);
  }
  o["weights"] = layers;
  return o;
}

QString writeJson(const QString& path, const QJsonValue& json) {
  QString error;
  if (!exportAnalysisText(path, [] { return QString(); }, [&json] { return json; }, &error))
    return QObject::tr("%1: %2").arg(QFileInfo(path).fileName(), error);
  return {};
}

}  // namespace

bool MainWindow::encoderDecoder() const {
  const auto m = engine_->model();
  return m && m->model->config().family == Family::EncoderDecoder;
}

QWidget* MainWindow::buildPromptPanes() {
  auto* panes = new QSplitter(Qt::Horizontal);
  promptPage_ = panes;
  output_ = new OutputPane;
  output_->hide();
  panes->addWidget(editor_);
  panes->addWidget(output_);
  panes->setChildrenCollapsible(false);
  panes->setStretchFactor(0, 1);  // input and output share the width
  panes->setStretchFactor(1, 1);
  editor_->setProperty("decoderPlaceholder", editor_->placeholderText());
  if (!options_.target.isEmpty()) setTarget(options_.target);
  connect(output_, &OutputPane::targetChanged, this, [this](const QString& text) {
    engine_->setTarget(text);
    scheduleAutosave();
  });
  connect(output_, &OutputPane::stepRequested, gen_, &GenerationController::step);
  connect(output_, &OutputPane::generateRequested, gen_, [this] { gen_->generate(); });
  connect(output_, &OutputPane::stopRequested, gen_, &GenerationController::stop);
  connect(output_, &OutputPane::keepRequested, this, &MainWindow::keepGeneratedOutput);
  connect(output_, &OutputPane::tokenHovered, this, &MainWindow::onOutputTokenHovered);
  connect(output_, &OutputPane::tokenClicked, this, &MainWindow::pinOutputToken);
  connect(gen_, &GenerationController::runningChanged, output_, &OutputPane::setRunning);
  connect(gen_, &GenerationController::changed, this, &MainWindow::refreshOutputTokens);
  connect(engine_, &EngineController::analysed, this, &MainWindow::refreshOutputTokens);
  return panes;
}

QWidget* MainWindow::withStreamSelector(QWidget* attention) {
  auto* box = new QWidget;
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  streamRow_ = new QWidget;
  auto* row = new QHBoxLayout(streamRow_);
  row->setContentsMargins(4, 4, 4, 0);
  streamBox_ = new QComboBox;
  streamBox_->addItem(tr("Cross-attention: each output token over the input"), static_cast<int>(AttentionStream::Cross));
  streamBox_->addItem(tr("Encoder self-attention: the input over itself, both ways"), static_cast<int>(AttentionStream::EncoderSelf));
  streamBox_->addItem(tr("Decoder self-attention: the output over what it wrote before"), static_cast<int>(AttentionStream::DecoderSelf));
  streamBox_->setToolTip(wrappedToolTip(tr("An encoder-decoder attends three ways: the encoder's tokens to each other, "
                                           "the decoder's tokens to earlier output tokens, and each output token to the "
                                           "encoded input (cross-attention).")));
  row->addWidget(new QLabel(tr("Stream:")));
  row->addWidget(streamBox_, 1);
  streamRow_->hide();
  layout->addWidget(streamRow_);
  layout->addWidget(attention, 1);
  connect(streamBox_, &QComboBox::currentIndexChanged, this, [this](int i) {
    setAttentionStream(static_cast<AttentionStream>(streamBox_->itemData(i).toInt()));
  });
  return box;
}

void MainWindow::showFamily(const LoadedModel& m) {
  const bool s2s = m.model->config().family == Family::EncoderDecoder;
  output_->setVisible(s2s);
  streamRow_->setVisible(s2s);
  streams_.clear();
  seq2seqInputIds_.clear();
  editor_->setPlaceholderText(s2s ? tr("Type the input: the encoder reads all of it at once.")
                                  : editor_->property("decoderPlaceholder").toString());
  // Hidden states: an encoder-decoder's are the encoder's, one vector per input token.
  if (!embMode_->property("decoderText").isValid()) embMode_->setProperty("decoderText", embMode_->itemText(1));
  embMode_->setItemText(1, s2s ? tr("Encoder output: one vector per input token, layer by layer")
                               : embMode_->property("decoderText").toString());
  fitPromptHeight();
  refreshOutputTokens();
  if (!s2s) return;
  auto* panes = static_cast<QSplitter*>(promptPage_);
  const int half = std::max(200, panes->width() / 2);
  panes->setSizes({half, half});
  engine_->setTarget(output_->target());
}

void MainWindow::setTarget(const QString& text) {
  output_->setTarget(text);
  engine_->setTarget(text);
  scheduleAutosave();
}

QString MainWindow::target() const { return output_->target(); }

// A new input invalidates the continuation even when the decoder's tokens are the same.
std::vector<int> MainWindow::seq2seqPrefix(const PromptAnalysis& a) {
  if (!seq2seqInputIds_.empty() && a.encoding.ids != seq2seqInputIds_) gen_->setPrompt({});
  seq2seqInputIds_ = a.encoding.ids;
  return a.decoderIds;
}

std::shared_ptr<const AttentionData> MainWindow::shownStream(const AnalysisViewsData& v) {
  streams_ = v.attentionStreams;
  for (const auto& s : streams_)
    if (s->stream == stream_) return s;
  return v.attention;
}

void MainWindow::setAttentionStream(AttentionStream stream) {
  stream_ = stream;
  {
    const QSignalBlocker b(streamBox_);
    const int i = streamBox_->findData(static_cast<int>(stream));
    if (i >= 0) streamBox_->setCurrentIndex(i);
  }
  for (const auto& s : streams_)
    if (s->stream == stream && s != attention_) {
      attention_ = s;
      attDirty_ = true;
      applyAnalysisViews();
    }
  scheduleAutosave();
}

void MainWindow::refreshOutputTokens() {
  if (!encoderDecoder()) return;
  const auto m = engine_->model();
  const auto a = engine_->analysis();
  const std::vector<int> traced = a ? a->decoderIds : std::vector<int>();
  std::vector<int> all = traced;
  const GenerationState& st = gen_->state();
  if (!traced.empty() && st.prompt == traced)
    for (const ShownStep& s : st.steps) all.push_back(s.token);
  std::vector<TokenChip> chips;
  for (std::size_t i = 0; i < all.size(); ++i) {
    TokenChip c;
    c.id = all[i];
    c.text = idText(*m->tokenizer, c.id);
    c.special = m->tokenizer->isSpecial(c.id);
    c.firstToken = static_cast<int>(i);
    if (i < traced.size()) {
      c.toolTip = i == 0 ? tr("The decoder's start token: output position 0") : tr("Forced output token %1").arg(i);
    } else {
      c.color = QColor(187, 247, 208);
      c.toolTip = tr("Generated at step %1 (press Keep to trace it)").arg(i - traced.size() + 1);
    }
    chips.push_back(std::move(c));
  }
  output_->setTokens(std::move(chips), static_cast<int>(traced.size()));
}

// An output token: a forced one shows the decoder's distribution after it, a generated one its step.
void MainWindow::pinOutputToken(int index) {
  const int traced = output_->tracedTokens();
  if (index < 0) return;
  if (index >= traced) {
    pinStep(index - traced);
    output_->setSelectedToken(index);
    return;
  }
  selectedStep_ = -1;
  genView_->setSelectedStep(-1);
  followLatest_ = false;
  genView_->setFollowLatest(false);
  if (stream_ != AttentionStream::EncoderSelf) attHead_->selectQuery(index);  // its row in the head view
  showDecoderPosition(index);
}

void MainWindow::showDecoderPosition(int position) {
  const auto a = engine_->analysis();
  const auto m = engine_->model();
  if (!a || !a->trace || !m || a->decoderIds.empty()) {
    next_->clearSource();
    return;
  }
  const std::vector<int>& ids = a->decoderIds;
  const int last = static_cast<int>(ids.size()) - 1;
  const int p = position < 0 || position > last ? last : position;
  selectedPosition_ = p == last ? -1 : p;
  output_->setSelectedToken(p);
  if (map_) map_->setPosition(p);
  DistributionSource src;
  if (!positionDistribution(a, p, p == last, src)) return;  // shown by the positionLogitsReady handler
  src.history.assign(ids.begin(), ids.begin() + p + 1);
  const QString tokenText = idText(*m->tokenizer, ids[static_cast<std::size_t>(p)]);
  if (p < last) {
    src.actualId = ids[static_cast<std::size_t>(p + 1)];
    src.title = tr("Output after “%1” (decoder token %2 of %3): what the decoder predicted").arg(tokenText).arg(p + 1).arg(last + 1);
    src.hint = tr("▶ marks the token the forced output really has next.");
    src.fileStem = QStringLiteral("after-output-token-%1").arg(p + 1);
  } else {
    src.title = tr("Output after “%1”: what does the decoder write next?").arg(tokenText);
    src.fileStem = QStringLiteral("after-the-output");
  }
  next_->setSource(std::move(src));
}

// Hovering output token i lights up the input tokens it attends to (cross-attention at the head view's
// layer: its head or aggregate when it shows cross-attention, else the layer's mean), in the editor.
void MainWindow::onOutputTokenHovered(int index) {
  const auto a = engine_->analysis();
  std::shared_ptr<const AttentionData> cross;
  for (const auto& s : streams_)
    if (s->stream == AttentionStream::Cross) cross = s;
  const bool valid = a && cross && index >= 0 && index < cross->numTokens &&
                     cross->numKeys == static_cast<int>(a->encoding.tokens.size());
  if (!valid) {
    editor_->highlightWeightedBytes({});
    return;
  }
  const int layer = std::clamp(attHead_->layer(), 0, cross->numLayers - 1);
  const int head = std::clamp(attHead_->head(), 0, cross->numHeads - 1);
  AttentionAggregate aggregate = stream_ == AttentionStream::Cross ? attHead_->aggregate() : AttentionAggregate::LayerMean;
  if (aggregate == AttentionAggregate::Rollout) aggregate = AttentionAggregate::LayerMean;
  const DenseMatrix w = attentionMatrix(*cross, layer, head, aggregate);
  float top = 0;
  int best = 0;
  for (int k = 0; k < w.cols; ++k)
    if (w.at(index, k) > top) top = w.at(index, best = k);
  std::vector<PromptEditor::WeightedSpan> spans;
  for (int k = 0; k < w.cols && top > 0; ++k) {
    const TokenPiece& piece = a->encoding.tokens[static_cast<std::size_t>(k)];
    spans.push_back({static_cast<int>(piece.begin), static_cast<int>(piece.end), 0.85 * w.at(index, k) / top});
  }
  editor_->highlightWeightedBytes(spans);
  showStatus(tr("Output token %1 “%2” attends most to input token %3 “%4” (%5, layer %6)")
                 .arg(index).arg(cross->tokens.value(index)).arg(best).arg(cross->keyTokens.value(best))
                 .arg(top, 0, 'f', 2).arg(layer), 4000);
}

// The generated continuation becomes part of the forced output, so that the trace covers it.
void MainWindow::keepGeneratedOutput() {
  const auto m = engine_->model();
  const GenerationState& st = gen_->state();
  if (!m || st.steps.empty() || st.prompt.empty()) return;
  std::vector<int> ids(st.prompt.begin() + 1, st.prompt.end());  // without decoder_start
  for (const ShownStep& s : st.steps) ids.push_back(s.token);
  setTarget(QString::fromStdString(m->tokenizer->decode(ids, true)));
}

// DIR/<stream>.png/.svg (the head view), <stream>-heads.png/.svg (the grid), <stream>.json (every
// weight) and <stream>-heads.json (the grid's per-head data) for each stream; the chosen one is shown
// again afterwards.
QString MainWindow::exportAttentionStreams() {
  if (!QDir().mkpath(options_.exportDir)) return tr("%1: could not create the folder").arg(options_.exportDir);
  const QDir dir(options_.exportDir);
  const AttentionStream chosen = stream_;
  const auto streams = streams_;
  QStringList errors;
  showDock(attentionDock_);
  for (const auto& data : streams) {
    setAttentionStream(data->stream);
    attGrid_->setData(*data);
    attGrid_->flush();
    attHead_->setData(*data);
    QCoreApplication::processEvents();
    const QString name = streamExportName(data->stream);
    for (const QString& suffix : {QStringLiteral(".png"), QStringLiteral(".svg")}) {
      for (const auto& [view, stem] : {std::pair<ExportableView*, QString>{attHead_, name}, {attGrid_, name + "-heads"}}) {
        const QString e = exportViewImage(*view, dir.filePath(stem + suffix), exportContext());
        if (!e.isEmpty()) errors << e;
      }
    }
    QJsonObject heads = attGrid_->jsonData().toObject();
    heads["stream"] = QString::fromLatin1(attentionStreamName(data->stream));
    for (const QString& e : {writeJson(dir.filePath(name + ".json"), attentionMapJson(*data)),
                             writeJson(dir.filePath(name + "-heads.json"), heads)})
      if (!e.isEmpty()) errors << e;
  }
  setAttentionStream(chosen);
  return errors.join(QLatin1Char('\n'));
}

}  // namespace glassbox
