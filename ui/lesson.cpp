#include "lesson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/error.h"

namespace glassbox {
namespace {

constexpr int kMaxSteps = 200;

[[noreturn]] void fail(const QString& what, const QString& message) { throw Error((what + ": " + message).toStdString()); }

std::optional<double> number(const QJsonObject& o, const char* key, double lo, double hi, const QString& where) {
  const QJsonValue v = o.value(QLatin1String(key));
  if (v.isUndefined() || v.isNull()) return std::nullopt;
  if (!v.isDouble() || v.toDouble() < lo || v.toDouble() > hi)
    fail(where, QStringLiteral("\"%1\" must be a number from %2 to %3").arg(QLatin1String(key)).arg(lo).arg(hi));
  return v.toDouble();
}

std::optional<int> integer(const QJsonObject& o, const char* key, int lo, int hi, const QString& where) {
  if (auto d = number(o, key, lo, hi, where)) return static_cast<int>(*d);
  return std::nullopt;
}

QString text(const QJsonObject& o, const char* key, const QString& where, bool required) {
  const QJsonValue v = o.value(QLatin1String(key));
  if (v.isString() && (!required || !v.toString().trimmed().isEmpty())) return v.toString();
  if (v.isUndefined() && !required) return {};
  fail(where, QStringLiteral("\"%1\" must be %2text").arg(QLatin1String(key), required ? QStringLiteral("non-empty ") : QString()));
}

LessonStep stepFromJson(const QJsonObject& o, const QString& where) {
  LessonStep s;
  s.title = text(o, "title", where, true);
  s.text = text(o, "text", where, true);
  s.tryThis = text(o, "try", where, false);
  s.model = text(o, "model", where, false);
  if (o.contains(QLatin1String("prompt"))) s.prompt = text(o, "prompt", where, false);
  s.view = text(o, "view", where, false);
  s.position = integer(o, "position", -1, 1 << 20, where);
  const QJsonObject att = o.value(QLatin1String("attention")).toObject();
  s.attentionLayer = integer(att, "layer", 0, 4096, where + QStringLiteral(" attention"));
  s.attentionHead = integer(att, "head", 0, 4096, where + QStringLiteral(" attention"));
  s.attentionAggregate = text(att, "aggregate", where + QStringLiteral(" attention"), false);
  s.embeddingsMode = integer(o.value(QLatin1String("embeddings")).toObject(), "mode", 0, 2, where + QStringLiteral(" embeddings"));
  const QJsonObject smp = o.value(QLatin1String("sampling")).toObject();
  const QString sw = where + QStringLiteral(" sampling");
  if (auto t = number(smp, "temperature", 0, 10, sw)) s.temperature = static_cast<float>(*t);
  if (auto p = number(smp, "top_p", 0, 1, sw)) s.topP = static_cast<float>(*p);
  s.topK = integer(smp, "top_k", 0, 1 << 24, sw);
  if (auto seed = number(smp, "seed", 0, 9.0e15, sw)) s.seed = static_cast<unsigned long long>(*seed);
  if (smp.contains(QLatin1String("sample"))) {
    if (!smp.value(QLatin1String("sample")).isBool()) fail(sw, QStringLiteral("\"sample\" must be true or false"));
    s.sample = smp.value(QLatin1String("sample")).toBool();
  }
  s.maxNewTokens = integer(o, "max_new_tokens", 1, 4096, where);
  return s;
}

}  // namespace

Lesson lessonFromJson(const QByteArray& json, const QString& what) {
  QJsonParseError err{};
  const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
  if (err.error != QJsonParseError::NoError)
    fail(what, QStringLiteral("not valid JSON at byte %1 (%2)").arg(err.offset).arg(err.errorString()));
  if (!doc.isObject()) fail(what, QStringLiteral("a lesson is a JSON object with \"title\" and \"steps\""));
  const QJsonObject o = doc.object();
  Lesson lesson;
  lesson.title = text(o, "title", what, true);
  const QJsonArray steps = o.value(QLatin1String("steps")).toArray();
  if (steps.isEmpty()) fail(what, QStringLiteral("\"steps\" must be a non-empty array (hint: see resources/lessons/lesson_en.json)"));
  if (steps.size() > kMaxSteps) fail(what, QStringLiteral("more than %1 steps").arg(kMaxSteps));
  for (int i = 0; i < steps.size(); ++i) {
    const QString where = QStringLiteral("%1: step %2").arg(what).arg(i + 1);
    if (!steps[i].isObject()) fail(where, QStringLiteral("each step is a JSON object"));
    lesson.steps.push_back(stepFromJson(steps[i].toObject(), where));
  }
  return lesson;
}

Lesson loadLessonFile(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) fail(path, QStringLiteral("cannot open (%1)").arg(f.errorString()));
  if (f.size() > 8 * 1024 * 1024) fail(path, QStringLiteral("larger than 8 MiB: not a lesson"));
  return lessonFromJson(f.readAll(), path);
}

Lesson builtInLesson(const QString& language) {
  const QString code = language == QLatin1String("ko") ? QStringLiteral("ko") : QStringLiteral("en");
  return loadLessonFile(QStringLiteral(":/glassbox/lessons/lesson_%1.json").arg(code));
}

SessionData sessionForStep(const SessionData& base, const LessonStep& st) {
  SessionData s = base;
  s.view.present = true;
  s.view.dockLayout.clear();  // keep the user's layout; only the front view changes
  if (st.prompt) {
    s.prompt = *st.prompt;
    s.generation = {};
    s.selectedPosition = -1;
    s.view.selectedStep = -1;
  }
  if (st.position) s.selectedPosition = *st.position;
  if (!st.view.isEmpty()) s.view.frontDocks = {st.view};
  if (st.attentionLayer) s.view.attentionLayer = *st.attentionLayer;
  if (st.attentionHead) s.view.attentionHead = *st.attentionHead;
  if (!st.attentionAggregate.isEmpty()) s.view.attentionAggregate = st.attentionAggregate;
  if (st.embeddingsMode) s.view.embeddingsMode = *st.embeddingsMode;
  if (st.temperature) s.sampling.params.temperature = *st.temperature;
  if (st.topK) s.sampling.params.topK = *st.topK;
  if (st.topP) s.sampling.params.topP = *st.topP;
  if (st.seed) s.sampling.params.seed = *st.seed;
  if (st.sample) s.sampling.sample = *st.sample;
  if (st.maxNewTokens) s.maxNewTokens = *st.maxNewTokens;
  return s;
}

}  // namespace glassbox
