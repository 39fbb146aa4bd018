#pragma once
// A lesson: an ordered list of steps, each of which sets up the app (prompt, view in front, selected
// token, attention layer and head, embeddings mode, sampler sliders) and explains one idea in a few
// sentences with one thing to try. Lessons are data: one readable JSON file per language in
// resources/lessons/ (lesson_en.json, lesson_ko.json); a teacher can write another in the same format
// and open it with File ▸ Open Lesson.
//
// {"title": "...", "steps": [{"title": "...", "text": "...", "try": "...", "model": "decoder",
//   "prompt": "...", "view": "dock.next", "position": -1,
//   "attention": {"layer": 0, "head": 0, "aggregate": "head"}, "embeddings": {"mode": 1},
//   "sampling": {"temperature": 1.0, "top_k": 0, "top_p": 1.0, "sample": false, "seed": 0},
//   "max_new_tokens": 20, "generate": 0}]}
// Every field of a step but "title" and "text" may be left out: it then keeps the current value.
#include <QByteArray>
#include <QString>
#include <optional>
#include <vector>

#include "session_io.h"

namespace glassbox {

struct LessonStep {
  QString title, text, tryThis;
  QString model;                  // the kind of model the step is written for: decoder, encoder, encoder-decoder
  std::optional<QString> prompt;
  QString view;                   // dock object name to bring to the front ("dock.attention")
  std::optional<int> position;    // selected prompt token (-1: after the last one)
  std::optional<int> attentionLayer, attentionHead;
  QString attentionAggregate;     // head, layer_mean, layer_max, rollout
  std::optional<int> embeddingsMode;
  std::optional<float> temperature, topP;
  std::optional<int> topK, maxNewTokens;
  std::optional<bool> sample;
  std::optional<unsigned long long> seed;
};

struct Lesson {
  QString title;
  std::vector<LessonStep> steps;
};

// Throws Error naming `what` and the field when the JSON is not a lesson (no steps, a step without a
// title or text, a value of the wrong type or out of range).
Lesson lessonFromJson(const QByteArray& json, const QString& what);
Lesson loadLessonFile(const QString& path);
// The built-in lesson in "ko" or "en" (English for any other code).
Lesson builtInLesson(const QString& language);

// `base` with what the step sets: the state the app shows at that step.
SessionData sessionForStep(const SessionData& base, const LessonStep& step);

}  // namespace glassbox
