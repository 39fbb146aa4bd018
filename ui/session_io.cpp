#include "session_io.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include "core/error.h"

namespace glassbox {
namespace {

constexpr int kFormatVersion = 1;

QJsonArray stepsToJson(const std::vector<ShownStep>& steps) {
  QJsonArray a;
  for (const auto& s : steps)
    a.append(QJsonObject{{"id", s.token}, {"probability", s.probability}, {"chosen_by_hand", s.chosenByHand}});
  return a;
}

std::vector<ShownStep> stepsFromJson(const QJsonValue& v, const QString& what) {
  if (!v.isArray() && !v.isUndefined()) throw Error(what.toStdString() + ": \"steps\" must be an array");
  std::vector<ShownStep> steps;
  for (const auto& e : v.toArray()) {
    const QJsonObject o = e.toObject();
    if (!o.value("id").isDouble() || o.value("id").toInt(-1) < 0)
      throw Error(what.toStdString() + ": every generated step needs a non-negative \"id\"");
    ShownStep s;
    s.token = o.value("id").toInt();
    s.probability = static_cast<float>(o.value("probability").toDouble());
    s.chosenByHand = o.value("chosen_by_hand").toBool();
    steps.push_back(s);
  }
  return steps;
}

}  // namespace

QByteArray sessionToJson(const SessionData& s) {
  const SamplingParams& p = s.sampling.params;
  QJsonObject sampling{{"temperature", p.temperature}, {"top_k", p.topK},          {"top_p", p.topP},
                       {"min_p", p.minP},               {"repeat_penalty", p.repeatPenalty},
                       {"seed", static_cast<qint64>(p.seed)}, {"sample", s.sampling.sample},
                       {"bars", s.sampling.topN},       {"log_scale", s.sampling.logScale}};
  QJsonArray prompt;
  for (int id : s.generation.prompt) prompt.append(id);
  QJsonArray branches;
  for (const auto& b : s.generation.branches)
    branches.append(QJsonObject{{"from_step", b.fromStep}, {"steps", stepsToJson(b.steps)}});
  QJsonObject root{{"glassbox_session", kFormatVersion},
                   {"prompt", s.prompt},
                   {"model", s.modelPath},
                   {"tokenizer", s.tokenizerPath},
                   {"sampling", sampling},
                   {"max_new_tokens", s.maxNewTokens},
                   {"selected_position", s.selectedPosition},
                   {"generation", QJsonObject{{"prompt_ids", prompt},
                                              {"steps", stepsToJson(s.generation.steps)},
                                              {"branches", branches}}},
                   {"view", viewStateToJson(s.view)},
                   {"target", s.target},
                   {"attention_stream", s.attentionStream},
                   {"encoder", encoderViewStateToJson(s.encoder)}};
  return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

SessionData sessionFromJson(const QByteArray& json, const QString& what) {
  QJsonParseError err;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
  if (err.error != QJsonParseError::NoError)
    throw Error(what.toStdString() + ": not valid JSON at byte " + std::to_string(err.offset) + " (" +
                err.errorString().toStdString() + ")");
  const QJsonObject root = doc.object();
  if (!root.value("glassbox_session").isDouble())
    throw Error(what.toStdString() + ": not a Glassbox session (the \"glassbox_session\" field is missing)");
  SessionData s;
  s.prompt = root.value("prompt").toString();
  s.modelPath = root.value("model").toString();
  s.tokenizerPath = root.value("tokenizer").toString();
  const QJsonObject p = root.value("sampling").toObject();
  SamplingParams& sp = s.sampling.params;
  sp.temperature = static_cast<float>(std::clamp(p.value("temperature").toDouble(1.0), 0.0, 3.0));
  sp.topK = std::max(0, p.value("top_k").toInt(0));
  sp.topP = static_cast<float>(std::clamp(p.value("top_p").toDouble(1.0), 0.0, 1.0));
  sp.minP = static_cast<float>(std::clamp(p.value("min_p").toDouble(0.0), 0.0, 1.0));
  sp.repeatPenalty = static_cast<float>(std::clamp(p.value("repeat_penalty").toDouble(1.0), 1.0, 3.0));
  sp.seed = static_cast<std::uint64_t>(std::max<qint64>(0, p.value("seed").toInteger(0)));
  s.sampling.sample = p.value("sample").toBool(true);
  s.sampling.topN = std::clamp(p.value("bars").toInt(20), 2, 64);
  s.sampling.logScale = p.value("log_scale").toBool(false);
  s.maxNewTokens = std::clamp(root.value("max_new_tokens").toInt(32), 1, 4096);
  s.selectedPosition = root.value("selected_position").toInt(-1);
  const QJsonObject g = root.value("generation").toObject();
  for (const auto& v : g.value("prompt_ids").toArray()) s.generation.prompt.push_back(v.toInt());
  s.generation.steps = stepsFromJson(g.value("steps"), what);
  for (const auto& v : g.value("branches").toArray()) {
    GenerationBranch b;
    b.fromStep = std::max(0, v.toObject().value("from_step").toInt());
    b.steps = stepsFromJson(v.toObject().value("steps"), what);
    s.generation.branches.push_back(std::move(b));
  }
  if (root.contains("view") && !root.value("view").isObject())
    throw Error(what.toStdString() + ": \"view\" must be an object");
  s.view = viewStateFromJson(root.value("view").toObject());
  s.target = root.value("target").toString();
  s.attentionStream = root.value("attention_stream").toString();
  s.encoder = encoderViewStateFromJson(root.value("encoder").toObject());
  return s;
}

QString saveSessionFile(const QString& path, const SessionData& session) {
  QDir().mkpath(QFileInfo(path).absolutePath());
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return QObject::tr("%1: cannot write (%2)").arg(path, file.errorString());
  file.write(sessionToJson(session));
  if (!file.commit()) return QObject::tr("%1: cannot write (%2)").arg(path, file.errorString());
  return {};
}

SessionData loadSessionFile(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    throw Error(path.toStdString() + ": cannot open (" + file.errorString().toStdString() + ")");
  if (file.size() > 64 * 1024 * 1024) throw Error(path.toStdString() + ": larger than 64 MB, not a session");
  return sessionFromJson(file.readAll(), path);
}

QString autosavePath() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/autosave.glassbox.json");
}

}  // namespace glassbox
