#pragma once
// Sessions: everything needed to come back to the same picture — prompt, model, sampler settings,
// the generated continuation and its branches, and the view state (which views are in front, the
// attention layer and head, the embeddings mode and layer, the selected token, the dock layout) — as
// readable JSON. Written atomically (QSaveFile).
#include <QString>
#include <optional>

#include "encoder_outputs.h"
#include "generation_state.h"
#include "sampling_controls.h"
#include "view_state.h"

namespace glassbox {

struct SessionData {
  QString prompt;
  QString modelPath;
  QString tokenizerPath;
  SamplingSettings sampling;
  int maxNewTokens = 32;
  int selectedPosition = -1;  // -1: after the last token
  GenerationState generation; // logits are not saved
  ViewState view;             // absent in sessions written before it (view.present false)
  QString target;             // an encoder-decoder's forced output (teacher forcing)
  QString attentionStream;    // "encoder-self", "decoder-self", "cross" (empty: the default)
  EncoderViewState encoder;   // masks and similarity sentences of an encoder model ("encoder")
};

QByteArray sessionToJson(const SessionData& session);
// Throws Error naming the file and field when the JSON is not a session.
SessionData sessionFromJson(const QByteArray& json, const QString& what);

// Writes atomically: the old file stays intact if anything fails. Returns an error message or empty.
QString saveSessionFile(const QString& path, const SessionData& session);
// Reads a session; a corrupted file is reported (Error) and left untouched.
SessionData loadSessionFile(const QString& path);

// Where the current work is autosaved (in the app's data directory).
QString autosavePath();

}  // namespace glassbox
