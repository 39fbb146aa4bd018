#include "view_state.h"

#include <QJsonArray>
#include <algorithm>

namespace glassbox {
namespace {

constexpr int kMaxIndex = 1 << 20;  // layers, heads, tokens, points: far above any real model
constexpr int kMaxLayoutBytes = 1 << 20;

int index(const QJsonObject& o, const char* key, int fallback) {
  const QJsonValue v = o.value(QLatin1String(key));
  return v.isDouble() ? std::clamp(v.toInt(fallback), -1, kMaxIndex) : fallback;
}

QString oneOf(const QJsonObject& o, const char* key, const QStringList& allowed) {
  const QString v = o.value(QLatin1String(key)).toString();
  return allowed.contains(v) ? v : allowed.front();
}

}  // namespace

QJsonObject viewStateToJson(const ViewState& v) {
  return QJsonObject{
      {"front_docks", QJsonArray::fromStringList(v.frontDocks)},
      {"dock_layout", QString::fromLatin1(v.dockLayout.toBase64())},
      {"attention", QJsonObject{{"layer", v.attentionLayer}, {"head", v.attentionHead},
                                {"aggregate", v.attentionAggregate}, {"display", v.attentionDisplay},
                                {"query", v.attentionQuery}}},
      {"embeddings", QJsonObject{{"mode", v.embeddingsMode}, {"layer", v.embeddingsLayer},
                                 {"layout", v.embeddingsLayout}, {"point", v.embeddingsPoint},
                                 {"compared_word", v.comparedWord}, {"other_sentence", v.otherSentence}}},
      {"next_token", QJsonObject{{"selected_step", v.selectedStep}, {"follow_latest", v.followLatest}}},
  };
}

ViewState viewStateFromJson(const QJsonObject& o) {
  ViewState v;
  if (o.isEmpty()) return v;
  v.present = true;
  for (const auto& d : o.value("front_docks").toArray())
    if (d.isString() && v.frontDocks.size() < 64) v.frontDocks << d.toString();
  const QByteArray layout = o.value("dock_layout").toString().toLatin1();
  if (layout.size() <= kMaxLayoutBytes) v.dockLayout = QByteArray::fromBase64(layout);
  const QJsonObject a = o.value("attention").toObject();
  v.attentionLayer = std::max(0, index(a, "layer", 0));
  v.attentionHead = std::max(0, index(a, "head", 0));
  v.attentionAggregate = oneOf(a, "aggregate", {"head", "layer_mean", "layer_max", "rollout"});
  v.attentionDisplay = oneOf(a, "display", {"heatmap", "lines"});
  v.attentionQuery = index(a, "query", -1);
  const QJsonObject e = o.value("embeddings").toObject();
  v.embeddingsMode = std::clamp(index(e, "mode", 0), 0, 2);
  v.embeddingsLayer = index(e, "layer", -1);
  v.embeddingsLayout = oneOf(e, "layout", {"paths", "each_layer"});
  v.embeddingsPoint = index(e, "point", -1);
  v.comparedWord = e.value("compared_word").toString().left(200);
  v.otherSentence = e.value("other_sentence").toString().left(4000);
  const QJsonObject n = o.value("next_token").toObject();
  v.selectedStep = index(n, "selected_step", -1);
  v.followLatest = n.value("follow_latest").toBool(true);
  return v;
}

}  // namespace glassbox
