#pragma once
// The pooling of a sentence-transformers folder: modules.json lists the modules in order
// (Transformer, Pooling, optionally Normalize), and the Pooling module's config.json
// (usually 1_Pooling/config.json) says which of pooling_mode_mean_tokens, pooling_mode_cls_token,
// pooling_mode_max_tokens is on. Both files are untrusted input: sizes, types and paths are checked.
#include <optional>
#include <string>

#include "models/session.h"

namespace glassbox {

struct SentencePooling {
  Pooling pooling = Pooling::Mean;
  bool normalize = false;  // a sentence_transformers.models.Normalize module follows the pooling
};

// nullopt when `folder` has no modules.json (not a sentence-transformers folder). Throws Error naming
// the file and field for a malformed one (unknown or several pooling modes, a module path outside
// the folder).
std::optional<SentencePooling> readSentencePooling(const std::string& folder);
// The same from the two files' text (what the fuzz target feeds); poolingJson may be empty when
// modules.json lists no Pooling module.
SentencePooling parseSentencePooling(const std::string& modulesJson, const std::string& poolingJson,
                                     const std::string& what);
// The Pooling module's folder named by modules.json ("1_Pooling"), or "" when none is listed.
std::string poolingModulePath(const std::string& modulesJson, const std::string& what);

// v / |v| in place (no change for a zero vector).
void normalizeL2(std::vector<float>& v);
// Cosine similarity of two vectors of equal length (0 when either is zero).
double cosineSimilarity(std::span<const float> a, std::span<const float> b);

}  // namespace glassbox
