#include "model_info_view.h"

#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QStringList>
#include <QVBoxLayout>
#include <map>

#include "model_display_name.h"
#include "models/kernel_set.h"

namespace glassbox {
namespace {

QString bytesText(std::uint64_t b) { return QLocale().formattedDataSize(static_cast<qint64>(b)); }

QString familyText(Family f) {
  switch (f) {
    case Family::Decoder:
      return QObject::tr("decoder-only: each token sees only the tokens before it, and the model predicts the next one");
    case Family::Encoder:
      return QObject::tr("encoder-only: every token sees the whole text; the model fills masks, classifies and embeds");
    case Family::EncoderDecoder:
      return QObject::tr("encoder-decoder: an encoder reads the whole input, a decoder writes the output while "
                         "looking back at it through cross-attention");
  }
  return {};
}

QString positionsText(const ModelConfig& c) {
  switch (c.positions) {
    case PositionScheme::Learned: return QObject::tr("learned position embeddings");
    case PositionScheme::Rotary: return QObject::tr("rotary (RoPE, θ = %1)").arg(static_cast<double>(c.ropeTheta));
    case PositionScheme::RelativeBuckets:
      return QObject::tr("relative position bias (%1 buckets up to distance %2)").arg(c.relativeBuckets).arg(c.relativeMaxDistance);
    case PositionScheme::None: return QObject::tr("none");
  }
  return {};
}

// "Q4_K: 193 tensors, 4.5 bits per weight" per storage type, one line each.
QString typeSummary(const ModelInfo& i) {
  std::map<std::string, std::pair<int, double>> perType;  // type -> tensors, bits per weight of the last
  for (const TensorSummary& t : i.tensors) {
    auto& [count, bits] = perType[t.type()];
    ++count;
    bits = t.bitsPerWeight();
  }
  QStringList lines;
  for (const auto& [type, n] : perType)
    lines << ModelInfoView::tr("%1: %n tensor(s), %2 bits per weight", "", n.first).arg(QString::fromStdString(type)).arg(n.second, 0, 'g', 4);
  return lines.join(QLatin1Char('\n'));
}

// One line per tensor: name, storage type, bits per weight, shape.
QString tensorList(const ModelInfo& i) {
  QStringList lines;
  for (const TensorSummary& t : i.tensors) {
    QStringList dims;
    for (auto d : t.shape) dims << QString::number(d);
    lines << ModelInfoView::tr("%1 — %2, %3 bits per weight, [%4]")
                 .arg(QString::fromStdString(t.name), QString::fromStdString(t.type()))
                 .arg(t.bitsPerWeight(), 0, 'g', 4)
                 .arg(dims.join(QStringLiteral(" × ")));
  }
  return lines.join(QLatin1Char('\n'));
}

}  // namespace

ModelInfoView::ModelInfoView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  label_ = new QLabel;
  label_->setTextFormat(Qt::RichText);
  label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  label_->setWordWrap(true);
  auto* scroll = new QScrollArea;
  scroll->setWidget(label_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  layout->addWidget(scroll);
  refresh();
}

void ModelInfoView::setModel(std::shared_ptr<const LoadedModel> model) {
  model_ = std::move(model);
  refresh();
}

void ModelInfoView::setLastForward(double ms, int tokens) {
  lastMs_ = ms;
  lastTokens_ = tokens;
  refresh();
}

std::vector<std::pair<QString, QString>> ModelInfoView::rows() const {
  if (!model_) return {};
  const ModelConfig& c = model_->model->config();
  const ModelInfo& i = model_->model->info();
  const QLocale loc;
  std::vector<std::pair<QString, QString>> r{
      {tr("Name"), modelDisplayName(model_->modelPath, QString::fromStdString(i.name))},
      {tr("Architecture"), QString::fromStdString(c.architectureName) +
                               (c.modelType.empty() ? QString() : QStringLiteral(" (%1)").arg(QString::fromStdString(c.modelType)))},
      {tr("Parameters"), loc.toString(static_cast<qulonglong>(i.parameterCount))},
      {tr("Layers"), QString::number(c.numLayers)},
      {tr("Attention heads"), c.numKvHeads != c.numHeads ? tr("%1 query, %2 key/value (grouped)").arg(c.numHeads).arg(c.numKvHeads)
                                                         : QString::number(c.numHeads)},
      {tr("Model width (d_model)"), QString::number(c.dModel)},
      {tr("Head size"), QString::number(c.headDim)},
      {tr("MLP hidden size"), QString::number(c.hiddenDim)},
      {tr("Vocabulary"), loc.toString(c.vocabSize)},
      {tr("Context length"), loc.toString(c.contextLength)},
      {tr("Family"), familyText(c.family)},
      {tr("Positions"), positionsText(c)},
      {tr("Weights"), tr("%1, %2, %3").arg(QString::fromStdString(i.format), QString::fromStdString(dtypeName(i.dtype)), bytesText(i.fileBytes))},
      {tr("File"), model_->modelPath},
      {tr("Tokenizer"), QStringLiteral("%1 (%2 tokens)\n%3").arg(QString::fromStdString(model_->tokenizer->kind()))
                            .arg(model_->tokenizer->vocabSize()).arg(model_->tokenizerPath)},
      {tr("Load time"), tr("%1 ms").arg(model_->loadMs, 0, 'f', 0)},
      {tr("Kernels"), QString::fromStdString(kernelSetDescription())},
  };
  r.emplace_back(tr("Tensor types"), typeSummary(i));
  r.emplace_back(tr("Tensors"), tensorList(i));
  if (lastTokens_ > 0) r.emplace_back(tr("Last forward"), tr("%1 tokens in %2 ms").arg(lastTokens_).arg(lastMs_, 0, 'f', 1));
  return r;
}

void ModelInfoView::refresh() {
  if (!model_) {
    label_->setText(tr("<p style='color:gray'>No model loaded. Use <b>File ▸ Open Model Folder…</b> or drop a model "
                       "folder or .bin file on the window.</p>"));
    return;
  }
  QString html = QStringLiteral("<table cellspacing='0' cellpadding='3'>");
  for (const auto& [k, v] : rows())
    html += QStringLiteral("<tr><td style='color:#555'><b>%1</b></td><td>%2</td></tr>")
                .arg(k.toHtmlEscaped(), v.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
  label_->setText(html + QStringLiteral("</table>"));
}

QString ModelInfoView::exportTitle() const {
  if (!model_) return tr("Model");
  return tr("Model: %1").arg(modelDisplayName(model_->modelPath, QString::fromStdString(model_->model->info().name)));
}

QString ModelInfoView::csvData() const {
  QString csv = QStringLiteral("field,value\n");
  for (auto [k, v] : rows()) csv += QStringLiteral("\"%1\",\"%2\"\n").arg(k, v.replace(QLatin1Char('"'), QStringLiteral("\"\"")));
  return csv;
}

QJsonValue ModelInfoView::jsonData() const {
  QJsonObject o;
  for (const auto& [k, v] : rows()) o.insert(k, v);
  return o;
}

}  // namespace glassbox
