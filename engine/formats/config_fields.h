#pragma once
// Range-checked readers for config.json fields, shared by the architecture files. Every error names the
// file (`what`) and the field, shows the value as written, and says what was expected.
#include <cstdint>
#include <string>
#include <vector>

#include "core/json_util.h"
#include "formats/model_config.h"

namespace glassbox {

// The value as written in the file, for messages (a huge unsigned must not print as a negative number).
std::string shownField(const Json& j, const char* key, const std::string& fallback);
std::string numberText(double v);

// A dimension in 1..max. fallback 0: the field is required; else its default.
int checkedDim(const Json& j, const char* key, std::int64_t fallback, std::int64_t max, const std::string& what);
// The first of `keys` present (aliases such as n_positions / n_ctx), else fallback as above.
int checkedDimOf(const Json& j, const std::vector<const char*>& keys, std::int64_t fallback, std::int64_t max,
                 const std::string& what);
// A finite number in (0, max].
float checkedPositive(const Json& j, const char* key, double fallback, double max, const std::string& what);

// bos_token_id / eos_token_id style fields: absent, null, an int, or a list of ints, each in [0, vocab).
std::vector<int> tokenIdsField(const Json& j, const char* key, int vocab, const std::string& what);
// A single id field (list refused); -1 when absent or null.
int tokenIdField(const Json& j, const char* key, int vocab, const std::string& what);
// bos_token_id, eos_token_id, pad_token_id and decoder_start_token_id into c (present fields only).
void readSpecialTokenIds(ModelConfig& c, const Json& j, const std::string& what);

// id2label (preferred) or label2id, or num_labels alone ("LABEL_0"...): the label names in id order.
// Ids must be 0..N-1 with no gap or duplicate, N <= kMaxLabels; names at most 256 bytes.
std::vector<std::string> readLabels(const Json& j, const std::string& what);

// hidden_act / feed-forward activation names of transformers' ACT2FN that Glassbox runs.
Activation activationFromName(const std::string& name, const std::string& field, const std::string& what);

}  // namespace glassbox
