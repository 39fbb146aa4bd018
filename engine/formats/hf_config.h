#pragma once
// config.json (and generation_config.json) -> ModelConfig.
#include <string>

#include "formats/model_config.h"

namespace glassbox {

// Reads architectures[0] / model_type and the dimension fields of GPT-2 (n_embd, n_layer, n_head,
// n_positions, n_inner, layer_norm_epsilon) and Llama-family configs (hidden_size, num_hidden_layers,
// num_attention_heads, num_key_value_heads, intermediate_size, max_position_embeddings, rms_norm_eps,
// rope_theta, tie_word_embeddings, attention_bias; Qwen2 implies q/k/v bias), rope_scaling /
// rope_parameters (default, linear, llama3, dynamic; others refused by name), and the sliding window of
// Mistral (sliding_window) and Qwen2 (use_sliding_window, max_window_layers, layer_types). Every value is
// range checked; errors name the file and the field. `what` names the source for messages.
ModelConfig parseHfConfig(const std::string& jsonText, const std::string& what);

// Reads <folder>/config.json, and bos/eos ids from generation_config.json when present.
ModelConfig readHfConfigFolder(const std::string& folder);

}  // namespace glassbox
