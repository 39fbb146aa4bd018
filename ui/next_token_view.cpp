#include "next_token_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QScrollArea>
#include <QTabWidget>
#include <QTableView>
#include <algorithm>

#include "next_token_chart.h"
#include "probability_table_model.h"
#include "sampling_bridge.h"
#include "tokenizers/tokenizer.h"

namespace glassbox {

NextTokenView::NextTokenView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  tabs_ = new QTabWidget;
  tabs_->setDocumentMode(true);
  chart_ = new NextTokenChart;
  table_ = new ProbabilityTableModel(this);
  tableView_ = new QTableView;
  tableView_->setModel(table_);
  tableView_->verticalHeader()->hide();
  tableView_->horizontalHeader()->setStretchLastSection(true);
  tableView_->setSelectionBehavior(QAbstractItemView::SelectRows);
  tabs_->addTab(chart_, tr("Chart"));
  tabs_->addTab(tableView_, tr("Table"));
  layout->addWidget(tabs_, 1);

  controls_ = new SamplingControls;
  auto* scroll = new QScrollArea;
  scroll->setWidget(controls_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setMinimumWidth(controls_->sizeHint().width() + 20);
  scroll->setMaximumWidth(controls_->sizeHint().width() + 60);
  layout->addWidget(scroll);

  replot_.setSingleShot(true);
  connect(&replot_, &QTimer::timeout, this, &NextTokenView::recompute);
  connect(controls_, &SamplingControls::changed, this, [this](const SamplingSettings& s) {
    scheduleRecompute();
    emit settingsChanged(s);
  });
  connect(chart_, &NextTokenChart::barClicked, this, &NextTokenView::tokenChosen);
  connect(tableView_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    const auto& bars = table_->nextTokenData().bars;
    if (index.row() < static_cast<int>(bars.size())) emit tokenChosen(bars[static_cast<std::size_t>(index.row())].id);
  });
}

NextTokenView::~NextTokenView() = default;

void NextTokenView::setTokenizer(std::shared_ptr<const Tokenizer> tokenizer) { tokenizer_ = std::move(tokenizer); }

QString NextTokenView::exportTitle() const {
  const QString title = source_.title.isEmpty() ? tr("Next token") : source_.title;
  return tr("Next token, %1 (%2)").arg(title, samplingSummary(controls_->settings()));
}

void NextTokenView::setExporting(bool exporting) { chart_->setHintShown(!exporting); }

QString NextTokenView::suggestedFileName() const {
  return source_.fileStem.isEmpty() ? exportName() : QStringLiteral("next-token-") + source_.fileStem;
}

void NextTokenView::setSource(DistributionSource source) {
  source_ = std::move(source);
  scheduleRecompute();
  emit sourceChanged();
}

// Replots are coalesced: the first change after a quiet spell is drawn on the next event-loop pass,
// later ones once kMinReplotGapMs have passed since the last recompute ended, so the UI thread stays
// mostly free while a drag lasts and a drag still sees a new chart within a frame (16 ms: the chain on
// 50,257 logits takes ~3 ms, glassbox --bench-ui, ui_slider_drag_ms). A pending timer is never
// restarted: restarting it on every change kept the chart frozen for the whole of a drag.
void NextTokenView::scheduleRecompute() {
  constexpr qint64 kMinReplotGapMs = 8;
  if (replot_.isActive()) return;
  const qint64 since = sinceRecompute_.isValid() ? sinceRecompute_.elapsed() : kMinReplotGapMs;
  replot_.start(static_cast<int>(std::max<qint64>(0, kMinReplotGapMs - since)));
}

void NextTokenView::clearSource(const QString& message) {
  source_ = {};
  result_ = {};
  NextTokenData empty;
  chart_->setEmptyMessage(message);
  chart_->setData(empty, controls_->settings().logScale);
  table_->setData(empty);
  emit sourceChanged();
}

void NextTokenView::flush() {
  replot_.stop();
  recompute();
}

void NextTokenView::recompute() {
  if (!tokenizer_ || source_.logits.empty()) return;
  const SamplingSettings s = controls_->settings();
  ChainRun run;
  run.params = s.effective();
  run.greedy = !s.sample;
  run.maxReported = std::max(64, s.topN);
  result_ = runSamplerChain(source_.logits, source_.history, run);
  NextTokenData data = buildNextTokenData(source_.logits, result_, *tokenizer_, run.params, s.topN, source_.actualId);
  data.title = source_.title;
  data.hint = source_.hint;
  chart_->setData(data, s.logScale);
  table_->setData(data);
  sinceRecompute_.restart();
}

QWidget* NextTokenView::exportWidget() { return chart_; }

QString NextTokenView::csvData() const {
  QString csv = QStringLiteral("rank,id,token,p_original,p_adjusted,removed_by,cumulative\n");
  const auto& d = chart_->data();
  for (std::size_t i = 0; i < d.bars.size(); ++i) {
    const auto& b = d.bars[i];
    QString token = b.label;
    token.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    csv += QStringLiteral("%1,%2,\"%3\",%4,%5,%6,%7\n")
               .arg(i + 1).arg(b.id).arg(token)
               .arg(static_cast<double>(b.original), 0, 'g', 8)
               .arg(static_cast<double>(b.adjusted), 0, 'g', 8)
               .arg(b.removedBy)
               .arg(static_cast<double>(d.cumulative[i]), 0, 'g', 8);
  }
  return csv;
}

QJsonValue NextTokenView::jsonData() const {
  const auto& d = chart_->data();
  QJsonArray bars;
  for (const auto& b : d.bars)
    bars.append(QJsonObject{{"id", b.id}, {"token", b.label}, {"p_original", b.original},
                            {"p_adjusted", b.adjusted}, {"removed_by", b.removedBy}, {"actual", b.actual}});
  return QJsonObject{{"title", d.title}, {"entropy_original", d.entropyOriginal}, {"entropy_final", d.entropyFinal},
                     {"survivors", d.survivors}, {"vocab_size", d.vocabSize}, {"top_p", d.topP}, {"bars", bars}};
}

}  // namespace glassbox
